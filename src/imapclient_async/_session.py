"""The session core every command family builds on: connection, state, events.

Each command family's public coroutines live in a mixin in
``imapclient_async._api``; :class:`~imapclient_async.Client` combines them.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import socket
import ssl
from collections.abc import Callable, Coroutine, Mapping, Sequence
from types import TracebackType
from typing import Literal, TypeAlias, TypeVar

from ._checks import require_int, require_number, require_str
from ._commands import capability as _capability
from ._commands import select as _select
from ._commands.replies import raise_for_status, require_capability
from ._commands.unsolicited import event_for
from ._connection import Connection, Responder, Sink
from ._holders import ConnectionHolders
from ._proto import (
    Argument,
    CommandOutcome,
    Limits,
    StatusResponse,
    TaggedResponse,
    UntaggedData,
    check_allowed,
)
from ._proto._log import log
from ._stream import ResponseStream
from ._transports import CommandTransport, SocketTransport, TcpTransport, Transport
from .errors import (
    ConnectionLostError,
    IMAPError,
    ProtocolError,
    SecurityError,
    StateError,
)
from .events import Alert, Event
from .mailboxes import SelectResult
from .messageset import names_no_message
from .session import ClientState, Greeting, LogoutResult, TLSInfo

__all__ = ["EventHandler", "Security", "Session"]

Security: TypeAlias = Literal["tls", "starttls", "plain"]
"""How the connection is protected; see :class:`~imapclient_async.Client`."""

EventHandler: TypeAlias = Callable[[Event], None]
"""A function called with each unsolicited :mod:`event <imapclient_async.events>`."""

_SessionT = TypeVar("_SessionT", bound="Session")

_DEFAULT_PORTS: dict[str, int] = {"tls": 993, "starttls": 143, "plain": 143}


class Session:
    """Connection, session state and command execution shared by all command families.

    Not used directly: see :class:`~imapclient_async.Client`, whose docstring
    documents the constructor arguments.
    """

    def __init__(
        self,
        host: str,
        port: int | None = None,
        *,
        security: Security = "tls",
        ssl_context: ssl.SSLContext | None = None,
        timeout: float | None = 30.0,
        limits: Limits | None = None,
    ) -> None:
        require_str(host=host, security=security)
        if not host:
            raise ValueError("host must not be empty")
        if security not in _DEFAULT_PORTS:
            raise ValueError(f"security must be 'tls', 'starttls' or 'plain', not {security!r}")
        if port is None:
            port = _DEFAULT_PORTS[security]
        else:
            require_int(port=port)
            if not 0 < port < 65536:
                raise ValueError(f"port must be between 1 and 65535, not {port}")
        if ssl_context is not None and not isinstance(ssl_context, ssl.SSLContext):
            raise TypeError("ssl_context must be an ssl.SSLContext")
        if ssl_context is not None and security == "plain":
            raise ValueError("ssl_context was given but security='plain' never uses TLS")
        if timeout is not None:
            require_number(timeout=timeout)
            if not timeout > 0:
                raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
        if limits is not None and not isinstance(limits, Limits):
            raise TypeError("limits must be an imapclient_async.Limits")
        self._host = host
        self._port = port
        self._security = security
        self._ssl_context = ssl_context
        self._timeout = timeout
        self._limits = limits if limits is not None else Limits()
        self._transport: Transport | None = None  # set by connect() or a from_* constructor
        self._connection: Connection | None = None
        self._disconnected = False  # close() before connect(): nothing to close
        self._capabilities: frozenset[str] = frozenset()
        self._selected: SelectResult | None = None
        self._event_handlers: list[EventHandler] = []
        # Tasks iterating a streamed reply or inside an IDLE block may not send.
        self._holders = ConnectionHolders()
        # Extensions turned on with ENABLE (RFC 5161), upper case, e.g. "QRESYNC".
        self._enabled: set[str] = set()
        self._tls: TLSInfo | None = None

    @classmethod
    def from_socket(
        cls: type[_SessionT],
        sock: socket.socket,
        *,
        server_hostname: str | None = None,
        security: Security = "plain",
        ssl_context: ssl.SSLContext | None = None,
        timeout: float | None = 30.0,
        limits: Limits | None = None,
    ) -> _SessionT:
        """A client over a stream socket you connected yourself (TCP or Unix).

        Useful behind a proxy or a tunnel, or with a socket a test made. The
        client owns the socket from then on and closes it with the session.

        Args:
            sock: A connected ``SOCK_STREAM`` socket.
            server_hostname: The name the server's certificate must carry;
                needed with ``security="tls"`` or ``"starttls"``.
            security, ssl_context, timeout, limits: As for :class:`Client`;
                ``security`` defaults to ``"plain"`` here.

        Raises:
            ValueError: The socket is not a connected stream socket, or TLS was
                asked for without ``server_hostname``.
            TypeError: ``sock`` is not a socket, or another argument has the
                wrong type (as for :class:`Client`).

        Example::

            sock = socket.create_connection(("127.0.0.1", 1143))
            async with Client.from_socket(sock) as imap:
                await imap.login("alice", "secret")
        """
        if not isinstance(sock, socket.socket):
            raise TypeError(f"sock must be a socket.socket, not {type(sock).__name__}")
        if server_hostname is not None:
            require_str(server_hostname=server_hostname)
        if security != "plain" and not server_hostname:
            raise ValueError(
                f"security={security!r} needs server_hostname to verify the certificate"
            )
        client = cls(
            server_hostname or "localhost",
            security=security,
            ssl_context=ssl_context,
            timeout=timeout,
            limits=limits,
        )
        tls_context = client._tls_context() if security == "tls" else None
        client._transport = SocketTransport(sock, tls_context, server_hostname)
        return client

    @classmethod
    def from_command(
        cls: type[_SessionT],
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        timeout: float | None = 30.0,
        limits: Limits | None = None,
    ) -> _SessionT:
        """A client talking to a command whose stdin and stdout speak IMAP.

        The equivalent of imaplib's ``IMAP4_stream``: for example
        ``["ssh", "mailhost", "/usr/lib/dovecot/imap"]``, or Dovecot's
        ``["doveadm", "exec", "imap"]`` with ``USER`` in ``env``, which needs
        no listener, port or root and greets with PREAUTH (already logged
        in). The command starts on :meth:`connect` (or ``async with``); its
        stderr is yours. Closing the session closes its stdin and waits for
        it to exit (killing it after a few seconds if it does not).

        Args:
            argv: The command and its arguments, as for :mod:`subprocess`.
            env: Its environment; None inherits yours.
            cwd: Its working directory; None inherits yours.
            timeout, limits: As for :class:`Client`.

        Raises:
            TypeError: ``argv`` is a single str (pass a list) or holds a non-str.
            ValueError: ``argv`` is empty.

        Opening raises ConnectionLostError when the command cannot be started
        (e.g. not found) or exits before greeting.

        Example::

            env = {**os.environ, "USER": "alice"}
            async with Client.from_command(["doveadm", "exec", "imap"], env=env) as imap:
                inbox = await imap.select("INBOX")   # PREAUTH: no login needed
        """
        if isinstance(argv, (str, bytes)):
            raise TypeError(
                "argv must be a sequence of arguments, e.g. ['doveadm', 'exec', 'imap']"
            )
        for argument in argv:
            if not isinstance(argument, str):
                raise TypeError(f"argv must hold str arguments, not {type(argument).__name__}")
        if not argv:
            raise ValueError("argv must name a command, as a non-empty list of str")
        client = cls("localhost", security="plain", timeout=timeout, limits=limits)
        client._transport = CommandTransport(argv, env, cwd)
        return client

    def __repr__(self) -> str:
        where = (
            self._transport.where if self._transport is not None else f"{self._host}:{self._port}"
        )
        return f"<Client {where} security={self._security} state={self.state.name}>"

    def _tls_context(self) -> ssl.SSLContext | None:
        """The TLS settings to use: the caller's, or verified defaults; None for plain."""
        if self._security == "plain":
            return None
        return self._ssl_context or ssl.create_default_context()

    # -- properties ------------------------------------------------------------

    @property
    def state(self) -> ClientState:
        """The session's state (RFC 3501 section 3).

        NOT_AUTHENTICATED before login (and before :meth:`connect`), LOGOUT
        once the connection is closed for any reason.
        """
        if self._connection is None:
            return ClientState.LOGOUT if self._disconnected else ClientState.NOT_AUTHENTICATED
        return self._connection.state

    @property
    def capabilities(self) -> frozenset[str]:
        """The server's current capabilities, upper case, e.g. ``"IDLE"``.

        Empty before :meth:`connect`. Replaced after STARTTLS (never trusting
        what was said before the handshake) and after login, and whenever the
        server announces new ones.
        """
        return self._capabilities

    @property
    def selected(self) -> SelectResult | None:
        """The selected mailbox, kept current from the server's updates; else None.

        A new :class:`SelectResult` replaces it whenever the server reports new
        messages, expunges or flag changes, so ``imap.selected.exists`` is
        always the latest count the server told us.
        """
        return self._selected if self.state is ClientState.SELECTED else None

    @property
    def tls(self) -> TLSInfo | None:
        """What the TLS handshake agreed on and the server's certificate; None without TLS.

        Set once :meth:`connect` has completed the handshake (for
        ``security="starttls"``, the one after STARTTLS); None before that
        and on ``security="plain"`` connections. Stays readable after the
        connection is closed.

        Example::

            await imap.connect()
            if imap.tls is not None:
                print(imap.tls.version, imap.tls.subject, imap.tls.not_after)
        """
        return self._tls

    @property
    def closed(self) -> bool:
        """True before :meth:`connect` and once the connection is closed or lost."""
        return self._connection is None or self._connection.closed

    # -- connection ------------------------------------------------------------

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None and not self.closed:
                # Already gone means nothing is left to log out of.
                with contextlib.suppress(ConnectionLostError):
                    await self.logout()
        finally:
            await self.close()

    async def connect(self) -> Greeting:
        """Open the connection, read the greeting, and learn the capabilities.

        With ``security="starttls"`` this also upgrades to TLS and asks for the
        capabilities again over the protected connection.

        Returns:
            The server's greeting and capabilities.

        Raises:
            ConnectionLostError: The server could not be reached, or refused
                the connection with BYE.
            SecurityError: TLS could not be established as asked.
            IMAPTimeoutError: A step took longer than ``timeout``.
            ProtocolError: The server's first words were not an IMAP greeting.
            StateError: ``connect()`` was already called on this client.

        Example::

            imap = Client("imap.example.org")
            greeting = await imap.connect()
            print(greeting.text)
        """
        if self._connection is not None or self._disconnected:
            raise StateError("connect() was already called; create a new Client to reconnect")
        context = self._tls_context()
        if self._transport is None:
            tls_context = context if self._security == "tls" else None
            self._transport = TcpTransport(self._host, self._port, tls_context)
        transport = self._transport
        self._connection = connection = Connection(
            transport.where,
            timeout=self._timeout,
            limits=self._limits,
            on_untagged=self._on_untagged,
        )
        greeting = await connection.open(transport)
        status: Literal["OK", "PREAUTH"] = "PREAUTH" if greeting.status == "PREAUTH" else "OK"
        self._set_capabilities(_capability.capabilities_from_code(greeting.code))
        if self._security == "starttls":
            assert context is not None  # not "plain"
            await self._start_tls(context, preauthenticated=status == "PREAUTH")
        ssl_object = connection.ssl_object
        if ssl_object is not None and context is not None:
            self._tls = _tls_info(ssl_object, context)
        if not self._capabilities:
            await self.capability()
        return Greeting(status, greeting.text, self._capabilities)

    async def _start_tls(self, context: ssl.SSLContext, *, preauthenticated: bool) -> None:
        connection = self._require_connection()
        if preauthenticated:
            raise connection.fail(
                SecurityError("server greeted with PREAUTH, which would skip STARTTLS")
            )
        if not self._capabilities:
            await self.capability()
        if "STARTTLS" not in self._capabilities:
            raise connection.fail(SecurityError("server does not offer STARTTLS"))
        await connection.start_tls(context, self._host)
        self._set_capabilities(frozenset())  # never trust what was said before TLS

    async def close(self) -> None:
        """Close the connection without LOGOUT. Safe to call at any time, and again.

        This closes the *connection*, as ``close()`` does in every asyncio
        library. IMAP's CLOSE command, which expunges, is
        :meth:`unselect_and_expunge`. Leaving ``async with Client(...)`` logs
        out first and then closes. ``aclose()`` is the same coroutine, for
        :func:`contextlib.aclosing`.

        Commands still waiting raise
        :class:`~imapclient_async.errors.ConnectionLostError`. Returns once the
        socket is closed (for TLS, after the closing handshake, bounded by a
        few seconds).

        Raises:
            Nothing: closing cannot fail; a connection that is already gone
                is simply forgotten.

        Example::

            imap = Client("imap.example.org")
            try:
                await imap.connect()
                ...
            finally:
                await imap.close()
        """
        self._disconnected = True
        if self._connection is not None:
            self._connection.close()
            await self._connection.wait_closed()
        if self._transport is not None:
            await self._transport.aclose()

    aclose = close

    # -- any state ---------------------------------------------------------------

    async def capability(self) -> frozenset[str]:
        """Ask the server for its capabilities (CAPABILITY) and remember them.

        Usually unnecessary: :attr:`capabilities` is filled in on connect and
        after login.

        Returns:
            The capability names, upper case, e.g. ``frozenset({"IMAP4REV1", "IDLE"})``.

        Raises:
            ProtocolError: The server answered BAD or sent no capability list.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            if "MOVE" in await imap.capability():
                ...
        """
        outcome = await self._run("CAPABILITY", collect=_capability.COLLECT)
        raise_for_status("CAPABILITY", outcome)
        announced = _capability.capabilities_from_outcome(outcome)
        if announced is None:
            raise ProtocolError("server answered CAPABILITY without listing capabilities")
        self._set_capabilities(announced)
        return announced

    async def noop(self) -> None:
        """Send NOOP: keeps the connection alive and lets the server report changes.

        Updates the server reports in reply (new messages, expunges, flag
        changes) update :attr:`selected` and reach the event handlers.

        Raises:
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.noop()
            if imap.selected is not None:
                print(imap.selected.exists)
        """
        raise_for_status("NOOP", await self._run("NOOP"))

    async def logout(self) -> LogoutResult:
        """End the session (LOGOUT) and close the connection.

        Returns:
            The server's farewell text.

        Raises:
            StateError: Already logged out.
            ConnectionLostError: The connection dropped before the server
                confirmed (a ``* BYE`` followed by a close counts as confirmed).
            IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            result = await imap.logout()
            print(result.text)
        """
        connection = self._require_connection()
        try:
            outcome = await self._run("LOGOUT", collect=frozenset({"BYE"}), exclusive=True)
        except ConnectionLostError:
            if connection.bye_text is None:
                raise
            text = connection.bye_text
        else:
            text = raise_for_status("LOGOUT", outcome).text
        await self.close()
        return LogoutResult(text)

    # -- events ------------------------------------------------------------------------

    def add_event_handler(self, handler: EventHandler) -> Callable[[], None]:
        """Call ``handler`` with every unsolicited update the server sends.

        Handlers run synchronously as responses arrive, so they must be quick
        and must not await; hand work to a queue for anything more. An
        exception raised by a handler is logged and does not stop the others.

        Returns:
            A function that removes the handler again.

        Example::

            from imapclient_async.events import Event, Exists

            def on_event(event: Event) -> None:
                if isinstance(event, Exists):
                    print("now", event.count, "messages")

            remove = imap.add_event_handler(on_event)
        """
        self._event_handlers.append(handler)

        def remove() -> None:
            if handler in self._event_handlers:
                self._event_handlers.remove(handler)

        return remove

    def _on_untagged(self, response: StatusResponse | UntaggedData, solicited: bool) -> None:
        try:
            self._apply_untagged(response, solicited)
        except ProtocolError as exc:
            # Reading policy: data we cannot use costs only itself, never the
            # connection; the command it answers (if any) judges it on its own.
            log.warning("ignored a server response that cannot be read: %s", exc)

    def _apply_untagged(self, response: StatusResponse | UntaggedData, solicited: bool) -> None:
        if isinstance(response, UntaggedData) and response.keyword == "CAPABILITY":
            self._set_capabilities(_capability.capability_set(response.values))
        elif isinstance(response, StatusResponse):
            announced = _capability.capabilities_from_code(response.code)
            if announced is not None:
                self._set_capabilities(announced)
        if self._selected is not None:
            self._selected = _select.apply_update(self._selected, response)
        if solicited and isinstance(response, UntaggedData):
            return  # data answering a command (SEARCH, a collected FETCH): no event to build
        event = event_for(response)
        if event is None or (solicited and not isinstance(event, Alert)):
            return
        if isinstance(event, Alert):
            log.warning("server alert: %s", event.text)
        for handler in list(self._event_handlers):
            try:
                handler(event)
            except Exception:
                log.exception("event handler %r failed", handler)

    # -- helpers -------------------------------------------------------------------------

    def _set_capabilities(self, capabilities: frozenset[str] | None) -> None:
        if capabilities is None:
            return
        self._capabilities = capabilities
        if self._connection is not None:
            self._connection.literal_mode = _capability.literal_mode_for(capabilities)

    def _require_connection(self) -> Connection:
        if self._connection is None:
            raise StateError("not connected: call connect() or use 'async with Client(...)'")
        return self._connection

    async def _run(
        self,
        name: str,
        arguments: list[Argument] | None = None,
        *,
        collect: frozenset[str] = frozenset(),
        exclusive: bool = False,
        check: Callable[[], None] | None = None,
        responder: Responder | None = None,
        sink: Sink | None = None,
        unanswered: Callable[[IMAPError], IMAPError] | None = None,
        on_written: Callable[[int, int], None] | None = None,
    ) -> CommandOutcome:
        connection = self._require_connection()
        self._check_open()  # a StateError after logout() beats "connection closed"
        self._holders.check_may_send(name)
        if arguments and names_no_message(arguments):
            return self._unsent(name, check)
        return await connection.run(
            name,
            arguments or [],
            collect=collect,
            exclusive=exclusive,
            check=check,
            responder=responder,
            sink=sink,
            unanswered=unanswered,
            on_written=on_written,
        )

    def _unsent(self, name: str, check: Callable[[], None] | None) -> CommandOutcome:
        """A command about no message: checked as if sent, then answered OK with nothing.

        IMAP cannot name an empty message set, and such a command would do
        nothing anyway; every command's result reads this as its empty result.
        """
        self._check_allowed(name)
        if check is not None:
            check()
        log.debug("%s not sent: the message set is empty", name)
        return CommandOutcome(TaggedResponse("", "OK", None, "nothing to do"), [])

    def _stream(
        self,
        name: str,
        arguments: list[Argument],
        *,
        collect: frozenset[str],
        check: Callable[[], None] | None = None,
    ) -> ResponseStream:
        """A command whose collected responses are iterated as they arrive."""
        connection = self._require_connection()

        def run(sink: Sink) -> Coroutine[object, object, CommandOutcome]:
            return self._run(name, arguments, collect=collect, check=check, sink=sink)

        return ResponseStream(name, run, connection, self._holders)

    def _check_open(self) -> None:
        if self._disconnected:
            raise StateError("the session is logged out")
        if self._connection is not None:
            # A lost connection is not a state to report but a failure.
            self._connection.raise_if_closed()

    def _check_allowed(self, name: str) -> None:
        """Raise StateError unless the state lets ``name`` be sent (the protocol's table)."""
        self._check_open()
        check_allowed(name, self.state)

    def _require_capability(self, purpose: str, *names: str) -> None:
        """Raise CapabilityError unless the server offers one of ``names``."""
        require_capability(self._capabilities, purpose, *names)


