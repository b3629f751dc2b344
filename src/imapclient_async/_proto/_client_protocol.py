"""The client's side of an IMAP session without I/O: commands and bytes in, bytes and events out.

:class:`ClientProtocol` holds every rule of the conversation that does not
need a clock or a socket, in the style of h11's ``Connection``: tags, the
order in which commands may go out (admission and pipelining), which reply
belongs to which command (routing), continuation requests, the greeting,
STARTTLS's cut-off, BYE, and the session state (RFC 3501 section 3) moved by
one table. The asyncio connection only moves bytes, keeps timers and wakes
the tasks waiting for what this class reports.

Scheduling. IMAP lets a client pipeline commands, but untagged data is not
labelled with the command it answers. So a command declares the untagged
keywords it collects, and commands are admitted strictly in arrival order;
one is admitted only when no running command collects any of the same
keywords and none runs ``exclusive`` (commands that change the session's
state, such as SELECT or LOGOUT, run alone). Several tasks can then share one
connection and each gets exactly its own data.

Failure. Whatever makes the conversation untrustworthy (malformed data, a
tagged reply for a tag that is not pending, a continuation nobody asked for,
bytes injected after STARTTLS's OK, a BYE outside LOGOUT) ends the session:
:meth:`ClientProtocol.receive_data` reports :class:`Closed` with the reason,
and every pending command fails with it.
"""

from __future__ import annotations

import enum
import itertools
import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from ..errors import (
    ConnectionLostError,
    IMAPError,
    MalformedResponseError,
    SecurityError,
    StateError,
)
from ._decoder import ResponseParser, parse_frame
from ._encoder import Argument, EncodedCommand, LiteralMode, encode_command
from ._limits import Limits
from ._log import log_client, log_server, wire_log
from ._responses import (
    ContinuationRequest,
    Response,
    StatusResponse,
    TaggedResponse,
    UntaggedData,
)

__all__ = [
    "ClientProtocol",
    "ClientState",
    "Closed",
    "Command",
    "CommandOutcome",
    "Completed",
    "ContinuationReply",
    "ContinuationRequested",
    "Event",
    "Greeted",
    "Stage",
    "Untagged",
    "check_allowed",
]


class ClientState(enum.Enum):
    """Where the IMAP session is, as defined in RFC 3501 section 3.

    Example::

        if imap.state is ClientState.NOT_AUTHENTICATED:
            await imap.login("alice", "secret")
    """

    NOT_AUTHENTICATED = "not authenticated"
    """Connected (or not yet connected); LOGIN or AUTHENTICATE is needed."""
    AUTHENTICATED = "authenticated"
    """Logged in; no mailbox is selected."""
    SELECTED = "selected"
    """Logged in with a mailbox selected (see :attr:`Client.selected`)."""
    LOGOUT = "logout"
    """The session is over: logged out, or the connection was closed or lost."""


_NOT_AUTHENTICATED = frozenset({ClientState.NOT_AUTHENTICATED})
_LOGGED_IN = frozenset({ClientState.AUTHENTICATED, ClientState.SELECTED})
_AUTHENTICATED = frozenset({ClientState.AUTHENTICATED})
_SELECTED = frozenset({ClientState.SELECTED})
_OPEN = _NOT_AUTHENTICATED | _LOGGED_IN

# command -> (states it may be sent in, state once it is sent, state after its OK).
# None leaves the state as it is. Every state change of the session is here.
_TRANSITIONS: dict[str, tuple[frozenset[ClientState], ClientState | None, ClientState | None]] = {
    "CAPABILITY": (_OPEN, None, None),
    "NOOP": (_OPEN, None, None),
    "ID": (_OPEN, None, None),
    # Nothing may follow LOGOUT, whatever the server answers.
    "LOGOUT": (_OPEN, ClientState.LOGOUT, None),
    "STARTTLS": (_NOT_AUTHENTICATED, None, None),
    "LOGIN": (_NOT_AUTHENTICATED, None, ClientState.AUTHENTICATED),
    "AUTHENTICATE": (_NOT_AUTHENTICATED, None, ClientState.AUTHENTICATED),
    # RFC 3501 6.3.1: SELECT deselects at once, even if it then fails.
    "SELECT": (_LOGGED_IN, ClientState.AUTHENTICATED, ClientState.SELECTED),
    "EXAMINE": (_LOGGED_IN, ClientState.AUTHENTICATED, ClientState.SELECTED),
    # RFC 5161: ENABLE before any mailbox is selected.
    "ENABLE": (_AUTHENTICATED, None, None),
    **dict.fromkeys(
        (
            "CREATE",
            "DELETE",
            "RENAME",
            "SUBSCRIBE",
            "UNSUBSCRIBE",
            "LIST",
            "LSUB",
            "STATUS",
            "APPEND",
            "NAMESPACE",
            "GETQUOTA",
            "GETQUOTAROOT",
        ),
        (_LOGGED_IN, None, None),
    ),
    # RFC 2177 allows IDLE without a mailbox; idle() watches the selected one.
    "IDLE": (_SELECTED, None, None),
    "CLOSE": (_SELECTED, None, ClientState.AUTHENTICATED),
    "UNSELECT": (_SELECTED, None, ClientState.AUTHENTICATED),
    **dict.fromkeys(
        ("CHECK", "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY", "MOVE", "SORT", "THREAD", "UID"),
        (_SELECTED, None, None),
    ),
}


