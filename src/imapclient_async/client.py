"""The high-level asyncio IMAP client.

This module changes when the public face of the client changes. It sequences
commands and keeps session state; each command family's arguments and reply
parsing live in ``imapclient_async._commands``, and bytes move in
``imapclient_async._connection``.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Callable
from types import TracebackType
from typing import Literal, TypeAlias

from ._commands import capability as _capability
from ._commands import select as _select
from ._commands.auth import authenticate_plain_arguments, login_arguments
from ._commands.mailbox import mailbox_argument
from ._commands.replies import raise_for_status
from ._commands.unsolicited import event_for
from ._connection import CommandOutcome, Connection, Responder
from ._log import log
from ._proto import Argument, Limits, StatusResponse, UntaggedData
from .errors import ConnectionLostError, ProtocolError, SecurityError, StateError
from .events import Alert, Event
from .types import ClientState, Greeting, LoginResult, LogoutResult, SelectResult

__all__ = ["Client", "EventHandler", "Security"]

Security: TypeAlias = Literal["tls", "starttls", "plain"]
"""How the connection is protected; see :class:`Client`."""

EventHandler: TypeAlias = Callable[[Event], None]
"""A function called with each unsolicited :mod:`event <imapclient_async.events>`."""

_DEFAULT_PORTS: dict[str, int] = {"tls": 993, "starttls": 143, "plain": 143}
_LOGGED_IN = (ClientState.AUTHENTICATED, ClientState.SELECTED)


class Client:
    """An IMAP client for asyncio.

    Constructing a client does no I/O. ``async with`` connects, reads the
    greeting and capabilities, and on leaving logs out (if the block ended
    normally and the session is still open) and always closes the connection.

    Args:
        host: The server's host name or IP address.
        port: The server's port; None for the default of ``security``: 993 for
            ``"tls"``, 143 otherwise.
        security: ``"tls"`` (the default): TLS from the first byte (implicit
            TLS, RFC 8314). ``"starttls"``: connect in plain text, then upgrade
            with STARTTLS before anything else is sent; if the server does not
            offer STARTTLS, refuses it, or greets with PREAUTH, connecting
            fails with :class:`~imapclient_async.errors.SecurityError` rather
            than continue unprotected. ``"plain"``: no TLS at all. **Unsafe**:
            passwords and mail cross the network readable by anyone on the path;
            only for servers on the same machine or in tests.
        ssl_context: The TLS settings. None means
            :func:`ssl.create_default_context`, which verifies the server's
            certificate and host name. Not allowed with ``security="plain"``.
        timeout: Seconds allowed for connecting, for the greeting, for the TLS
            handshake, and for each command from the call until its reply; None
            for no limit. When a command that was already sent times out, the
            connection is closed (its late reply could otherwise be mistaken
            for another's).
        limits: Caps on the size of server data; see
            :class:`~imapclient_async.Limits`.

    Raises:
        ValueError: An argument is out of range or the options conflict.
        TypeError: An argument has the wrong type.

    Example::

        import asyncio
        from imapclient_async import Client

        async def main() -> None:
            async with Client("imap.example.org") as imap:
                await imap.login("user", "password")
                inbox = await imap.select("INBOX")
                print(f"I have {inbox.exists} messages in my INBOX.")
                await imap.logout()

        asyncio.run(main())
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
        if not isinstance(host, str) or not host:
            raise ValueError("host must be a non-empty str")
        if security not in _DEFAULT_PORTS:
            raise ValueError(f"security must be 'tls', 'starttls' or 'plain', not {security!r}")
        if port is None:
            port = _DEFAULT_PORTS[security]
        elif isinstance(port, bool) or not isinstance(port, int):
            raise TypeError(f"port must be an int, not {type(port).__name__}")
        elif not 0 < port < 65536:
            raise ValueError(f"port must be between 1 and 65535, not {port}")
        if ssl_context is not None and not isinstance(ssl_context, ssl.SSLContext):
            raise TypeError("ssl_context must be an ssl.SSLContext")
        if ssl_context is not None and security == "plain":
            raise ValueError("ssl_context was given but security='plain' never uses TLS")
        if timeout is not None and (
            isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0
        ):
            raise ValueError(
                f"timeout must be a positive number of seconds or None, not {timeout!r}"
            )
        if limits is not None and not isinstance(limits, Limits):
            raise TypeError("limits must be an imapclient_async.Limits")
        self._host = host
        self._port = port
        self._security = security
        self._ssl_context = ssl_context
        self._timeout = timeout
        self._limits = limits if limits is not None else Limits()
        self._connection: Connection | None = None
        self._state = ClientState.NOT_AUTHENTICATED
        self._capabilities: frozenset[str] = frozenset()
        self._selected: SelectResult | None = None
        self._event_handlers: list[EventHandler] = []

    def __repr__(self) -> str:
        return (
            f"<Client {self._host}:{self._port} security={self._security} state={self.state.name}>"
        )

    # -- properties ------------------------------------------------------------

    @property
    def state(self) -> ClientState:
        """The session's state (RFC 3501 section 3).

        NOT_AUTHENTICATED before login (and before :meth:`connect`), LOGOUT
        once the connection is closed for any reason.
        """
        if self._connection is not None and self._connection.closed:
            return ClientState.LOGOUT
        return self._state

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
    def closed(self) -> bool:
        """True before :meth:`connect` and once the connection is closed or lost."""
        return self._connection is None or self._connection.closed

    # -- connection ------------------------------------------------------------

    async def __aenter__(self) -> Client:
        await self.connect()
        return self

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
            await self.disconnect()

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
        if self._connection is not None:
            raise StateError("connect() was already called; create a new Client to reconnect")
        context = self._ssl_context
        if context is None and self._security != "plain":
            context = ssl.create_default_context()
        self._connection = connection = Connection(
            self._host,
            self._port,
            tls_context=context if self._security == "tls" else None,
            timeout=self._timeout,
            limits=self._limits,
            on_untagged=self._on_untagged,
        )
        greeting = await connection.open()
        status: Literal["OK", "PREAUTH"] = "PREAUTH" if greeting.status == "PREAUTH" else "OK"
        if status == "PREAUTH":
            self._state = ClientState.AUTHENTICATED
        self._set_capabilities(_capability.capabilities_from_code(greeting.code))
        if self._security == "starttls":
            assert context is not None
            await self._start_tls(context, preauthenticated=status == "PREAUTH")
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
        await connection.start_tls(context)
        self._set_capabilities(frozenset())  # never trust what was said before TLS

    async def disconnect(self) -> None:
        """Close the connection without LOGOUT. Safe to call at any time, and again.

        Commands still waiting raise
        :class:`~imapclient_async.errors.ConnectionLostError`. Returns once the
        socket is closed (for TLS, after the closing handshake, bounded by a
        few seconds).

        Example::

            try:
                ...
            finally:
                await imap.disconnect()
        """
        self._state = ClientState.LOGOUT
        if self._connection is not None:
            self._connection.close()
            await self._connection.wait_closed()

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
        await self.disconnect()
        return LogoutResult(text)

    # -- not authenticated ----------------------------------------------------------

    async def login(self, user: str, password: str) -> LoginResult:
        """Log in with a user name and password (LOGIN).

        Both are sent as quoted strings or literals as needed, so any
        characters work, including quotes, backslashes, CR/LF and non-ASCII.
        The password never appears in logs or exception texts.

        Returns:
            The capabilities for the logged-in session and the server's text.

        Raises:
            AuthenticationError: The server rejected the credentials; ``code``
                says why when the server tells (e.g. ``"AUTHENTICATIONFAILED"``).
            SecurityError: The server said LOGINDISABLED (typically: plain-text
                login is refused without TLS). Nothing was sent.
            StateError: Not connected, or already logged in.
            TypeError, ValueError: ``user``/``password`` not a str, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            result = await imap.login("alice", "correct horse battery staple")
        """
        arguments = login_arguments(user, password)
        if "LOGINDISABLED" in self._capabilities:
            raise SecurityError("server disabled LOGIN on this connection (LOGINDISABLED)")
        return await self._authenticate("LOGIN", arguments)

    async def authenticate_plain(self, user: str, password: str) -> LoginResult:
        """Log in with SASL PLAIN (AUTHENTICATE PLAIN, RFC 4616).

        Sends the credentials with the command when the server offers SASL-IR
        (RFC 4959), saving a round trip, else after the server's ``+``.

        Returns:
            The capabilities for the logged-in session and the server's text.

        Raises:
            AuthenticationError: The server rejected the credentials.
            StateError: Not connected, or already logged in.
            TypeError, ValueError: ``user``/``password`` not a str, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.authenticate_plain("alice", "secret")
        """
        arguments, responder = authenticate_plain_arguments(
            user, password, initial_response="SASL-IR" in self._capabilities
        )
        return await self._authenticate("AUTHENTICATE", arguments, responder)

    async def _authenticate(
        self,
        name: str,
        arguments: list[Argument],
        responder: Responder | None = None,
    ) -> LoginResult:
        outcome = await self._run(
            name,
            arguments,
            collect=_capability.COLLECT,
            exclusive=True,
            check=self._check_not_authenticated,
            responder=responder,
        )
        tagged = raise_for_status(name, outcome, authentication=True)
        self._state = ClientState.AUTHENTICATED
        announced = _capability.capabilities_from_outcome(outcome)
        if announced is None:
            await self.capability()
        else:
            self._set_capabilities(announced)
        return LoginResult(self._capabilities, tagged.text)

    # -- authenticated ----------------------------------------------------------------

    async def select(self, mailbox: str = "INBOX", *, readonly: bool = False) -> SelectResult:
        """Open a mailbox (SELECT, or EXAMINE when ``readonly``).

        The name may hold any characters; it is sent in modified UTF-7
        (RFC 3501 5.1.3), so ``select("Entwürfe")`` works. If the server
        refuses, no mailbox is selected afterwards (RFC 3501 6.3.1).

        Returns:
            The mailbox's message counts, flags and UID information, also
            available as :attr:`selected` until another mailbox is selected.

        Raises:
            CommandError: The server refused, e.g. the mailbox does not exist
                (``code`` is ``"NONEXISTENT"`` when the server says so).
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            inbox = await imap.select("INBOX")
            print(f"I have {inbox.exists} messages in my INBOX.")
        """
        argument = mailbox_argument(mailbox)
        name = "EXAMINE" if readonly else "SELECT"

        def check() -> None:
            self._check_logged_in()
            # RFC 3501 6.3.1: SELECT deselects the current mailbox even when it
            # fails, and its responses describe the new one, not the old.
            self._selected = None
            self._state = ClientState.AUTHENTICATED

        outcome = await self._run(
            name, [argument], collect=_select.COLLECT, exclusive=True, check=check
        )
        raise_for_status(name, outcome)
        self._selected = _select.select_result(mailbox, outcome, readonly=readonly)
        self._state = ClientState.SELECTED
        return self._selected

    async def examine(self, mailbox: str) -> SelectResult:
        """Open a mailbox read-only (EXAMINE): nothing in it can change, not even ``\\Seen``.

        Same as ``select(mailbox, readonly=True)``; the result's ``read_only``
        is True.

        Raises:
            CommandError, StateError, TypeError, ValueError: As for :meth:`select`.

        Example::

            archive = await imap.examine("Archive")
        """
        return await self.select(mailbox, readonly=True)

    async def create(self, mailbox: str) -> None:
        """Create a mailbox (CREATE).

        Use the server's hierarchy delimiter (often ``/`` or ``.``) in the name
        to create a mailbox inside another; any characters work, as for
        :meth:`select`.

        Raises:
            CommandError: The server refused, e.g. ``code`` ``"ALREADYEXISTS"``.
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.create("Archive/2026")
        """
        await self._mailbox_command("CREATE", mailbox)

    async def delete(self, mailbox: str) -> None:
        """Delete a mailbox (DELETE) and every message in it.

        Raises:
            CommandError: The server refused, e.g. ``code`` ``"NONEXISTENT"``
                when there is no such mailbox.
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.delete("Archive/2019")
        """
        await self._mailbox_command("DELETE", mailbox)

    async def _mailbox_command(self, name: str, mailbox: str) -> None:
        outcome = await self._run(name, [mailbox_argument(mailbox)], check=self._check_logged_in)
        raise_for_status(name, outcome)

    # -- events ------------------------------------------------------------------------

    def add_event_handler(self, handler: EventHandler) -> Callable[[], None]:
        """Call ``handler`` with every unsolicited update the server sends.

        Handlers run synchronously as responses arrive, so they must be quick
        and must not await; hand work to a queue for anything more. An
        exception raised by a handler is logged and does not stop the others.

        Returns:
            A function that removes the handler again.

        Example::

            from imapclient_async.events import Exists

            def on_event(event):
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
        if isinstance(response, UntaggedData) and response.keyword == "CAPABILITY":
            self._set_capabilities(_capability.capability_set(response.values))
        elif isinstance(response, StatusResponse):
            announced = _capability.capabilities_from_code(response.code)
            if announced is not None:
                self._set_capabilities(announced)
        if self._selected is not None:
            self._selected = _select.apply_update(self._selected, response)
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
    ) -> CommandOutcome:
        connection = self._require_connection()
        self._check_open()  # a StateError after logout() beats "connection closed"
        return await connection.run(
            name,
            arguments or [],
            collect=collect,
            exclusive=exclusive,
            check=check or self._check_open,
            responder=responder,
        )

    def _check_open(self) -> None:
        if self._state is ClientState.LOGOUT:
            raise StateError("the session is logged out")

    def _check_not_authenticated(self) -> None:
        self._check_open()
        if self._state is not ClientState.NOT_AUTHENTICATED:
            raise StateError("already authenticated")

    def _check_logged_in(self) -> None:
        self._check_open()
        if self._state not in _LOGGED_IN:
            raise StateError("not logged in: call login() first")
