"""Search queries built from typed keys, and what SEARCH and THREAD return.

A :class:`Query` is built from its constructors (one per RFC 3501/9051 search
key) and combined with ``&`` (all must match), ``|`` (either matches) and
``~`` (must not match). Every text value is sent as a quoted string or a
literal, never pasted into the command, so a value holding ``"``, ``\\``,
CR/LF or non-ASCII matches exactly that text and can never change the
command. Pass the query to :meth:`Client.search() <imapclient_async.Client.search>`,
:meth:`~imapclient_async.Client.sort` or :meth:`~imapclient_async.Client.thread`.

Example::

    from datetime import date
    from imapclient_async.search import Query

    unread_from_alice = Query.from_("alice") & Query.since(date(2026, 1, 1)) & ~Query.seen()
    urgent = Query.flagged() | Query.subject("urgent")
    result = await imap.search(unread_from_alice | urgent)
    for uid in result.ids:
        ...
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ._dates import MONTH_NAMES
from ._proto import Argument, AString, Atom, Number, ParenList, encode_command
from .messageset import MessageSet, MessageSetLike, message_set_argument, names_no_message

__all__ = ["Query", "SearchCriteria", "SearchResult", "ThreadNode"]

# RFC 5322 field names: printable ASCII except ":".
_HEADER_NAME = re.compile(r"[!-9;-~]+\Z")
_NUMBER64_MAX = 2**63 - 1  # RFC 9051 number64 (LARGER, SMALLER) and RFC 7162 mod-sequence
_UINT64_MAX = 2**64 - 1  # Gmail's message and thread ids
_OBJECT_ID = re.compile(r"[A-Za-z0-9_-]{1,255}\Z")  # RFC 8474 objectid
_CONDSTORE = frozenset({"CONDSTORE"})
_GMAIL = frozenset({"X-GM-EXT-1"})
_OBJECTID = frozenset({"OBJECTID"})

_Key: TypeAlias = tuple[Argument, ...]
"""One search-key as it goes on the wire, e.g. ``(Atom("FROM"), AString("alice"))``."""


@dataclass(frozen=True, slots=True, repr=False)
class Query:
    """An immutable IMAP search query: build it with the constructors, combine with ``& | ~``.

    ``a & b`` matches messages matching both, ``a | b`` those matching
    either (IMAP ``OR``), ``~a`` those not matching ``a`` (IMAP ``NOT``);
    nesting is kept with parentheses, so ``~(a & b)`` means what it says.
    Text keys (:meth:`from_`, :meth:`subject`, :meth:`body`, ...) match
    case-insensitive substrings (RFC 3501 6.4.4). Queries compare equal when
    they send the same keys; ``str(query)`` shows the IMAP text.

    Non-ASCII text is fine: the command then says ``CHARSET UTF-8`` (or
    nothing, once UTF8=ACCEPT is enabled), see :attr:`non_ascii`.

    Do not call ``Query(...)`` directly; use the constructors.

    Example::

        from datetime import date
        from imapclient_async.search import Query

        query = (Query.from_("alice") | Query.from_("bob")) & ~Query.seen()
        query &= Query.since(date(2026, 1, 1))
        print(query)   # OR FROM alice FROM bob NOT SEEN SINCE 1-Jan-2026
    """

    _keys: tuple[_Key, ...]
    _non_ascii: bool = False
    _extensions: frozenset[str] = frozenset()

    # -- combining -------------------------------------------------------------------

    def __and__(self, other: Query) -> Query:
        if not isinstance(other, Query):
            return NotImplemented
        # Consecutive IMAP search keys must all match.
        return Query(
            self._keys + other._keys,
            self._non_ascii or other._non_ascii,
            self._extensions | other._extensions,
        )

    def __or__(self, other: Query) -> Query:
        if not isinstance(other, Query):
            return NotImplemented
        key = (Atom("OR"), *self._single_key(), *other._single_key())
        return Query(
            (key,), self._non_ascii or other._non_ascii, self._extensions | other._extensions
        )

    def __invert__(self) -> Query:
        return Query(((Atom("NOT"), *self._single_key()),), self._non_ascii, self._extensions)

    def _single_key(self) -> _Key:
        # OR and NOT take one search-key: several become one parenthesised key.
        if len(self._keys) == 1:
            return self._keys[0]
        return (ParenList(self._arguments),)

    @property
    def _arguments(self) -> tuple[Argument, ...]:
        """The search keys as command arguments; read by the command layer."""
        return tuple(argument for key in self._keys for argument in key)

    @property
    def non_ascii(self) -> bool:
        """True when a text value holds non-ASCII characters.

        Such a search is sent with ``CHARSET UTF-8`` unless UTF8=ACCEPT
        (RFC 6855) is enabled.
        """
        return self._non_ascii

    @property
    def extensions(self) -> frozenset[str]:
        """The capabilities a server must offer for this query, e.g. ``{"CONDSTORE"}``.

        :meth:`Client.search() <imapclient_async.Client.search>`, ``sort()``
        and ``thread()`` check them before sending and raise
        :class:`~imapclient_async.CapabilityError` for one the server lacks.

        Example::

            assert Query.modseq(5).extensions == {"CONDSTORE"}
        """
        return self._extensions

    def __str__(self) -> str:
        prefix = "* SEARCH "
        return encode_command("*", "SEARCH", self._arguments).log_text[len(prefix) :]

    def __repr__(self) -> str:
        return f"<Query {str(self)!r}>"

    # -- every message, and message sets ----------------------------------------------

    @classmethod
    def all(cls) -> Query:
        """Every message in the mailbox (``ALL``).

        Example::

            everything = await imap.search(Query.all())
        """
        return cls._word("ALL")

    @classmethod
    def uid(cls, uids: MessageSetLike) -> Query:
        """Messages whose UID is in ``uids`` (``UID 1:100``).

        Args:
            uids: UIDs as a :class:`~imapclient_async.messageset.MessageSet`,
                int, range, iterable of ints or IMAP text such as ``"100:*"``.

        An empty set matches no message (it is sent as ``NOT ALL``, since IMAP
        cannot write an empty set), so a query built from an empty search
        result still means what it says.

        Raises:
            ValueError: The set is malformed.
            TypeError: ``uids`` is not message-set-like.

        Example::

            newer = Query.uid("1000:*") & Query.unseen()
            assert str(Query.uid([])) == "NOT ALL"
        """
        return cls._message_set((Atom("UID"),), uids)

    @classmethod
    def messages(cls, numbers: MessageSetLike) -> Query:
        """Messages whose sequence number is in ``numbers`` (a bare sequence set).

        Args:
            numbers: Sequence numbers, message-set-like as for :meth:`uid`.

        An empty set matches no message, as for :meth:`uid`.

        Raises:
            ValueError: The set is malformed.
            TypeError: ``numbers`` is not message-set-like.

        Example::

            first_ten_unseen = Query.messages(range(1, 11)) & Query.unseen()
        """
        return cls._message_set((), numbers)

    @classmethod
    def _message_set(cls, word: _Key, messages: MessageSetLike) -> Query:
        argument = message_set_argument(messages)
        if names_no_message((argument,)):
            return ~cls.all()
        return cls(((*word, argument),))

    # -- text ----------------------------------------------------------------------

    @classmethod
    def from_(cls, text: str) -> Query:
        """Messages whose From header contains ``text`` (``FROM``).

        Raises:
            TypeError: ``text`` is not a str.
            ValueError: ``text`` contains NUL.

        Example::

            Query.from_("alice@example.org")
        """
        return cls._text("FROM", text)

    @classmethod
    def to(cls, text: str) -> Query:
        """Messages whose To header contains ``text`` (``TO``).

        Raises:
            TypeError, ValueError: As for :meth:`from_`.

        Example::

            Query.to("bob")
        """
        return cls._text("TO", text)

    @classmethod
    def cc(cls, text: str) -> Query:
        """Messages whose Cc header contains ``text`` (``CC``).

        Raises:
            TypeError, ValueError: As for :meth:`from_`.

        Example::

            Query.cc("team@example.org")
        """
        return cls._text("CC", text)

    @classmethod
    def bcc(cls, text: str) -> Query:
        """Messages whose Bcc header contains ``text`` (``BCC``).

        Raises:
            TypeError, ValueError: As for :meth:`from_`.

        Example::

            Query.bcc("archive@example.org")
        """
        return cls._text("BCC", text)

    @classmethod
    def subject(cls, text: str) -> Query:
        """Messages whose Subject contains ``text`` (``SUBJECT``).

        Raises:
            TypeError, ValueError: As for :meth:`from_`.

        Example::

            Query.subject("Grüße")   # sent with CHARSET UTF-8
        """
        return cls._text("SUBJECT", text)

    @classmethod
    def body(cls, text: str) -> Query:
        """Messages whose body contains ``text`` (``BODY``).

        Raises:
            TypeError, ValueError: As for :meth:`from_`.

        Example::

            Query.body("invoice")
        """
        return cls._text("BODY", text)

    @classmethod
    def text(cls, text: str) -> Query:
        """Messages whose header or body contains ``text`` (``TEXT``).

        Raises:
            TypeError, ValueError: As for :meth:`from_`.

        Example::

            Query.text("quarterly report")
        """
        return cls._text("TEXT", text)

    @classmethod
    def header(cls, name: str, value: str) -> Query:
        """Messages with a header ``name`` containing ``value`` (``HEADER``).

        An empty ``value`` matches every message that has the header at all.

        Args:
            name: The header field name, e.g. ``"List-Id"``.
            value: The text to find in it.

        Raises:
            TypeError: ``name`` or ``value`` is not a str.
            ValueError: ``name`` is not a header field name (empty, or holding
                ``:``, spaces or non-ASCII), or ``value`` contains NUL.

        Example::

            Query.header("List-Id", "dev.lists.example.org")
        """
        _require_str(name, "header name")
        if not _HEADER_NAME.match(name):
            raise ValueError(f"not a header field name: {name[:64]!r}")
        _require_str(value, "header value")
        return cls(((Atom("HEADER"), AString(name), AString(value)),), not value.isascii())

    # -- dates ----------------------------------------------------------------------

    @classmethod
    def since(cls, day: datetime.date) -> Query:
        """Messages that arrived on or after ``day`` (``SINCE``, by INTERNALDATE).

        The server compares dates only, ignoring time and timezone.

        Raises:
            TypeError: ``day`` is not a :class:`datetime.date` (a
                :class:`~datetime.datetime` is refused: pass ``.date()``).

        Example::

            Query.since(date(2026, 1, 1))
        """
        return cls._date("SINCE", day)

    @classmethod
    def before(cls, day: datetime.date) -> Query:
        """Messages that arrived before ``day`` (``BEFORE``, by INTERNALDATE).

        Raises:
            TypeError: As for :meth:`since`.

        Example::

            Query.before(date(2026, 1, 1))
        """
        return cls._date("BEFORE", day)

    @classmethod
    def on(cls, day: datetime.date) -> Query:
        """Messages that arrived on ``day`` (``ON``, by INTERNALDATE).

        Raises:
            TypeError: As for :meth:`since`.

        Example::

            Query.on(date(2026, 3, 14))
        """
        return cls._date("ON", day)

    @classmethod
    def sent_since(cls, day: datetime.date) -> Query:
        """Messages whose Date header is on or after ``day`` (``SENTSINCE``).

        Raises:
            TypeError: As for :meth:`since`.

        Example::

            Query.sent_since(date(2026, 1, 1))
        """
        return cls._date("SENTSINCE", day)

    @classmethod
    def sent_before(cls, day: datetime.date) -> Query:
        """Messages whose Date header is before ``day`` (``SENTBEFORE``).

        Raises:
            TypeError: As for :meth:`since`.

        Example::

            Query.sent_before(date(2026, 1, 1))
        """
        return cls._date("SENTBEFORE", day)

    @classmethod
    def sent_on(cls, day: datetime.date) -> Query:
        """Messages whose Date header is on ``day`` (``SENTON``).

        Raises:
            TypeError: As for :meth:`since`.

        Example::

            Query.sent_on(date(2026, 3, 14))
        """
        return cls._date("SENTON", day)

    # -- flags ----------------------------------------------------------------------

    @classmethod
    def seen(cls) -> Query:
        """Messages with ``\\Seen`` (``SEEN``). Example: ``~Query.seen()``."""
        return cls._word("SEEN")

    @classmethod
    def unseen(cls) -> Query:
        """Messages without ``\\Seen`` (``UNSEEN``). Example: ``Query.unseen()``."""
        return cls._word("UNSEEN")

    @classmethod
    def flagged(cls) -> Query:
        """Messages with ``\\Flagged`` (``FLAGGED``). Example: ``Query.flagged()``."""
        return cls._word("FLAGGED")

    @classmethod
    def unflagged(cls) -> Query:
        """Messages without ``\\Flagged`` (``UNFLAGGED``). Example: ``Query.unflagged()``."""
        return cls._word("UNFLAGGED")

    @classmethod
    def answered(cls) -> Query:
        """Messages with ``\\Answered`` (``ANSWERED``). Example: ``Query.answered()``."""
        return cls._word("ANSWERED")

    @classmethod
    def unanswered(cls) -> Query:
        """Messages without ``\\Answered`` (``UNANSWERED``). Example: ``Query.unanswered()``."""
        return cls._word("UNANSWERED")

    @classmethod
    def deleted(cls) -> Query:
        """Messages with ``\\Deleted`` (``DELETED``). Example: ``Query.deleted()``."""
        return cls._word("DELETED")

    @classmethod
    def undeleted(cls) -> Query:
        """Messages without ``\\Deleted`` (``UNDELETED``). Example: ``Query.undeleted()``."""
        return cls._word("UNDELETED")

    @classmethod
    def draft(cls) -> Query:
        """Messages with ``\\Draft`` (``DRAFT``). Example: ``Query.draft()``."""
        return cls._word("DRAFT")

    @classmethod
    def undraft(cls) -> Query:
        """Messages without ``\\Draft`` (``UNDRAFT``). Example: ``Query.undraft()``."""
        return cls._word("UNDRAFT")

    @classmethod
    def recent(cls) -> Query:
        """Messages with ``\\Recent`` (``RECENT``; IMAP4rev1 only, gone in RFC 9051).

        Example::

            Query.recent()
        """
        return cls._word("RECENT")

    @classmethod
    def new(cls) -> Query:
        """Recent messages not yet seen (``NEW``; IMAP4rev1 only).

        Example::

            Query.new()
        """
        return cls._word("NEW")

    @classmethod
    def old(cls) -> Query:
        """Messages without ``\\Recent`` (``OLD``; IMAP4rev1 only).

        Example::

            Query.old()
        """
        return cls._word("OLD")

    @classmethod
    def keyword(cls, keyword: str) -> Query:
        """Messages with the keyword (user flag) ``keyword`` (``KEYWORD``).

        Args:
            keyword: A keyword such as ``"$Forwarded"`` or ``"Work"``; system
                flags have their own constructors (:meth:`seen`, ...).

        Raises:
            TypeError: ``keyword`` is not a str.
            ValueError: ``keyword`` is not an IMAP atom (empty, or holding
                spaces, quotes, parentheses, ``%``, ``*``, ``]``, control
                characters or non-ASCII) or starts with ``\\``.

        Example::

            Query.keyword("$Forwarded")
        """
        return cls._keyword("KEYWORD", keyword)

    @classmethod
    def unkeyword(cls, keyword: str) -> Query:
        """Messages without the keyword ``keyword`` (``UNKEYWORD``).

        Raises:
            TypeError, ValueError: As for :meth:`keyword`.

        Example::

            Query.unkeyword("$Junk")
        """
        return cls._keyword("UNKEYWORD", keyword)

    # -- sizes and mod-sequences ------------------------------------------------------

    @classmethod
    def larger(cls, size: int) -> Query:
        """Messages larger than ``size`` bytes (``LARGER``, RFC822.SIZE).

        Raises:
            TypeError: ``size`` is not an int.
            ValueError: ``size`` is negative or above 2**63 - 1.

        Example::

            Query.larger(10 * 1024 * 1024)
        """
        return cls(((Atom("LARGER"), _number(size, "size")),))

    @classmethod
    def smaller(cls, size: int) -> Query:
        """Messages smaller than ``size`` bytes (``SMALLER``).

        Raises:
            TypeError, ValueError: As for :meth:`larger`.

        Example::

            Query.smaller(4096)
        """
        return cls(((Atom("SMALLER"), _number(size, "size")),))

    @classmethod
    def modseq(cls, modseq: int) -> Query:
        """Messages changed at or after mod-sequence ``modseq`` (``MODSEQ``, RFC 7162).

        Needs a server with CONDSTORE; the search result then carries
        :attr:`SearchResult.highest_modseq`.

        Raises:
            TypeError: ``modseq`` is not an int.
            ValueError: ``modseq`` is negative or above 2**63 - 1.

        Example::

            changed = await imap.search(Query.modseq(last_seen_modseq + 1))
        """
        return cls(((Atom("MODSEQ"), _number(modseq, "mod-sequence")),), False, _CONDSTORE)

    # -- vendor and newer keys ----------------------------------------------------------

    @classmethod
    def gmail_raw(cls, text: str) -> Query:
        """Messages matching a Gmail web search (``X-GM-RAW``), e.g. ``"has:attachment"``.

        Needs Gmail (capability ``X-GM-EXT-1``); elsewhere searching raises CapabilityError.

        Raises:
            TypeError: ``text`` is not a str.

        Example::

            found = await imap.search(Query.gmail_raw("from:alice older_than:1y"))
        """
        query = cls._text("X-GM-RAW", text)
        return cls(query._keys, query._non_ascii, _GMAIL)

    @classmethod
    def gmail_message_id(cls, message_id: int) -> Query:
        """The message with Gmail id ``message_id`` (``X-GM-MSGID``, see
        :attr:`FetchedMessage.gmail_message_id`). Needs ``X-GM-EXT-1``.

        Raises:
            TypeError: ``message_id`` is not an int.
            ValueError: It is negative or above 2**64 - 1.

        Example::

            found = await imap.search(Query.gmail_message_id(1278455344230334865))
        """
        key = (Atom("X-GM-MSGID"), _number(message_id, "X-GM-MSGID", _UINT64_MAX))
        return cls((key,), False, _GMAIL)

    @classmethod
    def gmail_thread_id(cls, thread_id: int) -> Query:
        """The messages of Gmail conversation ``thread_id`` (``X-GM-THRID``). Needs ``X-GM-EXT-1``.

        Raises:
            TypeError: ``thread_id`` is not an int.
            ValueError: It is negative or above 2**64 - 1.

        Example::

            if msg.gmail_thread_id is not None:
                thread = await imap.search(Query.gmail_thread_id(msg.gmail_thread_id))
        """
        key = (Atom("X-GM-THRID"), _number(thread_id, "X-GM-THRID", _UINT64_MAX))
        return cls((key,), False, _GMAIL)

    @classmethod
    def email_id(cls, email_id: str) -> Query:
        """The message with the server's id ``email_id`` (``EMAILID``, RFC 8474 OBJECTID).

        Raises:
            TypeError: ``email_id`` is not a str.
            ValueError: It is not an RFC 8474 objectid (1 to 255 letters,
                digits, ``_`` or ``-``).

        Example::

            found = await imap.search(Query.email_id("M6d99ac3275bb4e"))
        """
        return cls(((Atom("EMAILID"), _object_id(email_id, "EMAILID")),), False, _OBJECTID)

    @classmethod
    def thread_id(cls, thread_id: str) -> Query:
        """The messages of the server's thread ``thread_id`` (``THREADID``, RFC 8474).

        Raises:
            TypeError, ValueError: As for :meth:`email_id`.

        Example::

            thread = await imap.search(Query.thread_id("T64b478a75b7ea9"))
        """
        return cls(((Atom("THREADID"), _object_id(thread_id, "THREADID")),), False, _OBJECTID)

    # -- builders shared by the constructors ---------------------------------------------

    @classmethod
    def _word(cls, word: str) -> Query:
        return cls(((Atom(word),),))

    @classmethod
    def _text(cls, word: str, text: str) -> Query:
        _require_str(text, f"{word} text")
        return cls(((Atom(word), AString(text)),), not text.isascii())

    @classmethod
    def _date(cls, word: str, day: datetime.date) -> Query:
        if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
            raise TypeError(
                f"{word} takes a datetime.date (use .date() on a datetime), "
                f"not {type(day).__name__}"
            )
        return cls(((Atom(word), Atom(f"{day.day}-{MONTH_NAMES[day.month - 1]}-{day.year:04d}")),))

    @classmethod
    def _keyword(cls, word: str, keyword: str) -> Query:
        _require_str(keyword, "keyword")
        if keyword.startswith("\\"):
            raise ValueError(
                f"{keyword[:64]!r} is a system flag, not a keyword: use Query.seen() and the like"
            )
        return cls(((Atom(word), Atom(keyword)),))


SearchCriteria: TypeAlias = Query | str
"""What :meth:`~imapclient_async.Client.search`, ``sort`` and ``thread`` accept.

