"""The authentication commands of :class:`~imapclient_async.Client`.

This module changes when a way to log in is added or changed.
"""

from __future__ import annotations

from .._commands import capability as _capability
from .._commands.auth import authenticate_plain_arguments, login_arguments
from .._commands.replies import raise_for_status
from .._connection import Responder
from .._proto import Argument
from .._session import Session
from ..errors import SecurityError
from ..types import ClientState, LoginResult

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
