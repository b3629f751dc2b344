"""What every fault test checks after a run: the call's outcome, and nothing left behind.

:class:`Watch` collects, for the length of a test, what asyncio reports to the
loop's exception handler ("Task exception was never retrieved", "Future
exception was never retrieved", "Exception in callback ..."), the asyncio
logger's warnings and errors, and every warning raised (ResourceWarning for
an unclosed socket or transport above all). :class:`Steps` times each public
call of a flow, so that the call that was pending when the connection was cut
is known, with how long it took to fail. :func:`leftovers` lists what a run
left behind: tasks still running, sockets still open, and what :class:`Watch`
collected.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from faults.proxy import FaultProxy
from imapclient_async import Client, ConnectionLostError, IMAPTimeoutError

__all__ = [
    "EXPECTED_ERRORS",
    "Outcome",
    "Steps",
    "Watch",
    "describe",
    "leftovers",
    "open_sockets",
    "run",
]

EXPECTED_ERRORS = (ConnectionLostError, IMAPTimeoutError)
"""What a call may raise when the connection is cut under it."""


def open_sockets() -> set[str]:
    """This process's open sockets, as ``socket:[inode]`` names from /proc/self/fd."""
    found: set[str] = set()
    directory = "/proc/self/fd"
    for name in os.listdir(directory):
        try:
            target = os.readlink(f"{directory}/{name}")
        except OSError:
            continue  # closed meanwhile (the fd of the listing itself)
        if target.startswith("socket:"):
            found.add(target)
    return found


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self._into = into

    def emit(self, record: logging.LogRecord) -> None:
        self._into.append(f"asyncio logged: {record.getMessage()}")


class Watch:
    """Collects asyncio's complaints and every warning while active (a context manager).

    Enter it inside the test's coroutine; :attr:`problems` lists what came up.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.own_tasks: frozenset[asyncio.Task[Any]] = frozenset()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: Any = None
        self._handler = _Collect(self.problems)
        self._warnings: warnings.catch_warnings[list[warnings.WarningMessage]] | None = None
        self._caught: list[warnings.WarningMessage] = []

    def __enter__(self) -> Watch:
        self._loop = asyncio.get_running_loop()
        # The test's own task, and the task(s) running it (conftest's deadline).
        self.own_tasks = frozenset(asyncio.all_tasks())
        self._previous = self._loop.get_exception_handler()
        self._loop.set_exception_handler(self._on_exception)
        logging.getLogger("asyncio").addHandler(self._handler)
        self._warnings = warnings.catch_warnings(record=True)
        self._caught = self._warnings.__enter__()
        warnings.simplefilter("always")
        # What exists now is not the runs' doing: freezing it keeps each
        # collect() down to the objects made since (milliseconds, not tens).
        gc.collect()
        gc.freeze()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.collect()
        gc.unfreeze()
        assert self._loop is not None and self._warnings is not None
        self._warnings.__exit__(None, None, None)
        logging.getLogger("asyncio").removeHandler(self._handler)
        self._loop.set_exception_handler(self._previous)

    def _on_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        detail = f": {type(error).__name__}: {error}" if error is not None else ""
        self.problems.append(f"loop exception handler: {context.get('message')}{detail}")

    def collect(self) -> list[str]:
        """Run the garbage collector (unretrieved exceptions and unclosed sockets
        speak up when collected) and return the problems so far, then forget them."""
        gc.collect()
        for caught in self._caught:
            self.problems.append(f"{caught.category.__name__}: {caught.message}")
        self._caught.clear()
        found = list(self.problems)
        self.problems.clear()
        return found


@dataclass
class Outcome:
    """How one flow ended: the pending call, what it raised, and how long it took."""

    step: str = ""
    """The public call that was pending when the flow ended, or "" if all succeeded."""
    error: BaseException | None = None
    seconds: float = 0.0
    """How long that call took to fail."""
    entered: bool = False
    """True once ``async with Client(...)`` connected (so leaving it closed the client)."""
    results: list[object] = field(default_factory=list)


def describe(error: BaseException | None) -> str:
    """``TypeName: message`` of an error, or "ok"."""
    return "ok" if error is None else f"{type(error).__name__}: {error}"


class Steps:
    """Marks which public call of a flow is running, and when it started.

    A flow calls :meth:`start` before each call; :func:`run` records which one
    was pending when an exception ended the flow, and how long it took to fail
    (until the exception reached the caller's code, ``async with`` exit included).
    """

    def __init__(self) -> None:
        self.outcome = Outcome()
        self._started = time.monotonic()

    def start(self, name: str) -> None:
        """The call ``name`` starts now."""
        self.outcome.step = name
        self._started = time.monotonic()

    def entered(self) -> None:
        """``async with Client(...)`` connected: leaving it will close the client."""
        self.outcome.entered = True

    def finish(self) -> None:
        """Every call succeeded."""
        self.outcome.step = ""

    def failed(self, error: Exception) -> None:
        self.outcome.error = error
        self.outcome.seconds = time.monotonic() - self._started


async def run(flow: Callable[[Steps], Awaitable[None]]) -> Outcome:
    """Run ``flow`` and return how it ended; any Exception is recorded, not raised."""
    steps = Steps()
    try:
        await flow(steps)
    except Exception as exc:
        steps.failed(exc)
    else:
        steps.finish()
    return steps.outcome


async def leftovers(
    client: Client, proxy: FaultProxy, watch: Watch, sockets_before: set[str]
) -> list[str]:
    """What a finished run left behind; call it once the client is closed.

    Checks in this order: the client says it is closed; no task runs but the
    test's and the proxy's; then, after the proxy has ended its sessions (each
    peer closed), no socket is open that was not open before.
    """
    found: list[str] = []
    if not client.closed:
        found.append("client.closed is False after the flow ended")
    running = [
        task
        for task in asyncio.all_tasks()
        if task not in watch.own_tasks and task not in proxy.tasks
    ]
    found += [f"task left running: {task!r}" for task in running]
    await proxy.aclose()
    for session in proxy.sessions:
        found += session.problems
    left_open = open_sockets() - sockets_before
    if left_open:
        found.append(f"sockets left open: {sorted(left_open)}")
    return found
