"""The typed results that :class:`~imapclient_async.Client` coroutines return.

This module changes when a command's result gains or changes a field. Every
result is a frozen dataclass: fields are named for what they mean, an item the
server did not send is None (never a made-up default), and nothing is a bare
tuple or dict whose meaning you would have to guess.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

__all__ = ["ClientState", "Greeting", "LoginResult", "LogoutResult", "SelectResult"]


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
class SelectResult:
    """The state of a mailbox opened with SELECT or EXAMINE.

    :attr:`Client.selected` holds the current one and is replaced by an updated
    copy whenever the server reports a change (new messages, expunges, flags).

    Attributes:
        mailbox: The mailbox name as the caller gave it, e.g. ``"INBOX"``.
        exists: Number of messages in the mailbox (``* n EXISTS``).
        recent: Number of messages with the ``\\Recent`` flag (``* n RECENT``);
            None when the server did not send it, as IMAP4rev2 (RFC 9051)
            servers do not.
        flags: The flags defined in the mailbox (``* FLAGS``), e.g.
            ``frozenset({"\\\\Seen", "\\\\Answered", "$Forwarded"})``.
        permanent_flags: Flags the client may change permanently
            (``[PERMANENTFLAGS]``); containing ``"\\\\*"`` means new keywords
            may be created. None when the server did not send the code, which
            per RFC 3501 means all of ``flags`` can be changed permanently.
        uid_validity: The UIDVALIDITY value: if it differs from the one seen
            before, any UIDs you cached for this mailbox are void. None when the
            server did not send it.
        uid_next: The UID the next new message is predicted to get
            (``[UIDNEXT]``); None when not sent.
        first_unseen: Sequence number of the first message without ``\\Seen``
            (``[UNSEEN]``); None when not sent, which includes the case of no
            unseen messages. It is *not* the number of unseen messages.
        highest_modseq: The highest mod-sequence of the mailbox (RFC 7162
            ``[HIGHESTMODSEQ]``); None unless the server supports CONDSTORE and
            it is enabled for the mailbox.
        read_only: True when the mailbox was opened read-only: by EXAMINE, or
            because the server answered ``[READ-ONLY]`` to SELECT.
        text: The server's text in the final OK reply.

    Example::

        inbox = await imap.select("INBOX")
        print(f"{inbox.exists} messages, next UID {inbox.uid_next}")
    """

    mailbox: str
    exists: int
    recent: int | None
    flags: frozenset[str]
    permanent_flags: frozenset[str] | None
    uid_validity: int | None
    uid_next: int | None
    first_unseen: int | None
    highest_modseq: int | None
    read_only: bool
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
