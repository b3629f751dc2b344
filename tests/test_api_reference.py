"""The API reference of the documentation site leaves out no public name.

Its pages (docs/api/*.md) name what mkdocstrings renders with ``::: identifier``
lines: a public module, whose ``__all__`` is rendered, or one object. Every name
the package exports must be reachable through one of them, so that a class added
to ``imapclient_async.__all__`` cannot be missing from the site unnoticed.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import imapclient_async

API_PAGES = Path(__file__).resolve().parents[1] / "docs" / "api"
_DIRECTIVE = re.compile(r"^:::\s+(\S+)", re.MULTILINE)


def documented_identifiers() -> set[str]:
    """The identifiers of every ``::: identifier`` line of the API pages."""
    return {
        identifier
        for page in API_PAGES.glob("*.md")
        for identifier in _DIRECTIVE.findall(page.read_text(encoding="utf-8"))
    }


def _module(identifier: str) -> ModuleType | None:
    try:
        return importlib.import_module(identifier)
    except ImportError:
        return None


def test_every_public_name_is_in_the_api_reference() -> None:
    identifiers = documented_identifiers()
    covered = {identifier.removeprefix("imapclient_async.") for identifier in identifiers}
    for identifier in identifiers:
        module = _module(identifier)
        if module is not None:
            covered.update(getattr(module, "__all__", ()))
    missing = sorted(set(imapclient_async.__all__) - covered - {"__version__"})
    assert not missing, f"add these to a page in docs/api/ (a '::: ...' line): {missing}"


def test_every_page_directive_names_something_that_exists() -> None:
    for identifier in documented_identifiers():
        module_name, _, name = identifier.rpartition(".")
        module = _module(identifier) or _module(module_name)
        assert module is not None, f"docs/api names {identifier}, which cannot be imported"
        assert _module(identifier) is not None or hasattr(module, name), identifier
