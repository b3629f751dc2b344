#!/usr/bin/env bash
# The install path, checked as a user would take it: build the sdist and the wheel (the
# wheel from the sdist, so the sdist is complete), `twine check` both, check what the
# wheel holds, then install the wheel alone -- no checkout, no index -- into a fresh
# virtualenv outside the checkout and run the seed example from there against a
# throwaway Dovecot. Once for every Python version the classifiers in pyproject.toml
# name that this machine has. Run by .ci/run after scripts/test.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" dev

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== python -m build"
if ! "$PY" -m build --outdir "$work/dist" "$ROOT" >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    exit 1
fi
wheel="$(ls "$work"/dist/*.whl)"
"$PY" -m twine check --strict "$work"/dist/*

echo "== what $(basename "$wheel") holds"
"$PY" - "$wheel" <<'PYTHON'
import sys
import zipfile

names = zipfile.ZipFile(sys.argv[1]).namelist()
dist_info = next(name.split("/")[0] for name in names if name.endswith(".dist-info/METADATA"))
strays = [name for name in names if not name.startswith(("imapclient_async/", f"{dist_info}/"))]
if strays:
    sys.exit(f"the wheel holds files outside the package: {strays}")
if "imapclient_async/py.typed" not in names:
    sys.exit("the wheel has no imapclient_async/py.typed: type checkers would ignore its hints")
print(f"{len(names)} files, all in imapclient_async/ or {dist_info}/, py.typed included")
PYTHON

# The example as a user would copy it into a project of their own.
mkdir "$work/project"
cp "$ROOT/examples/count_inbox.py" "$ROOT/examples/_account.py" "$work/project/"

# check_install PYTHON: a fresh virtualenv with PYTHON, the wheel in it, the example run.
check_install() {
    local python="$1" venv="$work/venv-$2" output
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"
    (cd "$work/project" && "$venv/bin/python" - <<'PYTHON')
import importlib.metadata
import sys
from pathlib import Path

import imapclient_async

where = Path(imapclient_async.__file__).resolve()
if not where.is_relative_to(Path(sys.prefix).resolve()):
    sys.exit(f"imported {where}, not the installed wheel")
if importlib.metadata.version("imapclient_async") != imapclient_async.__version__:
    sys.exit("the wheel's version is not imapclient_async.__version__")
others = {dist.metadata["Name"] for dist in importlib.metadata.distributions()}
others -= {"imapclient_async", "pip", "setuptools", "wheel"}
if others:
    sys.exit(f"installing the wheel brought in {sorted(others)}: it has no dependencies")
PYTHON
    output="$(cd "$work/project" && "$PY" "$ROOT/tests/dovecot.py" serve --messages 12 -- \
        "$venv/bin/python" count_inbox.py 2>"$work/serve.log")" || {
        cat "$work/serve.log" >&2
        exit 1
    }
    if [ "$output" != "I have 12 messages in my INBOX." ]; then
        echo "examples/count_inbox.py printed: $output" >&2
        exit 1
    fi
    echo "$("$venv/bin/python" --version), wheel installed in a fresh venv: $output"
}

echo "== the wheel in a fresh venv, the seed example run from it"
pyenv_root="$(pyenv root 2>/dev/null || echo /nonexistent)"
checked=0
for version in $(grep -o 'Python :: 3\.[0-9]*' "$ROOT/pyproject.toml" | cut -d ' ' -f 3); do
    python="$(ls -d "$pyenv_root"/versions/"$version".*/bin/python /usr/bin/python"$version" \
        2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$python" ]; then
        echo "no Python $version on this machine"
        continue
    fi
    check_install "$python" "$version"
    checked=$((checked + 1))
done
if [ "$checked" -eq 0 ]; then
    echo "none of the Python versions pyproject.toml names is on this machine" >&2
    exit 1
fi
