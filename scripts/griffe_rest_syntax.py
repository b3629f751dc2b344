"""A Griffe extension for the API reference: the docstrings' reST bits, as Markdown.

The docstrings are written for ``help()`` and for tests/docs_examples.py, in
Google style with a few reStructuredText habits that Markdown reads wrongly.
Before mkdocstrings parses a docstring, this rewrites (outside code only):

- a literal block (a line ending in ``::``, or ``.. code-block:: LANG``,
  then an indented block) into a fenced block: Python (``pycon`` for
  doctests) unless the directive names another language. ``Example::``
  becomes an "Example" admonition holding the code;
- an ``Args:`` item naming several parameters (``timeout, limits: As for
  Client``) into one item per parameter, as the Google style has it;
- a ``Raises:`` item whose list of exceptions wraps onto the next line into
  one line;
- Sphinx roles (``:class:`~imapclient_async.errors.SecurityError```) into
  code, linked to the API reference when they name something in this package.

Used by mkdocs.yml (mkdocstrings' ``extensions`` option); the source is left
as it is.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_MARKER = re.compile(
    r"^(?P<indent>\s*)(?:\.\. code-block::\s*(?P<language>[\w+-]+)|(?P<text>.*)::)$"
)
_SECTION = re.compile(r"^(?P<indent>\s*)(?P<name>Args|Arguments|Parameters|Raises):\s*$")
_NAMES_ITEM = re.compile(r"^(?P<names>[\w.]+(?:,\s*[\w.]+)+):(?P<rest>.*)$")
_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|attr|mod|data|exc|obj|const):`(?P<content>[^`]+)`")
_TARGET = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^>]+)>$")
_EXAMPLE_TITLES = ("Example:", "Examples:")

PACKAGE = "imapclient_async"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def fence_literal_blocks(lines: list[str]) -> list[str]:
    """reST literal blocks as fenced Markdown code, introduced as the module docstring says."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = _MARKER.match(line)
        index += 1
        if marker is None or not line.strip():
            out.append(line)
            continue
        indent = len(marker["indent"])
        start = index
        while index < len(lines) and not lines[index].strip():
            index += 1
        body_start = index
        while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) > indent):
            index += 1
        block = lines[body_start:index]
        while block and not block[-1].strip():
            block.pop()
        if not block:
            out.append(line)
            index = start
            continue
        margin = min(_indent(text) for text in block if text.strip())
        language = marker["language"] or (
            "pycon" if block[0].lstrip().startswith(">>>") else "python"
        )
        introduction = "" if marker["language"] else (marker["text"] or "").strip() + ":"
        nested = introduction in _EXAMPLE_TITLES
        prefix = " " * (indent + 4 if nested else indent)
        if introduction not in ("", ":"):
            out.append(" " * indent + ("Example:" if nested else introduction))
            if not nested:  # an admonition's body must follow its title directly
                out.append("")
        out.append(f"{prefix}```{language}")
        out.extend(prefix + text[margin:] if text.strip() else "" for text in block)
        out.append(f"{prefix}```")
        out.append("")
    return out


def split_section_items(lines: list[str]) -> list[str]:
    """One Args item per parameter, and each Raises item's exceptions on one line."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        section = _SECTION.match(lines[index])
        out.append(lines[index])
        index += 1
        if section is None:
            continue
        raises = section["name"] == "Raises"
        header = len(section["indent"])
        while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) > header):
            item_indent = _indent(lines[index])
            item = [lines[index]]
            index += 1
            while (
                index < len(lines) and lines[index].strip() and _indent(lines[index]) > item_indent
            ):
                item.append(lines[index])
                index += 1
            if raises:
                # "A, B,\n    C: text" is one list of exceptions, wrapped.
                while item[0].rstrip().endswith(","):
                    if len(item) == 1 and index < len(lines) and lines[index].strip():
                        item.append(lines[index])
                        index += 1
                    if len(item) == 1:
                        break
                    item[0] = item[0].rstrip() + " " + item.pop(1).strip()
                out.extend(item)
                continue
            names = _NAMES_ITEM.match(item[0].strip())
            if names is None:
                out.extend(item)
                continue
            for name in re.split(r",\s*", names["names"]):
                out.append(" " * item_indent + f"{name}:{names['rest']}")
                out.extend(item[1:])
    return out


def _role(match: re.Match[str]) -> str:
    content = match["content"].strip()
    explicit = _TARGET.match(content)
    if explicit is not None:
        title, target = explicit["title"], explicit["target"]
    elif content.startswith("~"):
        target = content[1:]
        title = target.rsplit(".", 1)[-1]
    else:
        title = target = content
    public = not any(part.startswith("_") for part in target.split("."))
    if target.startswith(f"{PACKAGE}.") and public:
        return f"[`{title}`][{target}]"
    return f"`{title}`"


def convert_roles(lines: list[str]) -> list[str]:
    """Sphinx roles outside fenced code as Markdown code (linked where they name ours)."""
    out: list[str] = []
    fenced = False
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        out.append(line if fenced else _ROLE.sub(_role, line))
    return out


def markdown_docstring(text: str) -> str:
    """A docstring's text with its reST bits as Markdown (see the module docstring)."""
    lines = text.splitlines()
    return "\n".join(convert_roles(fence_literal_blocks(split_section_items(lines))))


class RestSyntax(griffe.Extension):
    """Rewrites each docstring as it is loaded; mkdocstrings parses the result."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
