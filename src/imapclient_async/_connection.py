"""One IMAP connection over asyncio: transport, TLS, tags, scheduling, deadlines.

This module changes when the way bytes move, or commands are scheduled,
changes. It knows nothing of what commands mean: the client tells it which
untagged responses a command collects and whether the command must run alone.

Scheduling. IMAP lets a client pipeline commands, but untagged data is not
labelled with the command it answers. So a command declares the untagged
keywords it collects (``collect``), and commands are admitted strictly in
arrival order; one is admitted only when no running command collects any of the
same keywords and none runs ``exclusive`` (commands that change the session's
state, such as SELECT or LOGOUT, run alone). Several tasks can then share one
connection and each gets exactly its own data.

Failure. When the connection drops, the server says BYE, or it sends data we
cannot parse, every waiting command fails at once with the reason, and so does
every later call. A command cancelled or timed out before any byte was written
leaves the connection as it was. One cancelled after it was fully written
stays registered so that its reply is recognised by tag and discarded, unless
it was exclusive (the session's state would be unknown). Anything else leaves
the two sides out of step, so the connection is closed.
"""

from __future__ import annotations

import asyncio
import enum
import itertools
import logging
import ssl
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ._log import log, log_client, log_server, wire_log
from ._proto import (
    Argument,
    ContinuationRequest,
    EncodedCommand,
    Limits,
    LiteralMode,
    Response,
    ResponseParser,
    StatusResponse,
    TaggedResponse,
    UntaggedData,
    encode_command,
    parse_frame,
)
from .errors import (
    ConnectionLostError,
    IMAPError,
    IMAPTimeoutError,
    ProtocolError,
    SecurityError,
)

__all__ = ["CommandOutcome", "Connection", "ContinuationReply", "Responder", "Sink"]

_T = TypeVar("_T")
_E = TypeVar("_E", bound=IMAPError)
_WRITE_SLICE = 256 * 1024
_CLOSE_GRACE = 5.0
"""Seconds a closing TLS connection may wait for the server's close_notify."""


@dataclass(frozen=True, slots=True)
class ContinuationReply:
    """What to send in answer to a ``+``: a line, and how the wire log shows it.

    Attributes:
        data: The line to send, without CRLF.
        log_text: The line as the wire log shows it (``***`` for secrets).
    """

    data: bytes
    log_text: str


Responder = Callable[[ContinuationRequest], Awaitable[ContinuationReply]]
"""Answers a continuation request after the command is sent (SASL steps, IDLE's DONE).

It may wait as long as it likes: IDLE's responder waits until the caller is done."""

Sink = Callable[[StatusResponse | UntaggedData], None]
"""Receives a streaming command's untagged responses as they arrive."""


class _Stage(enum.IntEnum):
    QUEUED = 0
    ADMITTED = 1
    WRITING = 2
    SENT = 3


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    """A command's tagged reply and the untagged responses it collected."""

    tagged: TaggedResponse
    untagged: list[StatusResponse | UntaggedData]


@dataclass(eq=False, slots=True)
class _Command:
    name: str
    arguments: Sequence[Argument]
    collect: frozenset[str]
    exclusive: bool
    responder: Responder | None
    sink: Sink | None
    admitted: asyncio.Future[None]
    done: asyncio.Future[TaggedResponse]
    stage: _Stage = _Stage.QUEUED
    deadline: _Deadline | None = None
    tag: str = ""
    untagged: list[StatusResponse | UntaggedData] = field(default_factory=list)


class _Deadline:
    """Cancels a command's execution once it has been idle for ``timeout`` seconds.

    Every response that belongs to the command restarts the clock, so a long
    streamed FETCH lives as long as data flows. The clock can be paused:
    while IDLE waits for its caller, or while reading is paused because the
    caller has not consumed what arrived, the server is not late.
    ``asyncio.wait_for`` can do neither.
    """

    def __init__(
        self, loop: asyncio.AbstractEventLoop, timeout: float | None, task: asyncio.Future[Any]
    ) -> None:
        self._loop = loop
        self._timeout = timeout
        self._task = task
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
        self._task.cancel()

    def pause(self) -> None:
        self.cancel()

    def resume(self) -> None:
        """Start the full timeout again."""
        if self._timeout is not None and not self._task.done():
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
        self._connection._data_received(data)

    def eof_received(self) -> bool:
        return False  # let the transport close; connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        self._connection._connection_lost(exc)
        self._connection._transport_closed()

    def pause_writing(self) -> None:
        self._connection._pause_writing()

    def resume_writing(self) -> None:
        self._connection._resume_writing()


