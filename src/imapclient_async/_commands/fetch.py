"""FETCH: checking the items asked for, and reading each message's reply.

Items are checked against the ``fetch-att`` grammar of RFC 3501 / RFC 9051
(plus RFC 3516 BINARY and RFC 7162 MODSEQ) and sent as one validated ``Raw``
list, so no caller text can reach the wire unchecked.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from .._checks import require_int
from .._dates import MONTHS, zone
from .._proto import Argument, Atom, Number, ParenList, Raw, UntaggedData, Value
from .._proto._log import log
from .._utf7 import decode_mailbox_name
from ..errors import ProtocolError
from ..fetch import FetchedMessage, ItemProblem
from ..messageset import MessageSetLike, message_set_argument
from .bodystructure import parse_body_structure
from .envelope import parse_envelope
from .replies import flag_set, number, require_capability

__all__ = [
    "COLLECT",
    "NUMBER_MAX",
    "PART_NUMBER",
    "fetch_arguments",
    "fetch_command",
    "fetched_message",
    "parse_internal_date",
    "partial_item",
    "section_content",
    "section_kind",
]

COLLECT = frozenset({"FETCH"})

NUMBER_MAX = 2**32 - 1
"""The highest RFC 9051 ``number`` / ``nz-number``: they are 32-bit."""
_SECTION_PART = r"[1-9][0-9]*(?:\.[1-9][0-9]*)*"
PART_NUMBER = re.compile(rf"{_SECTION_PART}\Z")
"""A section that names one body part, such as ``2`` or ``1.2``: what BINARY and decoding take."""
# header-fld-name is an astring; we allow only RFC 5322 field-name characters
# that are also atom characters, so a name never needs quoting.
_FIELD_NAME = r"[!#$&'+,\-./0-9;<=>?@A-Z^_`|~]+"
_MSGTEXT = rf"HEADER|HEADER\.FIELDS(?:\.NOT)? \({_FIELD_NAME}(?: {_FIELD_NAME})*\)|TEXT"
_SECTION_SPEC = rf"{_MSGTEXT}|{_SECTION_PART}(?:\.(?:{_MSGTEXT}|MIME))?"
_PARTIAL = r"(?:<[0-9]+\.[0-9]+>)?"
_PARTIAL_RANGE = re.compile(r"<([0-9]+)\.([0-9]+)>\Z")
_FETCH_ATT = re.compile(
    r"ENVELOPE|FLAGS|INTERNALDATE|RFC822(?:\.HEADER|\.SIZE|\.TEXT)?|BODY|BODYSTRUCTURE|UID"
    r"|(?P<modseq>MODSEQ)"
    rf"|BODY(?:\.PEEK)?\[(?:{_SECTION_SPEC})?\]{_PARTIAL}"
    rf"|(?P<binary>BINARY(?:\.PEEK)?\[(?:{_SECTION_PART})?\]{_PARTIAL}"
    rf"|BINARY\.SIZE\[(?:{_SECTION_PART})?\])"
    # Any other atom: vendor and newer items (X-GM-LABELS, PREVIEW, EMAILID...)
    # come back in FetchedMessage.raw, or in their own field where one exists.
    # The macros ALL, FAST and FULL cannot stand inside a list of items.
    r"|(?!(?:ALL|FAST|FULL)\Z)[A-Z][A-Z0-9._-]*",
    re.ASCII,
)
# Items that need an extension the server must offer (any one of the names).
_ITEM_CAPABILITIES = {
    "X-GM-MSGID": ("X-GM-EXT-1",),
    "X-GM-THRID": ("X-GM-EXT-1",),
    "X-GM-LABELS": ("X-GM-EXT-1",),
    "PREVIEW": ("PREVIEW",),
    "EMAILID": ("OBJECTID",),
    "THREADID": ("OBJECTID",),
    "SAVEDATE": ("SAVEDATE",),
}
# Some servers echo the whole range (BODY[2]<0.65536>) where RFC 3501 has only
# the origin: the key is the same either way.
_SECTION_ITEM = re.compile(
    r"(?P<kind>BODY|BINARY)\[(?P<section>[^\]]*)\](?:<(?P<origin>\d+)(?:\.\d+)?>)?\Z"
)
# RFC 822/RFC 3501 spellings of whole-message sections.
_RFC822_SECTIONS = {"RFC822": "", "RFC822.HEADER": "HEADER", "RFC822.TEXT": "TEXT"}

_DATE_TIME = re.compile(r" ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\Z")


def fetch_arguments(
    messages: MessageSetLike,
    items: Sequence[str],
    capabilities: frozenset[str],
    *,
    uid: bool,
    changed_since: int | None,
) -> list[Argument]:
    """The arguments of ``[UID] FETCH messages (items) [(CHANGEDSINCE n)]``.

    Items are upper-cased; ``UID`` is added for UID FETCH.

    Raises:
        TypeError: ``items`` is a single str, or holds a non-str.
        ValueError: An item is not a fetch item, or there are none, or
            ``changed_since`` is not a positive number.
        CapabilityError: An item or ``changed_since`` needs an extension the
            server does not offer (BINARY, CONDSTORE).
    """
    if isinstance(items, (str, bytes)):
        raise TypeError("items must be a sequence of item names, e.g. ['FLAGS'], not a str")
    names = [_item(item, capabilities) for item in items]
    if not names:
        raise ValueError("name at least one fetch item, e.g. 'FLAGS'")
    if uid and "UID" not in names:
        names.append("UID")
    arguments: list[Argument] = [message_set_argument(messages), Raw(f"({' '.join(names)})")]
    if changed_since is not None:
        require_int(changed_since=changed_since)
        if changed_since < 1:
            raise ValueError("changed_since must be a positive mod-sequence")
        require_capability(capabilities, "changed_since", "CONDSTORE")
        arguments.append(ParenList((Atom("CHANGEDSINCE"), Number(changed_since))))
    return arguments


def fetch_command(
    messages: MessageSetLike,
    items: Sequence[str],
    capabilities: frozenset[str],
    *,
    uid: bool,
    changed_since: int | None,
) -> tuple[str, list[Argument]]:
    """The command name (UID FETCH or FETCH) and its arguments, as :func:`fetch_arguments`.

    Raises:
        TypeError, ValueError, CapabilityError: As :func:`fetch_arguments`.
    """
    arguments = fetch_arguments(messages, items, capabilities, uid=uid, changed_since=changed_since)
    return ("UID FETCH" if uid else "FETCH"), arguments


def partial_item(
    section: str, offset: int, length: int, capabilities: frozenset[str], *, binary: bool
) -> str:
    """``BODY.PEEK[section]<offset.length>`` (or BINARY.PEEK), for fetching in pieces.

    Raises:
        TypeError: ``section`` is not a str.
        ValueError: ``section`` is not a section spec such as ``"1.2"`` or ``"TEXT"``
            (BINARY takes part numbers only), or the range is out of bounds.
        CapabilityError: ``binary`` and the server does not offer BINARY.
    """
    if not isinstance(section, str):
        raise TypeError("section must be a str such as '2' or '1.2'")
    _check_partial(offset, length, section)
    return _item(
        f"{'BINARY' if binary else 'BODY'}.PEEK[{section}]<{offset}.{length}>", capabilities
    )


def _item(item: str, capabilities: frozenset[str]) -> str:
    if not isinstance(item, str):
        raise TypeError(f"fetch items must be str, not {type(item).__name__}")
    name = item.upper()
    found = _FETCH_ATT.fullmatch(name) if item.isascii() else None
    if found is None:
        raise ValueError(f"not a fetch item: {item[:80]!r}")
    partial_range = _PARTIAL_RANGE.search(name)
    if partial_range is not None:
        _check_partial(int(partial_range.group(1)), int(partial_range.group(2)), item)
    if found.group("binary"):
        require_capability(capabilities, item, "BINARY")
    if found.group("modseq"):
        require_capability(capabilities, item, "CONDSTORE")
    if name in _ITEM_CAPABILITIES:
        require_capability(capabilities, item, *_ITEM_CAPABILITIES[name])
    return name


def _check_partial(origin: int, length: int, where: str) -> None:
    if not 0 <= origin <= NUMBER_MAX or not 0 < length <= NUMBER_MAX:
        raise ValueError(f"partial range <{origin}.{length}> out of bounds for {where[:80]!r}")


def fetched_message(response: UntaggedData) -> FetchedMessage:
    """One ``* n FETCH (...)`` response as a :class:`FetchedMessage`.

    A malformed item costs only that item (docs/reading-policy.md): its field
    stays None, its value goes to ``raw`` and the problem to ``problems`` and
    to a WARNING on the ``imapclient_async`` logger.

    Raises:
        ProtocolError: The response is not a message number and an item list.
    """
    seq = response.number
    values = response.values
    items: Value = values[0] if len(values) == 1 else None
    if values and not len(values) % 2 and isinstance(values[0], str):
        items = list(values)  # GNU imap4d: "* 3 FETCH FLAGS (\Seen)", without the parentheses
    if seq is None or not isinstance(items, list):
        raise ProtocolError(f"server sent a malformed FETCH response: {response!r:.200}")
    fields: dict[str, Any] = {}
    sections: dict[str, bytes | None] = {}
    binary: dict[str, bytes | None] = {}
    raw: dict[str, Value] = {}
    problems: list[ItemProblem] = []
    for index in range(0, len(items), 2):
        key = items[index]
        value = items[index + 1] if index + 1 < len(items) else None
        name = key.upper() if isinstance(key, str) else _item_name(key)
        try:
            if name is None:
                raise ProtocolError(f"server sent {key!r:.80} where a FETCH item name should be")
            if index + 1 == len(items):
                raise ProtocolError(f"server sent {name} without a value")
            typed = _TYPED_ITEMS.get(name)
            if typed is not None:
                field_name, read = typed
                fields[field_name] = read(value)
                if name in _ALSO_RAW:
                    raw[name] = value
            elif name in _RFC822_SECTIONS:
                sections[_RFC822_SECTIONS[name]] = section_content(value, name)
            elif (section := _SECTION_ITEM.match(name)) is not None:
                key_text = _section_key(section.group("section"), section.group("origin"))
                target = sections if section.group("kind") == "BODY" else binary
                target[key_text] = section_content(value, name)
            else:
                raw[name] = value
        except ProtocolError as exc:
            label = name if name is not None else repr(key)[:80]
            raw[label] = value
            problems.append(ItemProblem(label, str(exc), value))
            log.warning(
                "FETCH item %s of message %d left unread: %s; data: %.200r", label, seq, exc, value
            )
    # Only the typed items sent; the rest keep their None default.
    fields.update(seq=seq, sections=sections, binary=binary, raw=raw)
    if problems:
        fields["problems"] = tuple(problems)
    return FetchedMessage._from_items(fields)


def _item_name(key: Value) -> str | None:
    """A FETCH item's name, upper case; a quoted name is read like an atom."""
    if isinstance(key, str):
        return key.upper()
    if isinstance(key, bytes) and key.isascii() and key.strip():
        return key.decode("ascii").upper()
    return None


