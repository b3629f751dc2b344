"""Shared test set-up: coroutine tests, and real IMAP servers.

Coroutine test functions run in a fresh event loop each, under a generous
deadline that only exists to turn a hang into a failure.

Integration tests get real servers (installed when missing), each started once
per session: Dovecot (``dovecot``), Cyrus IMAP (``cyrus``) and GNU Mailutils
imap4d (``imap4d``).  A test that takes ``server`` runs once against each, with
the server's name in its id (``test_x[cyrus]``); ``user`` is a brand-new account
on that server, so tests never see each other's mail.  Tests that configure
Dovecot itself take ``dovecot`` and ``dovecot_user`` instead.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import figures
from cyrus import CyrusServer
from cyrus import ensure_installed as ensure_cyrus
from dovecot import DovecotServer, ensure_installed
from imap4d import Imap4dServer
from imap4d import ensure_installed as ensure_imap4d
from imapserver import IMAPServer

HANG_DEADLINE = 60.0
"""Seconds any one coroutine test may take before it is failed as hung."""


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(asyncio.wait_for(pyfuncitem.obj(**arguments), HANG_DEADLINE))
    return True


CAPABILITY_SKIP = "capability:"
"""How the reason of an allowed skip starts: the server does not advertise an extension.

``pytest.skip(f"{CAPABILITY_SKIP} imap4d has no MOVE")`` is the only skip CI accepts.
"""

_skipped: list[str] = []


def _skip_reason(report: pytest.TestReport) -> str:
    if isinstance(report.longrepr, tuple):
        return report.longrepr[2].removeprefix("Skipped: ")
    return str(report.longrepr)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed:
        if report.nodeid.startswith("tests/test_hostile_server.py::"):
            figures.record("hostile_server_cases", 1)
        elif report.nodeid.startswith("tests/proto/test_client_protocol.py::"):
            figures.record("protocol_table_cases", 1)
    if report.skipped and not _skip_reason(report).startswith(CAPABILITY_SKIP):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    figures.write()
    # In CI every test must run: a skipped server test would hide a broken set-up.
    # Only a skip for a capability the server does not advertise is allowed.
    if os.environ.get("CI") and _skipped and exitstatus == pytest.ExitCode.OK:
        print(f"\nCI forbids skipped tests; skipped: {', '.join(_skipped)}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """One real Dovecot for the whole run, with TLS on both ports."""
    ensure_installed()
    with DovecotServer() as server:
        yield server


@pytest.fixture(scope="session")
def cyrus() -> Iterator[CyrusServer]:
    """One real Cyrus IMAP for the whole run, with TLS on both ports."""
    ensure_cyrus()
    with CyrusServer() as server:
        yield server


@pytest.fixture(scope="session")
def imap4d() -> Iterator[Imap4dServer]:
    """One real GNU Mailutils imap4d for the whole run, with TLS on both ports."""
    ensure_imap4d()
    with Imap4dServer() as server:
        yield server


SERVERS = ("dovecot", "cyrus", "imap4d")
"""The servers' names: each is the name of its session fixture and a test id part."""


@pytest.fixture(params=SERVERS)
def server(request: pytest.FixtureRequest) -> IMAPServer:
    """Each real server in turn: the test runs once against every one."""
    running: IMAPServer = request.getfixturevalue(request.param)
    return running


@pytest.fixture
def user(server: IMAPServer) -> tuple[str, str]:
    """A fresh user (name, password) with an empty mailbox on ``server``."""
    return server.new_user()


@pytest.fixture
def dovecot_user(dovecot: DovecotServer) -> tuple[str, str]:
    """A fresh user (name, password) with an empty mailbox on ``dovecot``.

    Dovecot's static passdb lets this name log in to any other DovecotServer too.
    """
    return dovecot.new_user()


@pytest.fixture
def private_dovecot() -> Iterator[DovecotServer]:
    """A Dovecot of the test's own, for tests that kill or stop it."""
    ensure_installed()
    with DovecotServer() as server:
        yield server
