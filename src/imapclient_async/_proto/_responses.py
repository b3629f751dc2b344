"""The server responses the decoder produces, as plain typed values.

Values inside responses use four Python types, chosen so that decoding is
cheap and the type alone tells what the server sent:

- ``str``: an atom or number, e.g. ``"\\\\Seen"``, ``"42"``, ``"BODY[TEXT]"``
- ``bytes``: a quoted string or a literal, exactly as sent (unescaped)
- ``None``: ``NIL``
- ``list``: a parenthesised list of values
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias, Union

__all__ = [
    "ContinuationRequest",
    "Response",
    "ResponseCode",
    "StatusResponse",
    "TaggedResponse",
    "UntaggedData",
    "Value",
]

Value: TypeAlias = Union[str, bytes, "list[Value]", None]

Status: TypeAlias = Literal["OK", "NO", "BAD", "PREAUTH", "BYE"]


@dataclass(frozen=True, slots=True)
class ResponseCode:
    """The bracketed code of a status response, e.g. ``[UIDNEXT 4392]``.

    Attributes:
        name: Upper-cased code name, e.g. ``"UIDNEXT"``.
        args: The code's arguments decoded as values; empty when it has none or
            when they do not decode as values (``raw`` still has them).
        raw: The arguments exactly as sent, decoded as UTF-8.
    """

    name: str
    args: tuple[Value, ...]
    raw: str


@dataclass(frozen=True, slots=True)
class TaggedResponse:
    """The server's final answer to one command: ``a1 OK [code] text``."""

    tag: str
    status: Literal["OK", "NO", "BAD"]
    code: ResponseCode | None
    text: str


@dataclass(frozen=True, slots=True)
class StatusResponse:
    """An untagged status response: ``* OK|NO|BAD|PREAUTH|BYE [code] text``."""

    status: Status
    code: ResponseCode | None
    text: str


# Not frozen, unlike the other responses: a large FETCH builds one per message,
# and the frozen __init__ (object.__setattr__ per field) costs three times as
# much. Nothing changes a response once the decoder has built it.
@dataclass(slots=True)
class UntaggedData:
    """Any other untagged response, e.g. ``* 3 EXISTS`` or ``* FLAGS (...)``.

    Attributes:
        keyword: The upper-cased response name, e.g. ``"EXISTS"``.
        number: The leading number for ``* <n> KEYWORD ...``, else None.
        values: The values after the keyword.
    """

    keyword: str
    number: int | None
    values: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class ContinuationRequest:
    """``+ text``: the server waits for more of the current command.

    Attributes:
        text: What follows ``+ ``; for AUTHENTICATE, the base64 challenge.
    """

    text: str


Response: TypeAlias = TaggedResponse | StatusResponse | UntaggedData | ContinuationRequest
