"""Check (or rewrite) the figures on docs/robustness.md against what the last test run proved.

The tests record their figures (``tests/figures.py``); ``scripts/test.sh``
has pytest write them as JSON and then runs this script, so a page that no
longer matches the suite fails CI. The page's figures are the table rows whose
first cell starts with a figure's name in backticks::

    | `flood_tests` - floods survived, ... | 4 |

Usage: ``python scripts/check_figures.py FIGURES.json [--write]``; ``--write``
puts the run's values into the page instead of comparing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "robustness.md"
_ROW = re.compile(r"^\| `(?P<name>[a-z0-9_]+)`(?P<middle>.*)\| (?P<value>[0-9,]+) \|$", re.M)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", type=Path, help="the JSON the test run wrote")
    parser.add_argument("--write", action="store_true", help="update the page from the run")
    options = parser.parse_args(argv)
    figures: dict[str, int] = json.loads(options.figures.read_text())
    page = PAGE.read_text()
    shown = {match["name"]: int(match["value"].replace(",", "")) for match in _ROW.finditer(page)}
    if options.write:
        page = _ROW.sub(
            lambda match: (
                f"| `{match['name']}`{match['middle']}| {figures.get(match['name'], 0):,} |"
            ),
            page,
        )
        PAGE.write_text(page)
        missing = sorted(set(figures) - set(shown))
        if missing:
            print(f"add rows for these figures to {PAGE}: {', '.join(missing)}", file=sys.stderr)
            return 1
        return 0
    problems = [
        f"{name}: the page says {shown.get(name)}, the run proved {figures.get(name)}"
        for name in sorted(set(figures) | set(shown))
        if shown.get(name) != figures.get(name)
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            f"{PAGE.name} does not match the last run; after checking why, update it with "
            f"python scripts/check_figures.py {options.figures} --write",
            file=sys.stderr,
        )
        return 1
    print(f"{PAGE.name}: all {len(figures)} figures match the run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
