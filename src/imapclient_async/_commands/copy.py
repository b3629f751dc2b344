"""COPY and MOVE: their arguments, and the ``[COPYUID]`` code (RFC 4315) in the reply.

MOVE (RFC 6851) reports COPYUID in an untagged ``* OK`` before its EXPUNGEs;
COPY on the tagged OK. Both are read here the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .._proto import Argument, CommandOutcome, ResponseCode, StatusResponse
from ..errors import ProtocolError
from ..mailboxes import MailboxLike
from ..messages import CopyResult, UIDMapping
from ..messageset import MessageSet, MessageSetLike, message_set_argument
from .mailbox_name import mailbox_argument
from .replies import number

__all__ = ["MOVE_COLLECT", "copy_arguments", "copy_result"]

MOVE_COLLECT = frozenset({"OK"})
"""The untagged responses MOVE collects: the ``* OK [COPYUID ...]`` before its EXPUNGEs."""


def copy_arguments(messages: MessageSetLike, mailbox: MailboxLike) -> list[Argument]:
    """``set mailbox`` for COPY and MOVE.

    Raises:
        TypeError: ``messages`` is not message-set-like or ``mailbox`` not a str or Mailbox.
        ValueError: ``messages`` is malformed, or ``mailbox`` is empty or holds NUL.
    """
    return [message_set_argument(messages), mailbox_argument(mailbox)]


def copy_result(outcome: CommandOutcome, *, copied_nothing: bool = False) -> CopyResult:
    """The COPYUID codes of the reply (tagged or untagged OK) as one :class:`CopyResult`.

    A server may split a large MOVE over several COPYUID codes; they are
    joined in the order sent. Every field is None when there is none. When
    the command named no message (``copied_nothing``, so it was not sent) the
    result says so: empty UID sets and mapping, and no UIDVALIDITY.

    Raises:
        ProtocolError: A COPYUID code is malformed, the codes disagree on
            UIDVALIDITY, or the source and destination sets differ in size.
    """
    if copied_nothing:
        return CopyResult(
            uid_validity=None,
            source_uids=MessageSet(),
            destination_uids=MessageSet(),
            mapping=UIDMapping(()),
        )
    codes = [
        response.code
        for response in outcome.untagged
        if isinstance(response, StatusResponse) and response.status == "OK"
    ]
    codes.append(outcome.tagged.code)
    return _result([code for code in codes if code is not None and code.name == "COPYUID"])


def _result(codes: list[ResponseCode]) -> CopyResult:
    if not codes:
        return CopyResult(uid_validity=None, source_uids=None, destination_uids=None, mapping=None)
    validities = set()
    sources: list[str] = []
    destinations: list[str] = []
    for code in codes:
        if len(code.args) != 3 or not all(isinstance(arg, str) for arg in code.args):
            raise ProtocolError(f"server sent a malformed [COPYUID] code: [COPYUID {code.raw}]")
        validity, source, destination = code.args
        validities.add(number(validity, "COPYUID's UIDVALIDITY"))
        sources.append(str(source))
        destinations.append(str(destination))
    if len(validities) != 1:
        raise ProtocolError(f"server sent COPYUID codes for several UIDVALIDITYs: {validities}")
    source_text, destination_text = ",".join(sources), ",".join(destinations)
    runs = _runs(_ordered_ranges(source_text), _ordered_ranges(destination_text))
    try:
        mapping = UIDMapping(runs)
    except ValueError as exc:
        raise ProtocolError(f"server sent a contradictory COPYUID: {exc}") from exc
    return CopyResult(
        uid_validity=validities.pop(),
        source_uids=_uid_set(source_text),
        destination_uids=_uid_set(destination_text),
        mapping=mapping,
    )


def _uid_set(text: str) -> MessageSet:
    try:
        return MessageSet(text)
    except ValueError as exc:
        raise ProtocolError(f"server sent a malformed UID set in COPYUID: {text[:64]!r}") from exc


def _ordered_ranges(text: str) -> list[tuple[int, int]]:
    """The ranges of a COPYUID UID set in the order sent, which pairs source and destination.

    RFC 4315 lists both sets "in the same order", which need not be ascending,
    so they cannot go through :class:`MessageSet` (it sorts) before pairing.
    """
    ranges: list[tuple[int, int]] = []
    for element in text.split(","):
        ((first, last),) = _uid_set(element).ranges
        if last is None:
            raise ProtocolError(f"server sent '*' in a COPYUID UID set: {text[:64]!r}")
        ranges.append((first, last))
    return ranges


def _runs(
    sources: Iterable[tuple[int, int]], destinations: Iterable[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """Pair two ordered range lists into runs ``(source first, destination first, count)``."""
    runs: list[tuple[int, int, int]] = []
    source_rest, destination_rest = iter(sources), iter(destinations)
    source, destination = next(source_rest, None), next(destination_rest, None)
    while source is not None and destination is not None:
        count = min(source[1] - source[0], destination[1] - destination[0]) + 1
        runs.append((source[0], destination[0], count))
        source = _advance(source, count, source_rest)
        destination = _advance(destination, count, destination_rest)
    if source is not None or destination is not None:
        raise ProtocolError("server sent COPYUID source and destination sets of different sizes")
    return runs


def _advance(
    current: tuple[int, int], count: int, rest: Iterator[tuple[int, int]]
) -> tuple[int, int] | None:
    first, last = current
    return next(rest, None) if first + count > last else (first + count, last)
