"""Reading typed values out of replies, shared by every command module."""

from __future__ import annotations

from functools import lru_cache

from .._proto import (
    READ_CACHE_SIZE,
    CommandOutcome,
    ResponseCode,
    TaggedResponse,
    UntaggedData,
    Value,
)
from ..errors import (
    AuthenticationError,
    BadCommandError,
    CapabilityError,
    CommandError,
    ProtocolError,
)

__all__ = [
    "code_number",
    "flag_set",
    "number",
    "raise_for_status",
    "require_capability",
    "text_value",
    "untagged_of",
]

_UINT_MAX = 2**64 - 1


def raise_for_status(
    name: str, outcome: CommandOutcome | TaggedResponse, *, authentication: bool = False
) -> TaggedResponse:
    """Return the tagged reply if it is OK, else raise what NO or BAD means.

    Raises:
        AuthenticationError: NO to an authentication command.
        CommandError: NO to any other command.
        BadCommandError: BAD.
    """
    tagged = outcome.tagged if isinstance(outcome, CommandOutcome) else outcome
    code = tagged.code.name if tagged.code is not None else None
    if tagged.status == "NO":
        error = AuthenticationError if authentication else CommandError
        raise error(name, code, tagged.text)
    if tagged.status == "BAD":
        raise BadCommandError(tagged.text, command=name, code=code)
    return tagged


def number(value: Value, what: str) -> int:
    """A non-negative number from an atom, e.g. the ``42`` of ``* 42 EXISTS``.

    Raises:
        ProtocolError: The value is not a number in range.
    """
    if isinstance(value, str) and value.isdigit() and value.isascii():
        result = int(value)
        if result <= _UINT_MAX:
            return result
    raise ProtocolError(f"server sent {value!r} where {what} should be a number")


def code_number(code: ResponseCode) -> int:
    """The number argument of a response code such as ``[UIDNEXT 4392]``."""
    if not code.args:
        raise ProtocolError(f"server sent [{code.name}] without its number")
    return number(code.args[0], code.name)


def flag_set(value: Value, what: str) -> frozenset[str]:
    """A parenthesised list of flags, e.g. ``(\\Seen \\Answered)``.

    Raises:
        ProtocolError: The value is not a list of atoms.
    """
    if isinstance(value, list):
        try:
            flags = _flag_set(tuple(value))
        except TypeError:  # a list inside: unhashable, and no flag list
            flags = None
        if flags is not None:
            return flags
    raise ProtocolError(f"server sent {value!r} where {what} should be a list of flags")


# A mailbox's messages share a handful of flag combinations: each frozenset is
# built once and handed out again.
@lru_cache(maxsize=READ_CACHE_SIZE)
def _flag_set(values: tuple[Value, ...]) -> frozenset[str] | None:
    """The flags as a set, or None if a value is not an atom."""
    if all(isinstance(flag, str) for flag in values):
        return frozenset(flag for flag in values if isinstance(flag, str))
    return None


def require_capability(capabilities: frozenset[str], purpose: str, *names: str) -> None:
    """Raise CapabilityError unless ``capabilities`` has one of ``names``.

    Raises:
        CapabilityError: None of ``names`` is offered; it names the first.
    """
    if not capabilities.intersection(names):
        raise CapabilityError(names[0], purpose)


def untagged_of(outcome: CommandOutcome, keyword: str) -> list[UntaggedData]:
    """The untagged responses named ``keyword`` that a command collected."""
    return [
        response
        for response in outcome.untagged
        if isinstance(response, UntaggedData) and response.keyword == keyword
    ]


def text_value(value: Value, what: str) -> str:
    """A string or atom from a reply as text (UTF-8, undecodable bytes replaced)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    raise ProtocolError(f"server sent {value!r} where {what} should be a string")
