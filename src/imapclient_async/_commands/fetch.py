"""FETCH: checking the items asked for, and reading each message's reply.

This module changes when the fetch items we accept or read change. Items are
checked against the ``fetch-att`` grammar of RFC 3501 / RFC 9051 (plus
RFC 3516 BINARY and RFC 7162 MODSEQ) and sent as one validated ``Raw`` list,
so no caller text can reach the wire unchecked.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from .._proto import Argument, Atom, Number, ParenList, Raw, StatusResponse, UntaggedData, Value
from ..errors import ProtocolError
from ..message import FetchedMessage
from ..messageset import MessageSetLike
from .bodystructure import parse_body_structure
from .envelope import parse_envelope
from .messages import message_set_argument
from .replies import flag_set, number, require_capability

__all__ = [
    "COLLECT",
    "downloaded_piece",
    "fetch_arguments",
    "fetched_message",
    "parse_internal_date",
    "partial_item",
    "section_content",
]

COLLECT = frozenset({"FETCH"})

_NUMBER_MAX = 2**32 - 1  # RFC 9051 number / nz-number are 32-bit
_SECTION_PART = r"[1-9][0-9]*(?:\.[1-9][0-9]*)*"
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
    rf"|BINARY\.SIZE\[(?:{_SECTION_PART})?\])",
    re.ASCII,
)
_SECTION_ITEM = re.compile(r"(?P<kind>BODY|BINARY)\[(?P<section>[^\]]*)\](?:<(?P<origin>\d+)>)?\Z")
# RFC 822/RFC 3501 spellings of whole-message sections.
_RFC822_SECTIONS = {"RFC822": "", "RFC822.HEADER": "HEADER", "RFC822.TEXT": "TEXT"}

_MONTHS = {
    name: index
    for index, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}
_DATE_TIME = re.compile(
    r" ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\Z"
)


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
        if isinstance(changed_since, bool) or not isinstance(changed_since, int):
            raise TypeError("changed_since must be an int mod-sequence")
        if changed_since < 1:
            raise ValueError("changed_since must be a positive mod-sequence")
        require_capability(capabilities, "changed_since", "CONDSTORE")
        arguments.append(ParenList((Atom("CHANGEDSINCE"), Number(changed_since))))
    return arguments


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
    partial = _PARTIAL_RANGE.search(name)
    if partial is not None:
        _check_partial(int(partial.group(1)), int(partial.group(2)), item)
    if found.group("binary"):
        require_capability(capabilities, item, "BINARY")
    if found.group("modseq"):
        require_capability(capabilities, item, "CONDSTORE")
    return name


def _check_partial(origin: int, length: int, where: str) -> None:
    if not 0 <= origin <= _NUMBER_MAX or not 0 < length <= _NUMBER_MAX:
        raise ValueError(f"partial range <{origin}.{length}> out of bounds for {where[:80]!r}")


def fetched_message(response: UntaggedData) -> FetchedMessage:
    """One ``* n FETCH (...)`` response as a :class:`FetchedMessage`.

    Raises:
        ProtocolError: The response or one of its known items is malformed.
    """
    seq = response.number
    items = response.values[0] if len(response.values) == 1 else None
    if seq is None or not isinstance(items, list) or len(items) % 2:
        raise ProtocolError(f"server sent a malformed FETCH response: {response!r:.200}")
    uid = flags = internal_date = size = envelope = body_structure = modseq = None
    sections: dict[str, bytes | None] = {}
    binary: dict[str, bytes | None] = {}
    raw: dict[str, Value] = {}
    for index in range(0, len(items), 2):
        key, value = items[index], items[index + 1]
        if not isinstance(key, str):
            raise ProtocolError(f"server sent {key!r:.80} where a FETCH item name should be")
        name = key.upper()
        section = _SECTION_ITEM.match(name)
        if name == "UID":
            uid = number(value, "UID")
        elif name == "FLAGS":
            flags = flag_set(value, "FLAGS")
        elif name == "INTERNALDATE":
            internal_date = parse_internal_date(value)
        elif name == "RFC822.SIZE":
            size = number(value, "RFC822.SIZE")
        elif name == "ENVELOPE":
            envelope = parse_envelope(value)
        elif name in ("BODYSTRUCTURE", "BODY"):
            body_structure = parse_body_structure(value)
        elif name == "MODSEQ":
            modseq = _modseq(value)
        elif name in _RFC822_SECTIONS:
            sections[_RFC822_SECTIONS[name]] = section_content(value, name)
        elif section is not None:
            key_text = _section_key(section.group("section"), section.group("origin"))
            target = sections if section.group("kind") == "BODY" else binary
            target[key_text] = section_content(value, name)
        else:
            raw[name] = value
    return FetchedMessage(
        seq=seq,
        uid=uid,
        flags=flags,
        internal_date=internal_date,
        size=size,
        envelope=envelope,
        body_structure=body_structure,
        sections=sections,
        binary=binary,
        modseq=modseq,
        raw=raw,
    )


def downloaded_piece(
    responses: Sequence[StatusResponse | UntaggedData],
    message: int,
    *,
    uid: bool,
    binary: bool,
    offset: int,
) -> bytes | None:
    """The piece of a partial fetch in the reply about ``message``; None if there is none.

    A NIL section counts as empty; other messages' FETCH responses (flag
    updates the server mixes in) are skipped.

    Raises:
        ProtocolError: A FETCH response is malformed.
    """
    for response in responses:
        if not isinstance(response, UntaggedData) or response.keyword != "FETCH":
            continue
        fetched = fetched_message(response)
        if (fetched.uid if uid else fetched.seq) != message:
            continue
        pieces = fetched.binary if binary else fetched.sections
        for key, data in pieces.items():
            if key.endswith(f"<{offset}>") or "<" not in key:
                return data or b""
    return None


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
    if isinstance(value, list) and len(value) == 1:
        return number(value[0], "MODSEQ")
    raise ProtocolError(f"server sent {value!r:.80} where MODSEQ should be (number)")


def parse_internal_date(value: Value) -> datetime.datetime:
    """``date-time`` (RFC 3501), e.g. ``"17-Jul-1996 02:44:25 -0700"``, as an aware datetime.

    Raises:
        ProtocolError: The value is not a date-time.
    """
    raw = value.decode("ascii", "replace") if isinstance(value, bytes) else value
    found = _DATE_TIME.match(raw) if isinstance(raw, str) else None
    month = _MONTHS.get(found.group(2).upper()) if found is not None else None
    if found is None or month is None:
        raise ProtocolError(f"server sent {value!r:.80} where INTERNALDATE should be")
    day, _, year, hour, minute, second, sign, zone_hours, zone_minutes = found.groups()
    offset = datetime.timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
    try:
        return datetime.datetime(
            int(year),
            month,
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=datetime.timezone(-offset if sign == "-" else offset),
        )
    except ValueError as exc:  # 31-Feb, 25:00, an offset of a day or more
        raise ProtocolError(f"server sent an impossible INTERNALDATE {value!r:.80}") from exc