def _transition(name: str) -> tuple[frozenset[ClientState], ClientState | None, ClientState | None]:
    # "UID FETCH" follows "UID"; a name we do not know needs only an open session.
    return _TRANSITIONS.get(name.split(" ", 1)[0], (_OPEN, None, None))


def check_allowed(name: str, state: ClientState) -> None:
    """Raise StateError unless the table lets ``name`` be sent in ``state``.

    Raises:
        StateError: It may not; the message says what to do first.
    """
    allowed, _, _ = _transition(name)
    if state in allowed:
        return
    if state is ClientState.LOGOUT:
        raise StateError("the session is logged out")
    if state is ClientState.NOT_AUTHENTICATED:
        raise StateError("not logged in: call login() first")
    if allowed == _NOT_AUTHENTICATED:
        raise StateError("already authenticated")
    if state is ClientState.AUTHENTICATED:
        raise StateError("no mailbox selected: call select() first")
    raise StateError(f"{name} must come before SELECT (no mailbox selected); unselect() first")


class Stage(enum.IntEnum):
    """How far a command has come; later stages compare greater."""

    QUEUED = 0
    """Waiting for its turn (admission)."""
    ADMITTED = 1
    """Its turn has come; nothing is sent yet."""
    SENDING = 2
    """Tagged and partly written: its first chunk went out."""
    SENT = 3
    """Wholly written; waiting for the tagged reply."""
    DONE = 4
    """Answered, failed, or dropped before sending."""


@dataclass(eq=False, slots=True)
class Command:
    """One command on its way through the session.

    Attributes:
        name: The command, e.g. ``"UID FETCH"``.
        arguments: Its arguments, encoded safely when it is sent.
        collect: Untagged keywords (``"EXISTS"``, ``"OK"`` for untagged status
            responses...) that belong to this command while it runs.
        exclusive: Runs with no other command in flight.
        streamed: Its collected responses are reported as :class:`Untagged`
            events with this command, instead of kept in :attr:`untagged`.
        stage: How far it has come.
        tag: Its tag once sent, e.g. ``"A7"``; empty before.
        untagged: The collected responses (unless ``streamed``).
        abandoned: Its caller stopped waiting after it was sent; its reply
            is still due and is discarded when it comes.
        whole: False when the server answered before taking all of it (it
            never asked for a literal).
    """

    name: str
    arguments: Sequence[Argument]
    collect: frozenset[str]
    exclusive: bool
    streamed: bool
    stage: Stage = Stage.QUEUED
    tag: str = ""
    untagged: list[StatusResponse | UntaggedData] = field(default_factory=list)
    abandoned: bool = False
    whole: bool = True
    collected_size: int = 0
    encoded: EncodedCommand | None = None
    next_chunk: int = 0


@dataclass(frozen=True, slots=True)
class ContinuationReply:
    """What to send in answer to a ``+``: a line, and how the wire log shows it.

    Attributes:
        data: The line to send, without CRLF.
        log_text: The line as the wire log shows it (``***`` for secrets).
    """

    data: bytes
    log_text: str


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    """A command's tagged reply and the untagged responses it collected."""

    tagged: TaggedResponse
    untagged: list[StatusResponse | UntaggedData]


@dataclass(frozen=True, slots=True)
class Greeted:
    """The server's greeting arrived (OK or PREAUTH)."""

    response: StatusResponse


@dataclass(frozen=True, slots=True)
class ContinuationRequested:
    """``+``: the server waits for more of ``command`` (a literal, a SASL step, DONE)."""

    command: Command
    request: ContinuationRequest


