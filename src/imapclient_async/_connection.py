"""The asyncio pump under one IMAP session: moves bytes, keeps deadlines, wakes waiters.

Every rule of the conversation (tags, admission, routing, continuations,
greeting, STARTTLS's cut-off, BYE, session state) lives in the sans-IO
:class:`~imapclient_async._proto.ClientProtocol`. This module owns only what
needs an event loop: the transport and its TLS handshakes, the futures tasks
wait on, write backpressure, and the deadlines that turn a silent server into
:class:`~imapclient_async.errors.IMAPTimeoutError`.

Deadlines measure the server's silence: any complete response restarts the
clock of every waiting command, so a long reply, or a server busy sending
other updates, is never mistaken for a dead one. A command whose caller gave
up after sending it keeps its deadline: if its reply never comes the
connection is closed, since every later reply would wait behind it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import ssl
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ._proto import (
    Argument,
    ClientProtocol,
    ClientState,
    Closed,
    Command,
    CommandOutcome,
    Completed,
    ContinuationReply,
    ContinuationRequest,
    ContinuationRequested,
    Event,
    Greeted,
    Limits,
    LiteralMode,
    Stage,
    StatusResponse,
    Streamed,
    TaggedResponse,
    Untagged,
    UntaggedData,
)
from ._proto._log import log, log_client, wire_log
from ._transports import Transport
from .errors import (
    ConnectionLostError,
    IMAPError,
    IMAPTimeoutError,
    ProtocolError,
    SecurityError,
)

__all__ = ["Connection", "Responder", "Sink"]

_T = TypeVar("_T")
_E = TypeVar("_E", bound=IMAPError)
_WRITE_SLICE = 256 * 1024
_CLOSE_GRACE = 5.0
"""Seconds a closing TLS connection may wait for the server's close_notify."""


Responder = Callable[[ContinuationRequest], Awaitable[ContinuationReply]]
"""Answers a continuation request after the command is sent (SASL steps, IDLE's DONE).

It may wait as long as it likes: IDLE's responder waits until the caller is done."""

Sink = Callable[[list[StatusResponse | UntaggedData]], None]
"""Receives a streaming command's untagged responses as they arrive, a run at a time."""


@dataclass(eq=False, slots=True)
class _Waiters:
    """The futures and timer that tie one command to the task that runs it."""

    admitted: asyncio.Future[None]
    done: asyncio.Future[TaggedResponse]
    sink: Sink | None
    continuation: asyncio.Future[ContinuationRequest | None] | None = None
    deadline: _Deadline | None = None
    timeout_error: IMAPTimeoutError | None = None
    untagged: list[StatusResponse | UntaggedData] = field(default_factory=list)
    written: bool = False
    """Every byte of the command was handed to the transport: the server may have run it."""
    on_written: Callable[[int, int], None] | None = None
    """Told ``(bytes written, bytes in the command)`` as the command goes out."""
    bytes_written: int = 0
    command_size: int = 0


class _Deadline:
    """Fires ``expire`` once ``timeout`` seconds pass without :meth:`touch`.

    The clock can be paused: while IDLE waits for its caller, or while reading
    is paused because the caller has not consumed what arrived, the server is
    not late. ``asyncio.wait_for`` can do neither.
    """

    def __init__(
        self, loop: asyncio.AbstractEventLoop, timeout: float | None, expire: Callable[[], None]
    ) -> None:
        self._loop = loop
        self._timeout = timeout
        self._expire_callback = expire
        self._handle: asyncio.TimerHandle | None = None
        self._last_activity = loop.time()
        self.expired = False
        self.resume()

    def touch(self) -> None:
        """Note activity: the deadline moves to ``timeout`` seconds from now."""
        self._last_activity = self._loop.time()

    def _expire(self) -> None:
        assert self._timeout is not None
        # Re-arming on every response would cost a timer each; checking here is free.
        remaining = self._last_activity + self._timeout - self._loop.time()
        if remaining > 0:
            self._handle = self._loop.call_later(remaining, self._expire)
            return
        self._handle = None
        self.expired = True
        self._expire_callback()

    def pause(self) -> None:
        self.cancel()

    def resume(self) -> None:
        """Start the full timeout again."""
        if self._timeout is not None and not self.expired:
            self.cancel()
            self.touch()
            self._handle = self._loop.call_later(self._timeout, self._expire)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


