"""The layer contract: no module imports a layer above its own; asyncio only from the pump up.

The README's design section draws these layers; this test reads every
module's imports (``TYPE_CHECKING`` ones too) so the drawing cannot silently
become false.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "imapclient_async"

# Bottom to top. A module may import its own layer and those below, never above.
LAYERS: list[tuple[str, set[str]]] = [
    ("errors", {"errors"}),
    ("protocol core (sans-IO)", {"_proto"}),
    (
        "values and results",
        {
            "messageset",
            "message_view",
            "_dates",
            "_checks",
            "_transfer",
            "progress",
            "download",
            "_utf7",
            "_sasl",
            "session",
            "fetch",
            "mailboxes",
            "messages",
            "quota",
            "events",
            "search",
        },
    ),
    ("command encoding and reply parsing", {"_commands"}),
    ("asyncio pump", {"_connection", "_transports", "_holders"}),
    ("streamed replies", {"_stream"}),
    ("session core", {"_session"}),
    ("command families", {"_api", "idle"}),
    ("client", {"client"}),
    ("package root", {"__init__"}),
    ("command line", {"cli"}),
    ("python -m", {"__main__"}),
]
NO_ASYNCIO_BELOW = 4  # the asyncio pump's layer

_RANK = {name: rank for rank, (_, names) in enumerate(LAYERS) for name in names}


def _unit(module: Path) -> str:
    """The layer unit of a module: its top-level name under the package."""
    parts = module.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imports(module: Path) -> list[tuple[int, str]]:
    """(line, imported unit) for each import of another unit of this package, and asyncio."""
    tree = ast.parse(module.read_text(), str(module))
    depth = len(module.relative_to(PACKAGE).parts)  # 1 for a top-level module
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name == "asyncio"]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module == "asyncio" or (node.module or "").startswith("asyncio."):
                    found.append((node.lineno, "asyncio"))
                continue
            # Resolve the relative import against the package root.
            up = node.level - (depth - 1)
            if up > 1:
                raise AssertionError(f"{module}:{node.lineno} imports outside the package")
            base = [] if up == 1 else list(module.relative_to(PACKAGE).parts[:-1])[: -up or None]
            target = [*base, *(node.module.split(".") if node.module else [])]
            if not target:  # "from . import x": x is the unit, or a name of the package root
                found += [
                    (node.lineno, alias.name if alias.name in _RANK else "__init__")
                    for alias in node.names
                ]
            else:
                found.append((node.lineno, target[0]))
    return found


def _violations() -> list[str]:
    problems = []
    for module in sorted(PACKAGE.rglob("*.py")):
        unit = _unit(module)
        rank = _RANK[unit]
        for line, imported in _imports(module):
            where = f"{module.relative_to(PACKAGE)}:{line}"
            if imported == "asyncio":
                if rank < NO_ASYNCIO_BELOW:
                    problems.append(f"{where} imports asyncio in layer {LAYERS[rank][0]!r}")
            elif imported != unit and _RANK[imported] > rank:
                problems.append(
                    f"{where} imports {imported} (layer {LAYERS[_RANK[imported]][0]!r}) "
                    f"from the lower layer {LAYERS[rank][0]!r}"
                )
    return problems


def test_every_module_has_a_layer() -> None:
    units = {_unit(module) for module in PACKAGE.rglob("*.py")}
    assert units <= set(_RANK), f"modules without a layer: {sorted(units - set(_RANK))}"
    assert set(_RANK) <= units, f"layers naming missing modules: {sorted(set(_RANK) - units)}"


def test_no_module_imports_a_layer_above_its_own() -> None:
    assert _violations() == []


@pytest.mark.parametrize(
    ("source", "unit", "expected"),
    [
        # The checker itself must be able to fail: an upward import is caught.
        ("from .._session import Session\n", "_commands", "_session"),
        ("import asyncio\n", "_proto", "asyncio"),
    ],
)
def test_the_checker_sees_violations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, unit: str, expected: str
) -> None:
    package = tmp_path / "imapclient_async"
    (package / unit).mkdir(parents=True)
    (package / unit / "bad.py").write_text(source)
    for other in set(_RANK) - {unit}:
        (package / f"{other}.py").write_text("")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    assert any(expected in problem for problem in _violations())