_NAME_ABBREVIATIONS = {
    "commonName": "CN",
    "countryName": "C",
    "localityName": "L",
    "organizationName": "O",
    "organizationalUnitName": "OU",
    "stateOrProvinceName": "ST",
}


def _tls_info(ssl_object: ssl.SSLObject, context: ssl.SSLContext) -> TLSInfo:
    """What ``ssl_object`` knows of the finished handshake, for :attr:`Session.tls`."""
    # getpeercert() reads the fields only of a certificate it verified; else it is {}.
    fields = ssl_object.getpeercert() or {}
    cipher = ssl_object.cipher()

    def name(key: str) -> str | None:
        pairs = _pairs(fields.get(key))
        return (
            ", ".join(f"{_NAME_ABBREVIATIONS.get(kind, kind)}={value}" for kind, value in pairs)
            or None
        )

    def moment(key: str) -> datetime.datetime | None:
        text = fields.get(key)
        if not isinstance(text, str):
            return None
        return datetime.datetime.fromtimestamp(
            ssl.cert_time_to_seconds(text), datetime.timezone.utc
        )

    return TLSInfo(
        version=ssl_object.version() or "",
        cipher=cipher[0] if cipher is not None else "",
        verified=context.verify_mode != ssl.CERT_NONE and context.check_hostname,
        subject=name("subject"),
        issuer=name("issuer"),
        alt_names=tuple(f"{kind}:{value}" for kind, value in _pairs(fields.get("subjectAltName"))),
        not_before=moment("notBefore"),
        not_after=moment("notAfter"),
        certificate=ssl_object.getpeercert(binary_form=True),
    )


def _pairs(value: object) -> list[tuple[str, str]]:
    """The ``(kind, value)`` pairs in a field of ``getpeercert()``, nested or not."""
    if not isinstance(value, tuple):
        return []
    if len(value) == 2 and all(isinstance(item, str) for item in value):
        return [(value[0], value[1])]
    return [pair for item in value for pair in _pairs(item)]