@dataclass(frozen=True, slots=True)
class Completed:
    """``command`` got its tagged reply (also when abandoned: its deadline can stop).

    ``pause_reading`` is set after STARTTLS's OK: read nothing more until the
    TLS handshake.
    """

    command: Command
    tagged: TaggedResponse
    pause_reading: bool = False


@dataclass(frozen=True, slots=True)
class Untagged:
    """An untagged response: ``solicited`` when a running command collects it."""

    response: StatusResponse | UntaggedData
    solicited: bool


@dataclass(frozen=True, slots=True)
class Streamed:
    """Untagged responses in a row for ``command``, which streams them: hand them on.

    One event for a run of responses rather than one each: a large FETCH
    is thousands of them, and the pump then hands each run on in one call.
    They are the command's alone: nothing else in the session looks at them.
    """

    command: Command
    responses: list[StatusResponse | UntaggedData]


@dataclass(frozen=True, slots=True)
class Closed:
    """The session is over: every pending command fails with ``error``."""

    error: IMAPError


Event: TypeAlias = Greeted | ContinuationRequested | Completed | Untagged | Streamed | Closed


class ClientProtocol:
    """The session's rules, driven by the bytes received and the commands submitted.

    Example::

        from imapclient_async._proto import ClientProtocol

        protocol = ClientProtocol()
        protocol.receive_data(b"* OK [CAPABILITY IMAP4rev1] ready\\r\\n")  # [Greeted(...)]
        noop = protocol.submit("NOOP")
        assert protocol.admit() == [noop]
        wire = protocol.begin(noop)          # [b"A1 NOOP\\r\\n"]
        protocol.sent(noop)
        protocol.receive_data(b"A1 OK done\\r\\n")  # [Completed(noop, ...)]
    """

    def __init__(self, limits: Limits | None = None) -> None:
        self._parser = ResponseParser(limits)
        self._state = ClientState.NOT_AUTHENTICATED
        self._greeted = False
        self._tags = (f"A{number}" for number in itertools.count(1))
        self._queue: deque[Command] = deque()
        self._running: list[Command] = []
        self._pending: dict[str, Command] = {}
        self._continuation_for: Command | None = None
        self.literal_mode = LiteralMode.SYNCHRONIZING
        """How literals are sent: set from the capabilities (LITERAL+/LITERAL-)."""
        self.error: IMAPError | None = None
        """Why the session ended, once it has; None while it is open."""
        self.bye_text: str | None = None
        """The text of the server's ``* BYE``, once one arrived."""

    @property
    def limits(self) -> Limits:
        """The size limits on server data."""
        return self._parser.limits

    @property
    def state(self) -> ClientState:
        """The session state; LOGOUT once the session has ended for any reason."""
        return ClientState.LOGOUT if self.error is not None else self._state

    @property
    def running(self) -> Sequence[Command]:
        """The admitted commands, oldest first."""
        return self._running

    # -- commands ------------------------------------------------------------------

    def check_allowed(self, name: str) -> None:
        """Raise StateError unless ``name`` may be sent in the current state.

        Raises:
            StateError: It may not; the message says what to do first.
        """
        check_allowed(name, self.state)

    def submit(
        self,
        name: str,
        arguments: Sequence[Argument] = (),
        *,
        collect: frozenset[str] = frozenset(),
        exclusive: bool = False,
        streamed: bool = False,
    ) -> Command:
        """Queue a command; :meth:`admit` says when it may go out.

        Raises:
            StateError: It may not be sent in the current state.
        """
        self.check_allowed(name)
        command = Command(name, arguments, collect, exclusive, streamed)
        self._queue.append(command)
        return command

    def admit(self) -> list[Command]:
        """The queued commands whose turn has come now, in order (now ADMITTED)."""
        admitted: list[Command] = []
        while self._queue:
            head = self._queue[0]
            if head.stage is not Stage.QUEUED:  # dropped while queued
                self._queue.popleft()
                continue
            if self._running and (
                head.exclusive
                or any(
                    running.exclusive or running.collect & head.collect for running in self._running
                )
            ):
                break
            self._queue.popleft()
            head.stage = Stage.ADMITTED
            self._running.append(head)
            admitted.append(head)
        return admitted

    def begin(self, command: Command) -> list[bytes]:
        """Tag and encode an admitted command; returns its first chunk to write.

        A chunk after a synchronizing literal is handed out by
        :meth:`next_chunk` once the server asks for it.

        Raises:
            StateError: The session state no longer allows the command (the
                command is dropped unsent, as by :meth:`drop`).
            ConnectionLostError: The session has ended.
        """
        self._raise_if_closed()
        try:
            self.check_allowed(command.name)
        except StateError:
            self.drop(command)
            raise
        _, on_send, _ = _transition(command.name)
        if on_send is not None:
            self._state = on_send
        command.tag = next(self._tags)
        command.encoded = encode_command(
            command.tag, command.name, command.arguments, literal_mode=self.literal_mode
        )
        command.stage = Stage.SENDING
        self._pending[command.tag] = command
        return self._chunk(command)

    def next_chunk(self, command: Command) -> list[bytes] | None:
        """The command's next chunk after the server's ``+``; None once all are out."""
        assert command.encoded is not None
        if command.next_chunk >= len(command.encoded.chunks):
            return None
        return self._chunk(command)

    def sent(self, command: Command) -> None:
        """Note that the command is wholly written (or that the server cut it short)."""
        if command.stage is Stage.SENDING:
            command.stage = Stage.SENT

    def expect_continuation(self, command: Command | None) -> None:
        """Route the next ``+`` to ``command`` (None: nobody waits for one)."""
        self._continuation_for = command

    def drop(self, command: Command) -> None:
        """Forget a command that was never sent (cancelled or refused before sending)."""
        if command.stage >= Stage.SENDING:
            raise ValueError(f"{command.name} was already sent; abandon() it instead")
        command.stage = Stage.DONE
        if command in self._running:
            self._running.remove(command)

    def abandon(self, command: Command) -> IMAPError | None:
        """The caller stopped waiting for a sent command.

        Returns:
            None when the connection can go on: the command's reply will be
            recognised by its tag and discarded. Otherwise the reason the
            session must end: it was cut off mid-way (the server waits for
            the rest), or it was exclusive (the session's state is unknown).
        """
        if command.stage is Stage.DONE:
            return None
        if command.stage < Stage.SENDING:
            self.drop(command)
            return None
        command.abandoned = True
        if command.stage is Stage.SENDING or command.exclusive:
            return ConnectionLostError(
                f"connection closed because {command.name} was abandoned mid-way"
            )
        return None

    def close(self, error: IMAPError) -> list[Command]:
        """End the session with ``error``; returns every command that was pending.

        Calling it again returns nothing and keeps the first error.
        """
        if self.error is not None:
            return []
        self.error = error
        failed = [
            command for command in (*self._queue, *self._running) if command.stage < Stage.DONE
        ]
        for command in failed:
            command.stage = Stage.DONE
            command.untagged.clear()  # nobody will read them: free the memory now
        self._parser.reset()
        self._queue.clear()
        self._running.clear()
        self._pending.clear()
        self._continuation_for = None
        return failed

    # -- server data ---------------------------------------------------------------

    def receive_data(self, data: bytes) -> list[Event]:
        """Feed bytes from the server; returns what they mean, in order.

        A :class:`Closed` event ends the list: the session is over and no
        later data is read.
        """
        if self.error is not None:
            return []
        self._parser.feed(data)
        events: list[Event] = []
        logging_wire = wire_log.isEnabledFor(logging.DEBUG)
        try:
            while self.error is None:
                frame = self._parser.next_frame()
                if frame is None:
                    break
                if logging_wire:
                    log_server(frame)
                self._route(parse_frame(frame, self._parser.limits), frame.size, events)
        except IMAPError as exc:
            self._end(exc, events)
        return events

    def connection_lost(self, reason: str | None) -> list[Event]:
        """The transport closed; ``reason`` is the OS error's text, if any."""
        if self.error is not None:
            return []
        if self.bye_text is not None:
            text = f"server closed the connection: {self.bye_text}"
        elif reason:
            text = f"connection lost {self._phase()}: {reason}"
        else:  # a reset or close says nothing: say at least when it happened
            text = f"server closed the connection {self._phase()}"
        events: list[Event] = []
        self._end(ConnectionLostError(text), events)
        return events

    def _phase(self) -> str:
        """Where the session was, for an error that has no other words."""
        if not self._greeted:
            return "before its greeting"
        waiting = [command.name for command in self._running if command.stage >= Stage.SENDING]
        if waiting:
            return f"while {', '.join(waiting[:3])} waited for its reply"
        return "between commands"

    def _end(self, error: IMAPError, events: list[Event]) -> None:
        self.close(error)
        events.append(Closed(error))

    def _route(self, response: Response, size: int, events: list[Event]) -> None:
        if not self._greeted:
            self._greeting(response, events)
        elif isinstance(response, TaggedResponse):
            self._tagged(response, events)
        elif isinstance(response, ContinuationRequest):
            command = self._continuation_for
            if command is None:
                raise MalformedResponseError("server sent a continuation request nobody asked for")
            self._continuation_for = None
            events.append(ContinuationRequested(command, response))
        else:
            self._untagged(response, size, events)

    def _greeting(self, response: Response, events: list[Event]) -> None:
        if not isinstance(response, StatusResponse) or response.status not in (
            "OK",
            "PREAUTH",
            "BYE",
        ):
            raise MalformedResponseError("server did not start with a greeting")
        if response.status == "BYE":
            self.bye_text = response.text
            raise ConnectionLostError(f"server refused the connection: {response.text}")
        self._greeted = True
        if response.status == "PREAUTH":
            self._state = ClientState.AUTHENTICATED
        events.append(Greeted(response))

    def _tagged(self, response: TaggedResponse, events: list[Event]) -> None:
        command = self._pending.pop(response.tag, None)
        if command is None:
            # Never sent, or already answered: either way the two sides are
            # out of step, and no later reply can be trusted.
            raise MalformedResponseError(
                f"server answered tag {response.tag!r}, which is not pending"
            )
        assert command.encoded is not None
        if command.next_chunk < len(command.encoded.chunks):
            command.whole = False  # answered before it asked for the rest
        command.stage = Stage.DONE
        if self._continuation_for is command:
            self._continuation_for = None
        self._running.remove(command)
        _, _, on_success = _transition(command.name)
        if (
            response.status == "OK"
            and on_success is not None
            and self._state is not ClientState.LOGOUT
        ):
            self._state = on_success
        pause = False
        if command.name == "STARTTLS" and response.status == "OK":
            # Bytes after the OK but before the handshake were not protected
            # by it; a server never sends any, an attacker might.
            if self._parser.discard_buffered():
                raise SecurityError("server sent data after accepting STARTTLS: possible injection")
            pause = True
        events.append(Completed(command, response, pause))

    def _untagged(
        self, response: StatusResponse | UntaggedData, size: int, events: list[Event]
    ) -> None:
        key = response.keyword if isinstance(response, UntaggedData) else response.status
        solicited = False
        streamed_to = None
        for command in self._running:
            if key in command.collect and command.stage >= Stage.SENDING:
                solicited = True
                if command.abandoned:
                    continue
                if command.streamed:
                    streamed_to = command
                else:
                    command.untagged.append(response)
                    command.collected_size += size
                    self._check_collected(command)
        if streamed_to is None:
            events.append(Untagged(response, solicited))
        elif events and isinstance(events[-1], Streamed) and events[-1].command is streamed_to:
            events[-1].responses.append(response)
        else:
            events.append(Streamed(streamed_to, [response]))
        if isinstance(response, StatusResponse) and response.status == "BYE":
            self.bye_text = response.text
            if not any(command.name == "LOGOUT" for command in self._running):
                # Not the farewell to LOGOUT: the server is going away, and
                # nothing pending will be answered.
                raise ConnectionLostError(f"server said BYE: {response.text}")

    # -- helpers ---------------------------------------------------------------------

    def _check_collected(self, command: Command) -> None:
        limits = self._parser.limits
        if len(command.untagged) > limits.max_collected_responses:
            raise MalformedResponseError(
                f"the reply to {command.name} is over {limits.max_collected_responses} "
                "responses (Limits.max_collected_responses); stream it, e.g. with fetch()"
            )
        if command.collected_size > limits.max_collected_size:
            raise MalformedResponseError(
                f"the reply to {command.name} is over {limits.max_collected_size} bytes "
                "(Limits.max_collected_size); stream it, e.g. with fetch()"
            )

    def _chunk(self, command: Command) -> list[bytes]:
        assert command.encoded is not None
        index = command.next_chunk
        command.next_chunk += 1
        text = command.encoded.log_chunks[index]
        if text and wire_log.isEnabledFor(logging.DEBUG):
            log_client(text)
        return command.encoded.chunks[index]

    def _raise_if_closed(self) -> None:
        if self.error is not None:
            raise ConnectionLostError(f"the connection is closed: {self.error}") from self.error
