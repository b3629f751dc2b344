"""The authentication commands of :class:`~imapclient_async.Client`."""

from __future__ import annotations

import dataclasses

from .._commands import capability as _capability
from .._commands.auth import (
    SaslExchange,
    authenticate_oauthbearer_exchange,
    authenticate_plain_exchange,
    authenticate_xoauth2_exchange,
    login_arguments,
)
from .._commands.replies import raise_for_status
from .._proto import Argument
from .._session import Session
from ..errors import SecurityError
from ..session import LoginResult

__all__ = ["AuthCommands"]


class AuthCommands(Session):
    """LOGIN and AUTHENTICATE."""

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
        self._require_connection()
        # State first: Cyrus keeps listing LOGINDISABLED after a login succeeded.
        self._check_allowed("LOGIN")
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
        exchange = authenticate_plain_exchange(
            user, password, initial_response="SASL-IR" in self._capabilities
        )
        return await self._authenticate("AUTHENTICATE", exchange.arguments, exchange)

    async def authenticate_xoauth2(self, user: str, access_token: str) -> LoginResult:
        """Log in with an OAuth 2.0 access token (AUTHENTICATE XOAUTH2).

        The mechanism Gmail and Microsoft 365 document: the message is
        ``user=<user>^Aauth=Bearer <token>^A^A``, base64-encoded, sent with the
        command when the server offers SASL-IR (RFC 4959). Getting and
        refreshing the token is up to you (e.g. with your provider's OAuth
        library). The token never appears in logs or exception texts.

        When the server rejects the token it first sends a base64 JSON error
        (e.g. ``{"status":"401","schemes":"Bearer","scope":"..."}``); the client
        acknowledges it as the mechanism requires and the error's text is added
        to the :class:`~imapclient_async.errors.AuthenticationError` message.

        Args:
            user: The mailbox's user name, usually the e-mail address.
            access_token: The OAuth 2.0 bearer token, without ``Bearer``.

        Returns:
            The capabilities for the logged-in session and the server's text.

        Raises:
            AuthenticationError: The server rejected the token; its text ends
                with the server's JSON error when it sent one.
            StateError: Not connected, or already logged in.
            TypeError: ``user`` or ``access_token`` is not a str.
            ValueError: One is empty or holds NUL or ``\\x01``.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.authenticate_xoauth2("alice@gmail.com", token)
        """
        exchange = authenticate_xoauth2_exchange(
            user, access_token, initial_response="SASL-IR" in self._capabilities
        )
        return await self._authenticate("AUTHENTICATE", exchange.arguments, exchange)

    async def authenticate_oauthbearer(
        self,
        user: str,
        access_token: str,
        *,
        host: str | None = None,
        port: int | None = None,
    ) -> LoginResult:
        """Log in with an OAuth 2.0 access token (AUTHENTICATE OAUTHBEARER, RFC 7628).

        The standard successor of XOAUTH2: the message is a GS2 header naming
        ``user``, then ``host``, ``port`` and ``auth=Bearer <token>`` fields,
        base64-encoded, sent with the command when the server offers SASL-IR.
        The token never appears in logs or exception texts.

        When the server rejects the token it sends a base64 JSON error first;
        the client answers it with ``^A`` (RFC 7628 3.2.3) and the error's text
        is added to the :class:`~imapclient_async.errors.AuthenticationError`
        message.

        Args:
            user: The authorization identity, usually the e-mail address; an
                empty string leaves it out, for servers that take the user from
                the token.
            access_token: The OAuth 2.0 bearer token, without ``Bearer``.
            host: The server host name to send in the ``host`` field, as the
                token's audience check may need; None leaves the field out.
            port: The server port to send in the ``port`` field; None leaves
                it out.

        Returns:
            The capabilities for the logged-in session and the server's text.

        Raises:
            AuthenticationError: The server rejected the token; its text ends
                with the server's JSON error when it sent one.
            StateError: Not connected, or already logged in.
            TypeError: ``user``, ``access_token`` or ``host`` is not a str, or
                ``port`` not an int.
            ValueError: ``access_token`` is empty, a field holds NUL or
                ``\\x01`` (``host`` also CR/LF), or ``port`` is out of range.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.authenticate_oauthbearer(
                "alice@example.com", token, host="imap.example.com", port=993
            )
        """
        exchange = authenticate_oauthbearer_exchange(
            user,
            access_token,
            host=host,
            port=port,
            initial_response="SASL-IR" in self._capabilities,
        )
        return await self._authenticate("AUTHENTICATE", exchange.arguments, exchange)

    async def _authenticate(
        self,
        name: str,
        arguments: list[Argument],
        exchange: SaslExchange | None = None,
    ) -> LoginResult:
        outcome = await self._run(
            name,
            arguments,
            collect=_capability.COLLECT,
            exclusive=True,
            responder=exchange.respond if exchange is not None else None,
        )
        tagged = outcome.tagged
        if exchange is not None and exchange.failure_detail and tagged.status == "NO":
            detail = f"{tagged.text} (server said: {exchange.failure_detail})"
            tagged = dataclasses.replace(tagged, text=detail)
        raise_for_status(name, tagged, authentication=True)
        announced = _capability.capabilities_from_outcome(outcome)
        if announced is None:
            await self.capability()
        else:
            self._set_capabilities(announced)
        return LoginResult(self._capabilities, tagged.text)
