"""The library's code examples, found and made checkable, for tests/test_docs_examples.py.

Where examples are:

- Docstrings of every module under ``src/imapclient_async`` (public and
  private): the block after any line ending in ``::`` (``Example::``,
  ``Turn the wire log on with::``), as reST reads it: the indented lines that
  follow. A literal block in another language says so with ``.. code-block::
  text``. Also inline ``Example: ``Query.seen()```` snippets, and ``>>>``
  doctests anywhere in a docstring.
- Docstrings are read as ``help()`` shows them: ``"\\\\Seen"`` in the source is
  ``"\\Seen"`` in the example, and an invalid escape there is an error.
- Fenced blocks in README.md and docs/*.md marked ``python``. Every fence
  there must name its language, so no Python can hide in an unmarked one.

How each is checked:

- Doctests run (:func:`doctest_for`), in their module's namespace.
- Every other block is type-checked by ``mypy --strict``, each written out as a
  module of its own (:func:`render`). A block that is a complete program
  (nothing it uses is left undefined, no ``await`` outside a function) is
  checked as it stands. Any other block is a fragment: its statements become
  the body of ``async def _example(...)``, whose parameters are the
  :data:`FIXTURES` it uses, so ``await imap.select("INBOX")`` is checked
  with ``imap`` a :class:`~imapclient_async.Client`. A fragment that imports
  nothing also gets :data:`PRELUDE`, the imports every reader assumes; one
  that shows imports must show all it needs.
- Complete programs also run (tests/test_docs_examples.py): those for
  ``Client("imap.example.org")`` against the test Dovecot, with the server
  and credentials swapped; those that make no client on their own. Programs
  for a named provider (Gmail, Outlook, ...) are type-checked only.
- Blocks of other libraries (:data:`NOT_PYTHON_FOR_US`) are only compiled.
"""

from __future__ import annotations

import ast
import builtins
import doctest
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import imapclient_async
import imapclient_async.events

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "imapclient_async"
MARKDOWN = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))

FIXTURES: dict[str, str] = {
    "imap": "_imapclient_async.Client",  # connected and logged in
    "msg": "_imapclient_async.FetchedMessage",  # one message from fetch()
    "part": "_imapclient_async.SinglePart",  # one part of msg.body_structure
    "uid": "int",  # a message's UID
    "token": "str",  # an OAuth 2.0 access token
    "message_bytes": "bytes",  # an RFC 5322 message
    "last_seen_modseq": "int",  # a mod-sequence remembered from an earlier session
    "quota": "_imapclient_async.Quota",  # one quota from getquota()/getquotaroot()
    "event": "_events.Event",  # one event from idle() or an event handler
    "cached_by_uid": "dict[int, _imapclient_async.FetchedMessage]",  # an application's cache
    "show_to_user": "_abc.Callable[[str], None]",  # an application's own function
}
"""Names a fragment may use without defining them, with their types."""

PRELUDE = "\n".join(
    [
        "import asyncio",
        "import datetime",
        "import logging",
        "import os",
        "import socket",
        "import ssl",
        "from datetime import date",
        "",
        f"from imapclient_async import {', '.join(imapclient_async.__all__)}",
        f"from imapclient_async.events import {', '.join(imapclient_async.events.__all__)}",
    ]
)
"""What a fragment that imports nothing may use: the public names, events, and a few modules."""

NOT_PYTHON_FOR_US: dict[tuple[str, str], str] = {
    ("README.md", "from twisted.internet import"): (
        "the Twisted program this library replaces: Twisted is no dependency of ours"
    ),
    ("docs/migrating-from-aioimaplib.md", "from aioimaplib import"): (
        "the aioimaplib program being migrated from: aioimaplib is untyped and not installed"
    ),
    ("docs/migrating-from-twisted.md", "from twisted.internet import"): (
        "the Twisted program being migrated from: Twisted is no dependency of ours"
    ),
    ("docs/migrating-from-imaplib-imapclient.md", "import imaplib"): (
        "the imaplib program being migrated from: it talks to a real server of its own"
    ),
    ("docs/migrating-from-imaplib-imapclient.md", "from imapclient import"): (
        "the IMAPClient program being migrated from: IMAPClient is only a benchmark peer"
    ),
    ("docs/migrating-from-imap-tools.md", "from imap_tools import"): (
        "the imap_tools program being migrated from: imap_tools is only a benchmark peer"
    ),
    ("docs/authentication.md", "from google_auth_oauthlib"): (
        "getting a Gmail token with Google's OAuth library, which is no dependency of ours"
    ),
    ("docs/authentication.md", "import msal"): (
        "getting a Microsoft 365 token with Microsoft's MSAL, which is no dependency of ours"
    ),
}
"""Python blocks of other libraries, keyed by (file, a line they contain); only compiled."""

