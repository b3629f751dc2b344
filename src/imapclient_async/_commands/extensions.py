"""ID and ENABLE: their arguments, and their replies as typed results."""

from __future__ import annotations

from collections.abc import Iterable

from .._proto import Argument, Atom, CommandOutcome, ParenList, String
from ..errors import ProtocolError
from .replies import text_value, untagged_of

__all__ = [
    "ENABLE_COLLECT",
    "ID_COLLECT",
    "enable_arguments",
    "enabled_from_outcome",
    "id_arguments",
    "id_from_outcome",
]

ID_COLLECT = frozenset({"ID"})
ENABLE_COLLECT = frozenset({"ENABLED"})

# RFC 2971 3.3: field names up to 30 octets, values up to 1024, at most 30 pairs.
_ID_NAME_MAX = 30
_ID_VALUE_MAX = 1024
_ID_FIELDS_MAX = 30
_NIL = Atom("NIL")


# -- ID (RFC 2971) ---------------------------------------------------------------


def id_arguments(fields: Iterable[tuple[str, str | None]]) -> list[Argument]:
    """``ID ("name" "value" ...)`` from (name, value) pairs, or ``ID NIL`` for none.

    Names and values are IMAP strings (quoted, or literals when they need
    to be), never atoms: RFC 2971 requires strings and Dovecot answers BAD to
    atoms. A None value is sent as NIL.

    Raises:
        TypeError: A name is not a str, or a value neither str nor None.
        ValueError: A name is empty or over 30 octets, a value over 1024
            octets, a name repeats (names are case-insensitive), there are
            more than 30 fields, or a string holds NUL.
    """
    pairs = list(fields)
    if len(pairs) > _ID_FIELDS_MAX:
        raise ValueError(f"ID allows at most {_ID_FIELDS_MAX} fields, not {len(pairs)}")
    if not pairs:
        return [_NIL]
    seen: set[str] = set()
    items: list[Argument] = []
    for name, value in pairs:
        if not isinstance(name, str):
            raise TypeError(f"ID field names must be str, not {type(name).__name__}")
        if value is not None and not isinstance(value, str):
            raise TypeError(f"ID field {name!r} must be a str or None, not {type(value).__name__}")
        if not name or len(name.encode("utf-8")) > _ID_NAME_MAX:
            raise ValueError(f"ID field names must be 1 to {_ID_NAME_MAX} octets: {name[:64]!r}")
        if value is not None and len(value.encode("utf-8")) > _ID_VALUE_MAX:
            raise ValueError(f"ID field {name!r} is longer than {_ID_VALUE_MAX} octets")
        if name.lower() in seen:
            raise ValueError(f"ID field {name!r} given twice (names are case-insensitive)")
        seen.add(name.lower())
        items += [String(name), _NIL if value is None else String(value)]
    return [ParenList(tuple(items))]


def id_from_outcome(outcome: CommandOutcome) -> dict[str, str | None]:
    """The server's ``* ID`` fields, names lower-cased; empty for ``* ID NIL`` or none.

    Raises:
        ProtocolError: The ID response is neither NIL nor a list of name/value pairs.
    """
    fields: dict[str, str | None] = {}
    for response in untagged_of(outcome, "ID"):
        listing = response.values[0] if response.values else None
        if listing is None:
            continue
        if not isinstance(listing, list) or len(listing) % 2:
            raise ProtocolError(f"server sent a malformed ID response: {listing!r}")
        for name, value in zip(listing[::2], listing[1::2], strict=True):
            fields[text_value(name, "an ID field name").lower()] = (
                None if value is None else text_value(value, "an ID field value")
            )
    return fields


# -- ENABLE (RFC 5161) -------------------------------------------------------------


def enable_arguments(capabilities: Iterable[str]) -> list[Argument]:
    """``ENABLE cap ...``: each capability name validated as an atom.

    Raises:
        TypeError: A name is not a str.
        ValueError: No name was given, one is not a valid atom, or it is
            UTF8=ACCEPT, which this client cannot honour yet.
    """
    arguments: list[Argument] = []
    for capability in capabilities:
        if not isinstance(capability, str):
            raise TypeError(f"capability names must be str, not {type(capability).__name__}")
        if capability.upper().startswith("UTF8="):
            # Under UTF8=ACCEPT (RFC 6855) mailbox names travel as UTF-8;
            # sending our modified UTF-7 would name a different mailbox.
            raise ValueError(f"{capability} is not supported by imapclient_async yet")
        arguments.append(Atom(capability))
    if not arguments:
        raise ValueError("ENABLE needs at least one capability name")
    return arguments


def enabled_from_outcome(outcome: CommandOutcome) -> frozenset[str]:
    """The extensions the server says it enabled (``* ENABLED``), upper case.

    Raises:
        ProtocolError: The response lists something other than atoms.
    """
    enabled: set[str] = set()
    for response in untagged_of(outcome, "ENABLED"):
        for value in response.values:
            if not isinstance(value, str):
                raise ProtocolError(f"server sent {value!r} in an ENABLED response")
            enabled.add(value.upper())
    return frozenset(enabled)
