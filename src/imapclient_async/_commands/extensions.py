"""ID, ENABLE and QUOTA: their arguments, and their replies as typed results."""

from __future__ import annotations

from collections.abc import Iterable

from .._proto import Argument, AString, Atom, CommandOutcome, ParenList, String, UntaggedData, Value
from ..errors import ProtocolError
from ..quota import Quota, QuotaResource, QuotaRoot
from .replies import number

__all__ = [
    "ENABLE_COLLECT",
    "GETQUOTAROOT_COLLECT",
    "GETQUOTA_COLLECT",
    "ID_COLLECT",
    "enable_arguments",
    "enabled_from_outcome",
    "id_arguments",
    "id_from_outcome",
    "quota_from_outcome",
    "quota_root_argument",
    "quota_root_from_outcome",
]

ID_COLLECT = frozenset({"ID"})
ENABLE_COLLECT = frozenset({"ENABLED"})
GETQUOTA_COLLECT = frozenset({"QUOTA"})
GETQUOTAROOT_COLLECT = frozenset({"QUOTAROOT", "QUOTA"})

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
    for response in _untagged(outcome, "ID"):
        listing = response.values[0] if response.values else None
        if listing is None:
            continue
        if not isinstance(listing, list) or len(listing) % 2:
            raise ProtocolError(f"server sent a malformed ID response: {listing!r}")
        for name, value in zip(listing[::2], listing[1::2], strict=True):
            fields[_text(name, "an ID field name").lower()] = (
                None if value is None else _text(value, "an ID field value")
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
    for response in _untagged(outcome, "ENABLED"):
        for value in response.values:
            if not isinstance(value, str):
                raise ProtocolError(f"server sent {value!r} in an ENABLED response")
            enabled.add(value.upper())
    return frozenset(enabled)


# -- QUOTA (RFC 9208, RFC 2087) -----------------------------------------------------


def quota_root_argument(root: str) -> AString:
    """A quota root name as an argument (``""`` is a valid root name).

    Raises:
        TypeError: ``root`` is not a str.
        ValueError: It holds NUL.
    """
    if not isinstance(root, str):
        raise TypeError(f"quota root must be a str, not {type(root).__name__}")
    return AString(root)


def quota_root_from_outcome(mailbox: str, outcome: CommandOutcome) -> QuotaRoot:
    """GETQUOTAROOT's ``* QUOTAROOT mailbox root...`` and ``* QUOTA`` responses.

    Raises:
        ProtocolError: A response is malformed.
    """
    roots: list[str] = []
    for response in _untagged(outcome, "QUOTAROOT"):
        if not response.values:
            raise ProtocolError("server sent a QUOTAROOT response without a mailbox")
        roots += (_text(value, "a quota root name") for value in response.values[1:])
    quotas = tuple(_quota(response) for response in _untagged(outcome, "QUOTA"))
    return QuotaRoot(mailbox, tuple(roots), quotas)


def quota_from_outcome(root: str, outcome: CommandOutcome) -> Quota:
    """GETQUOTA's ``* QUOTA root (...)`` response for ``root``.

    Raises:
        ProtocolError: The response is malformed or missing.
    """
    quotas = [_quota(response) for response in _untagged(outcome, "QUOTA")]
    found = next((quota for quota in quotas if quota.root == root), None)
    if found is None:
        raise ProtocolError(f"server answered GETQUOTA without the quota of {root!r}")
    return found


def _quota(response: UntaggedData) -> Quota:
    """``* QUOTA root (NAME usage limit ...)``.

    Courier answers ``* QUOTA "ROOT"`` with no list when no quota is set:
    a root without resources.
    """
    values = response.values
    root, listing = (
        (values[0], []) if len(values) == 1 else values if len(values) == 2 else (None, None)
    )
    if not isinstance(listing, list):
        raise ProtocolError(f"server sent a malformed QUOTA response: {response.values!r}")
    if len(listing) % 3:
        raise ProtocolError(f"server sent a malformed QUOTA resource list: {listing!r}")
    resources = tuple(
        QuotaResource(
            _text(name, "a quota resource name").upper(),
            number(usage, "a quota usage"),
            number(limit, "a quota limit"),
        )
        for name, usage, limit in zip(listing[::3], listing[1::3], listing[2::3], strict=True)
    )
    return Quota(_text(root, "a quota root name"), resources)


# -- shared -----------------------------------------------------------------------


def _untagged(outcome: CommandOutcome, keyword: str) -> list[UntaggedData]:
    return [
        response
        for response in outcome.untagged
        if isinstance(response, UntaggedData) and response.keyword == keyword
    ]


def _text(value: Value, what: str) -> str:
    """A string or atom from a reply as text (UTF-8, undecodable bytes replaced)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    raise ProtocolError(f"server sent {value!r} where {what} should be a string")