def section_kind(item: str) -> str | None:
    """``"BODY"`` or ``"BINARY"`` for a section item's name such as ``BODY[2]<0>``; else None."""
    found = _SECTION_ITEM.match(item)
    return found.group("kind") if found is not None else None


def _section_key(section: str, origin: str | None) -> str:
    # Servers differ in echoing header lists: quoted names, extra spaces.
    key = " ".join(section.replace('"', "").split())
    return key if origin is None else f"{key}<{origin}>"


def section_content(value: Value, item: str) -> bytes | None:
    """A body section's data: bytes, or None for NIL.

    Raises:
        ProtocolError: The value is a list.
    """
    if value is None or isinstance(value, bytes):
        return value
    if isinstance(value, str):  # an atom where a string belongs: keep its bytes
        return value.encode()
    raise ProtocolError(f"server sent a list where the data of {item} should be")


def _modseq(value: Value) -> int:
    # RFC 7162 writes "MODSEQ (4)"; some servers send "MODSEQ 4", which means the same.
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return number(value, "MODSEQ")


def _optional_date(what: str) -> Callable[[Value], datetime.datetime | None]:
    """A reader of a date-time item that a server may send as NIL."""

    def read(value: Value) -> datetime.datetime | None:
        return None if value is None else parse_internal_date(value, what)

    return read