class Connection:
    """A connected IMAP byte stream with tagged, scheduled command execution.

    Args:
        host: Server host name or address.
        port: Server port.
        tls_context: Wrap the connection in TLS from the start (implicit TLS),
            or None for a plain connection.
        timeout: Seconds allowed for connecting, the greeting, a TLS handshake,
            and each command (from the call until its tagged reply); None for
            no limit.
        limits: Size limits on server data.
        on_untagged: Called for every untagged response as it arrives, with
            True when a running command collected it (it answers that command)
            and False when it is unsolicited; the client keeps its state
            current here.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        tls_context: ssl.SSLContext | None,
        timeout: float | None,
        limits: Limits,
        on_untagged: Callable[[StatusResponse | UntaggedData, bool], None],
    ) -> None:
        self._host = host
        self._port = port
        self._tls_context = tls_context
        self._timeout = timeout
        self._parser = ResponseParser(limits)
        self._on_untagged = on_untagged
        self.literal_mode = LiteralMode.SYNCHRONIZING
        self._loop: asyncio.AbstractEventLoop | None = None
        self._transport: asyncio.Transport | None = None
        self._greeting: asyncio.Future[StatusResponse] | None = None
        self._transport_gone: asyncio.Future[None] | None = None
        self._tags = (f"A{number}" for number in itertools.count(1))
        self._queue: deque[_Command] = deque()
        self._running: set[_Command] = set()
        self._by_tag: dict[str, _Command] = {}
        self._write_lock = asyncio.Lock()
        self._write_ready: asyncio.Future[None] | None = None
        self._continuation: tuple[_Command, asyncio.Future[ContinuationRequest | None]] | None = (
            None
        )
        self._awaiting_tls_after: str | None = None
        self._reading_paused = False
        self._error: IMAPError | None = None
        self.bye_text: str | None = None
        """The text of the server's ``* BYE``, once one arrived."""

    # -- public --------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True before :meth:`open` and once the connection is closed or lost."""
        return self._transport is None or self._error is not None

    async def open(self) -> StatusResponse:
        """Connect (with TLS when configured) and return the server's greeting.

        Raises:
            ConnectionLostError: The connection could not be made or was closed.
            SecurityError: The TLS handshake or certificate check failed.
            IMAPTimeoutError: Connecting or the greeting took too long.
            ProtocolError: The first response was not a greeting.
        """
        self._loop = asyncio.get_running_loop()
        self._greeting = self._loop.create_future()
        self._transport_gone = self._loop.create_future()
        where = f"{self._host}:{self._port}"
        try:
            await self._deadline(
                self._loop.create_connection(
                    lambda: _Protocol(self),
                    self._host,
                    self._port,
                    ssl=self._tls_context,
                    server_hostname=self._host if self._tls_context else None,
                ),
                f"connecting to {where}",
            )
        except IMAPTimeoutError:
            raise  # a TimeoutError is an OSError too: keep it what it is
        except ssl.SSLError as exc:
            raise SecurityError(f"TLS with {where} failed: {exc}") from exc
        except OSError as exc:
            raise ConnectionLostError(f"could not connect to {where}: {exc}") from exc
        log.info("connected to %s%s", where, " with TLS" if self._tls_context else "")
        try:
            return await self._deadline(asyncio.shield(self._greeting), "the server greeting")
        except IMAPError as exc:
            raise self.fail(exc) from exc.__cause__  # a timeout keeps its cause

    async def start_tls(self, context: ssl.SSLContext) -> None:
        """Run STARTTLS and upgrade the connection, failing closed.

        Raises:
            SecurityError: The server refused STARTTLS, sent data it should not
                have, or the handshake or certificate check failed. The
                connection is closed.
        """
        outcome = await self.run("STARTTLS", exclusive=True)
        if outcome.tagged.status != "OK":
            raise self.fail(SecurityError(f"server refused STARTTLS: {outcome.tagged.text}"))
        if self._error is not None:  # e.g. data was injected after the OK
            raise SecurityError(f"STARTTLS failed: {self._error}") from self._error
        assert self._loop is not None and self._transport is not None
        try:
            transport = await self._deadline(
                self._loop.start_tls(
                    self._transport,
                    self._transport.get_protocol(),
                    context,
                    server_hostname=self._host,
                ),
                "the TLS handshake",
            )
        except IMAPTimeoutError as exc:
            self._transport_closed()  # as below: the TLS layer closed the socket
            raise self.fail(exc) from exc.__cause__
        except (ssl.SSLError, OSError, ConnectionLostError) as exc:
            where = f"{self._host}:{self._port}"
            error = self.fail(SecurityError(f"TLS handshake with {where} failed: {exc}"))
            # The TLS layer closed the socket; on some Pythons it never tells
            # our protocol, so record it here or wait_closed() would wait.
            self._transport_closed()
            raise error from exc
        except IMAPError as exc:
            raise self.fail(exc) from None
        if transport is None:  # the peer closed during the handshake
            raise self.fail(SecurityError("connection closed during the TLS handshake"))
        self._transport = transport
        self._awaiting_tls_after = None
        log.info("TLS established with %s:%d", self._host, self._port)

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
    ) -> CommandOutcome:
        """Send one command when its turn comes and wait for its tagged reply.

        Args:
            name: Command name, e.g. ``"SELECT"`` or ``"UID FETCH"``.
            arguments: Its arguments, encoded safely by the protocol core.
            collect: Untagged keywords (``"EXISTS"``, ``"OK"`` for untagged
                status responses, ...) that belong to this command.
            exclusive: Run with no other command in flight.
            check: Called once admitted, just before sending; raising there
                (e.g. :class:`StateError`) cancels the command unsent.
            responder: Answers continuation requests after the command is sent.
            sink: Receives the collected untagged responses as they arrive,
                instead of the outcome's list (for streaming large replies).

        Returns:
            The tagged reply (OK, NO or BAD: judging it is the caller's job)
            and the collected untagged responses.

        Raises:
            ConnectionLostError: The connection is or became closed.
            IMAPTimeoutError: The reply did not come in time.
            ProtocolError: The server sent malformed data.
        """
        self._raise_if_closed()
        assert self._loop is not None
        command = _Command(
            name,
            arguments,
            collect,
            exclusive,
            responder,
            sink,
            self._loop.create_future(),
            self._loop.create_future(),
        )
        self._queue.append(command)
        self._admit()
        execution = asyncio.ensure_future(self._execute(command, check))
        command.deadline = _Deadline(self._loop, self._timeout, execution)
        if self._reading_paused:
            command.deadline.pause()
        try:
            return await execution
        except asyncio.CancelledError:
            if not command.deadline.expired:
                raise
            error = IMAPTimeoutError(f"no reply to {name} for {self._timeout:g} s")
            if command.stage >= _Stage.WRITING:
                self.close(error)
            raise error from None
        finally:
            command.deadline.cancel()

    def close(self, error: IMAPError | None = None) -> None:
        """Close the connection; waiting and later commands raise ``error``.

        Without ``error`` this is an orderly close (after LOGOUT) and later
        commands raise :class:`ConnectionLostError`.
        """
        if self._error is not None:
            return
        self._error = error or ConnectionLostError("closed by the client")
        reason = "orderly close" if error is None else str(error)
        log.info("connection to %s:%d closed: %s", self._host, self._port, reason)
        if self._transport is not None:
            if error is None:
                self._transport.close()
            else:
                self._transport.abort()
        self._fail_all(self._error)

    def pause_reading(self) -> None:
        """Stop reading from the socket until :meth:`resume_reading` (backpressure).

        Deadlines stop too: replies cannot arrive while nobody reads them.
        """
        if not self.closed:
            assert self._transport is not None
            self._transport.pause_reading()
            self._reading_paused = True
            for command in (*self._running, *self._queue):
                if command.deadline is not None:
                    command.deadline.pause()

    def resume_reading(self) -> None:
        """Read from the socket again after :meth:`pause_reading`."""
        if not self.closed:
            assert self._transport is not None
            self._transport.resume_reading()
            self._reading_paused = False
            for command in (*self._running, *self._queue):
                if command.deadline is not None:
                    command.deadline.resume()

    def fail(self, error: _E) -> _E:
        """Close the connection because of ``error`` and return it, for ``raise``."""
        self.close(error)
        return error

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

    # -- scheduling ------------------------------------------------------------

    async def _execute(self, command: _Command, check: Callable[[], None] | None) -> CommandOutcome:
        try:
            await command.admitted
            command.stage = _Stage.ADMITTED
            if check is not None:
                check()
            self._raise_if_closed()
            command.tag = next(self._tags)
            self._by_tag[command.tag] = command
            encoded = encode_command(
                command.tag, command.name, command.arguments, literal_mode=self.literal_mode
            )
            if command.name == "STARTTLS":
                self._awaiting_tls_after = command.tag
            async with self._write_lock:
                command.stage = _Stage.WRITING
                whole = await self._write_chunks(command, encoded)
                command.stage = _Stage.SENT
            tagged = await command.done
        except BaseException:
            self._abandon(command)
            raise
        self._finish(command)
        if not whole and tagged.status == "OK":
            # Refusing a literal is the server's right (NO [TOOBIG]), but an OK
            # reports the result of a command we never finished sending.
            raise ProtocolError(
                f"server completed {command.name} before receiving all of it "
                "(it never asked for the rest): its result is not for the command meant",
                command=command.name,
            )
        return CommandOutcome(tagged, command.untagged)

    def _admit(self) -> None:
        while self._queue:
            head = self._queue[0]
            if head.admitted.done():  # cancelled while queued
                self._queue.popleft()
                continue
            if self._running and (
                head.exclusive
                or any(
                    running.exclusive or running.collect & head.collect for running in self._running
                )
            ):
                return
            self._queue.popleft()
            self._running.add(head)
            head.admitted.set_result(None)

    def _finish(self, command: _Command) -> None:
        self._running.discard(command)
        self._by_tag.pop(command.tag, None)
        self._admit()

    def _abandon(self, command: _Command) -> None:
        """Clean up after a command whose caller stopped waiting."""
        if command.stage is _Stage.QUEUED and command not in self._running:
            command.admitted.cancel()
            self._admit()
        elif command.stage <= _Stage.ADMITTED:
            self._by_tag.pop(command.tag, None)
            self._finish(command)
        elif command.done.done() and not command.done.cancelled():
            self._finish(command)  # it failed with the connection
        elif command.stage is _Stage.WRITING or command.exclusive:
            self.close(
                ConnectionLostError(
                    f"connection closed because {command.name} was abandoned mid-way"
                )
            )
        # else: sent and harmless; its tagged reply will finish it.

    # -- writing ---------------------------------------------------------------

    async def _write_chunks(self, command: _Command, encoded: EncodedCommand) -> bool:
        """Write the command, chunk by chunk as the server asks; False if it stopped asking."""
        for index, chunk in enumerate(encoded.chunks):
            if index and await self._continuation_for(command) is None:
                return False  # the server answered before taking the literal
            if encoded.log_chunks[index] and wire_log.isEnabledFor(logging.DEBUG):
                log_client(encoded.log_chunks[index])
            for buffer in chunk:
                await self._write(command, buffer)
        if command.responder is not None:
            while (request := await self._continuation_for(command)) is not None:
                reply = await self._reply_to(command, command.responder, request)
                if reply is None:
                    return True  # the command ended (or the connection did) meanwhile
                if wire_log.isEnabledFor(logging.DEBUG):
                    log_client(reply.log_text)
                await self._write(command, reply.data + b"\r\n")
        return True

    async def _reply_to(
        self, command: _Command, responder: Responder, request: ContinuationRequest
    ) -> ContinuationReply | None:
        """The responder's answer, or None if the command finished first.

        A responder may wait as long as it likes (IDLE waits for its caller),
        so the wait does not count against the command's deadline.
        """
        assert command.deadline is not None
        answer = asyncio.ensure_future(responder(request))
        command.deadline.pause()
        try:
            either: set[asyncio.Future[Any]] = {answer, command.done}
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not self._reading_paused:
                command.deadline.resume()
            if not answer.done():
                answer.cancel()
        return answer.result() if answer.done() and not answer.cancelled() else None

    async def _continuation_for(self, command: _Command) -> ContinuationRequest | None:
        """Wait for ``+`` (returned) or the command's tagged reply (None)."""
        assert self._loop is not None
        if command.done.done():
            return None
        waiter: asyncio.Future[ContinuationRequest | None] = self._loop.create_future()
        self._continuation = (command, waiter)
        try:
            return await waiter
        finally:
            self._continuation = None

    async def _write(self, command: _Command, data: bytes) -> None:
        # In slices, so that a large literal waits for the socket piece by
        # piece and each piece sent counts as progress against the deadline.
        view = memoryview(data)
        for start in range(0, len(view), _WRITE_SLICE):
            self._raise_if_closed()
            assert self._transport is not None
            self._transport.write(view[start : start + _WRITE_SLICE])
            if self._write_ready is not None:
                await asyncio.shield(self._write_ready)
            if command.deadline is not None:
                command.deadline.touch()

    def _pause_writing(self) -> None:
        assert self._loop is not None
        self._write_ready = self._loop.create_future()

    def _resume_writing(self) -> None:
        if self._write_ready is not None:
            self._write_ready.set_result(None)
            self._write_ready = None

    # -- reading ---------------------------------------------------------------

    def _data_received(self, data: bytes) -> None:
        if self._error is not None:
            return
        self._parser.feed(data)
        try:
            while self._error is None:
                frame = self._parser.next_frame()
                if frame is None:
                    return
                if wire_log.isEnabledFor(logging.DEBUG):
                    log_server(frame)
                self._dispatch(parse_frame(frame, self._parser.limits))
        except IMAPError as exc:
            self.close(exc)

    def _dispatch(self, response: Response) -> None:
        if self._greeting is not None and not self._greeting.done():
            self._dispatch_greeting(response)
        elif isinstance(response, TaggedResponse):
            self._dispatch_tagged(response)
        elif isinstance(response, ContinuationRequest):
            if self._continuation is None:
                raise ProtocolError("server sent a continuation request nobody asked for")
            self._continuation[1].set_result(response)
        else:
            if isinstance(response, StatusResponse) and response.status == "BYE":
                self.bye_text = response.text
            key = response.keyword if isinstance(response, UntaggedData) else response.status
            solicited = False
            for command in self._running:
                if key in command.collect:
                    if command.deadline is not None:
                        command.deadline.touch()
                    if command.sink is None:
                        command.untagged.append(response)
                    else:
                        command.sink(response)
                    solicited = True
            self._on_untagged(response, solicited)

    def _dispatch_greeting(self, response: Response) -> None:
        assert self._greeting is not None
        if not isinstance(response, StatusResponse) or response.status not in (
            "OK",
            "PREAUTH",
            "BYE",
        ):
            raise ProtocolError("server did not start with a greeting")
        if response.status == "BYE":
            self.bye_text = response.text
            raise ConnectionLostError(f"server refused the connection: {response.text}")
        self._greeting.set_result(response)

    def _dispatch_tagged(self, response: TaggedResponse) -> None:
        command = self._by_tag.get(response.tag)
        if command is None:
            raise ProtocolError(f"server answered tag {response.tag!r}, which was never sent")
        if self._continuation is not None and self._continuation[0] is command:
            self._continuation[1].set_result(None)
        if command.done.done():  # abandoned after sending: nobody waits
            self._finish(command)
        else:
            command.done.set_result(response)
        if response.tag == self._awaiting_tls_after and response.status == "OK":
            self._stop_reading_for_tls()

    def _stop_reading_for_tls(self) -> None:
        # Bytes after the STARTTLS OK but before the handshake were not
        # protected by it; a server never sends any, an attacker might.
        assert self._transport is not None
        self._transport.pause_reading()
        if self._parser.discard_buffered():
            raise SecurityError("server sent data after accepting STARTTLS: possible injection")

    def _transport_closed(self) -> None:
        if self._transport_gone is not None and not self._transport_gone.done():
            self._transport_gone.set_result(None)

    def _connection_lost(self, exc: Exception | None) -> None:
        if self._error is not None:
            return
        if self.bye_text is not None:
            reason = f"server closed the connection: {self.bye_text}"
        elif exc is not None:
            reason = f"connection lost: {exc}"
        else:
            reason = "server closed the connection"
        self.close(ConnectionLostError(reason))

    # -- helpers -----------------------------------------------------------------

    def _fail_all(self, error: IMAPError) -> None:
        waiters: list[asyncio.Future[Any]] = []
        for command in (*self._queue, *self._running):
            waiters += (command.admitted, command.done)
        if self._continuation is not None:
            waiters.append(self._continuation[1])
        if self._greeting is not None:
            waiters.append(self._greeting)
        if self._write_ready is not None:
            waiters.append(self._write_ready)
        for waiter in waiters:
            if not waiter.done():
                waiter.set_exception(error)
                # Mark as retrieved: a command abandoned after sending has no
                # caller left to see this, and asyncio would warn about it.
                waiter.exception()
        self._queue.clear()

    def _raise_if_closed(self) -> None:
        if self._error is not None:
            # A fresh exception each time, chained to what closed the connection.
            raise ConnectionLostError(f"the connection is closed: {self._error}") from self._error
        if self._transport is None:
            raise ConnectionLostError("not connected: call connect() first")

    async def _deadline(
        self, awaitable: Coroutine[Any, Any, _T] | asyncio.Future[_T], what: str
    ) -> _T:
        if self._timeout is None:
            return await awaitable
        try:
            return await asyncio.wait_for(awaitable, self._timeout)
        except asyncio.TimeoutError as exc:
            raise IMAPTimeoutError(
                f"timed out after {self._timeout:g} s waiting for {what}"
            ) from exc
