"""MkDocs hooks for the documentation site (mkdocs.yml ``hooks``).

The changelog page is CHANGELOG.md from the repository's root, where its links
are written for readers of the repository (``docs/robustness.md``): here they
are rewritten to work from the site, and a link to a file that is not part of
the site becomes plain text naming it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHANGELOG_PAGE = "changelog.md"

_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _site_link(match: re.Match[str]) -> str:
    text, target = match["text"], match["target"]
    if _SCHEME.match(target) or target.startswith("#"):
        return match[0]
    if target.startswith("docs/"):
        return f"[{text}]({target.removeprefix('docs/')})"
    return f"{text} (`{target}` in the repository)"


def changelog_markdown(text: str) -> str:
    """CHANGELOG.md with its repository links made to work from the site's pages."""
    return _LINK.sub(_site_link, text)


def on_page_markdown(markdown: str, *, page: Any, **kwargs: Any) -> str:
    """Replace the changelog page's placeholder text with CHANGELOG.md."""
    if page.file.src_uri == CHANGELOG_PAGE:
        return changelog_markdown((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    return markdown
