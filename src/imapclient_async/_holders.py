"""Which tasks hold the connection and so may not send: one guard for fetch streams and IDLE.

A task iterating a streamed reply, or inside ``async with imap.idle()``,
holds the connection: a command it sent would queue behind the unread rest
of the reply (or behind the IDLE it is inside) and wait for itself forever.
So such a task's commands are refused with a :class:`StateError` that says
why, instead of deadlocking.
"""

from __future__ import annotations

import asyncio

from .errors import StateError

__all__ = ["ConnectionHolders"]

_WHY = {
    "stream": (
        "this task is iterating a streamed reply: its reply would wait behind the "
        "unread rest; finish or break the loop first, or collect the whole reply "
        "(e.g. fetch_all())"
    ),
    "idle": (
        "inside 'async with imap.idle()': IDLE holds the connection until the block "
        "ends; leave the block first"
    ),
}


class ConnectionHolders:
    """The tasks holding the connection, and what for (``"stream"`` or ``"idle"``)."""

    def __init__(self) -> None:
        self._holders: dict[asyncio.Task[object], str] = {}

    def hold(self, what: str) -> asyncio.Task[object] | None:
        """Record that the current task holds the connection for ``what``; returns it.

        Raises:
            StateError: The task already holds it (a stream inside IDLE, IDLE
                inside a stream loop...), which could only deadlock.
        """
        if what not in _WHY:
            raise ValueError(f"unknown reason to hold the connection: {what!r}")
        task = asyncio.current_task()
        if task is not None:
            self.check_may_send("IDLE" if what == "idle" else "a streamed command")
            self._holders[task] = what
        return task

    def release(self, task: asyncio.Task[object] | None) -> None:
        """The task no longer holds the connection (safe to call again)."""
        if task is not None:
            self._holders.pop(task, None)

    def check_may_send(self, name: str) -> None:
        """Refuse ``name`` from a task that holds the connection.

        Raises:
            StateError: The current task holds it.
        """
        what = self._holders.get(asyncio.current_task())  # type: ignore[arg-type]
        if what is not None:
            raise StateError(f"cannot send {name}: {_WHY[what]}")
