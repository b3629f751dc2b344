#!/usr/bin/env bash
# The whole check suite, as CI runs it: lint, format, types, and every test
# (unit and against a real local Dovecot) with branch coverage.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k starttls`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" dev
cd "$ROOT"

"$PY" -m ruff check .
"$PY" -m ruff format --check .
"$PY" -m mypy
PY="$PY" ROOT="$ROOT" bash "$ROOT/scripts/docs.sh"
mkdir -p "$ROOT/build"
IMAPCLIENT_ASYNC_FIGURES="$ROOT/build/figures.json" "$PY" -m pytest --cov --cov-report=term "$@"
if [ "$#" -eq 0 ]; then
    # The whole suite ran: the robustness page must state what it proved.
    "$PY" scripts/check_figures.py "$ROOT/build/figures.json"
fi

# The oldest Python we support, too, when this machine has one (pyenv images do):
# 3.10 differs from newer versions in asyncio's TLS and timeout handling.
oldest="$(ls -d "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/3.10.*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -n "$oldest" ]; then
    install_project "$ROOT/.venv-oldest" dev "$oldest"
    echo "== again on $("$ROOT/.venv-oldest/bin/python" --version)"
    "$ROOT/.venv-oldest/bin/python" -m pytest -q -p no:cacheprovider "$@"
else
    echo "== no Python 3.10 on this machine: ran on $("$PY" --version) only"
fi
