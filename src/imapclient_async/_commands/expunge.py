"""EXPUNGE and UID EXPUNGE: what the reply says was removed."""

from __future__ import annotations

from .._proto import CommandOutcome, UntaggedData
from ..messages import ExpungeResult
from ..messageset import MessageSet
from .vanished import parse_vanished

__all__ = ["COLLECT", "expunge_result"]

COLLECT = frozenset({"EXPUNGE", "VANISHED"})
"""The untagged responses EXPUNGE collects: the removed messages."""


def expunge_result(outcome: CommandOutcome, *, qresync: bool) -> ExpungeResult:
    """The ``* n EXPUNGE`` numbers, or with QRESYNC enabled the ``* VANISHED`` UIDs.

    VANISHED (EARLIER) responses are left out: they report earlier removals
    (RFC 7162 3.2.10), not this command's.

    Raises:
        ProtocolError: A VANISHED response is malformed.
    """
    numbers: list[int] = []
    vanished: list[str] = []
    for response in outcome.untagged:
        if not isinstance(response, UntaggedData):
            continue
        if response.keyword == "EXPUNGE" and response.number is not None:
            numbers.append(response.number)
        elif response.keyword == "VANISHED":
            uids, earlier = parse_vanished(response)
            if not earlier:
                vanished.append(str(uids))
    if qresync:
        # Joining the sets' texts merges their ranges without expanding them.
        return ExpungeResult(sequence_numbers=None, uids=MessageSet(",".join(vanished) or ()))
    return ExpungeResult(sequence_numbers=tuple(numbers), uids=None)