_PYTHON_FENCES = ("python", "py")
_LITERAL_BLOCK = re.compile(r"::$|^\.\. code-block::\s*(?:python|py)$")
_INLINE_EXAMPLE = re.compile(r"Examples?: ``([^`]+)``")
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")


@dataclass(frozen=True)
class Example:
    """A block of example code and where it is written."""

    path: Path
    line: int  # the line of its first line in ``path``
    source: str  # dedented

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def module_name(self) -> str:
        return "example_" + re.sub(r"\W", "_", f"{self.path.relative_to(ROOT)}_{self.line}")


@dataclass(frozen=True)
class Docstring:
    """A docstring with its module and the line its opening quotes are on."""

    path: Path
    module: str
    line: int
    text: str


@dataclass(frozen=True)
class Rendered:
    """An example as a module for mypy, and how to find its lines again."""

    text: str
    first: int  # the line of the example's first line in ``text``
    program: bool  # checked as it stands, not as the body of a function


def modules() -> Iterator[tuple[Path, str]]:
    """Every module of the package, with its dotted name."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield path, ".".join(parts)


def docstrings() -> Iterator[Docstring]:
    """Every module, class and function docstring of the package."""
    for path, module in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(
                node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
            ):
                continue
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                yield Docstring(path, module, first.value.lineno, first.value.value)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def literal_blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """reST literal blocks introduced by ``::`` or ``.. code-block:: python``: (index, lines)."""
    index = 0
    while index < len(lines):
        marker = lines[index]
        index += 1
        if not _LITERAL_BLOCK.search(marker.strip()):
            continue
        while index < len(lines) and not lines[index].strip():
            index += 1
        start = index
        while index < len(lines) and (
            not lines[index].strip() or _indent(lines[index]) > _indent(marker)
        ):
            index += 1
        block = lines[start:index]
        while block and not block[-1].strip():
            block.pop()
        if block:
            yield start, block


def _dedent(lines: list[str]) -> str:
    margin = min(_indent(line) for line in lines if line.strip())
    return "".join(line[margin:] + "\n" for line in lines)


def docstring_examples() -> Iterator[Example]:
    """Literal blocks and inline ``Example: ``...```` snippets of every docstring, no doctests."""
    for docstring in docstrings():
        lines = docstring.text.splitlines()
        for index, block in literal_blocks(lines):
            if not block[0].lstrip().startswith(">>>"):
                yield Example(docstring.path, docstring.line + index, _dedent(block))
        for index, line in enumerate(lines):
            for match in _INLINE_EXAMPLE.finditer(line):
                yield Example(docstring.path, docstring.line + index, match.group(1) + "\n")


def doctest_docstrings() -> Iterator[Docstring]:
    """The docstrings with ``>>>`` examples."""
    for docstring in docstrings():
        if re.search(r"^\s*>>>", docstring.text, re.MULTILINE):
            yield docstring


def doctest_for(docstring: Docstring, namespace: dict[str, object]) -> doctest.DocTest:
    """The docstring's ``>>>`` examples, to run in ``namespace``; failures name the source line."""
    return doctest.DocTestParser().get_doctest(
        docstring.text,
        namespace,
        f"{docstring.module} (line {docstring.line})",
        str(docstring.path),
        docstring.line - 1,
    )