def _text(what: str, *, optional: bool) -> Callable[[Value], str | None]:
    """A reader of a string item; NIL is None where ``optional``, else malformed."""

    def read(value: Value) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if isinstance(value, str):
            return value
        raise ProtocolError(f"server sent {value!r:.80} where {what} should be a string")

    return read


def _gmail_labels(value: Value) -> frozenset[str]:
    if not isinstance(value, list):
        raise ProtocolError(f"server sent {value!r:.80} where X-GM-LABELS should be a list")
    labels: set[str] = set()
    for label in value:
        if isinstance(label, str) and label.startswith("\\"):
            labels.add(label)  # a system label such as \Inbox, not a name
        elif isinstance(label, (str, bytes)):
            labels.add(decode_mailbox_name(label))
        else:
            raise ProtocolError(f"server sent {label!r:.80} in X-GM-LABELS")
    return frozenset(labels)


def _object_id(what: str, *, optional: bool) -> Callable[[Value], str | None]:
    """A reader of an RFC 8474 ``EMAILID (M6d99ac3275bb4e)``-style item.

    The id is a parenthesised atom; a bare atom is read the same way.
    """
    text = _text(what, optional=optional)

    def read(value: Value) -> str | None:
        return text(value[0] if isinstance(value, list) and len(value) == 1 else value)

    return read


