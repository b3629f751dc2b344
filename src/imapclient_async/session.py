"""What the session commands return: the greeting, login, logout, and the session state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._proto import ClientState

__all__ = ["ClientState", "Greeting", "LoginResult", "LogoutResult"]


@dataclass(frozen=True, slots=True)
class Greeting:
    """What the server said when the connection opened.

    Attributes:
        status: ``"OK"`` (log in next) or ``"PREAUTH"`` (the server already
            authenticated the connection, e.g. by its TLS client certificate;
            the client starts in the AUTHENTICATED state).
        text: The server's greeting text, e.g. ``"Dovecot ready."``.
        capabilities: The server's capabilities once connected, upper case, e.g.
            ``frozenset({"IMAP4REV1", "IDLE", "AUTH=PLAIN"})``. With
            ``security="starttls"`` these are the ones announced after the TLS
            handshake; any announced before it are discarded, because an
            attacker could have changed them.

    Example::

        greeting = await imap.connect()
        print(greeting.text, "IDLE" in greeting.capabilities)
    """

    status: Literal["OK", "PREAUTH"]
    text: str
    capabilities: frozenset[str]


@dataclass(frozen=True, slots=True)
class LoginResult:
    """The outcome of a successful LOGIN or AUTHENTICATE.

    Attributes:
        capabilities: The capabilities the server offers to the logged-in user
            (servers often announce more after login, e.g. ``"MOVE"``), taken
            from the reply's ``[CAPABILITY ...]`` code or, when absent, from a
            CAPABILITY command sent right after.
        text: The server's text for the successful login, e.g. ``"Logged in"``.

    Example::

        result = await imap.login("alice", "secret")
        if "MOVE" in result.capabilities:
            ...
    """

    capabilities: frozenset[str]
    text: str


@dataclass(frozen=True, slots=True)
class LogoutResult:
    """The outcome of LOGOUT; the connection is closed afterwards.

    Attributes:
        text: The server's farewell: the text of its final OK reply, or of its
            ``* BYE`` when the server closed the connection without a tagged
            reply (which some servers do).

    Example::

        result = await imap.logout()
        print(result.text)   # "Logging out"
    """

    text: str
