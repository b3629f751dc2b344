"""The typed results that :class:`~imapclient_async.Client` coroutines return.

This module changes when a command's result gains or changes a field. Every
result is a frozen dataclass: fields are named for what they mean, an item the
server did not send is None (never a made-up default), and nothing is a bare
tuple or dict whose meaning you would have to guess.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from ._proto import ClientState
from .messageset import MessageSet

__all__ = [
    "AppendResult",
    "ClientState",
    "CopyResult",
    "ExpungeResult",
    "Greeting",
    "LoginResult",
    "LogoutResult",
    "SelectResult",
    "StoreResult",
    "UIDMapping",
]


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


class UIDMapping(Mapping[int, int]):
    """Which UID each copied message got: source UID -> destination UID (RFC 4315 COPYUID).

    A read-only mapping kept as runs of consecutive UIDs, never expanded, so
    a copy of a million messages costs a few tuples. Lookups are by binary
    search; iterating yields the source UIDs in the order the server copied
    them.

    Args:
        runs: ``(first source UID, first destination UID, count)`` triples:
            ``count`` consecutive source UIDs went to as many consecutive
            destination UIDs. Built by the library from the COPYUID code.

    Raises:
        ValueError: A count is not positive, or two runs share a source UID.

    Example::

        result = await imap.copy([304, 319, 320], "Archive")
        if result.mapping is not None:
            print(result.mapping[319])        # e.g. 3957
            print(dict(result.mapping))       # {304: 3956, 319: 3957, 320: 3958}
    """

    __slots__ = ("_by_source", "_runs", "_starts")

    def __init__(self, runs: Iterable[tuple[int, int, int]]) -> None:
        self._runs = _merged_runs(runs)
        self._by_source = sorted(self._runs)
        self._starts = [source for source, _, _ in self._by_source]
        for (source, _, count), (next_source, _, _) in zip(
            self._by_source, self._by_source[1:], strict=False
        ):
            if source + count > next_source:
                raise ValueError(f"source UID {next_source} is mapped twice")

    def __getitem__(self, source_uid: int) -> int:
        index = bisect.bisect_right(self._starts, source_uid) - 1
        if index >= 0:
            source, destination, count = self._by_source[index]
            if source_uid < source + count:
                return destination + source_uid - source
        raise KeyError(source_uid)

    def __iter__(self) -> Iterator[int]:
        for source, _, count in self._runs:
            yield from range(source, source + count)

    def __len__(self) -> int:
        return sum(count for _, _, count in self._runs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, UIDMapping):
            return self._runs == other._runs
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(self._runs)

    def __repr__(self) -> str:
        pairs = ", ".join(
            f"{source}:{source + count - 1}->{destination}:{destination + count - 1}"
            if count > 1
            else f"{source}->{destination}"
            for source, destination, count in self._runs
        )
        return f"UIDMapping({pairs})"

    @property
    def runs(self) -> tuple[tuple[int, int, int], ...]:
        """The mapping as ``(first source UID, first destination UID, count)``, in copy order."""
        return self._runs


def _merged_runs(runs: Iterable[tuple[int, int, int]]) -> tuple[tuple[int, int, int], ...]:
    """Runs with neighbours that continue each other joined, so equal mappings compare equal."""
    merged: list[tuple[int, int, int]] = []
    for source, destination, count in runs:
        if count < 1:
            raise ValueError(f"a run must hold at least one UID, not {count}")
        if merged:
            last_source, last_destination, last_count = merged[-1]
            if source == last_source + last_count and destination == last_destination + last_count:
                merged[-1] = (last_source, last_destination, last_count + count)
                continue
        merged.append((source, destination, count))
    return tuple(merged)


@dataclass(frozen=True, slots=True)
class StoreResult:
    """The outcome of STORE: flags set, added or removed.

    Attributes:
        flags: The complete new flags of each stored message, from the
            ``* n FETCH (FLAGS ...)`` responses in the reply, keyed by UID
            (``uid=True``) or by sequence number (``uid=False``). Usually empty
            with ``silent=True`` (``.SILENT``), though a server may still
            report a message, e.g. one whose flags another session changed
            too. Only the messages that were asked for appear; reports about
            others reach the event handlers.
        skipped: With ``unchanged_since`` (RFC 7162 CONDSTORE): the messages
            the server left unchanged because their mod-sequence was higher
            than ``unchanged_since`` (the ``[MODIFIED set]`` code), UIDs or
            sequence numbers like the request; empty when every message was
            stored. None when ``unchanged_since`` was not given.

    Example::

        result = await imap.store([7, 9], ["\\\\Seen"], silent=False)
        print(result.flags[7])   # frozenset({"\\\\Seen", "$Label"})
    """

    flags: Mapping[int, frozenset[str]]
    skipped: MessageSet | None


@dataclass(frozen=True, slots=True)
class CopyResult:
    """The outcome of COPY or MOVE, with the new UIDs when the server has UIDPLUS.

    All four fields come from the ``[COPYUID validity source destination]``
    response code (RFC 4315 UIDPLUS) and are None when the server sent none
    (it lacks UIDPLUS, or the destination cannot keep UIDs: ``UIDNOTSTICKY``).

    Attributes:
        uid_validity: The destination mailbox's UIDVALIDITY.
        source_uids: The UIDs of the copied messages in the source mailbox
            (UIDs even when the command named sequence numbers).
        destination_uids: The UIDs the copies got in the destination mailbox.
        mapping: Which destination UID each source UID got: see
            :class:`UIDMapping`.

    Example::

        result = await imap.move("1:3", "Archive")
        if result.mapping is not None:
            for old, new in result.mapping.items():
                print(f"INBOX UID {old} is now Archive UID {new}")
    """

    uid_validity: int | None
    source_uids: MessageSet | None
    destination_uids: MessageSet | None
    mapping: UIDMapping | None


@dataclass(frozen=True, slots=True)
class AppendResult:
    """The outcome of APPEND, with the new message's UID when the server has UIDPLUS.

    Both fields come from the ``[APPENDUID validity uid]`` response code
    (RFC 4315 UIDPLUS) and are None when the server sent none.

    Attributes:
        uid_validity: The destination mailbox's UIDVALIDITY.
        uid: The UID the appended message got in that mailbox.

    Example::

        result = await imap.append("Sent", message_bytes, flags=["\\\\Seen"])
        print(result.uid)   # e.g. 3955
    """

    uid_validity: int | None
    uid: int | None


@dataclass(frozen=True, slots=True)
class ExpungeResult:
    """What EXPUNGE (or UID EXPUNGE) removed from the selected mailbox.

    Exactly one of the two fields is set: which one depends on whether
    QRESYNC (RFC 7162) is enabled, since the server then reports VANISHED
    UIDs instead of EXPUNGE sequence numbers.

    Attributes:
        sequence_numbers: The ``* n EXPUNGE`` numbers in the order sent. Each
            counts in the mailbox as it was after the previous one was
            removed, so expunging messages 3 and 4 reports ``(3, 3)``, or
            ``(4, 3)`` from a server that goes downwards, as Dovecot does. None
            when QRESYNC is enabled.
        uids: The UIDs from ``* VANISHED`` responses when QRESYNC is enabled,
            else None.

    Example::

        result = await imap.expunge()
        print(f"{len(result.sequence_numbers or ())} messages removed")
    """

    sequence_numbers: tuple[int, ...] | None
    uids: MessageSet | None