_TYPED_ITEMS: dict[str, tuple[str, Callable[[Value], object]]] = {
    # partial, not lambda: called for every item of every message, and a
    # partial adds no Python frame of its own.
    "UID": ("uid", partial(number, what="UID")),
    "FLAGS": ("flags", partial(flag_set, what="FLAGS")),
    "INTERNALDATE": ("internal_date", _optional_date("INTERNALDATE")),
    "RFC822.SIZE": ("size", partial(number, what="RFC822.SIZE")),
    "ENVELOPE": ("envelope", parse_envelope),
    "BODYSTRUCTURE": ("body_structure", parse_body_structure),
    "BODY": ("body_structure", parse_body_structure),
    "MODSEQ": ("modseq", _modseq),
    "X-GM-MSGID": ("gmail_message_id", partial(number, what="X-GM-MSGID")),
    "X-GM-THRID": ("gmail_thread_id", partial(number, what="X-GM-THRID")),
    "X-GM-LABELS": ("gmail_labels", _gmail_labels),
    "PREVIEW": ("preview", _text("PREVIEW", optional=True)),
    "EMAILID": ("email_id", _object_id("EMAILID", optional=False)),
    "THREADID": ("thread_id", _object_id("THREADID", optional=True)),
    "SAVEDATE": ("save_date", _optional_date("SAVEDATE")),
}
"""Items with a typed field: item name -> (field name, reader)."""

# Vendor and newer items also stay in ``raw``, where earlier versions put them.
_ALSO_RAW = frozenset(_ITEM_CAPABILITIES)  # the vendor and newer items, each with a field


def parse_internal_date(value: Value, what: str = "INTERNALDATE") -> datetime.datetime:
    """``date-time`` (RFC 3501), e.g. ``"17-Jul-1996 02:44:25 -0700"``, as an aware datetime.

    Raises:
        ProtocolError: The value is not a date-time.
    """
    raw = value.decode("ascii", "replace") if isinstance(value, bytes) else value
    found = _DATE_TIME.match(raw) if isinstance(raw, str) else None
    month = MONTHS.get(found.group(2).upper()) if found is not None else None
    if found is None or month is None:
        raise ProtocolError(f"server sent {value!r:.80} where {what} should be")
    day, _, year, hour, minute, second, offset = found.groups()
    try:
        return datetime.datetime(
            int(year), month, int(day), int(hour), int(minute), int(second), tzinfo=zone(offset)
        )
    except ValueError as exc:  # 31-Feb, 25:00, an offset of a day or more
        raise ProtocolError(f"server sent an impossible {what} {value!r:.80}") from exc
