"""MessageSet: ranges in, ranges out, never expanded."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imapclient_async.messageset
from imapclient_async.messageset import MessageSet


def test_docstring_examples() -> None:
    assert doctest.testmod(imapclient_async.messageset).failed == 0


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (5, "5"),
        (range(1, 11), "1:10"),
        (range(1, 10, 2), "1,3,5,7,9"),
        ([3, 1, 2, 2, 10, 9], "1:3,9:10"),
        ("1:*", "1:*"),
        ("*", "*"),
        ("*:4", "4:*"),
        ("7:3", "3:7"),
        ("1,2,3,5:8,6", "1:3,5:8"),
        ("9,1:*", "1:*"),
        ("4:*,2", "2,4:*"),
        ("3:*,5:*", "3:*"),
        (MessageSet("2:4"), "2:4"),
        ([], ""),
    ],
)
def test_wire_form(value: object, wire: str) -> None:
    assert str(MessageSet(value)) == wire  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["", "0", "1:0", "a", "1:", ":1", "1,,2", "1 2", "-1", "4294967296", "1:2:3"]
)
def test_bad_strings(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by case
        MessageSet(text)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (0, ValueError),
        (2**32, ValueError),
        (True, TypeError),
        (1.5, TypeError),
        ([1, "2"], TypeError),
        (None, TypeError),
    ],
)
def test_bad_values(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        MessageSet(value)  # type: ignore[arg-type]


def test_huge_range_is_never_expanded() -> None:
    everything = MessageSet("1:4294967295")
    assert len(everything) == 4294967295
    assert 123456789 in everything
    assert 0 not in everything
    assert "5" not in everything
    assert everything.ranges == ((1, 4294967295),)


def test_star() -> None:
    tail = MessageSet("10:*")
    assert tail.has_star
    assert 10**9 in tail
    assert 9 not in tail
    with pytest.raises(ValueError, match="only the server knows"):
        len(tail)
    with pytest.raises(ValueError, match="only the server knows"):
        list(tail)


def test_value_semantics() -> None:
    assert MessageSet([1, 2, 3]) == MessageSet("1:3")
    assert hash(MessageSet([1, 2, 3])) == hash(MessageSet("1:3"))
    assert MessageSet("1") != "1"
    assert not MessageSet([])
    assert repr(MessageSet("1:3,5")) == "MessageSet('1:3,5')"
    assert list(MessageSet("1:3,5")) == [1, 2, 3, 5]


@given(st.sets(st.integers(min_value=1, max_value=2000)))
def test_round_trip(numbers: set[int]) -> None:
    message_set = MessageSet(numbers)
    assert list(message_set) == sorted(numbers)
    if numbers:
        assert MessageSet(str(message_set)) == message_set
    else:
        assert not message_set
    assert len(message_set) == len(numbers)
    # Ranges are merged: no two touch.
    for (_, last), (first, _) in zip(message_set.ranges, message_set.ranges[1:], strict=False):
        assert last is not None
        assert first > last + 1


@given(st.sets(st.integers(min_value=1, max_value=300)), st.integers(min_value=-5, max_value=305))
def test_membership_is_that_of_the_numbers(numbers: set[int], number: int) -> None:
    assert (number in MessageSet(numbers)) == (number in numbers)
    assert (number in MessageSet(f"{max(numbers, default=1)}:*")) == (
        number >= max(numbers, default=1)
    )
