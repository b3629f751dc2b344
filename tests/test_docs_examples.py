"""Docs that cannot rot: every code example in docstrings, README.md and docs/ is checked.

Doctests run; every other example is type-checked by one ``mypy --strict``
run. Complete programs also run: those for ``Client("imap.example.org")``
against the test Dovecot, those that make no client on their own. How examples
are found and made checkable: tests/docs_examples.py.
"""

from __future__ import annotations

import doctest
import importlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import imapclient_async
from docs_examples import (
    CANARY,
    MARKDOWN,
    NOT_PYTHON_FOR_US,
    ROOT,
    Docstring,
    Example,
    Rendered,
    docstring_examples,
    doctest_docstrings,
    doctest_for,
    fences,
    is_program,
    markdown_examples,
    not_python_for_us,
    parse,
    render,
)
from dovecot import DovecotServer
from helpers import messages
from imapclient_async import Client, LoginResult

EXAMPLES = [*docstring_examples(), *markdown_examples()]
CHECKED = [example for example in EXAMPLES if not_python_for_us(example) is None]


def _is_program(example: Example) -> bool:
    try:
        return is_program(example)
    except SyntaxError:
        return False  # test_example_type_checks reports it


PROGRAMS = [example for example in CHECKED if _is_program(example)]
RUN_ON_DOVECOT = [e for e in PROGRAMS if 'Client("imap.example.org")' in e.source]
"""Programs for the generic server: they run against the test Dovecot."""
RUN_ALONE = [e for e in PROGRAMS if "Client(" not in e.source]
"""Programs that make no client (the protocol core, queries, logging): they run as they are."""
DOCTESTS = list(doctest_docstrings())

_MYPY_LINE = re.compile(r"^(?P<path>.+?\.py):(?P<line>\d+): (?P<kind>error|note): (?P<text>.*)$")


def _where(example: Example) -> str:
    return example.where


@pytest.fixture(scope="module")
def mypy_messages(tmp_path_factory: pytest.TempPathFactory) -> dict[Example, list[str]]:
    """mypy's messages on each checked example (and the canary), as ``file:line: text``.

    One mypy run for all: each example is a module of its own in a temporary
    directory, and each message is traced back to the file and line it is on.
    """
    directory = tmp_path_factory.mktemp("docs_examples")
    written: dict[str, tuple[Example, Rendered]] = {}
    found: dict[Example, list[str]] = {}
    for example in [*CHECKED, CANARY]:
        found[example] = []
        try:
            rendered = render(example)
        except SyntaxError as exc:
            line = example.line + (exc.lineno or 1) - 1
            found[example].append(f"{example.path.relative_to(ROOT)}:{line}: {exc.msg}")
            continue
        path = directory / f"{example.module_name}.py"
        path.write_text(rendered.text, encoding="utf-8")
        written[path.name] = (example, rendered)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--strict",
            "--no-error-summary",
            "--hide-error-context",
            "--no-pretty",
            "--no-color-output",
            *sorted(str(directory / name) for name in written),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), f"mypy failed to run:\n{done.stdout}\n{done.stderr}"
    for line in done.stdout.splitlines():
        match = _MYPY_LINE.match(line)
        assert match is not None, f"unexpected mypy output: {line}"
        example, rendered = written[Path(match["path"]).name]
        offset = max(int(match["line"]) - rendered.first, 0)
        where = f"{example.path.relative_to(ROOT)}:{example.line + offset}"
        found[example].append(f"{where}: {match['kind']}: {match['text']}")
    return found


@pytest.mark.parametrize("example", CHECKED, ids=_where)
def test_example_type_checks(example: Example, mypy_messages: dict[Example, list[str]]) -> None:
    problems = mypy_messages[example]
    assert not problems, (
        f"the example at {example.where} fails mypy --strict:\n"
        + "\n".join(problems)
        + f"\nchecked as:\n{render(example).text}"
    )


def test_a_wrong_example_fails(mypy_messages: dict[Example, list[str]]) -> None:
    # The canary calls a method Client lacks: the run above must have said so.
    assert any('"Client" has no attribute "no_such_command"' in m for m in mypy_messages[CANARY])


@pytest.mark.parametrize("docstring", DOCTESTS, ids=lambda d: f"{d.module}:{d.line}")
def test_doctest_runs(docstring: Docstring) -> None:
    namespace = dict(vars(importlib.import_module(docstring.module)))
    test = doctest_for(docstring, namespace)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.REPORT_NDIFF)
    result = runner.run(test, out=report.append)
    assert result.attempted, f"no examples found in {docstring.module}:{docstring.line}"
    assert not result.failed, "".join(report)


def test_examples_are_found() -> None:
    # Guards against the search going blind (there are more of each than this).
    assert len([e for e in EXAMPLES if e.path.suffix == ".py"]) >= 100
    assert len([e for e in EXAMPLES if e.path.suffix == ".md"]) >= 15
    assert len(DOCTESTS) >= 8
    assert len(RUN_ON_DOVECOT) >= 5
    assert len(RUN_ALONE) >= 3


def test_every_fence_names_its_language() -> None:
    unmarked = [
        f"{path.relative_to(ROOT)}:{line - 1}"
        for path in MARKDOWN
        for line, language, _ in fences(path)
        if not language
    ]
    assert not unmarked, f"say what these blocks hold (```text, ```sh, ...): {unmarked}"


@pytest.mark.parametrize("key", NOT_PYTHON_FOR_US, ids=lambda key: key[0])
def test_other_libraries_examples_compile(key: tuple[str, str]) -> None:
    # Only the few examples of other libraries are not type-checked; they must
    # still be there (one block each) and be Python.
    reason = NOT_PYTHON_FOR_US[key]
    matching = [example for example in EXAMPLES if not_python_for_us(example) == reason]
    assert len(matching) == 1, f"{key} should match exactly one block: {matching}"
    parse(matching[0])


def _local_client(server: DovecotServer, user: tuple[str, str], logins: list[str]) -> type[Client]:
    class LocalClient(Client):
        """``Client("imap.example.org")`` as the docs write it, on the test Dovecot."""

        def __init__(self, host: str, port: int | None = None, **options: Any) -> None:
            super().__init__(server.host, server.port, security="plain", timeout=10)

        async def login(self, user_name: str, password: str) -> LoginResult:
            logins.append(user_name)
            return await super().login(*user)

    return LocalClient


@pytest.mark.parametrize("example", RUN_ON_DOVECOT, ids=_where)
def test_program_runs_on_dovecot(
    example: Example,
    dovecot: DovecotServer,
    dovecot_user: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The program runs as written, with its server and credentials swapped for
    # the test Dovecot's (and its environment variables set, for the same end).
    dovecot.seed(dovecot_user[0], messages(3))
    logins: list[str] = []
    monkeypatch.setattr(imapclient_async, "Client", _local_client(dovecot, dovecot_user, logins))
    for name in re.findall(r'os\.environ\["(\w+)"\]', example.source):
        monkeypatch.setenv(name, "not used: the login goes to the test user")
    code = compile(example.source, example.where, "exec", dont_inherit=True)
    exec(code, {"__name__": "__main__"})  # noqa: S102
    assert logins, "the program never logged in"
    if "messages in my INBOX" in example.source:
        assert capsys.readouterr().out == "I have 3 messages in my INBOX.\n"


@pytest.mark.parametrize("example", RUN_ALONE, ids=_where)
def test_program_runs_alone(example: Example, tmp_path: Path) -> None:
    # A process of its own: such a program may configure logging, for one.
    done = subprocess.run(
        [sys.executable, "-c", example.source],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"the program at {example.where} failed:\n{done.stderr}"
