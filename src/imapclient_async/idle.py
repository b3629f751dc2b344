"""Waiting for news about the selected mailbox: IDLE (RFC 2177), or NOOP polling.

:meth:`Client.idle` returns an :class:`IdleSession`; inside its ``async with``
block the server's updates arrive as typed
:mod:`events <imapclient_async.events>`.

How it works. IDLE is sent as a command that collects nothing, so everything
the server reports while idling is unsolicited: it updates
:attr:`Client.selected` and reaches every event handler, one of which feeds the
session's queue. The command's continuation responder holds the server's
``+`` until the block ends (or the IDLE is renewed) and then answers ``DONE``;
the tagged OK ends the command and the connection is free again.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from types import TracebackType

from ._commands.replies import raise_for_status
from ._connection import Responder
from ._holders import ConnectionHolders
from ._proto import CommandOutcome, ContinuationReply, ContinuationRequest
from .errors import StateError
from .events import Event

__all__ = ["IdleSession"]

_DONE = ContinuationReply(b"DONE", "DONE")


class IdleSession:
    """The updates the server sends about the selected mailbox, while the block runs.

    Returned by :meth:`Client.idle`; use it as ``async with imap.idle() as
    events`` and iterate ``events``. Entering sends IDLE and returns once the
    server has confirmed it is idling (its ``+``), so anything that happens
    after that is reported. Leaving the block (normally, by an exception, or
    by cancellation) sends DONE and waits for the server's OK, so the next
    command can follow at once; if the connection is gone, leaving does not
    wait for it.

    The IDLE is renewed (DONE, then a new IDLE) every ``renew_after`` seconds,
    because servers may drop a client idle for 30 minutes (RFC 2177). The
    client's ``timeout`` bounds the server's answers (its ``+`` and its OK
    after DONE), not the time spent idling. When the server does not offer IDLE,
    the session sends NOOP every ``poll_interval`` seconds instead and yields
    the same events.

    While the block runs:

    * The task that entered it may not send commands (they would wait for
      the IDLE, which waits for that task to leave the block): they raise
      :class:`~imapclient_async.errors.StateError`.
    * Commands of other tasks wait for the IDLE to end: they run at the next
      renewal, or when the block ends. (Without IDLE support they run between
      the NOOPs.)
    * :attr:`Client.selected` stays current with every update.
    * If the server says BYE, iteration yields the
      :class:`~imapclient_async.events.Bye` event and then raises
      :class:`~imapclient_async.errors.ConnectionLostError`.

    Iterating yields :class:`~imapclient_async.events.Exists`,
    :class:`~imapclient_async.events.Recent`,
    :class:`~imapclient_async.events.Expunge`,
    :class:`~imapclient_async.events.Vanished`,
    :class:`~imapclient_async.events.FlagsChanged`,
    :class:`~imapclient_async.events.Alert` and
    :class:`~imapclient_async.events.Bye`, in the order the server sent
    them. Without a ``timeout`` it never ends on its own while the connection
    lives. With ``idle(timeout=seconds)``, that many seconds after entering
    the IDLE is ended (DONE, then the server's OK; the mailbox stays
    selected), the events that arrived until then are still yielded, and then
    the iteration ends normally: a loop that ends without ``break`` has timed
    out. Nothing is raised for the timeout, and no event is lost.

    Raises:
        StateError: On entering: no mailbox is selected, the session was
            already entered once, or this task is already inside an idle
            block or iterating a streamed reply. On iterating: the session
            was never entered.
        CommandError: The server answered IDLE (or NOOP) with NO; raised on
            entering, or by the iteration after any events before it.
        ProtocolError: The server answered BAD or sent malformed data; raised
            as for CommandError.
        ConnectionLostError: The connection was lost or the server said BYE;
            raised as for CommandError, and on leaving a block that ended
            normally if the error was not raised by the iteration yet.
        IMAPTimeoutError: The server took longer than the client's timeout
            to confirm IDLE or to answer DONE; the connection is closed.

    Example::

        async with imap.idle(timeout=3) as events:   # wait at most 3 seconds
            news = [event async for event in events]
        print("updates:", news)   # [] when nothing happened

        known = (await imap.select("INBOX")).exists or 0
        async with imap.idle(renew_after=10 * 60) as events:
            async for event in events:
                if isinstance(event, Exists) and event.count > known:
                    break  # DONE is sent on leaving the block
        await imap.noop()  # the connection is free again
    """

    def __init__(
        self,
        *,
        run_idle: Callable[[Responder], Awaitable[CommandOutcome]] | None,
        poll: Callable[[], Awaitable[None]],
        check_selected: Callable[[], None],
        holders: ConnectionHolders,
        add_event_handler: Callable[[Callable[[Event], None]], Callable[[], None]],
        renew_after: float,
        poll_interval: float,
        timeout: float | None = None,
    ) -> None:
        # Built by Client.idle(): IDLE (None when the server lacks it, so
        # NOOP polling stands in), and the session's hooks this block uses.
        self._run_idle = run_idle
        self._poll_once = poll
        self._check_selected = check_selected
        self._holders = holders
        self._add_event_handler = add_event_handler
        self._renew_after = renew_after
        self._poll_interval = poll_interval
        self._timeout = timeout
        self._deadline: asyncio.TimerHandle | None = None
        self._events: deque[Event] = deque()
        self._wakeup: asyncio.Future[None] | None = None
        self._stop: asyncio.Future[None] | None = None
        self._started: asyncio.Future[None] | None = None
        self._driver: asyncio.Task[None] | None = None
        self._owner: asyncio.Task[object] | None = None
        self._remove_handler: Callable[[], None] | None = None
        self._error_raised = False

    async def __aenter__(self) -> IdleSession:
        if self._driver is not None:
            raise StateError("an idle() session can be entered only once; call idle() again")
        self._check_selected()
        self._owner = self._holders.hold("idle")
        loop = asyncio.get_running_loop()
        self._stop = loop.create_future()
        self._started = loop.create_future()
        self._remove_handler = self._add_event_handler(self._receive)
        waiting = self._poll() if self._run_idle is None else self._idle(self._run_idle)
        self._driver = driver = loop.create_task(waiting)
        driver.add_done_callback(self._driver_done)
        try:
            await asyncio.wait({self._started, driver}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            await self._finish()
            raise
        if not self._started.done():
            error = await self._finish()
            assert error is not None  # the driver only ends early by failing
            self._error_raised = True
            raise error
        if self._timeout is not None:
            self._deadline = loop.call_later(self._timeout, self._end_idle)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        error = await self._finish()
        if exc_type is None and error is not None and not self._error_raised:
            self._error_raised = True
            raise error

    def __aiter__(self) -> IdleSession:
        return self

    async def __anext__(self) -> Event:
        driver = self._driver
        if driver is None:
            raise StateError("enter the session first: 'async with imap.idle() as events'")
        while not self._events:
            if driver.done():
                error = driver.exception()
                if error is None or self._error_raised:
                    raise StopAsyncIteration
                self._error_raised = True
                raise error
            self._wakeup = asyncio.get_running_loop().create_future()
            try:
                await self._wakeup
            finally:
                self._wakeup = None
        return self._events.popleft()

    # -- the task that talks to the server -------------------------------------

    async def _idle(self, run_idle: Callable[[Responder], Awaitable[CommandOutcome]]) -> None:
        assert self._stop is not None
        while not self._stop.done():
            raise_for_status("IDLE", await run_idle(self._respond))

    async def _respond(self, request: ContinuationRequest) -> ContinuationReply:
        assert self._started is not None
        if not self._started.done():
            self._started.set_result(None)
        await self._stopped_within(self._renew_after)
        return _DONE

    async def _poll(self) -> None:
        assert self._started is not None
        self._started.set_result(None)
        while not await self._stopped_within(self._poll_interval):
            await self._poll_once()

    async def _stopped_within(self, seconds: float) -> bool:
        """Wait until the block ends or ``seconds`` pass; True when the block ended."""
        assert self._stop is not None
        await asyncio.wait({self._stop}, timeout=seconds)
        return self._stop.done()

    # -- plumbing ------------------------------------------------------------------

    def _receive(self, event: Event) -> None:
        self._events.append(event)
        self._wake()

    def _driver_done(self, driver: asyncio.Task[None]) -> None:
        if not driver.cancelled():
            driver.exception()  # seen here, raised later: no "never retrieved" warning
        self._wake()

    def _wake(self) -> None:
        if self._wakeup is not None and not self._wakeup.done():
            self._wakeup.set_result(None)

    def _end_idle(self) -> None:
        """Stop idling (the driver sends DONE); the iteration ends once the events run out."""
        assert self._stop is not None
        if not self._stop.done():
            self._stop.set_result(None)

    async def _finish(self) -> BaseException | None:
        """End the IDLE (DONE, then the server's OK) and return what ended it badly.

        Runs to the end even if the caller is cancelled meanwhile, so that the
        connection stays in step with the server.
        """
        assert self._driver is not None
        if self._deadline is not None:
            self._deadline.cancel()
        self._end_idle()
        try:
            # asyncio.wait never cancels what it waits for: the driver finishes.
            await asyncio.wait({self._driver})
        finally:
            self._holders.release(self._owner)
            if self._remove_handler is not None:
                self._remove_handler()
        return None if self._driver.cancelled() else self._driver.exception()
