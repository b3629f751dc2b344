#!/usr/bin/env bash
# Shared set-up for demo.sh and test.sh, safe to run again: a virtualenv in .venv
# with the project and its dev tools, and Dovecot for the local test server.
# Sourced, not run: it leaves $ROOT and $PY set for the caller. Also the other two
# servers of the integration tests, Cyrus IMAP and GNU imap4d.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "imapclient_async needs Python 3.10 or newer; python3 is $(python3 --version 2>&1)" >&2
    exit 1
fi
if [ ! -x "$PY" ]; then
    python3 -m venv "$ROOT/.venv"
fi
"$PY" -m pip install --quiet --disable-pip-version-check -e "$ROOT[dev]"

if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "Dovecot is missing; install it first: sudo apt-get install -y dovecot-imapd" >&2
        exit 1
    fi
    echo "Installing Dovecot (dovecot-imapd) for the local test server..." >&2
    apt-get update -qq </dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd </dev/null >/dev/null
fi

# Cyrus IMAP and GNU Mailutils imap4d, the integration tests' other two servers.
# imap4d comes from apt; Cyrus's package would remove Dovecot, so only its libraries
# come from apt and the package itself is unpacked into a private root that is kept
# between runs (tests/cyrus.py). Nothing is done when all is there already.
install_test_servers() {
    "$PY" - "$ROOT/tests" <<'PYTHON' </dev/null
import subprocess
import sys

sys.path.insert(0, sys.argv[1])
import cyrus
import imap4d

if cyrus.needs_install() or imap4d.needs_install():
    print("Installing Cyrus IMAP (private copy) and GNU imap4d for the tests...", file=sys.stderr)
    subprocess.run(["apt-get", "-qq", "update"], check=True, stdin=subprocess.DEVNULL)
    imap4d.ensure_installed(updated=True)
    cyrus.ensure_installed(updated=True)
PYTHON
}
install_test_servers
