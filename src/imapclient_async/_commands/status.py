"""STATUS: a mailbox's counters without selecting it (RFC 3501 6.3.10).

LIST's RETURN (STATUS ...) option (RFC 5819) uses the same items and responses.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._proto import Atom, CommandOutcome, ParenList, UntaggedData
from .._proto._log import log
from .._utf7 import decode_mailbox_name
from ..errors import ProtocolError
from ..mailboxes import MailboxStatus, StatusItem
from .mailbox_name import mailbox_key, received_mailbox_name
from .replies import number

__all__ = [
    "COLLECT",
    "DEFAULT_ITEMS",
    "ITEM_EXTENSIONS",
    "parse_status",
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


ITEM_EXTENSIONS = {"HIGHESTMODSEQ": "CONDSTORE", "SIZE": "STATUS=SIZE"}
"""STATUS items that exist only with an extension, and its capability."""


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


def parse_status(response: UntaggedData) -> tuple[bytes, MailboxStatus]:
    """``* STATUS mailbox (item value ...)`` as (the name's key, its status).

    The key is the name's bytes as sent, ``INBOX`` upper case (see
    :func:`~imapclient_async._commands.mailbox.mailbox_key`). Items we do
    not know are skipped; item names are read in any case. An item whose
    value is not a number costs only itself: its field stays None and a
    WARNING is logged (docs/reading-policy.md).

    Raises:
        ProtocolError: The response has no mailbox name and item list.
    """
    if len(response.values) != 2 or not isinstance(response.values[1], list):
        raise ProtocolError(f"malformed STATUS response: {response.values!r:.200}")
    raw = mailbox_key(received_mailbox_name(response.values[0], "STATUS"))
    pairs = response.values[1]
    counters: dict[str, int] = {}
    for index in range(0, len(pairs), 2):
        name, value = pairs[index], pairs[index + 1] if index + 1 < len(pairs) else None
        try:
            if not isinstance(name, str):
                raise ProtocolError(f"server sent {name!r:.80} where a STATUS item name should be")
            if name.upper() in _KNOWN_ITEMS:
                counters[name.upper()] = number(value, name)
        except ProtocolError as exc:
            log.warning("STATUS item of %r left unread: %s", raw, exc)
    return raw, MailboxStatus(
        mailbox="INBOX" if raw == b"INBOX" else decode_mailbox_name(raw),
        messages=counters.get("MESSAGES"),
        recent=counters.get("RECENT"),
        uid_next=counters.get("UIDNEXT"),
        uid_validity=counters.get("UIDVALIDITY"),
        unseen=counters.get("UNSEEN"),
        highest_modseq=counters.get("HIGHESTMODSEQ"),
        size=counters.get("SIZE"),
    )


def status_result(outcome: CommandOutcome, mailbox: bytes) -> MailboxStatus:
    """The status STATUS reported for ``mailbox`` (its name's bytes as sent).

    Servers may volunteer STATUS for other mailboxes meanwhile (RFC 9051
    allows it); only the one naming ``mailbox`` counts: by its bytes, or by
    the decoded name when a server echoes it in UTF-8 instead of the
    modified UTF-7 it was sent in.

    Raises:
        ProtocolError: The server sent no (or a malformed) STATUS response
            for ``mailbox``.
    """
    wanted = mailbox_key(mailbox)
    wanted_name = "INBOX" if wanted == b"INBOX" else decode_mailbox_name(wanted)
    exact = same_name = None
    for response in outcome.untagged:
        if isinstance(response, UntaggedData) and response.keyword == "STATUS":
            raw, status = parse_status(response)
            if raw == wanted:
                exact = status
            elif status.mailbox == wanted_name:
                same_name = status
    found = exact if exact is not None else same_name
    if found is None:
        raise ProtocolError(f"server answered STATUS without a STATUS response for {mailbox!r}")
    return found
