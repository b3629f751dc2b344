#!/usr/bin/env bash
# The whole check suite, as CI runs it: lint, format, types, and every test
# (unit and against a real local Dovecot) with branch coverage.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k starttls`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

"$PY" -m ruff check .
"$PY" -m ruff format --check .
"$PY" -m mypy
"$PY" -m pytest --cov --cov-report=term "$@"