A :class:`Query`, or raw IMAP search text such as ``"UNSEEN FROM alice"``
sent exactly as given. Raw text must be printable ASCII (no CR, LF or
non-ASCII, so it cannot end the command), but its syntax and quoting are the
caller's responsibility: never put untrusted input into it; build a
:class:`Query` instead.
"""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The messages a SEARCH matched.

    Attributes:
        ids: The matching messages as a
            :class:`~imapclient_async.messageset.MessageSet`: UIDs when
            ``uid`` is True, else sequence numbers. Kept as ranges, so a
            server answering ``ALL 1:100000`` (ESEARCH, RFC 4731) costs a few
            bytes; iterate it for the numbers in ascending order, or call
            :meth:`to_tuple`. Empty when nothing matched.
        uid: True when ``ids`` are UIDs (``UID SEARCH``), False for sequence
            numbers.
        min: The lowest matching number, None when nothing matched. From the
            server's ESEARCH ``MIN`` when it has ESEARCH, else from ``ids``.
        max: The highest matching number, None when nothing matched. ESEARCH
            ``MAX``, else from ``ids``.
        count: How many messages matched: ESEARCH ``COUNT``, else ``len(ids)``.
        highest_modseq: The highest mod-sequence of the matching messages
            (RFC 7162), which the server sends only when the query used
            :meth:`Query.modseq` (and something matched); else None.

    Example::

        result = await imap.search(Query.unseen())
        print(f"{result.count} unread, newest UID {result.max}")
        for uid in result.ids:
            ...
    """

    ids: MessageSet
    uid: bool
    min: int | None
    max: int | None
    count: int
    highest_modseq: int | None = None

    def to_tuple(self) -> tuple[int, ...]:
        """The matching numbers in ascending order, expanded into a tuple.

        Prefer iterating :attr:`ids` for results that may be huge.

        Example::

            >>> SearchResult(MessageSet("2:3,5"), uid=True, min=2, max=5, count=3).to_tuple()
            (2, 3, 5)
        """
        return tuple(self.ids)


