#!/usr/bin/env bash
# Shared set-up for demo.sh, test.sh and check_wheel.sh, safe to run again. Sourced, not
# run, it leaves $ROOT and $PY set for the caller:
#   source scripts/setup.sh demo   # .venv with the project and the demo server's one
#                                  # need (trustme, for its certificates), and Dovecot
#   source scripts/setup.sh dev    # .venv with the project and its dev tools, Dovecot,
#                                  # and the integration tests' other two servers
# `bash scripts/setup.sh` on its own does the dev set-up. The project is installed
# editable, so edits under src/ need no reinstall; pip runs only when pyproject.toml or
# the version changed since the last install (a stamp file in the virtualenv says).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "imapclient_async needs Python 3.10 or newer; python3 is $(python3 --version 2>&1)" >&2
    exit 1
fi

# install_project VENV EXTRA [PYTHON]: the project, editable, with the optional
# dependencies EXTRA, into the virtualenv VENV (made with PYTHON, default
# python3, when missing). Skipped when the stamp for EXTRA matches this checkout.
install_project() {
    local venv="$1" extra="$2" python="${3:-python3}"
    local inputs stamp
    inputs="$(cat "$ROOT/pyproject.toml"; grep '^__version__' "$ROOT/src/imapclient_async/__init__.py")"
    inputs="$(printf '%s' "$inputs" | sha256sum)"
    stamp="$venv/.installed-$extra"
    if [ ! -x "$venv/bin/python" ]; then
        "$python" -m venv "$venv"
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ]; then
        return
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[$extra]"
    echo "$inputs" >"$stamp"
    if [ "$extra" = dev ]; then
        echo "$inputs" >"$venv/.installed-demo" # the dev extra includes the demo extra
    fi
}

ensure_dovecot() {
    if command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; then
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "Dovecot is missing; install it first: sudo apt-get install -y dovecot-imapd" >&2
        exit 1
    fi
    echo "Installing Dovecot (dovecot-imapd) for the local test server..." >&2
    apt-get update -qq </dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd </dev/null >/dev/null
}

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

case "${1:-dev}" in
    demo)
        install_project "$ROOT/.venv" demo
        ensure_dovecot
        ;;
    dev)
        install_project "$ROOT/.venv" dev
        ensure_dovecot
        install_test_servers
        ;;
    *)
        echo "usage: source scripts/setup.sh demo|dev" >&2
        exit 2
        ;;
esac
