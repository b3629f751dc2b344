#!/usr/bin/env bash
# Shared set-up for demo.sh and test.sh, safe to run again: a virtualenv in .venv
# with the project and its dev tools, and Dovecot for the local test server.
# Sourced, not run: it leaves $ROOT and $PY set for the caller.
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
