"""What the commands that change messages return: STORE, COPY, MOVE, APPEND, EXPUNGE.

Each result is a frozen dataclass; UIDPLUS (RFC 4315) mappings are kept as
compact runs, never expanded.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from .messageset import MessageSet

__all__ = ["AppendResult", "CopyResult", "ExpungeResult", "StoreResult", "UIDMapping"]


class UIDMapping(Mapping[int, int]):
    """Which UID each copied message got: source UID -> destination UID (RFC 4315 COPYUID).

    A read-only mapping kept as runs of consecutive UIDs, never expanded, so
    a copy of a million messages costs a few tuples. Lookups are by binary
    search; iterating yields the source UIDs in the order the server copied
    them.

    Args:
        runs: ``(first source UID, first destination UID, count)`` triples:
            ``count`` consecutive source UIDs went to as many consecutive
            destination UIDs. Built by the library from the COPYUID code.

    Raises:
        ValueError: A count is not positive, or two runs share a source UID.

    Example::

        result = await imap.copy([304, 319, 320], "Archive")
        if result.mapping is not None:
            print(result.mapping[319])        # e.g. 3957
            print(dict(result.mapping))       # {304: 3956, 319: 3957, 320: 3958}
    """

    __slots__ = ("_by_source", "_runs", "_starts")

    def __init__(self, runs: Iterable[tuple[int, int, int]]) -> None:
        self._runs = _merged_runs(runs)
        self._by_source = sorted(self._runs)
        self._starts = [source for source, _, _ in self._by_source]
        for (source, _, count), (next_source, _, _) in zip(
            self._by_source, self._by_source[1:], strict=False
        ):
            if source + count > next_source:
                raise ValueError(f"source UID {next_source} is mapped twice")

    def __getitem__(self, source_uid: int) -> int:
        index = bisect.bisect_right(self._starts, source_uid) - 1
        if index >= 0:
            source, destination, count = self._by_source[index]
            if source_uid < source + count:
                return destination + source_uid - source
        raise KeyError(source_uid)

    def __iter__(self) -> Iterator[int]:
        for source, _, count in self._runs:
            yield from range(source, source + count)

    def __len__(self) -> int:
        return sum(count for _, _, count in self._runs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, UIDMapping):
            return self._runs == other._runs
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(self._runs)

    def __repr__(self) -> str:
        pairs = ", ".join(
            f"{source}:{source + count - 1}->{destination}:{destination + count - 1}"
            if count > 1
            else f"{source}->{destination}"
            for source, destination, count in self._runs
        )
        return f"UIDMapping({pairs})"

    @property
    def runs(self) -> tuple[tuple[int, int, int], ...]:
        """The mapping as ``(first source UID, first destination UID, count)``, in copy order."""
        return self._runs


def _merged_runs(runs: Iterable[tuple[int, int, int]]) -> tuple[tuple[int, int, int], ...]:
    """Runs with neighbours that continue each other joined, so equal mappings compare equal."""
    merged: list[tuple[int, int, int]] = []
    for source, destination, count in runs:
        if count < 1:
            raise ValueError(f"a run must hold at least one UID, not {count}")
        if merged:
            last_source, last_destination, last_count = merged[-1]
            if source == last_source + last_count and destination == last_destination + last_count:
                merged[-1] = (last_source, last_destination, last_count + count)
                continue
        merged.append((source, destination, count))
    return tuple(merged)


@dataclass(frozen=True, slots=True)
class StoreResult:
    """The outcome of STORE: flags set, added or removed.

    Attributes:
        flags: The complete new flags of each stored message, from the
            ``* n FETCH (FLAGS ...)`` responses in the reply, keyed by UID
            (``uid=True``) or by sequence number (``uid=False``). Usually empty
            with ``silent=True`` (``.SILENT``), though a server may still
            report a message, e.g. one whose flags another session changed
            too. Only the messages that were asked for appear; reports about
            others reach the event handlers.
        skipped: With ``unchanged_since`` (RFC 7162 CONDSTORE): the messages
            the server left unchanged because their mod-sequence was higher
            than ``unchanged_since`` (the ``[MODIFIED set]`` code), UIDs or
            sequence numbers like the request; empty when every message was
            stored. None when ``unchanged_since`` was not given.

    Example::

        result = await imap.store([7, 9], ["\\\\Seen"], silent=False)
        print(result.flags[7])   # frozenset({"\\\\Seen", "$Label"})
    """

    flags: Mapping[int, frozenset[str]]
    skipped: MessageSet | None


@dataclass(frozen=True, slots=True)
class CopyResult:
    """The outcome of COPY or MOVE, with the new UIDs when the server has UIDPLUS.

    All four fields come from the ``[COPYUID validity source destination]``
    response code (RFC 4315 UIDPLUS) and are None when the server sent none
    (it lacks UIDPLUS, or the destination cannot keep UIDs: ``UIDNOTSTICKY``).

    Attributes:
        uid_validity: The destination mailbox's UIDVALIDITY.
        source_uids: The UIDs of the copied messages in the source mailbox
            (UIDs even when the command named sequence numbers).
        destination_uids: The UIDs the copies got in the destination mailbox.
        mapping: Which destination UID each source UID got: see
            :class:`UIDMapping`.

    Example::

        result = await imap.move("1:3", "Archive")
        if result.mapping is not None:
            for old, new in result.mapping.items():
                print(f"INBOX UID {old} is now Archive UID {new}")
    """

    uid_validity: int | None
    source_uids: MessageSet | None
    destination_uids: MessageSet | None
    mapping: UIDMapping | None


@dataclass(frozen=True, slots=True)
class AppendResult:
    """The outcome of APPEND, with the new message's UID when the server has UIDPLUS.

    Both fields come from the ``[APPENDUID validity uid]`` response code
    (RFC 4315 UIDPLUS) and are None when the server sent none.

    Attributes:
        uid_validity: The destination mailbox's UIDVALIDITY.
        uid: The UID the appended message got in that mailbox.
        already_present: With ``append(..., dedup=True)``: the mailbox
            already held a message with this Message-ID, so this call left
            no copy of its own; ``uid`` and ``uid_validity`` are then that
            message's (known even without UIDPLUS). False otherwise.

    Example::

        result = await imap.append("Sent", message_bytes, flags=["\\\\Seen"])
        print(result.uid)   # e.g. 3955
    """

    uid_validity: int | None
    uid: int | None
    already_present: bool = False


@dataclass(frozen=True, slots=True)
class ExpungeResult:
    """What EXPUNGE (or UID EXPUNGE) removed from the selected mailbox.

    Exactly one of the two fields is set: which one depends on whether
    QRESYNC (RFC 7162) is enabled, since the server then reports VANISHED
    UIDs instead of EXPUNGE sequence numbers.

    Attributes:
        sequence_numbers: The ``* n EXPUNGE`` numbers in the order sent. Each
            counts in the mailbox as it was after the previous one was
            removed, so expunging messages 3 and 4 reports ``(3, 3)``, or
            ``(4, 3)`` from a server that goes downwards, as Dovecot does. None
            when QRESYNC is enabled.
        uids: The UIDs from ``* VANISHED`` responses when QRESYNC is enabled,
            else None.

    Example::

        result = await imap.expunge()
        print("messages removed:", len(result.sequence_numbers or ()))
    """

    sequence_numbers: tuple[int, ...] | None
    uids: MessageSet | None
