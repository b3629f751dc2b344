"""Sets of message sequence numbers or UIDs, kept as ranges.

A :class:`MessageSet` is what IMAP calls a ``sequence-set``:
``1:100,205,300:*``. It stores ranges, never the numbers in them, so a server
saying ``1:4294967295`` costs a few bytes, not a list of four billion numbers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeAlias, Union

from ._proto import Argument, Raw

__all__ = [
    "MessageSet",
    "MessageSetLike",
    "message_set_argument",
    "names_no_message",
]

_MAX = 2**32 - 1  # nz-number is a 32-bit unsigned integer (RFC 9051)
_ELEMENT = re.compile(r"(\d+|\*)(?::(\d+|\*))?\Z")

MessageSetLike: TypeAlias = Union["MessageSet", int, range, str, Iterable[int]]
"""What every command taking messages accepts: see :class:`MessageSet`."""

_Range = tuple[int, "int | None"]  # (first, last); last None means "*" (the highest)


class MessageSet:
    """An immutable set of message numbers or UIDs, stored as sorted, merged ranges.

    Whether the numbers are sequence numbers or UIDs depends on the command
    they are used with (most commands take ``uid=True``, the default).

    Args:
        value: An int (``5``), a ``range`` (``range(1, 11)`` is 1 to 10), an
            iterable of ints (``[1, 2, 3, 7]`` becomes ``1:3,7``), a string in
            IMAP syntax (``"1:*"``, ``"2,4:6"``, ``"*"`` for the highest
            number), or another MessageSet. Numbers must be between 1 and
            4294967295.

    Raises:
        ValueError: A number is out of range, or the string is not IMAP syntax.
        TypeError: ``value`` is none of the above.

    Example::

        >>> str(MessageSet([7, 1, 2, 3, 9, 8]))
        '1:3,7:9'
        >>> str(MessageSet("5:*"))
        '5:*'
        >>> 10**6 in MessageSet("1:4294967295")
        True
        >>> len(MessageSet(range(1, 101)))
        100
    """

    __slots__ = ("_ranges",)

    def __init__(self, value: MessageSetLike = ()) -> None:
        if isinstance(value, MessageSet):
            self._ranges: tuple[_Range, ...] = value._ranges
        elif isinstance(value, bool):
            raise TypeError("a message set cannot be made from a bool")
        elif isinstance(value, int):
            self._ranges = ((_check(value), _check(value)),)
        elif isinstance(value, str):
            self._ranges = _merge(_parse(value))
        elif isinstance(value, range):
            self._ranges = _from_range(value)
        elif isinstance(value, Iterable):
            self._ranges = _from_ints(value)
        else:
            raise TypeError(f"cannot make a message set from {type(value).__name__}")

    @property
    def ranges(self) -> tuple[tuple[int, int | None], ...]:
        """The ranges ``(first, last)``, sorted and merged; ``last`` None means ``*``."""
        return self._ranges

    @property
    def has_star(self) -> bool:
        """True when the set reaches ``*`` (the highest number in the mailbox)."""
        return bool(self._ranges) and self._ranges[-1][1] is None

    def __str__(self) -> str:
        return ",".join(_format(first, last) for first, last in self._ranges)

    def __repr__(self) -> str:
        return f"MessageSet({str(self)!r})"

    def __bool__(self) -> bool:
        return bool(self._ranges)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MessageSet):
            return self._ranges == other._ranges
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._ranges)

    def __contains__(self, number: object) -> bool:
        if not isinstance(number, int):
            return False
        # The ranges are sorted and disjoint: only the last one starting at or
        # below ``number`` can hold it.
        index = bisect.bisect_right(self._ranges, number, key=_first) - 1
        if index < 0:
            return False
        last = self._ranges[index][1]
        return last is None or number <= last

    def __len__(self) -> int:
        """How many numbers the set holds.

        Raises:
            ValueError: The set reaches ``*``, whose value only the server knows.
        """
        self._require_bounded("count")
        return sum(last - first + 1 for first, last in self._ranges if last is not None)

    def __iter__(self) -> Iterator[int]:
        """The numbers in ascending order, produced one at a time.

        Raises:
            ValueError: The set reaches ``*``.
        """
        self._require_bounded("list")
        for first, last in self._ranges:
            assert last is not None
            yield from range(first, last + 1)

    def _require_bounded(self, what: str) -> None:
        if self.has_star:
            raise ValueError(f"cannot {what} the numbers of {self}: only the server knows '*'")


def _first(numbers: _Range) -> int:
    return numbers[0]


def _check(number: int) -> int:
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"message numbers must be ints, not {type(number).__name__}")
    if not 1 <= number <= _MAX:
        raise ValueError(f"message numbers go from 1 to {_MAX}, not {number}")
    return number


def _parse(text: str) -> list[_Range]:
    if not text:
        raise ValueError("an empty string is not a message set")
    ranges: list[_Range] = []
    for element in text.split(","):
        match = _ELEMENT.match(element)
        if match is None:
            raise ValueError(f"not an IMAP message set: {text[:64]!r}")
        first, last = match.group(1), match.group(2) or match.group(1)
        low = None if first == "*" else _check(int(first))
        high = None if last == "*" else _check(int(last))
        if low is None or high is None:
            # "n:*", "*:n" and "*" all reach the highest number.
            ranges.append((low or high or _MAX, None))
        else:
            ranges.append((min(low, high), max(low, high)))
    return ranges


def _from_range(numbers: range) -> tuple[_Range, ...]:
    if not numbers:
        return ()
    if numbers.step == 1:
        return ((_check(numbers.start), _check(numbers.stop - 1)),)
    return _from_ints(numbers)


def _from_ints(numbers: Iterable[int]) -> tuple[_Range, ...]:
    return _merge((number, number) for number in map(_check, numbers))


def _merge(ranges: Iterable[_Range]) -> tuple[_Range, ...]:
    # A star range (first, None) sorts after every bounded range that starts
    # at the same number, and absorbs everything from its start on.
    ordered = sorted(ranges, key=lambda item: (item[0], _MAX + 1 if item[1] is None else item[1]))
    merged: list[_Range] = []
    for first, last in ordered:
        if merged:
            previous_first, previous_last = merged[-1]
            if previous_last is None:
                break  # already reaches "*"
            if first <= previous_last + 1:
                merged[-1] = (
                    previous_first,
                    None if last is None else max(last, previous_last),
                )
                continue
        merged.append((first, last))
    return tuple(merged)


def _format(first: int, last: int | None) -> str:
    if last is None:
        return f"{first}:*" if first != _MAX else "*"
    return str(first) if first == last else f"{first}:{last}"


@dataclass(frozen=True, slots=True)
class _NoMessage(Raw):
    """An empty message set in a command's arguments: the command is not sent at all.

    IMAP has no empty sequence-set, and a command about no message has nothing
    to do, so the session answers it itself (see :func:`names_no_message`).
    It never reaches the encoder, which is why its empty text is not checked.
    """

    def __post_init__(self) -> None:
        pass


_NO_MESSAGE = _NoMessage("")


def message_set_argument(messages: MessageSetLike) -> Raw:
    """``messages`` as a command's ``sequence-set`` argument, e.g. ``1:3,7:*``.

    An empty set gives a placeholder that makes the session skip the command
    and answer it with an empty result (:func:`names_no_message`); the command's
    state checks still apply. ``1:*`` and ``*`` are never empty: what they
    cover is for the server to say.

    Raises:
        ValueError: The set is malformed.
        TypeError: ``messages`` is not message-set-like.
    """
    message_set = MessageSet(messages)
    return Raw(str(message_set)) if message_set else _NO_MESSAGE


def names_no_message(arguments: Sequence[Argument]) -> bool:
    """Whether a command's arguments hold an empty message set, so it has nothing to do."""
    return any(isinstance(argument, _NoMessage) for argument in arguments)
