"""What the mailbox commands return: mailboxes, their status, SELECT, namespaces; QRESYNC input.

Every type here is a frozen dataclass built from the server's replies by
``imapclient_async._commands``; :class:`QResync` is the one the caller builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from .messageset import MessageSet, MessageSetLike

__all__ = [
    "Mailbox",
    "MailboxLike",
    "MailboxStatus",
    "Namespace",
    "Namespaces",
    "QResync",
    "SelectResult",
    "StatusItem",
]

StatusItem: TypeAlias = Literal[
    "MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "HIGHESTMODSEQ", "SIZE"
]
"""A STATUS data item name (RFC 3501 6.3.10, RFC 7162 CONDSTORE, RFC 8438 STATUS=SIZE).

Each is a field of :class:`MailboxStatus` (``UIDNEXT`` is ``uid_next`` and so
on). Names are accepted in any case.
"""


@dataclass(frozen=True, slots=True)
class MailboxStatus:
    """A mailbox's counters, from STATUS (or LIST-STATUS, RFC 5819).

    Every counter is None when it was not asked for or the server did not
    send it.

    Attributes:
        mailbox: The mailbox name the server reported, decoded from modified
            UTF-7, e.g. ``"Entwürfe"``.
        messages: Number of messages in the mailbox (``MESSAGES``).
        recent: Number of messages with the ``\\Recent`` flag (``RECENT``);
            IMAP4rev2 (RFC 9051) servers no longer have it.
        uid_next: The UID the next new message is predicted to get (``UIDNEXT``).
        uid_validity: The mailbox's UIDVALIDITY (``UIDVALIDITY``): when it
            changes, any UIDs cached for the mailbox are void.
        unseen: Number of messages without ``\\Seen`` (``UNSEEN``); unlike
            :attr:`SelectResult.first_unseen` this is a count.
        highest_modseq: The highest mod-sequence of any message
            (``HIGHESTMODSEQ``, RFC 7162, needs the CONDSTORE capability).
        size: Total size of the mailbox's messages in octets (``SIZE``,
            RFC 8438, needs the STATUS=SIZE capability).

    Example::

        status = await imap.status("INBOX")
        print(f"{status.unseen} of {status.messages} unread")
    """

    mailbox: str
    messages: int | None = None
    recent: int | None = None
    uid_next: int | None = None
    uid_validity: int | None = None
    unseen: int | None = None
    highest_modseq: int | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Mailbox:
    """One mailbox from LIST (or LSUB).

    Attributes:
        name: The name decoded from modified UTF-7 (RFC 3501 5.1.3), e.g.
            ``"Archive.2026"`` or ``"Entwürfe"``; pass it to :meth:`Client.select`
            and the other mailbox commands. ``"INBOX"`` is always upper case.
            A name that is not valid modified UTF-7 is decoded as far as it
            safely can be (see :attr:`raw_name`).
        delimiter: The hierarchy delimiter, e.g. ``"."`` or ``"/"``; None when
            the server has no hierarchy (it sent NIL).
        flags: The mailbox attributes, e.g. ``"\\\\HasNoChildren"``,
            ``"\\\\Noselect"``, ``"\\\\Subscribed"``, ``"\\\\Sent"``. The ones RFC 3501,
            RFC 5258 and RFC 6154 define are spelt as there whatever case the
            server used; others are kept as sent.
        special_use: The mailbox's role (RFC 6154) taken from :attr:`flags`:
            one of ``"\\\\All"``, ``"\\\\Archive"``, ``"\\\\Drafts"``,
            ``"\\\\Flagged"``, ``"\\\\Junk"``, ``"\\\\Sent"``, ``"\\\\Trash"`` (the first of these
            in this order if the server gave several), or None when it has
            none or the server does not support SPECIAL-USE.
        status: The mailbox's counters when :meth:`Client.list` was asked for
            ``status``; None otherwise, and for mailboxes that cannot be
            selected (``\\\\Noselect``, ``\\\\NonExistent``).
        raw_name: The name's bytes exactly as the server sent them (modified
            UTF-7, unquoted). Every command that takes a mailbox name also
            takes the :class:`Mailbox` itself and then sends these bytes, so a
            mailbox whose name is not valid modified UTF-7 (which :attr:`name`
            can only show approximately) can still be opened.

    Example::

        for mailbox in await imap.list():
            print(mailbox.name, mailbox.special_use or "")
            if mailbox.selectable:
                await imap.select(mailbox)  # by its exact bytes
    """

    name: str
    delimiter: str | None
    flags: frozenset[str]
    special_use: str | None
    status: MailboxStatus | None
    raw_name: bytes

    @property
    def selectable(self) -> bool:
        """False when the mailbox cannot be selected (``\\Noselect`` or ``\\NonExistent``).

        Example::

            folders = [box for box in await imap.list() if box.selectable]
        """
        return not self.flags & {"\\Noselect", "\\NonExistent"}


MailboxLike: TypeAlias = "str | Mailbox"
"""A mailbox as commands take it: its name, e.g. ``"Archive/2026"`` or
``"Entwürfe"`` (sent in modified UTF-7), or a :class:`Mailbox` from
:meth:`Client.list` (sent as its exact :attr:`~Mailbox.raw_name`)."""


@dataclass(frozen=True, slots=True)
class Namespace:
    """One namespace (RFC 2342): a prefix under which mailboxes live.

    Attributes:
        prefix: The prefix decoded from modified UTF-7, including its trailing
            delimiter, e.g. ``"INBOX."``, ``"#shared/"`` or ``""``.
        delimiter: The hierarchy delimiter inside it, e.g. ``"."``; None when
            the namespace is flat (the server sent NIL).

    Example::

        personal = (await imap.namespace()).personal[0]
        await imap.create(f"{personal.prefix}Projects")
    """

    prefix: str
    delimiter: str | None


@dataclass(frozen=True, slots=True)
class Namespaces:
    """The server's namespaces (NAMESPACE, RFC 2342), each group possibly empty.

    Attributes:
        personal: The user's own mailboxes; usually one namespace, often with
            prefix ``""`` or ``"INBOX."``.
        other: Where other users' mailboxes shared with this user appear,
            e.g. prefix ``"~"`` or ``"Other Users/"``.
        shared: Mailboxes shared by everyone, e.g. prefix ``"#shared/"``.

    Example::

        namespaces = await imap.namespace()
        if namespaces.shared:
            print("shared folders under", namespaces.shared[0].prefix)
    """

    personal: tuple[Namespace, ...]
    other: tuple[Namespace, ...]
    shared: tuple[Namespace, ...]


@dataclass(frozen=True, slots=True)
class QResync:
    """What the client remembers of a mailbox, for SELECT with QRESYNC (RFC 7162).

    The server then reports only what changed since: UIDs expunged meanwhile
    (``VANISHED (EARLIER)``) and messages whose flags changed (as FETCH
    responses, delivered as :class:`~imapclient_async.events.FlagsChanged`).

    Attributes:
        uid_validity: The mailbox's UIDVALIDITY when the state was saved; if
            it changed, the server ignores the rest and the cache is void.
        highest_modseq: The mailbox's HIGHESTMODSEQ when the state was saved.
        known_uids: The UIDs the client knows about, limiting the expunges the
            server reports to these; None to leave it to the server (which
            then reports expunges among all UIDs). Given as anything
            :class:`~imapclient_async.MessageSet` accepts.

    Raises:
        ValueError: ``uid_validity`` or ``highest_modseq`` is not a positive
            int, or ``known_uids`` is empty or malformed.
        TypeError: ``known_uids`` is not message-set-like.

    Example::

        state = QResync(uid_validity=1700000000, highest_modseq=42, known_uids="1:300")
        await imap.select("INBOX", qresync=state)
    """

    uid_validity: int
    highest_modseq: int
    known_uids: MessageSetLike | None = None

    def __post_init__(self) -> None:
        for name in ("uid_validity", "highest_modseq"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, not {value!r}")
        if self.known_uids is not None:
            known = MessageSet(self.known_uids)
            if not known:
                raise ValueError("known_uids is empty: pass None to leave it out")
            object.__setattr__(self, "known_uids", known)


@dataclass(frozen=True, slots=True)
class SelectResult:
    """The state of a mailbox opened with SELECT or EXAMINE.

    :attr:`Client.selected` holds the current one and is replaced by an updated
    copy whenever the server reports a change (new messages, expunges, flags).

    Attributes:
        mailbox: The mailbox name as the caller gave it, e.g. ``"INBOX"``.
        exists: Number of messages in the mailbox (``* n EXISTS``); None
            when the server did not send it (RFC 3501 requires it, but some
            servers leave it out, e.g. for an empty mailbox): the count is
            then unknown, not zero.
        recent: Number of messages with the ``\\Recent`` flag (``* n RECENT``);
            None when the server did not send it, as IMAP4rev2 (RFC 9051)
            servers do not.
        flags: The flags defined in the mailbox (``* FLAGS``), e.g.
            ``frozenset({"\\\\Seen", "\\\\Answered", "$Forwarded"})``; None when
            the server did not send them.
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
        vanished: The UIDs expunged since the state passed as
            ``select(qresync=...)`` (``* VANISHED (EARLIER)``, RFC 7162): drop
            them from your cache. None unless ``qresync`` was given and the
            server reported some. It describes the moment of SELECT; later
            expunges change ``exists`` and reach the event handlers.

    Example::

        inbox = await imap.select("INBOX")
        print(f"{inbox.exists} messages, next UID {inbox.uid_next}")
    """

    mailbox: str
    exists: int | None
    recent: int | None
    flags: frozenset[str] | None
    permanent_flags: frozenset[str] | None
    uid_validity: int | None
    uid_next: int | None
    first_unseen: int | None
    highest_modseq: int | None
    read_only: bool
    text: str
    vanished: MessageSet | None = None
