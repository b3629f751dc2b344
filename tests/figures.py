"""Figures the test run proves, for docs/robustness.md: produced by the tests, never typed.

A test that proves something countable records it here, e.g.
``figures.record("cut_offsets", len(offsets))``: values recorded under one name
add up across tests. At the end of a run the totals are written as JSON to the
file named by ``IMAPCLIENT_ASYNC_FIGURES`` (``scripts/test.sh`` sets it), and
``scripts/check_figures.py`` compares them with the page.

Only figures that are the same in every run belong here (counts, and the
bounds the tests assert), so the page can match the last run exactly.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["record", "write"]

_FIGURES: dict[str, int] = {}


def record(name: str, value: int) -> None:
    """Add ``value`` to the figure ``name`` (a bound: record it from one test only)."""
    _FIGURES[name] = _FIGURES.get(name, 0) + value


def write() -> None:
    """Write the totals where ``IMAPCLIENT_ASYNC_FIGURES`` says, if it is set."""
    target = os.environ.get("IMAPCLIENT_ASYNC_FIGURES")
    if target:
        Path(target).write_text(json.dumps(dict(sorted(_FIGURES.items())), indent=2) + "\n")
