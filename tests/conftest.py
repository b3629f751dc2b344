"""Shared test set-up: coroutine tests, and real Dovecot servers.

Coroutine test functions run in a fresh event loop each, under a generous
deadline that only exists to turn a hang into a failure. Integration tests get
a real Dovecot (installed when missing) started once per session; each test
takes a brand-new user, so tests never see each other's mail.
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

from dovecot import DovecotServer, ensure_installed

HANG_DEADLINE = 60.0
"""Seconds any one coroutine test may take before it is failed as hung."""


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(asyncio.wait_for(pyfuncitem.obj(**arguments), HANG_DEADLINE))
    return True


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # In CI every test must run: a skipped Dovecot test would hide a broken set-up.
    if os.environ.get("CI") and _skipped and exitstatus == pytest.ExitCode.OK:
        print(f"\nCI forbids skipped tests; skipped: {', '.join(_skipped)}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """One real Dovecot for the whole run, with TLS on both ports."""
    ensure_installed()
    with DovecotServer() as server:
        yield server


@pytest.fixture
def user(dovecot: DovecotServer) -> tuple[str, str]:
    """A fresh user (name, password) with an empty mailbox."""
    return dovecot.new_user()


@pytest.fixture
def private_dovecot() -> Iterator[DovecotServer]:
    """A Dovecot of the test's own, for tests that kill or stop it."""
    ensure_installed()
    with DovecotServer() as server:
        yield server
