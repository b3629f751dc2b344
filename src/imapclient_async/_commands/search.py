"""SEARCH (with ESEARCH, RFC 4731), SORT and THREAD (RFC 5256): arguments and results."""

from __future__ import annotations

from collections.abc import Sequence

from .._proto import Argument, Atom, CommandOutcome, ParenList, Raw, UntaggedData, Value
from ..errors import ProtocolError
from ..messageset import MessageSet
from ..search import Query, SearchCriteria, SearchResult, ThreadNode
from .replies import number

__all__ = [
    "DISPLAY_SORT_KEYS",
    "SEARCH_COLLECT",
    "SORT_COLLECT",
    "SORT_KEYS",
    "THREAD_COLLECT",
    "extensions_needed",
    "search_arguments",
    "search_result",
    "sort_arguments",
    "sort_criteria",
    "sort_result",
    "thread_algorithm",
    "thread_arguments",
    "thread_result",
]

SEARCH_COLLECT = frozenset({"SEARCH", "ESEARCH"})
"""SEARCH collects both: a server may answer ``RETURN (...)`` with plain SEARCH."""
SORT_COLLECT = frozenset({"SORT"})
THREAD_COLLECT = frozenset({"THREAD"})

SORT_KEYS = frozenset({"ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO"})
"""RFC 5256 sort keys."""
DISPLAY_SORT_KEYS = frozenset({"DISPLAYFROM", "DISPLAYTO"})
"""RFC 5957 sort keys, offered with the SORT=DISPLAY capability."""
_KNOWN_SORT_KEYS = SORT_KEYS | DISPLAY_SORT_KEYS

_ESEARCH_RETURN = ParenList((Atom("MIN"), Atom("MAX"), Atom("COUNT"), Atom("ALL")))
# SORT and THREAD require a charset; UTF-8 is one every server must support.
_UTF8 = Atom("UTF-8")


def extensions_needed(criteria: SearchCriteria) -> frozenset[str]:
    """The capabilities the server must offer for ``criteria`` (none for raw text)."""
    return criteria.extensions if isinstance(criteria, Query) else frozenset()


def _criteria(criteria: SearchCriteria) -> tuple[list[Argument], bool]:
    """The search keys as arguments, and whether they hold non-ASCII text."""
    if isinstance(criteria, Query):
        return list(criteria._arguments), criteria.non_ascii
    if isinstance(criteria, str):
        return [Raw(criteria)], False
    raise TypeError(f"search criteria must be a Query or a str, not {type(criteria).__name__}")


def search_arguments(
    criteria: SearchCriteria, *, esearch: bool, utf8_accepted: bool
) -> list[Argument]:
    """SEARCH's arguments: ``[RETURN (MIN MAX COUNT ALL)] [CHARSET UTF-8] keys``.

    Args:
        criteria: What to search for.
        esearch: The server offers ESEARCH, so ask for MIN, MAX, COUNT and
            ALL as ranges rather than a list of every number.
        utf8_accepted: UTF8=ACCEPT is enabled (RFC 6855), which makes UTF-8
            the search charset without saying so.

    Raises:
        TypeError: ``criteria`` is neither a Query nor a str.
        ValueError: Raw criteria hold characters other than printable ASCII.
    """
    keys, non_ascii = _criteria(criteria)
    arguments: list[Argument] = [Atom("RETURN"), _ESEARCH_RETURN] if esearch else []
    if non_ascii and not utf8_accepted:
        arguments += [Atom("CHARSET"), _UTF8]
    return arguments + keys


