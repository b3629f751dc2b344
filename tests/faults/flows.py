"""The user programs the fault tests run through the proxy, and the runs' common checks.

Each flow is written as a user writes it, with the public API only
(``async with Client(...) as imap: await imap.login(...)``), plus
:class:`~faults.harness.Steps` marks saying which call is running.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field

from dovecot import DovecotServer
from faults.harness import (
    EXPECTED_ERRORS,
    Outcome,
    Steps,
    Watch,
    describe,
    leftovers,
    open_sockets,
    run,
)
from faults.proxy import Cut, Direction, FaultProxy, Session
from imapclient_async import Client, FetchedMessage, IMAPTimeoutError

__all__ = [
    "BOUND",
    "TIMEOUT",
    "CutRun",
    "Flow",
    "client_for",
    "cut_run",
    "fixed_user",
    "holdings",
    "message_id",
    "spread",
    "summary",
]

TIMEOUT = 3.0
"""The client's timeout in these tests; a cut must never need it to fire."""
BOUND = TIMEOUT + 2.0
"""A cut call must fail sooner than this (seconds)."""

Flow = Callable[[Client, Steps], Awaitable[None]]
"""A user program over one client, marking its calls on the steps."""


def fixed_user(dovecot: DovecotServer) -> tuple[str, str]:
    """A brand-new user whose name always has the same length.

    Byte offsets of a flow depend on the LOGIN line, so a name of fixed length
    keeps them (and the figures recorded from them) the same in every run.
    ``new_user()`` names grow with a counter. Dovecot's static passdb lets
    any name log in with the static password.
    """
    _, password = dovecot.new_user()
    return f"f{secrets.token_hex(8)}", password


def client_for(proxy: FaultProxy, timeout: float = TIMEOUT) -> Client:
    return Client(proxy.host, proxy.port, security="plain", timeout=timeout)


@dataclass
class CutRun:
    """One run of a flow through the proxy: how it ended and what it left behind."""

    cut: Cut | None
    outcome: Outcome
    session: Session
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        where = "uncut" if self.cut is None else f"k={self.cut.after}"
        return f"{where}: {self.outcome.step or 'all calls'} -> {describe(self.outcome.error)}"

    def invariant_failures(self) -> list[str]:
        """The invariants every cut run must keep; empty when kept.

        The pending call raised ConnectionLostError or IMAPTimeoutError (or
        every call succeeded), in less than ``BOUND`` seconds, and nothing was
        left behind. A timeout is also reported: the proxy closed the socket,
        so waiting for the timeout means the client missed the close.
        """
        failures: list[str] = []
        error = self.outcome.error
        if error is not None and not isinstance(error, EXPECTED_ERRORS):
            failures.append(f"wrong exception type {describe(error)}")
        if isinstance(error, IMAPTimeoutError):
            failures.append(f"hung until the timeout: {describe(error)}")
        if self.outcome.seconds >= BOUND:
            failures.append(f"took {self.outcome.seconds:.2f} s to fail")
        failures += self.problems
        if self.cut is not None and self.session.cut:
            passed = len(self.session.sent[self.cut.direction])
            if passed != self.cut.after:
                failures.append(f"the proxy let {passed} bytes pass, not {self.cut.after}")
        return [f"{self.label}: {failure}" for failure in failures]


async def cut_run(
    dovecot: DovecotServer,
    watch: Watch,
    flow: Flow,
    cut: Cut | None,
    *,
    fragment: Collection[Direction] = (),
) -> CutRun:
    """Run ``flow`` through a fresh proxy with ``cut``; check what it left behind.

    Returns once the proxy's session is over on both sides, so Dovecot is done
    with whatever it received.
    """
    before = open_sockets()
    async with FaultProxy(dovecot.host, dovecot.port, cut=cut, fragment=fragment) as proxy:
        client = client_for(proxy)
        outcome = await run(lambda steps: flow(client, steps))
        problems = await leftovers(client, proxy, watch, before)
    problems += watch.collect()
    return CutRun(cut, outcome, proxy.session, problems)


def spread(start: int, end: int, count: int = 40) -> list[int]:
    """``count`` offsets evenly spread over ``start..end``, both edges included
    (every offset when the range has fewer)."""
    span = end - start
    if span < count:
        return list(range(start, end + 1))
    return [start + round(index * span / (count - 1)) for index in range(count)]


_TIMING = re.compile(rb"\(\d+\.\d{3} \+ \d+\.\d{3} secs\)")
_LOCK_WAIT = len(b" + 0.000")