class _Protocol(asyncio.Protocol):
    """Feeds received bytes to the connection; reports loss and write pressure."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._connection._transport = transport

    def data_received(self, data: bytes) -> None:
        self._connection._handle(self._connection.protocol.receive_data(data))

    def eof_received(self) -> bool:
        return False  # let the transport close; connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        connection = self._connection
        connection._handle(connection.protocol.connection_lost(None if exc is None else str(exc)))
        connection._transport_closed()

    def pause_writing(self) -> None:
        self._connection._pause_writing()

    def resume_writing(self) -> None:
        self._connection._resume_writing()


class Connection:
    """A connected IMAP byte stream with tagged, scheduled command execution.

    Args:
        where: How log lines and errors name the server, e.g. ``"imap.example.org:993"``.
        timeout: Seconds allowed for connecting, the greeting, a TLS handshake,
            and the server's silence while a command waits; None for no limit.
        limits: Size limits on server data.
        on_untagged: Called for every untagged response as it arrives, with
            True when a running command collected it (it answers that command)
            and False when it is unsolicited; the client keeps its state
            current here.
    """

    def __init__(
        self,
        where: str,
        *,
        timeout: float | None,
        limits: Limits,
        on_untagged: Callable[[StatusResponse | UntaggedData, bool], None],
    ) -> None:
        self._where = where
        self._timeout = timeout
        self.protocol = ClientProtocol(limits)
        """The session's rules; this class only moves its bytes."""
        self._on_untagged = on_untagged
        self._loop: asyncio.AbstractEventLoop | None = None
        self._transport: asyncio.Transport | None = None
        self._greeting: asyncio.Future[StatusResponse] | None = None
        self._transport_gone: asyncio.Future[None] | None = None
        self._waiters: dict[Command, _Waiters] = {}
        self._write_lock = asyncio.Lock()
        self._write_ready: asyncio.Future[None] | None = None
        self._reading_paused = False

    # -- public --------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True before :meth:`open` and once the connection is closed or lost."""
        return self._transport is None or self.protocol.error is not None

    @property
    def state(self) -> ClientState:
        """The session state, from the protocol's one table."""
        return self.protocol.state

    @property
    def bye_text(self) -> str | None:
        """The text of the server's ``* BYE``, once one arrived."""
        return self.protocol.bye_text

    @property
    def ssl_object(self) -> ssl.SSLObject | None:
        """The TLS layer (version, cipher, certificate) once TLS is up; None without TLS."""
        if self._transport is None:
            return None
        ssl_object = self._transport.get_extra_info("ssl_object")
        return ssl_object if isinstance(ssl_object, ssl.SSLObject) else None

    @property
    def literal_mode(self) -> LiteralMode:
        """How literals are sent; the client sets it from the capabilities."""
        return self.protocol.literal_mode

    @literal_mode.setter
    def literal_mode(self, mode: LiteralMode) -> None:
        self.protocol.literal_mode = mode

    async def open(self, transport: Transport) -> StatusResponse:
        """Open ``transport`` (with its TLS handshake) and return the server's greeting.

        Raises:
            ConnectionLostError: The connection could not be made or was closed.
            SecurityError: The TLS handshake or certificate check failed.
            IMAPTimeoutError: Connecting, the handshake or the greeting took too long.
            MalformedResponseError: The first response was not a greeting.
        """
        self._loop = asyncio.get_running_loop()
        self._greeting = self._loop.create_future()
        self._transport_gone = self._loop.create_future()
        try:
            await self._deadline(
                transport.connect(lambda: _Protocol(self)), f"connecting to {self._where}"
            )
        except IMAPTimeoutError:
            raise  # a TimeoutError is an OSError too: keep it what it is
        except OSError as exc:
            raise ConnectionLostError(
                f"could not connect to {self._where}: {_reason(exc)}"
            ) from exc
        if transport.tls_context is not None:
            await self._handshake(transport.tls_context, transport.server_hostname)
        log.info("connected to %s%s", self._where, " with TLS" if transport.tls_context else "")
        try:
            return await self._deadline(self._greeting, "the server greeting")
        except IMAPError as exc:
            raise self.fail(exc) from exc.__cause__  # a timeout keeps its cause

    async def start_tls(self, context: ssl.SSLContext, server_hostname: str) -> None:
        """Run STARTTLS and upgrade the connection, failing closed.

        Raises:
            SecurityError: The server refused STARTTLS, sent data it should not
                have, or the handshake or certificate check failed. The
                connection is closed.
            IMAPTimeoutError: The handshake took longer than the timeout.
        """
        outcome = await self.run("STARTTLS", exclusive=True)
        if outcome.tagged.status != "OK":
            raise self.fail(SecurityError(f"server refused STARTTLS: {outcome.tagged.text}"))
        error = self.protocol.error
        if error is not None:  # e.g. data was injected after the OK
            raise SecurityError(f"STARTTLS failed: {error}") from error
        await self._handshake(context, server_hostname)

    async def _handshake(self, context: ssl.SSLContext, server_hostname: str | None) -> None:
        """Wrap the open transport in TLS; every failure is a SecurityError with its reason."""
        assert self._loop is not None and self._transport is not None
        try:
            transport = await self._deadline(
                self._loop.start_tls(
                    self._transport,
                    self._transport.get_protocol(),
                    context,
                    server_hostname=server_hostname,
                ),
                "the TLS handshake",
            )
        except IMAPTimeoutError as exc:
            self._transport_closed()  # as below: the TLS layer closed the socket
            raise self.fail(exc) from exc.__cause__
        except (ssl.SSLError, OSError, ConnectionLostError) as exc:
            error = self.fail(
                SecurityError(f"TLS handshake with {self._where} failed: {_reason(exc)}")
            )
            # The TLS layer closed the socket; on some Pythons it never tells
            # our protocol, so record it here or wait_closed() would wait.
            self._transport_closed()
            raise error from exc
        except IMAPError as exc:
            raise self.fail(exc) from None
        if transport is None:  # the peer closed during the handshake
            raise self.fail(SecurityError("connection closed during the TLS handshake"))
        self._transport = transport
        self._transport.resume_reading()
        log.info("TLS established with %s", self._where)

    async def run(
        self,
        name: str,
        arguments: Sequence[Argument] = (),
        *,
        collect: frozenset[str] = frozenset(),
        exclusive: bool = False,
        check: Callable[[], None] | None = None,
        responder: Responder | None = None,
        sink: Sink | None = None,
        unanswered: Callable[[IMAPError], IMAPError] | None = None,
        on_written: Callable[[int, int], None] | None = None,
    ) -> CommandOutcome:
        """Send one command when its turn comes and wait for its tagged reply.

        Args:
            name: Command name, e.g. ``"SELECT"`` or ``"UID FETCH"``.
            arguments: Its arguments, encoded safely by the protocol core.
            collect: Untagged keywords (``"EXISTS"``, ``"OK"`` for untagged
                status responses, ...) that belong to this command.
            exclusive: Run with no other command in flight.
            check: Called once admitted, just before sending; raising there
                (e.g. :class:`StateError`) drops the command unsent. The
                session state itself is checked by the protocol's table.
            responder: Answers continuation requests after the command is sent.
            sink: Receives the collected untagged responses as they arrive,
                instead of the outcome's list (for streaming large replies).
            unanswered: Builds the error to raise, chained to the original,
                when the connection ends (dropped, BYE, or closed for a timeout
                or malformed data) after every byte of the command was written
                and before its reply came: the server may or may not have run
                it. A command not wholly written cannot have run (a server acts
                on a complete command only), so its error is raised as it is.
            on_written: Called with ``(bytes written, bytes in the command)``
                each time a slice of the command has been taken by the
                socket, for progress reports on large literals; an exception
                it raises ends the command as a cancellation would.

        Returns:
            The tagged reply (OK, NO or BAD: judging it is the caller's job)
            and the collected untagged responses.

        Raises:
            StateError: The session state does not allow the command; nothing sent.
            ConnectionLostError: The connection is or became closed.
            IMAPTimeoutError: The server stayed silent for the whole timeout.
            ProtocolError: The server sent malformed data, or completed the
                command before taking all of it.
        """
        self.raise_if_closed()
        assert self._loop is not None
        command = self.protocol.submit(
            name, arguments, collect=collect, exclusive=exclusive, streamed=sink is not None
        )
        waiters = _Waiters(
            self._loop.create_future(), self._loop.create_future(), sink, on_written=on_written
        )
        self._waiters[command] = waiters
        self._admit()
        # The command runs in the caller's task, not a task of its own: that
        # would cost two more event-loop turns per command. So the deadline
        # cancels the caller's task, and the CancelledError becomes the
        # timeout below (with the cancellation withdrawn where Python counts them).
        caller = asyncio.current_task()
        assert caller is not None

        def expire() -> None:
            if self.protocol.error is not None:
                return  # already failing, with the reason that closed the connection
            if command.stage < Stage.SENDING:
                waiters.timeout_error = IMAPTimeoutError(
                    f"{name} waited {self._timeout:g} s for its turn, unsent, behind "
                    "commands the server has not answered"
                )
            else:
                waiters.timeout_error = IMAPTimeoutError(
                    f"no reply to {name} for {self._timeout:g} s"
                )
            if command.stage >= Stage.SENDING:
                # Its late reply could be taken for another's: close first, so
                # that every other waiting call fails with this reason too.
                self.close(waiters.timeout_error)
            caller.cancel()

        waiters.deadline = _Deadline(self._loop, self._timeout, expire)
        if self._reading_paused:
            waiters.deadline.pause()
        try:
            return await self._execute(command, waiters, check, responder)
        except asyncio.CancelledError:
            if waiters.timeout_error is None:
                raise
            if sys.version_info >= (3, 11):
                caller.uncancel()
            error = waiters.timeout_error
            if unanswered is not None and waiters.written:
                raise unanswered(error) from error
            raise error from None
        except IMAPError as exc:
            # Had its reply come, the command would have returned: a closed
            # connection means it ended the wait.
            if unanswered is not None and waiters.written and self.protocol.error is not None:
                raise unanswered(exc) from exc
            raise

    def close(self, error: IMAPError | None = None) -> None:
        """Close the connection; waiting and later commands raise ``error``.

        Without ``error`` this is an orderly close (after LOGOUT) and later
        commands raise :class:`ConnectionLostError`.
        """
        if self.protocol.error is not None:
            return
        self._fail(error or ConnectionLostError("closed by the client"), orderly=error is None)

    def fail(self, error: _E) -> _E:
        """Close the connection because of ``error`` and return it, for ``raise``."""
        self.close(error)
        return error

    def pause_reading(self) -> None:
        """Stop reading from the socket until :meth:`resume_reading` (backpressure).

        Deadlines stop too: replies cannot arrive while nobody reads them.
        """
        if not self.closed:
            assert self._transport is not None
            self._transport.pause_reading()
            self._reading_paused = True
            for waiters in self._waiters.values():
                if waiters.deadline is not None:
                    waiters.deadline.pause()

    def resume_reading(self) -> None:
        """Read from the socket again after :meth:`pause_reading`."""
        if not self.closed:
            assert self._transport is not None
            self._transport.resume_reading()
            self._reading_paused = False
            for waiters in self._waiters.values():
                if waiters.deadline is not None:
                    waiters.deadline.resume()

    async def wait_closed(self) -> None:
        """Wait until the transport is really closed, TLS shutdown included.

        A TLS close waits for the server's close_notify; a server that never
        sends it gets the connection aborted after a short grace period.
        """
        if self._transport is None or self._transport_gone is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._transport_gone), _CLOSE_GRACE)
        except asyncio.TimeoutError:
            # abort() releases the socket at once; no need to hear about it.
            self._transport.abort()

    # -- running one command -------------------------------------------------------

    async def _execute(
        self,
        command: Command,
        waiters: _Waiters,
        check: Callable[[], None] | None,
        responder: Responder | None,
    ) -> CommandOutcome:
        try:
            await waiters.admitted
            if check is not None:
                check()
            first = self.protocol.begin(command)
            async with self._write_lock:
                await self._write_all(command, waiters, first)
                self.protocol.sent(command)
                if responder is not None:
                    await self._respond(command, waiters, responder)
            tagged = await waiters.done
        except BaseException:
            self._abandon(command, waiters)
            raise
        self._forget(command)
        if not command.whole and tagged.status == "OK":
            # Refusing a literal is the server's right (NO [TOOBIG]), but an OK
            # reports the result of a command we never finished sending.
            raise ProtocolError(
                f"server completed {command.name} before receiving all of it "
                "(it never asked for the rest): its result is not for the command meant",
                command=command.name,
            )
        untagged = waiters.untagged if command.streamed else command.untagged
        return CommandOutcome(tagged, untagged)

    async def _write_all(self, command: Command, waiters: _Waiters, first: list[bytes]) -> None:
        if waiters.on_written is not None:
            assert command.encoded is not None
            waiters.command_size = sum(map(len, itertools.chain(*command.encoded.chunks)))
        chunk: list[bytes] | None = first
        while chunk is not None:
            last = command.next_chunk >= self._chunk_count(command)
            for index, buffer in enumerate(chunk):
                await self._write(waiters, buffer, final=last and index == len(chunk) - 1)
            if last:
                return
            if await self._continuation(command, waiters) is None:
                return  # the server answered before taking the literal
            chunk = self.protocol.next_chunk(command)

    async def _respond(self, command: Command, waiters: _Waiters, responder: Responder) -> None:
        """Answer the server's ``+`` with the responder until the command ends."""
        while (request := await self._continuation(command, waiters)) is not None:
            reply = await self._reply(waiters, responder, request)
            if reply is None:
                return  # the command ended (or the connection did) meanwhile
            if wire_log.isEnabledFor(logging.DEBUG):
                log_client(reply.log_text)
            await self._write(waiters, reply.data + b"\r\n")

    async def _reply(
        self, waiters: _Waiters, responder: Responder, request: ContinuationRequest
    ) -> ContinuationReply | None:
        """The responder's answer, or None if the command finished first.

        A responder may wait as long as it likes (IDLE waits for its caller),
        so the wait does not count against the command's deadline.
        """
        assert waiters.deadline is not None
        answer = asyncio.ensure_future(responder(request))
        waiters.deadline.pause()
        try:
            either: set[asyncio.Future[Any]] = {answer, waiters.done}
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not self._reading_paused:
                waiters.deadline.resume()
            if not answer.done():
                answer.cancel()
        return answer.result() if answer.done() and not answer.cancelled() else None

    async def _continuation(
        self, command: Command, waiters: _Waiters
    ) -> ContinuationRequest | None:
        """Wait for ``+`` (returned) or the command's tagged reply (None)."""
        assert self._loop is not None
        if waiters.done.done():
            return None
        waiters.continuation = self._loop.create_future()
        self.protocol.expect_continuation(command)
        try:
            return await waiters.continuation
        finally:
            waiters.continuation = None
            self.protocol.expect_continuation(None)

    def _abandon(self, command: Command, waiters: _Waiters) -> None:
        """Clean up after a command whose caller stopped waiting."""
        if self.protocol.error is not None or command.stage is Stage.DONE:
            self._forget(command)
            self._admit()  # e.g. refused by the state table before sending
            return
        unsent = command.stage < Stage.SENDING
        error = self.protocol.abandon(command)
        if error is not None:
            self._forget(command)
            self.close(error)
        elif unsent:  # dropped: nothing to wait for
            self._forget(command)
            self._admit()
        else:
            # Sent and harmless, as long as its reply comes: keep its deadline,
            # now closing the connection when it expires (every later reply
            # would wait behind the one that never comes).
            assert self._loop is not None
            if waiters.deadline is not None:
                waiters.deadline.cancel()
            waiters.deadline = _Deadline(
                self._loop,
                self._timeout,
                lambda: self.close(
                    IMAPTimeoutError(
                        f"an earlier {command.name} ({command.tag}) never completed: "
                        f"no reply for {self._timeout:g} s"
                    )
                ),
            )
            if self._reading_paused:
                waiters.deadline.pause()

    def _forget(self, command: Command) -> None:
        waiters = self._waiters.pop(command, None)
        if waiters is not None and waiters.deadline is not None:
            waiters.deadline.cancel()
            # The deadline's callback refers back to these waiters and to the
            # command: dropping it breaks that cycle, so the command's replies
            # (a 1 MiB piece of a download) are freed now, not at the next
            # run of the cyclic garbage collector.
            waiters.deadline = None

    def _admit(self) -> None:
        for command in self.protocol.admit():
            waiters = self._waiters.get(command)
            if waiters is not None and not waiters.admitted.done():
                waiters.admitted.set_result(None)

    # -- writing ---------------------------------------------------------------

    def _chunk_count(self, command: Command) -> int:
        assert command.encoded is not None
        return len(command.encoded.chunks)

    async def _write(self, waiters: _Waiters, data: bytes, *, final: bool = False) -> None:
        """Write ``data``; ``final``: it ends the command, which is then ``written``."""
        # In slices, so that a large literal waits for the socket piece by
        # piece and each piece sent counts as progress against the deadline.
        view = memoryview(data)
        for start in range(0, len(view), _WRITE_SLICE):
            self.raise_if_closed()
            assert self._transport is not None
            piece = view[start : start + _WRITE_SLICE]
            self._transport.write(piece)
            if final and start + _WRITE_SLICE >= len(view):
                waiters.written = True
            if self._write_ready is not None:
                await asyncio.shield(self._write_ready)
            if waiters.deadline is not None:
                waiters.deadline.touch()
            if waiters.on_written is not None:
                waiters.bytes_written += len(piece)
                waiters.on_written(waiters.bytes_written, waiters.command_size)

    def _pause_writing(self) -> None:
        assert self._loop is not None
        self._write_ready = self._loop.create_future()

    def _resume_writing(self) -> None:
        if self._write_ready is not None:
            self._write_ready.set_result(None)
            self._write_ready = None

    # -- what the protocol reports ---------------------------------------------------

    def _handle(self, events: list[Event]) -> None:
        if events:
            # Any complete response shows the server is alive: every waiting
            # command's clock starts again, not only the one it answers.
            for waiters in self._waiters.values():
                if waiters.deadline is not None:
                    waiters.deadline.touch()
        for event in events:
            if isinstance(event, Streamed):
                self._streamed(event)
            elif isinstance(event, Untagged):
                self._on_untagged(event.response, event.solicited)
            elif isinstance(event, Completed):
                self._completed(event)
            elif isinstance(event, ContinuationRequested):
                asking = self._waiters.get(event.command)
                if asking is not None and asking.continuation is not None:
                    asking.continuation.set_result(event.request)
            elif isinstance(event, Greeted):
                if self._greeting is not None and not self._greeting.done():
                    self._greeting.set_result(event.response)
            elif isinstance(event, Closed):
                self._fail(event.error, orderly=False, already_closed=True)

    def _streamed(self, event: Streamed) -> None:
        waiters = self._waiters.get(event.command)
        if waiters is not None and waiters.sink is not None:
            waiters.sink(event.responses)

    def _completed(self, event: Completed) -> None:
        if event.pause_reading and self._transport is not None:
            self._transport.pause_reading()
        command = event.command
        waiters = self._waiters.get(command)
        if command.abandoned:
            self._forget(command)  # its deadline can stop: the reply came
        elif waiters is not None:
            if waiters.continuation is not None and not waiters.continuation.done():
                waiters.continuation.set_result(None)
            if not waiters.done.done():
                waiters.done.set_result(event.tagged)
        self._admit()

    # -- failure ---------------------------------------------------------------------

    def _fail(self, error: IMAPError, *, orderly: bool, already_closed: bool = False) -> None:
        if not already_closed:
            self.protocol.close(error)
        reason = "orderly close" if orderly else str(error)
        log.info("connection to %s closed: %s", self._where, reason)
        if self._transport is not None:
            if orderly:
                self._transport.close()
            else:
                self._transport.abort()
        futures: list[asyncio.Future[Any]] = []
        for waiters in self._waiters.values():
            futures += (waiters.admitted, waiters.done)
            if waiters.continuation is not None:
                futures.append(waiters.continuation)
        if self._greeting is not None:
            futures.append(self._greeting)
        if self._write_ready is not None:
            futures.append(self._write_ready)
        for future in futures:
            if not future.done():
                future.set_exception(error)
                # Mark as retrieved: a command abandoned after sending has no
                # caller left to see this, and asyncio would warn about it.
                future.exception()
        for command in [command for command in self._waiters if command.abandoned]:
            self._forget(command)

    def _transport_closed(self) -> None:
        if self._transport_gone is not None and not self._transport_gone.done():
            self._transport_gone.set_result(None)

    def raise_if_closed(self) -> None:
        """Raise ConnectionLostError if the connection is not open."""
        error = self.protocol.error
        if error is not None:
            # A fresh exception each time, chained to what closed the connection.
            raise ConnectionLostError(f"the connection is closed: {error}") from error
        if self._transport is None:
            raise ConnectionLostError("not connected: call connect() first")

    async def _deadline(
        self, awaitable: Coroutine[Any, Any, _T] | asyncio.Future[_T], what: str
    ) -> _T:
        """``await awaitable``, or IMAPTimeoutError once the timeout passes.

        A timer cancels this task, as for commands, rather than wait_for: on
        Python 3.10 wait_for can swallow a cancellation that arrives just as
        the awaited connect completes (a Ctrl-C then went unnoticed), and it
        costs a task of its own.
        """
        if self._timeout is None:
            return await awaitable
        assert self._loop is not None
        task = asyncio.current_task()
        assert task is not None
        expired = False

        def expire() -> None:
            nonlocal expired
            expired = True
            task.cancel()

        timer = self._loop.call_later(self._timeout, expire)
        try:
            return await awaitable
        except asyncio.CancelledError:
            if not expired:
                raise
            if sys.version_info >= (3, 11):
                task.uncancel()
            raise IMAPTimeoutError(
                f"timed out after {self._timeout:g} s waiting for {what}"
            ) from TimeoutError(f"{what}: no progress for {self._timeout:g} s")
        finally:
            timer.cancel()


def _reason(error: BaseException) -> str:
    """An error's text, or its type when it has none (a reset says nothing)."""
    return str(error) or type(error).__name__