def sort_criteria(criteria: str | Sequence[str]) -> tuple[str, ...]:
    """Validated, upper-cased RFC 5256 sort criteria, e.g. ``("REVERSE", "DATE")``.

    Args:
        criteria: Sort keys, each optionally preceded by ``REVERSE``, as a
            sequence (``["REVERSE", "DATE"]``) or one space-separated str.

    Raises:
        TypeError: ``criteria`` is not a str or a sequence of str.
        ValueError: No key is given, a word is not a sort key, or
            ``REVERSE`` is not followed by a key.
    """
    if isinstance(criteria, str):
        words = criteria.split()
    elif isinstance(criteria, Sequence) and all(isinstance(word, str) for word in criteria):
        words = list(criteria)
    else:
        raise TypeError("sort criteria must be a str or a sequence of str")
    words = [word.upper() for word in words]
    if not words:
        raise ValueError("sort criteria must name at least one sort key")
    for index, word in enumerate(words):
        if word == "REVERSE":
            if index + 1 == len(words) or words[index + 1] == "REVERSE":
                raise ValueError("REVERSE must be followed by a sort key")
        elif word not in _KNOWN_SORT_KEYS:
            known = ", ".join(sorted(_KNOWN_SORT_KEYS))
            raise ValueError(f"{word[:64]!r} is not a sort key; use REVERSE and {known}")
    return tuple(words)


def sort_arguments(criteria: tuple[str, ...], query: SearchCriteria) -> list[Argument]:
    """SORT's arguments: ``(criteria) UTF-8 keys``, from :func:`sort_criteria`'s result.

    Raises:
        TypeError, ValueError: As for :func:`search_arguments`.
    """
    keys, _ = _criteria(query)
    return [ParenList(tuple(Atom(word) for word in criteria)), _UTF8, *keys]


def thread_algorithm(algorithm: str) -> str:
    """A THREAD algorithm name, upper case, e.g. ``"REFERENCES"``.

    Raises:
        TypeError: ``algorithm`` is not a str.
        ValueError: It is not an IMAP atom.
    """
    if not isinstance(algorithm, str):
        raise TypeError(f"thread algorithm must be a str, not {type(algorithm).__name__}")
    return Atom(algorithm.upper()).text


def thread_arguments(algorithm: str, query: SearchCriteria) -> list[Argument]:
    """THREAD's arguments: ``algorithm UTF-8 keys``.

    Raises:
        TypeError, ValueError: As for :func:`search_arguments`.
    """
    keys, _ = _criteria(query)
    return [Atom(algorithm), _UTF8, *keys]


def search_result(outcome: CommandOutcome, *, uid: bool) -> SearchResult:
    """SEARCH's result from its ``* ESEARCH`` response, or else its ``* SEARCH`` ones.

    An ESEARCH response correlated to another command's tag is ignored.

    Raises:
        ProtocolError: A response is malformed.
    """
    tag = outcome.tagged.tag
    esearch = [
        response.values
        for response in _data(outcome, "ESEARCH")
        if _correlated_to(response.values, tag)
    ]
    if len(esearch) > 1:
        raise ProtocolError(f"server sent {len(esearch)} ESEARCH responses to one SEARCH")
    if esearch:
        return _esearch_result(esearch[0], uid=uid)
    numbers: list[int] = []
    highest_modseq = None
    for response in _data(outcome, "SEARCH"):
        found, modseq = _numbers_and_modseq(response.values, "SEARCH")
        numbers += found
        if modseq is not None:
            highest_modseq = max(modseq, highest_modseq or 0)
    ids = _message_set(numbers, "SEARCH")
    return SearchResult(
        ids=ids,
        uid=uid,
        min=ids.ranges[0][0] if ids else None,
        max=ids.ranges[-1][1] if ids else None,
        count=len(ids),
        highest_modseq=highest_modseq,
    )


def sort_result(outcome: CommandOutcome) -> tuple[int, ...]:
    """The message numbers of the ``* SORT`` responses, in the server's order.

    Raises:
        ProtocolError: A response is malformed.
    """
    numbers: list[int] = []
    for response in _data(outcome, "SORT"):
        numbers += _numbers_and_modseq(response.values, "SORT")[0]
    return tuple(numbers)


def thread_result(outcome: CommandOutcome) -> tuple[ThreadNode, ...]:
    """The threads of the ``* THREAD`` responses, one root node per thread.

    Raises:
        ProtocolError: A response is malformed.
    """
    return tuple(
        _thread(value) for response in _data(outcome, "THREAD") for value in response.values
    )