def longest_form(stream: bytes) -> int:
    """The length ``stream`` has when every tagged reply reports its lock wait too.

    Dovecot ends a tagged OK with its timing, ``(0.001 + 0.000 secs)``, and
    adds a third figure, ``+ 0.001``, when the command waited for a lock:
    the same flow sends 8 bytes more in some runs. Sweeping offsets up to the
    longest form covers every run's stream, and keeps the count the same in
    every run (offsets past a stream's end leave that run uncut).
    """
    return len(stream) + _LOCK_WAIT * len(_TIMING.findall(stream))


_NUMBERS = re.compile(r"\d+")


def summary(runs: list[CutRun]) -> str:
    """Which calls failed how, over which offsets: one line per kind of ending."""
    groups: dict[str, list[int]] = {}
    for one in runs:
        assert one.cut is not None
        key = f"{one.outcome.step or 'all calls'} -> {describe(one.outcome.error)}"
        groups.setdefault(_NUMBERS.sub("N", key), []).append(one.cut.after)
    lines = []
    for key, offsets in groups.items():
        lines.append(f"  {_ranges(offsets)}: {key}")
    return "\n".join(lines)


def _ranges(offsets: list[int]) -> str:
    parts: list[str] = []
    first = previous = offsets[0]
    for offset in [*offsets[1:], None]:
        if offset is not None and offset == previous + 1:
            previous = offset
            continue
        parts.append(str(first) if first == previous else f"{first}-{previous}")
        if offset is not None:
            first = previous = offset
    return ",".join(parts)


def whole_bodies(fetched: list[FetchedMessage]) -> list[tuple[int | None, bytes | None]]:
    """(UID, whole message) of each fetched message."""
    return [(message.uid, message.sections.get("")) for message in fetched]


def direction_id(direction: Direction) -> str:
    return direction.value


_COMMAND_START = re.compile(rb"(?:^|(?<=\r\n))(A\d+) ")


def command_span(client_stream: bytes, name: bytes) -> tuple[int, int, bytes]:
    """Where the command ``name`` (e.g. ``b"UID FETCH"``) is in the client's stream.

    Returns (offset of its first byte, offset after its last byte, its tag):
    cutting at the first offset stops it unsent, at the second sends it whole.
    """
    commands = list(_COMMAND_START.finditer(client_stream))
    for index, found in enumerate(commands):
        if client_stream.startswith(name, found.end()):
            end = commands[index + 1].start() if index + 1 < len(commands) else len(client_stream)
            return found.start(), end, found.group(1)
    raise AssertionError(f"no {name!r} command in {client_stream[:200]!r}")


def reply_span(server_stream: bytes, tag: bytes, first: bytes | None = None) -> tuple[int, int]:
    """Where the reply of command ``tag`` is in the server's stream: from ``first``
    (e.g. ``b"* 1 FETCH"``, the first response that answers it; None: the
    tagged line) to the end of its tagged line."""
    tagged = server_stream.index(b"\r\n" + tag + b" ") + 2
    start = tagged if first is None else server_stream.find(first)
    if start < 0 or start > tagged:
        start = tagged
    return start, server_stream.index(b"\r\n", tagged) + 2


_ID_FIELD = "HEADER.FIELDS (MESSAGE-ID)"


def message_id(data: bytes) -> bytes:
    """The Message-ID in a message's header lines."""
    for line in data.split(b"\r\n"):
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip()
    raise AssertionError(f"no Message-ID in {data!r}")


async def holdings(
    dovecot: DovecotServer, user: tuple[str, str]
) -> dict[str, list[tuple[bytes, bool]]]:
    """(Message-ID, flagged \\Deleted) of every message in INBOX and Target, seen afresh."""
    found: dict[str, list[tuple[bytes, bool]]] = {}
    async with Client(dovecot.host, dovecot.port, security="plain", timeout=10) as imap:
        await imap.login(*user)
        for mailbox in ("INBOX", "Target"):
            selected = await imap.examine(mailbox)
            found[mailbox] = []
            if selected.exists:
                for one in await imap.fetch_all("1:*", ["FLAGS", f"BODY.PEEK[{_ID_FIELD}]"]):
                    header = one.sections.get(_ID_FIELD)
                    assert header is not None and one.flags is not None
                    found[mailbox].append((message_id(header), "\\Deleted" in one.flags))
            found[mailbox].sort()
    return found