@dataclass(frozen=True, slots=True)
class ThreadNode:
    """One message in a conversation tree from THREAD (RFC 5256), with its replies.

    Attributes:
        id: The message's UID (or sequence number, for ``uid=False``). None
            for a placeholder: a parent the server knows of (e.g. from
            References headers) but that is not in the mailbox or did not
            match the query; its ``children`` are siblings in one thread.
        children: The direct replies, in the order the server gave (by date
            for REFERENCES); empty for a leaf.

    Example::

        for root in await imap.thread("REFERENCES", Query.all()):
            print(root.id, [child.id for child in root.children])
    """

    id: int | None
    children: tuple[ThreadNode, ...] = ()

    def walk(self) -> Iterator[int]:
        """The ids of this message and all its replies, depth first, placeholders skipped.

        Example::

            >>> list(ThreadNode(3, (ThreadNode(6), ThreadNode(4))).walk())
            [3, 6, 4]
        """
        # An explicit stack: a long reply chain must not exhaust the recursion limit.
        stack: list[ThreadNode] = [self]
        while stack:
            node = stack.pop()
            if node.id is not None:
                yield node.id
            stack.extend(reversed(node.children))


def _require_str(value: object, what: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")


def _number(value: int, what: str, maximum: int = _NUMBER64_MAX) -> Number:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not 0 <= value <= maximum:
        raise ValueError(f"{what} must be between 0 and {maximum}, not {value}")
    return Number(value)


def _object_id(value: str, what: str) -> Atom:
    _require_str(value, what)
    if not _OBJECT_ID.match(value):
        raise ValueError(f"{what} must be 1 to 255 letters, digits, '_' or '-', not {value[:64]!r}")
    return Atom(value)
