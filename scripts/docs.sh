#!/usr/bin/env bash
# Build the documentation site into site/ (open site/index.html), strictly: a
# broken link, a page missing from the nav or a docstring mkdocstrings cannot
# read fails the build. Installs the `docs` extra into .venv when needed.
set -euo pipefail
# scripts/test.sh, which has set up already, passes its $PY and $ROOT.
if [ -z "${PY:-}" ] || [ -z "${ROOT:-}" ]; then
    source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
fi
cd "$ROOT"

"$PY" -m pip install --quiet --disable-pip-version-check -e "$ROOT[docs]"
# Material prints a banner about MkDocs 2.0 on every build; it says nothing about ours.
NO_MKDOCS_2_WARNING=1 "$PY" -m mkdocs build --strict --site-dir "$ROOT/site" "$@"
# The docstrings' reST habits are rewritten by scripts/griffe_rest_syntax.py; any
# left over would show on the page as raw text.
if grep -rlE ':(class|meth|func|attr|mod|data|exc|obj):`|::</p>|```python' "$ROOT/site/api"; then
    echo "reST syntax left in the API reference above: see scripts/griffe_rest_syntax.py" >&2
    exit 1
fi
echo "Documentation built: $ROOT/site/index.html"