def _data(outcome: CommandOutcome, keyword: str) -> list[UntaggedData]:
    return [
        response
        for response in outcome.untagged
        if isinstance(response, UntaggedData) and response.keyword == keyword
    ]


def _correlated_to(values: Sequence[Value], tag: str) -> bool:
    # ``(TAG "A5")`` names the command an ESEARCH answers (RFC 4731 3.1);
    # without it, the response can only be ours.
    if not values or not isinstance(values[0], list):
        return True
    correlator = values[0]
    if len(correlator) != 2 or str(correlator[0]).upper() != "TAG":
        raise ProtocolError(f"malformed ESEARCH correlator: {correlator!r}")
    sent = correlator[1]
    return (sent.decode("ascii", "replace") if isinstance(sent, bytes) else sent) == tag


def _esearch_result(values: Sequence[Value], *, uid: bool) -> SearchResult:
    items = list(values)
    if items and isinstance(items[0], list):
        items.pop(0)
    if items and isinstance(items[0], str) and items[0].upper() == "UID":
        items.pop(0)
    if len(items) % 2:
        raise ProtocolError(f"malformed ESEARCH response: {values!r}")
    data: dict[str, Value] = {}
    for name, value in zip(items[::2], items[1::2], strict=True):
        if not isinstance(name, str):
            raise ProtocolError(f"malformed ESEARCH response: {values!r}")
        data[name.upper()] = value
    ids = MessageSet()
    if "ALL" in data:
        matched = data["ALL"]
        if not isinstance(matched, str):
            raise ProtocolError(f"server sent {matched!r} where ESEARCH ALL should be a set")
        ids = _message_set(matched, "ESEARCH ALL")
    numbers = {
        name: number(data[name], f"ESEARCH {name}")
        for name in ("MIN", "MAX", "COUNT", "MODSEQ")
        if name in data
    }
    return SearchResult(
        ids=ids,
        uid=uid,
        min=numbers.get("MIN", ids.ranges[0][0] if ids else None),
        max=numbers.get("MAX", ids.ranges[-1][1] if ids else None),
        count=numbers["COUNT"] if "COUNT" in numbers else len(ids),
        highest_modseq=numbers.get("MODSEQ"),
    )


def _numbers_and_modseq(values: Sequence[Value], what: str) -> tuple[list[int], int | None]:
    # ``* SEARCH 2 3 5 (MODSEQ 917)``: RFC 7162 3.1.5 appends the highest mod-sequence.
    numbers: list[int] = []
    modseq = None
    for value in values:
        if isinstance(value, list):
            if len(value) != 2 or str(value[0]).upper() != "MODSEQ":
                raise ProtocolError(f"unexpected {value!r} in a {what} response")
            modseq = number(value[1], f"{what} MODSEQ")
        else:
            numbers.append(number(value, f"a {what} result"))
    return numbers, modseq


def _message_set(source: str | list[int], what: str) -> MessageSet:
    try:
        result = MessageSet(source)
    except ValueError as exc:
        raise ProtocolError(
            f"server sent {source!r} where {what} should be message numbers"
        ) from exc
    if result.has_star:
        raise ProtocolError(f"server sent {source!r} as {what}: '*' is no message number")
    return result


def _thread(value: Value) -> ThreadNode:
    # thread-list = "(" *nz-number [thread-nested] ")" (RFC 5256): a chain of
    # messages each replying to the one before, then the branches under the
    # chain's last message. No leading number means an unknown parent.
    if not isinstance(value, list) or not value:
        raise ProtocolError(f"malformed THREAD list: {value!r}")
    split = next((index for index, item in enumerate(value) if isinstance(item, list)), len(value))
    chain = [number(item, "a THREAD message") for item in value[:split]]
    branches = tuple(_thread(item) for item in value[split:])
    if not chain:
        return ThreadNode(None, branches)
    node = ThreadNode(chain[-1], branches)
    for message in reversed(chain[:-1]):
        node = ThreadNode(message, (node,))
    return node
