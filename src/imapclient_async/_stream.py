"""Streaming one command's untagged responses, with bounded memory.

A command such as ``FETCH 1:*`` may answer with 100,000 responses; instead of
collecting them, :class:`ResponseStream` hands them out one at a time as they
arrive and stops reading from the socket while too many wait unread, so memory
stays bounded however large the reply.

While a stream is being iterated, the iterating task may not run other
commands: their replies would queue behind the unread rest of the stream and
never arrive. That is raised as a :class:`~imapclient_async.errors.StateError`
instead of a deadlock. Breaking out of the loop (or :meth:`ResponseStream.aclose`)
makes the stream read and discard the rest of the reply in the background.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Coroutine
from types import TracebackType

from ._commands.replies import raise_for_status
from ._connection import Connection, Sink
from ._holders import ConnectionHolders
from ._proto import CommandOutcome, StatusResponse, TaggedResponse, UntaggedData

__all__ = ["ResponseStream", "StartCommand"]

StartCommand = Callable[[Sink], Coroutine[object, object, CommandOutcome]]
"""Runs the streamed command, handing its collected responses to the sink."""

_HIGH_WATER = 64
"""Responses waiting unread before the socket stops being read.

What one read from the socket already delivered (asyncio reads up to 256 KiB)
is still parsed, so the bound is this many responses plus one read's worth."""
_LOW_WATER = 16
"""Responses waiting unread below which reading resumes."""


class ResponseStream:
    """An async iterator over a command's collected untagged responses.

    The command is sent on the first ``__anext__``. When the responses end,
    the tagged reply is judged: NO and BAD raise as for any command, after every
    response that came before them was handed out.
    """

    def __init__(
        self,
        name: str,
        start: StartCommand,
        connection: Connection,
        holders: ConnectionHolders,
    ) -> None:
        self._name = name
        self._start = start
        # Everything the running command touches lives in _state, so that the
        # command holds no reference to this object: dropping it (a ``break``
        # out of ``async for``) then lets __del__ abandon the stream at once.
        self._state = _StreamState(connection, holders)
        self.tagged: TaggedResponse | None = None
        """The command's tagged OK, once the stream is exhausted."""

    def __aiter__(self) -> ResponseStream:
        return self

    async def __aenter__(self) -> ResponseStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def ready(self) -> StatusResponse | UntaggedData | None:
        """The next response if one is already here, else None (then await __anext__).

        Most of a large reply is already parsed when the loop asks for it:
        taking it without a coroutine per response is what keeps a long
        ``async for`` cheap.
        """
        state = self._state
        if not state.queue or state.task is None:
            return None
        state.claim()
        return state.next()

    async def __anext__(self) -> StatusResponse | UntaggedData:
        state = self._state
        if state.task is None:
            state.start(self._start(state.receive))
        assert state.task is not None
        state.claim()
        while not state.queue:
            if state.task.done():
                state.release()
                self.tagged = raise_for_status(self._name, state.task.result())
                raise StopAsyncIteration
            await state.wait()
        return state.next()

    async def aclose(self) -> None:
        """Stop iterating: the rest of the reply is read and discarded.

        Returns once the command has finished, so the connection is ready for
        the next one. Errors of the abandoned command are not raised.
        """
        self._state.abandon()
        if self._state.task is not None:
            await asyncio.wait({self._state.task})

    def __del__(self) -> None:
        self._state.abandon()


class _StreamState:
    """The queue between the connection (producer) and the iterator (consumer)."""

    def __init__(self, connection: Connection, holders: ConnectionHolders) -> None:
        self._connection = connection
        self._holders = holders
        self.queue: deque[StatusResponse | UntaggedData] = deque()
        self.task: asyncio.Task[CommandOutcome] | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._paused = False
        self._discarding = False
        self._owner: asyncio.Task[object] | None = None

    def start(self, command: Coroutine[object, object, CommandOutcome]) -> None:
        self.task = asyncio.get_running_loop().create_task(command)
        self.task.add_done_callback(self._finished)

    def receive(self, responses: list[StatusResponse | UntaggedData]) -> None:
        if self._discarding:
            return
        self.queue.extend(responses)
        self._wake()
        if not self._paused and len(self.queue) >= _HIGH_WATER:
            self._paused = True
            self._connection.pause_reading()

    def next(self) -> StatusResponse | UntaggedData:
        response = self.queue.popleft()
        if self._paused and len(self.queue) <= _LOW_WATER:
            self._paused = False
            self._connection.resume_reading()
        return response

    async def wait(self) -> None:
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    def claim(self) -> None:
        if asyncio.current_task() is not self._owner:
            self.release()
            self._owner = self._holders.hold("stream")

    def release(self) -> None:
        self._holders.release(self._owner)
        self._owner = None

    def abandon(self) -> None:
        self.release()
        if self.task is None or self._discarding:
            return
        self._discarding = True
        self.queue.clear()
        if self._paused:
            self._paused = False
            self._connection.resume_reading()
        if self.task.done():
            self._finished(self.task)

    def _finished(self, task: asyncio.Task[CommandOutcome]) -> None:
        if self._discarding and not task.cancelled():
            task.exception()  # nobody will look at it: mark it seen
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)