def fences(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """Every fenced block of a Markdown file: (line of its first line, language, lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        index += 1
        if opening is None:
            continue
        fence, language = opening.groups()
        start = index
        while index < len(lines) and not lines[index].strip().startswith(fence):
            index += 1
        yield start + 1, language, lines[start:index]
        index += 1


def markdown_examples() -> Iterator[Example]:
    """Every ``python`` block of README.md and docs/*.md."""
    for path in MARKDOWN:
        for line, language, block in fences(path):
            if language in _PYTHON_FENCES:
                yield Example(path, line, _dedent(block))


def not_python_for_us(example: Example) -> str | None:
    """Why the example is only compiled, or None when it is checked."""
    for (name, contains), reason in NOT_PYTHON_FOR_US.items():
        if example.path == ROOT / name and contains in example.source:
            return reason
    return None


def parse(example: Example) -> ast.Module:
    """The example's syntax tree; warnings such as invalid escapes are errors.

    Raises:
        SyntaxError: Not Python, even with ``await`` outside a function.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tree = compile(
            example.source,
            example.where,
            "exec",
            ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
            dont_inherit=True,
        )
    assert isinstance(tree, ast.Module)
    return tree


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_ASYNC = (ast.Await, ast.AsyncFor, ast.AsyncWith)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def awaits_outside_function(tree: ast.AST) -> bool:
    """True when the code awaits (``await``, ``async for``/``with``) outside any function."""
    if isinstance(tree, _ASYNC):
        return True
    if isinstance(tree, _COMPREHENSIONS) and any(c.is_async for c in tree.generators):
        return True
    return any(
        awaits_outside_function(child)
        for child in ast.iter_child_nodes(tree)
        if not isinstance(child, _FUNCTIONS)
    )


def _uses(tree: ast.Module) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """Where each name is first read, and first bound, as (line, column)."""
    loads: dict[str, tuple[int, int]] = {}
    binds: dict[str, tuple[int, int]] = {}

    def note(into: dict[str, tuple[int, int]], name: str, node: ast.AST) -> None:
        where = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        into[name] = min(into.get(name, where), where)

    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            note(loads if isinstance(node.ctx, ast.Load) else binds, node.id, node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                note(binds, (alias.asname or alias.name).split(".")[0], node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            note(binds, node.name, node)
        elif isinstance(node, ast.arg):
            note(binds, node.arg, node)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            note(binds, node.name, node)
    return loads, binds


def free_names(tree: ast.Module) -> set[str]:
    """Names the code reads but binds nowhere (scopes ignored), builtins excepted."""
    loads, binds = _uses(tree)
    return set(loads) - set(binds) - set(dir(builtins))


def fixtures_used(tree: ast.Module) -> list[str]:
    """The :data:`FIXTURES` the code reads before (or without) binding them itself."""
    loads, binds = _uses(tree)
    return [
        name for name in FIXTURES if name in loads and loads[name] < binds.get(name, (1 << 30, 0))
    ]


def is_program(example: Example) -> bool:
    """True for a complete program: all it uses is defined, and it awaits only in functions."""
    tree = parse(example)
    return not free_names(tree) and not awaits_outside_function(tree)


def render(example: Example) -> Rendered:
    """The example as a module for ``mypy --strict`` (see the module docstring)."""
    tree = parse(example)
    header = [f"# {example.where}, written out by tests/docs_examples.py"]
    if not free_names(tree) and not awaits_outside_function(tree):
        return Rendered("\n".join(header) + "\n" + example.source, len(header) + 1, True)
    imports = any(isinstance(node, (ast.Import, ast.ImportFrom)) for node in tree.body)
    if not imports:
        header += PRELUDE.splitlines()
    header += [
        "import collections.abc as _abc",
        "import imapclient_async as _imapclient_async",
        "import imapclient_async.events as _events",
        "",
    ]
    parameters = ", ".join(f"{name}: {FIXTURES[name]}" for name in fixtures_used(tree))
    header.append(f"async def _example({parameters}) -> None:")
    body = "".join(f"    {line}".rstrip() + "\n" for line in example.source.splitlines())
    return Rendered("\n".join(header) + "\n" + body, len(header) + 1, False)


CANARY = Example(Path(__file__).resolve(), 1, "await imap.no_such_command()\n")
"""A wrong example checked with the others, to show that a wrong example fails."""
