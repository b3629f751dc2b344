"""STATUS: a mailbox's counters without selecting it (RFC 3501 6.3.10).

This module changes when the STATUS items we ask for or read change. LIST's
RETURN (STATUS ...) option (RFC 5819) uses the same items and responses.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._connection import CommandOutcome
from .._proto import Atom, ParenList, UntaggedData
from .._utf7 import decode_mailbox_name
from ..errors import ProtocolError
from ..mailboxes import MailboxStatus, StatusItem
from .replies import number

__all__ = [
    "COLLECT",
    "DEFAULT_ITEMS",
    "parse_status",
    "raw_mailbox_name",
    "status_item_list",
    "status_items",
    "status_result",
]

COLLECT = frozenset({"STATUS"})
"""The untagged responses STATUS collects."""

DEFAULT_ITEMS: tuple[StatusItem, ...] = ("MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN")
"""What :meth:`Client.status` asks for by default: every RFC 3501 item except
RECENT, which IMAP4rev2 servers no longer report."""

_KNOWN_ITEMS: tuple[StatusItem, ...] = (
    "MESSAGES",
    "RECENT",
    "UIDNEXT",
    "UIDVALIDITY",
    "UNSEEN",
    "HIGHESTMODSEQ",
    "SIZE",
)


def status_items(items: Iterable[str]) -> tuple[str, ...]:
    """The caller's STATUS item names, upper case, validated, without repeats.

    Raises:
        TypeError: ``items`` is a single str, or holds something else than str.
        ValueError: It is empty, or names an item we do not know.
    """
    if isinstance(items, str):
        raise TypeError(f"status items must be a collection of names, e.g. ({items!r},)")
    names: dict[str, None] = {}
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"status item names must be str, not {type(item).__name__}")
        name = item.upper()
        if name not in _KNOWN_ITEMS:
            raise ValueError(f"unknown STATUS item {item!r}; known: {', '.join(_KNOWN_ITEMS)}")
        names[name] = None
    if not names:
        raise ValueError("ask for at least one STATUS item")
    return tuple(names)


def status_item_list(items: tuple[str, ...]) -> ParenList:
    """Validated item names (from :func:`status_items`) as ``(MESSAGES UNSEEN)``."""
    return ParenList(tuple(Atom(item) for item in items))


def raw_mailbox_name(value: object, what: str) -> str:
    """A mailbox name as the server sent it (still modified UTF-7), as text.

    ``INBOX`` is case-insensitive (RFC 3501 5.1) and returned upper case.

    Raises:
        ProtocolError: The value is not a string.
    """
    if isinstance(value, bytes):
        raw = value.decode("utf-8", errors="replace")
    elif isinstance(value, str):
        raw = value
    else:
        raise ProtocolError(f"server sent {value!r} where {what} should be a mailbox name")
    return "INBOX" if raw.upper() == "INBOX" else raw


def parse_status(response: UntaggedData) -> tuple[str, MailboxStatus]:
    """``* STATUS mailbox (item value ...)`` as (the raw mailbox name, its status).

    Items we do not know are skipped; item names are read in any case.

    Raises:
        ProtocolError: The response is malformed.
    """
    if len(response.values) != 2 or not isinstance(response.values[1], list):
        raise ProtocolError(f"malformed STATUS response: {response.values!r}")
    raw = raw_mailbox_name(response.values[0], "STATUS")
    pairs = response.values[1]
    if len(pairs) % 2:
        raise ProtocolError(f"STATUS response for {raw!r} has an item without a value")
    counters: dict[str, int] = {}
    for index in range(0, len(pairs), 2):
        name = pairs[index]
        if not isinstance(name, str):
            raise ProtocolError(f"server sent {name!r} where a STATUS item name should be")
        if name.upper() in _KNOWN_ITEMS:
            counters[name.upper()] = number(pairs[index + 1], name)
    return raw, MailboxStatus(
        mailbox=decode_mailbox_name(raw),
        messages=counters.get("MESSAGES"),
        recent=counters.get("RECENT"),
        uid_next=counters.get("UIDNEXT"),
        uid_validity=counters.get("UIDVALIDITY"),
        unseen=counters.get("UNSEEN"),
        highest_modseq=counters.get("HIGHESTMODSEQ"),
        size=counters.get("SIZE"),
    )


def status_result(outcome: CommandOutcome) -> MailboxStatus:
    """The mailbox status STATUS reported.

    Raises:
        ProtocolError: The server sent no (or a malformed) STATUS response.
    """
    responses = [
        response
        for response in outcome.untagged
        if isinstance(response, UntaggedData) and response.keyword == "STATUS"
    ]
    if not responses:
        raise ProtocolError("server answered STATUS without a STATUS response")
    # Only this command collects STATUS while it runs, so the last one is ours.
    return parse_status(responses[-1])[1]
