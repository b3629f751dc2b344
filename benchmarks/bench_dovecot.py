"""End to end: a large FETCH from a real local Dovecot, ours against the peers.

Run by hand, never by CI (see benchmarks/README.md)::

    .venv/bin/python benchmarks/bench_dovecot.py            # everything, about 2 minutes
    .venv/bin/python benchmarks/bench_dovecot.py --quick    # N=2,000 only
    .venv/bin/python benchmarks/bench_dovecot.py --profile  # cProfile of ours, workload (a)

A private Dovecot is started with the test harness (tests/dovecot.py, needs
root), listening on 127.0.0.1 only. Small realistic messages are written
straight into its Maildir once, and every mailbox is opened and fetched once,
untimed, so that Dovecot's index and cache exist before anything is timed.

Each measurement is one whole session: connect, log in, SELECT INBOX, then one
FETCH of every message, consumed into a count. Dovecot's own work is inside
every row. Results are ratios against imapclient_async in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime
import gc
import imaplib
import inspect
import io
import math
import os
import platform
import pstats
import re
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from _machine import machine_line, version_of

from imapclient_async import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from dovecot import DovecotServer, ensure_installed

try:  # Peers come from the project's `bench` extra; without them only ours runs.
    import aioimaplib
except ImportError:
    aioimaplib = None
try:
    from imapclient import IMAPClient
except ImportError:
    IMAPClient = None
try:
    import imap_tools
except ImportError:
    imap_tools = None  # type: ignore[assignment]

MIB = 1024 * 1024
N_SMALL = 2_000
N_MID = 5_000
N_LARGE = 10_000

FLOOR = "raw socket, no parsing"
OURS = "imapclient_async"
OURS_ALL = "imapclient_async fetch_all"
IMAPCLIENT = "imapclient"
IMAP_TOOLS = "imap_tools"
IMAP_TOOLS_FIELDS = "imap_tools, fields read"
AIOIMAPLIB = "aioimaplib"
# The order of the rows.
LIBRARIES = (FLOOR, OURS, OURS_ALL, IMAPCLIENT, IMAP_TOOLS, IMAP_TOOLS_FIELDS, AIOIMAPLIB)
# What a row does beyond (or instead of) the workload, printed beside it.
NOTES = {
    FLOOR: "the floor: Dovecot, loopback, recv()",
    OURS_ALL: "one list",
    IMAPCLIENT: "+UID SEARCH ALL; one dict",
    IMAP_TOOLS: "+UID SEARCH ALL; +FLAGS RFC822.SIZE; email-parsed",
    AIOIMAPLIB: "raw lines, unparsed; one list",
}
NOTES_A = {
    IMAP_TOOLS: "+UID SEARCH ALL; BODY.PEEK[HEADER], not ENVELOPE; email-parsed",
    IMAP_TOOLS_FIELDS: "the same + uid flags size date subject from to cc read",
}

# A run slower than this counts alone; faster ones are the best of REPEAT.
SLOW_RUN_SECONDS = 2.0
REPEAT = 2
# aioimaplib is quadratic: a size is skipped when the time predicted from its
# smaller runs is above this.
AIOIMAPLIB_BUDGET_SECONDS = 40.0
# aioimaplib resets a per-command timer on every line; a silent server for this
# long fails the command. Its default (10 s) is kept.
AIOIMAPLIB_TIMEOUT = 10.0


# -- the messages -------------------------------------------------------------

_PEOPLE = [
    ("Alice Martin", "alice.martin@example.com"),
    ("Bob Okafor", "bob@example.net"),
    ("Chloé Durand", "chloe.durand@example.fr"),
    ("GitHub", "notifications@github.example"),
    ("Dmitri Ivanov", "dmitri@example.org"),
    ("Eva Lindqvist", "eva.lindqvist@example.se"),
    ("Fatima Haddad", "f.haddad@example.com"),
    ("Build Bot", "ci-noreply@build.example"),
]
_SUBJECTS = [
    "Quarterly report draft",
    "Lunch on Friday?",
    "Café meeting moved to Thursday",
    "[imapclient_async] Issue #42: IDLE drops after 29 minutes",
    "Invoice 2026-0117",
    "Grüße aus Zürich",
    "Build failed on main",
    "Slides for the workshop",
    "Travel plans for the November offsite",
    "Your weekly summary",
]
_SENTENCES = [
    "Thanks for sending the numbers over so quickly.",
    "I went through the draft and left a few comments in the margin.",
    "Could we move the review to the afternoon, say half past three?",
    "The build on main has been red since the dependency update last night.",
    "Attached are the figures for the third quarter, broken down by region.",
    "Let me know if anything is unclear or if you need the raw data.",
    "We still need a volunteer to take notes during the workshop.",
    "The hotel confirmed the booking for all twelve participants.",
    "I think the second option is cheaper in the long run, but slower to set up.",
    "Please remember to submit your expenses before the end of the month.",
    "The café on the corner is closed on Thursdays, so let us meet at the office.",
    "Nothing urgent, just keeping you in the loop.",
]


def sample_messages(count: int, recipient: str = "reader") -> list[bytes]:
    """``count`` distinct, plausible text/plain messages of about 2 KiB each (CRLF)."""
    start = datetime.datetime(2026, 1, 5, 8, 30, tzinfo=datetime.timezone.utc)
    messages = []
    for index in range(count):
        name, address = _PEOPLE[index % len(_PEOPLE)]
        cc_name, cc_address = _PEOPLE[(index * 3 + 1) % len(_PEOPLE)]
        subject = f"{_SUBJECTS[index % len(_SUBJECTS)]} ({index + 1})"
        message = EmailMessage(policy=SMTP)
        message["Date"] = format_datetime(start + datetime.timedelta(minutes=37 * index))
        message["From"] = f"{name} <{address}>"
        message["To"] = f"Reader {recipient} <{recipient}@example.org>"
        if index % 3 == 0:
            message["Cc"] = f"{cc_name} <{cc_address}>"
        if index % 4 == 1:
            subject = "Re: " + subject
            message["In-Reply-To"] = f"<bench.{index}@example.org>"
            message["References"] = f"<bench.{index - 1}@example.org> <bench.{index}@example.org>"
        message["Subject"] = subject
        message["Message-ID"] = f"<bench.{index + 1}@example.org>"
        message["X-Mailer"] = "bench_dovecot 1.0"
        paragraphs = []
        for paragraph in range(6):
            first = index * 7 + paragraph * 5
            paragraphs.append(" ".join(_SENTENCES[(first + k) % len(_SENTENCES)] for k in range(4)))
        body = "\n\n".join(paragraphs)
        message.set_content(f"Hello,\n\n{body}\n\nBest regards,\n{name}\n")
        messages.append(message.as_bytes())
    return messages


# -- the workloads -------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    items: list[str]  # for imapclient_async (UID is added) and imapclient
    wire_items: str  # the same, as aioimaplib and imaplib send them
    bodies: bool  # the whole messages are fetched


WORKLOAD_A = Workload(
    key="a",
    title="(a) UID FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE)",
    items=["FLAGS", "RFC822.SIZE", "ENVELOPE"],
    wire_items="(UID FLAGS RFC822.SIZE ENVELOPE)",
    bodies=False,
)
WORKLOAD_B = Workload(
    key="b",
    title="(b) UID FETCH 1:* (UID BODY.PEEK[])",
    items=["BODY.PEEK[]"],
    wire_items="(UID BODY.PEEK[])",
    bodies=True,
)
WORKLOADS = (WORKLOAD_A, WORKLOAD_B)


@dataclass(frozen=True)
class Mailbox:
    """One seeded user: ``n`` messages in INBOX."""

    host: str
    port: int
    user: str
    password: str
    n: int
    body_bytes: int  # sum of the message sizes, what BODY[] must deliver


@dataclass
class Outcome:
    """What one session delivered and how long its parts took."""

    count: int = 0
    body_bytes: int | None = None  # None: the library does not expose the raw bytes
    setup_seconds: float = 0.0  # connect + login + SELECT
    total_seconds: float = 0.0  # ... + the FETCH, consumed
    peak: int | None = None  # tracemalloc peak, bytes (memory runs only)


class Clock:
    """Marks the phases of a session; starts tracemalloc once connected if asked."""

    def __init__(self, trace: bool) -> None:
        self.trace = trace
        self.outcome = Outcome()
        self._start = time.perf_counter()

    def connected(self) -> None:
        if self.trace:
            tracemalloc.start()

    def selected(self) -> None:
        self.outcome.setup_seconds = time.perf_counter() - self._start

    def done(self, count: int, body_bytes: int | None) -> Outcome:
        self.outcome.total_seconds = time.perf_counter() - self._start
        if self.trace:
            self.outcome.peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        self.outcome.count = count
        self.outcome.body_bytes = body_bytes
        return self.outcome


# -- one session per library ------------------------------------------------------

RECV_SIZE = 256 * 1024  # what asyncio's selector transports read at a time


def _await_tagged(sock: socket.socket, tag: bytes) -> int:
    """Read until the tagged reply to ``tag``; returns how many untagged lines came first.

    Lines are counted as CRLF + "* ", which holds for these messages: their
    bodies contain no line starting with "* ".
    """
    marker = b"\r\n" + tag + b" "
    window = b"\r\n"  # the previous reply ended with CRLF
    count = 0
    while True:
        chunk = sock.recv(RECV_SIZE)
        if not chunk:
            raise ConnectionError("server closed the connection")
        data = window + chunk
        count += data.count(b"\r\n* ") - window.count(b"\r\n* ")
        found = data.find(marker)
        if found >= 0:
            while not data.endswith(b"\r\n"):
                more = sock.recv(RECV_SIZE)
                if not more:
                    raise ConnectionError("server closed the connection")
                data += more
            status = data[found + len(marker) :].split(b" ", 1)[0]
            if status != b"OK":
                raise RuntimeError(f"server answered {data[found + 2 :]!r:.200}")
            return count
        window = data[-(len(marker) - 1) :]


def run_floor(box: Mailbox, workload: Workload, trace: bool) -> Outcome:
    """The same commands over a bare socket, reading the reply without parsing it.

    What is left is Dovecot's time, the loopback and recv(): a floor for every row.
    """
    clock = Clock(trace)
    with socket.create_connection((box.host, box.port)) as sock:
        _await_tagged(sock, b"*")  # the greeting is untagged: read up to its CRLF
        clock.connected()
        sock.sendall(b"z1 LOGIN %s %s\r\n" % (box.user.encode(), box.password.encode()))
        _await_tagged(sock, b"z1")
        sock.sendall(b"z2 SELECT INBOX\r\n")
        _await_tagged(sock, b"z2")
        clock.selected()
        sock.sendall(b"z3 UID FETCH 1:* %s\r\n" % workload.wire_items.encode())
        count = _await_tagged(sock, b"z3")
        outcome = clock.done(count, None)
        sock.sendall(b"z4 LOGOUT\r\n")
    return outcome


async def _ours(box: Mailbox, workload: Workload, trace: bool, collect: bool) -> Outcome:
    clock = Clock(trace)
    async with Client(box.host, box.port, security="plain") as imap:
        clock.connected()
        await imap.login(box.user, box.password)
        await imap.select("INBOX")
        clock.selected()
        count = 0
        body_bytes = 0
        if collect:
            messages = await imap.fetch_all("1:*", workload.items)
            count = len(messages)
            for msg in messages:
                assert msg.uid is not None
                if workload.bodies:
                    body_bytes += len(msg.sections[""] or b"")
                else:
                    assert msg.envelope is not None
        else:
            async for msg in imap.fetch("1:*", workload.items):
                count += 1
                assert msg.uid is not None
                if workload.bodies:
                    body_bytes += len(msg.sections[""] or b"")
                else:
                    assert msg.envelope is not None
        # Logging out (leaving the block) is not timed.
        return clock.done(count, body_bytes if workload.bodies else None)


def run_ours(box: Mailbox, workload: Workload, trace: bool) -> Outcome:
    """``async for msg in imap.fetch(...)``: streamed, one message at a time."""
    return asyncio.run(_ours(box, workload, trace, collect=False))


def run_ours_all(box: Mailbox, workload: Workload, trace: bool) -> Outcome:
    """``await imap.fetch_all(...)``: the same FETCH, collected into a list."""
    return asyncio.run(_ours(box, workload, trace, collect=True))


def run_imapclient(box: Mailbox, workload: Workload, trace: bool) -> Outcome:
    """IMAPClient (imaplib underneath), blocking, in this thread.

    ``search("ALL")`` (UID SEARCH ALL), then ``fetch(uids, [...])``, which sends
    ``UID FETCH 1,2,3,... (UID ...)`` and returns one dict holding every message.
    """
    assert IMAPClient is not None
    clock = Clock(trace)
    client = IMAPClient(box.host, port=box.port, ssl=False)
    try:
        clock.connected()
        client.login(box.user, box.password)
        client.select_folder("INBOX")
        clock.selected()
        # fetch() needs the message ids: with "1:*" it raises ValueError in
        # imapclient 4.1, while filtering the reply by int(id). So: search first.
        uids = client.search("ALL")
        data = client.fetch(uids, ["UID", *workload.items])
        body_bytes = 0
        for item in data.values():
            if workload.bodies:
                body_bytes += len(item[b"BODY[]"])
            else:
                assert b"ENVELOPE" in item
        outcome = clock.done(len(data), body_bytes if workload.bodies else None)
        del data
    finally:
        client.logout()
    return outcome


def run_imap_tools(box: Mailbox, workload: Workload, trace: bool) -> Outcome:
    """MailBox.fetch(bulk=True, mark_seen=False, headers_only=<workload (a)>).

    That sends UID SEARCH ALL, then one ``UID FETCH <every uid>
    (BODY.PEEK[HEADER] UID FLAGS RFC822.SIZE)`` for (a), or with ``BODY.PEEK[]``
    for (b), and parses each message with ``email.message_from_bytes``.
    imap_tools cannot fetch ENVELOPE. Its fields are read lazily; none is here.
    """
    return _imap_tools(box, workload, trace, read_fields=False)


def run_imap_tools_fields(box: Mailbox, workload: Workload, trace: bool) -> Outcome:
    """As run_imap_tools, then each message's fields closest to what ENVELOPE gives."""
    return _imap_tools(box, workload, trace, read_fields=True)


def _imap_tools(box: Mailbox, workload: Workload, trace: bool, *, read_fields: bool) -> Outcome:
    assert imap_tools is not None
    clock = Clock(trace)
    mailbox = imap_tools.MailBoxUnencrypted(box.host, box.port)
    try:
        clock.connected()
        mailbox.login(box.user, box.password, initial_folder="INBOX")
        clock.selected()
        count = 0
        for msg in mailbox.fetch(bulk=True, headers_only=not workload.bodies, mark_seen=False):
            count += 1
            if read_fields:
                assert msg.uid is not None
                _ = (msg.flags, msg.size_rfc822, msg.date, msg.subject)
                _ = (msg.from_values, msg.to_values, msg.cc_values)
        outcome = clock.done(count, None)
    finally:
        mailbox.logout()
    return outcome


_AIOIMAPLIB_FETCH = re.compile(rb"[0-9]+ FETCH \(")


async def _aioimaplib(box: Mailbox, workload: Workload, trace: bool) -> Outcome:
    assert aioimaplib is not None
    loop = asyncio.get_running_loop()
    lost: asyncio.Future[Exception | None] = loop.create_future()
    failures: list[BaseException] = []

    def connection_lost(exc: Exception | None) -> None:
        if not lost.done():
            lost.set_result(exc)

    def loop_error(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # A protocol callback that raises (data_received) lands here, not in our code.
        error = context.get("exception")
        failures.append(error if error is not None else RuntimeError(context["message"]))

    loop.set_exception_handler(loop_error)
    clock = Clock(trace)
    imap = aioimaplib.IMAP4(
        box.host, box.port, timeout=AIOIMAPLIB_TIMEOUT, conn_lost_cb=connection_lost
    )
    await imap.wait_hello_from_server()
    clock.connected()
    try:
        for response in (
            await imap.login(box.user, box.password),
            await imap.select("INBOX"),
        ):
            if response.result != "OK":
                raise RuntimeError(f"aioimaplib: {response}")
        clock.selected()
        fetch = asyncio.ensure_future(imap.uid("fetch", "1:*", workload.wire_items))
        await asyncio.wait({fetch, lost}, return_when=asyncio.FIRST_COMPLETED)
        if not fetch.done():
            fetch.cancel()
            cause = failures[0] if failures else lost.result()
            raise RuntimeError(
                f"connection closed during the FETCH: {type(cause).__name__}: {cause}"
            ) from cause
        response = fetch.result()
        if response.result != "OK":
            raise RuntimeError(f"aioimaplib FETCH: {response.result} {response.lines[-1]!r}")
        count = 0
        body_bytes = 0
        for line in response.lines:
            if isinstance(line, bytearray):
                body_bytes += len(line)
            elif _AIOIMAPLIB_FETCH.match(line):
                count += 1
        outcome = clock.done(count, body_bytes if workload.bodies else None)
        del response
        await imap.logout()
    finally:
        if tracemalloc.is_tracing():
            tracemalloc.stop()
        if not lost.done() and imap.protocol.transport is not None:
            imap.protocol.transport.close()
    return outcome


def run_aioimaplib(box: Mailbox, workload: Workload, trace: bool) -> Outcome:
    """``IMAP4.uid("fetch", "1:*", ...)``: raw lines and literals, in one list."""
    return asyncio.run(_aioimaplib(box, workload, trace))


Runner = Callable[[Mailbox, Workload, bool], Outcome]

RUNNERS: dict[str, Runner] = {FLOOR: run_floor, OURS: run_ours, OURS_ALL: run_ours_all}
if IMAPClient is not None:
    RUNNERS[IMAPCLIENT] = run_imapclient
if imap_tools is not None:
    RUNNERS[IMAP_TOOLS] = run_imap_tools
    RUNNERS[IMAP_TOOLS_FIELDS] = run_imap_tools_fields
if aioimaplib is not None:
    RUNNERS[AIOIMAPLIB] = run_aioimaplib


# -- measuring -----------------------------------------------------------------------


@dataclass
class Row:
    library: str
    n: int
    best: Outcome | None = None  # the fastest timed run
    runs: int = 0
    peak: int | None = None  # from a separate traced run
    error: str | None = None
    skipped: str | None = None
    note: str = ""
    times: list[float] = field(default_factory=list)

    @property
    def seconds(self) -> float | None:
        return None if self.best is None else self.best.total_seconds

    @property
    def fetch_seconds(self) -> float | None:
        return None if self.best is None else self.best.total_seconds - self.best.setup_seconds


def check(library: str, box: Mailbox, workload: Workload, outcome: Outcome) -> None:
    """A library that got less than everything fails instead of reporting a time."""
    if outcome.count != box.n:
        raise RuntimeError(f"{library}: {outcome.count} messages, expected {box.n}")
    if workload.bodies and outcome.body_bytes not in (None, box.body_bytes):
        raise RuntimeError(
            f"{library}: {outcome.body_bytes} bytes of messages, expected {box.body_bytes}"
        )


def measure(library: str, box: Mailbox, workload: Workload, *, memory: bool = True) -> Row:
    """Best of REPEAT timed sessions (one if it is slow), then one traced session."""
    runner = RUNNERS[library]
    row = Row(library, box.n)
    try:
        for _ in range(REPEAT):
            gc.collect()
            outcome = runner(box, workload, False)
            check(library, box, workload, outcome)
            row.runs += 1
            row.times.append(outcome.total_seconds)
            if row.best is None or outcome.total_seconds < row.best.total_seconds:
                row.best = outcome
            if outcome.total_seconds > SLOW_RUN_SECONDS:
                break
        if memory:
            gc.collect()
            traced = runner(box, workload, True)
            check(library, box, workload, traced)
            row.peak = traced.peak
    except Exception as exc:  # a failing peer is a result, printed as such
        row.error = f"{type(exc).__name__}: {exc}"
    finally:
        if tracemalloc.is_tracing():  # a traced run that failed half-way
            tracemalloc.stop()
    return row


def predicted_seconds(small: Row, large: Row, n: int) -> tuple[float, float] | None:
    """Time predicted at ``n`` from the growth between two measured rows, and the exponent."""
    if small.seconds is None or large.seconds is None or large.n <= small.n:
        return None
    exponent = math.log(large.seconds / small.seconds) / math.log(large.n / small.n)
    return large.seconds * (n / large.n) ** exponent, exponent


# -- the server ----------------------------------------------------------------------


def warm_up(box: Mailbox) -> None:
    """SELECT and fetch everything once, untimed, with stdlib imaplib.

    Dovecot indexes new Maildir files on the first SELECT and fills its cache
    (ENVELOPE, sizes) on the first FETCH; the files land in the page cache. So no
    library pays that for the others.
    """
    client = imaplib.IMAP4(box.host, box.port)
    try:
        client.login(box.user, box.password)
        status, _ = client.select("INBOX")
        assert status == "OK"
        for workload in WORKLOADS:
            status, data = client.uid("FETCH", "1:*", workload.wire_items)
            assert status == "OK", data
        del data
    finally:
        client.logout()


def seed_user(server: DovecotServer, messages: list[bytes]) -> Mailbox:
    user, password = server.new_user()
    server.seed(user, messages)
    box = Mailbox(server.host, server.port, user, password, len(messages), sum(map(len, messages)))
    warm_up(box)
    return box


# -- output ---------------------------------------------------------------------------


def dovecot_version(binary: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own path to the dovecot binary
        [binary, "--version"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def print_header(binary: str, boxes: Sequence[Mailbox]) -> None:
    print(f"date        {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"machine     {machine_line()}")
    print(f"python      {platform.python_implementation()} {platform.python_version()}")
    print(
        f"libraries   imapclient_async {version_of('imapclient_async')}, "
        f"imapclient {version_of('imapclient')}, imap-tools {version_of('imap-tools')}, "
        f"aioimaplib {version_of('aioimaplib')}"
    )
    print(f"server      Dovecot {dovecot_version(binary)} on 127.0.0.1, plain IMAP, Maildir")
    for box in boxes:
        print(
            f"mailbox     N={box.n:,}: {box.body_bytes / MIB:.1f} MiB, "
            f"{box.body_bytes / box.n:,.0f} bytes per message on average"
        )
    print("seconds     connect + LOGIN + SELECT + the FETCH consumed; best of 2 if under 2 s")
    print("fetch s     of which the FETCH alone")
    print("peak MiB    tracemalloc peak from connected to consumed, in a separate run")
    print("ratio       seconds / imapclient_async seconds at the same N (>1: we are faster)")


def format_row(row: Row, ours: Row | None) -> str:
    head = f"  {row.library:28} {row.n:>7,}"
    if row.skipped is not None:
        return f"{head}   skipped: {row.skipped}"
    if row.error is not None:
        return f"{head}   ERROR: {row.error}"
    assert row.best is not None and row.seconds is not None
    rate = row.n / row.seconds
    rate_text = f"{rate / 1000:.1f} k" if rate >= 1000 else f"{rate:.0f}"
    peak = "n/m" if row.peak is None else f"{row.peak / MIB:.1f}"
    ratio = ""
    if ours is not None and ours.seconds is not None:
        ratio = f"{row.seconds / ours.seconds:.2f}x"
    line = (
        f"{head} {row.seconds:9.3f} {row.fetch_seconds:8.3f} {row.runs:4} "
        f"{rate_text:>9} {peak:>8} {ratio:>7}"
    )
    return f"{line}  {row.note}" if row.note else line


def print_table(workload: Workload, rows: Sequence[Row]) -> None:
    print()
    print(f"Workload {workload.title}")
    print(
        f"  {'library':28} {'N':>7} {'seconds':>9} {'fetch s':>8} {'runs':>4} "
        f"{'msg/s':>9} {'peak MiB':>8} {'ratio':>7}"
    )
    print("  " + "-" * 86)
    ours_by_n = {row.n: row for row in rows if row.library == OURS}
    for row in rows:
        print(format_row(row, ours_by_n.get(row.n)))


def print_flatness(workload: Workload, rows: Sequence[Row]) -> None:
    by_key = {(row.library, row.n): row for row in rows}
    print(
        f"  flat? FETCH time per message and peak memory, N={N_SMALL:,} -> N={N_LARGE:,} "
        "(x1.00: flat per message)"
    )
    for library in (OURS, OURS_ALL):
        small, large = by_key.get((library, N_SMALL)), by_key.get((library, N_LARGE))
        if small is None or large is None or small.best is None or large.best is None:
            continue
        assert small.fetch_seconds is not None and large.fetch_seconds is not None
        per_small = small.fetch_seconds / small.n * 1e6
        per_large = large.fetch_seconds / large.n * 1e6
        peaks = ""
        if small.peak is not None and large.peak is not None:
            peaks = (
                f"   peak {small.peak / MIB:6.1f} -> {large.peak / MIB:6.1f} MiB"
                f" (x{large.peak / small.peak:.2f})"
            )
        print(
            f"    {library:28} {per_small:7.1f} -> {per_large:7.1f} us/msg"
            f" (x{per_large / per_small:.2f}){peaks}"
        )


# -- the benchmark ------------------------------------------------------------------


def aioimaplib_rows(
    workload: Workload, boxes: dict[int, Mailbox], sizes: Sequence[int]
) -> list[Row]:
    """aioimaplib at each size, unless the time predicted from the smaller runs is too long."""
    rows: list[Row] = []
    for n in sizes:
        if len(rows) >= 2:
            prediction = predicted_seconds(rows[-2], rows[-1], n)
            if prediction is None:
                rows.append(Row(AIOIMAPLIB, n, skipped="no prediction: a smaller run failed"))
                continue
            seconds, exponent = prediction
            if seconds > AIOIMAPLIB_BUDGET_SECONDS:
                rows.append(
                    Row(
                        AIOIMAPLIB,
                        n,
                        skipped=(
                            f"predicted {seconds:.0f} s (time grows as N^{exponent:.2f} from "
                            f"{rows[-2].n:,} to {rows[-1].n:,}), over the "
                            f"{AIOIMAPLIB_BUDGET_SECONDS:.0f} s budget"
                        ),
                    )
                )
                continue
        # tracemalloc slows aioimaplib down 20 to 40x (11 s instead of 0.3 s at
        # N=2,000), so its memory is measured at the smallest size only.
        rows.append(measure(AIOIMAPLIB, boxes[n], workload, memory=n == sizes[0]))
    return rows


def run_workload(workload: Workload, boxes: dict[int, Mailbox], quick: bool) -> list[Row]:
    rows: list[Row] = []
    sizes = [N_SMALL] if quick else [N_SMALL, N_LARGE]
    for n in sizes:
        for library in (FLOOR, OURS, OURS_ALL, IMAPCLIENT, IMAP_TOOLS, IMAP_TOOLS_FIELDS):
            if library == IMAP_TOOLS_FIELDS and workload.bodies:
                continue
            if library in RUNNERS:
                rows.append(measure(library, boxes[n], workload))
            else:
                rows.append(Row(library, n, skipped="not installed (pip install -e '.[bench]')"))
    if not quick:  # aioimaplib's middle size needs ours beside it for a ratio
        rows.append(measure(OURS, boxes[N_MID], workload))
    if AIOIMAPLIB not in RUNNERS:
        rows.append(Row(AIOIMAPLIB, N_SMALL, skipped="not installed (pip install -e '.[bench]')"))
    else:
        rows += aioimaplib_rows(workload, boxes, [N_SMALL] if quick else [N_SMALL, N_MID, N_LARGE])
    rows.sort(key=lambda row: (row.n, LIBRARIES.index(row.library)))
    notes = NOTES if workload.bodies else {**NOTES, **NOTES_A}
    for row in rows:
        row.note = notes.get(row.library, "")
    return rows


# Where the time of a streamed FETCH goes: cumulative time of these functions.
PROFILE_PARTS = {
    "_data_received": "bytes in: framing, parsing, dispatch (Connection._data_received)",
    "parse_frame": "  of which parsing into generic values (parse_frame)",
    "fetched_message": "converting to FetchedMessage (fetched_message)",
    "parse_envelope": "  of which ENVELOPE (parse_envelope)",
    "_address": "    of which addresses (_address)",
    "decode_words": "    of which RFC 2047 decoding, subject and names (decode_words)",
    "_date": "    of which the date (_date)",
}


def profile_ours(box: Mailbox) -> None:
    """cProfile of one streamed session of workload (a); top 10 functions by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    outcome = run_ours(box, WORKLOAD_A, False)
    profiler.disable()
    check(OURS, box, WORKLOAD_A, outcome)
    print()
    print(
        f"Profile: imapclient_async, workload (a), N={box.n:,}, "
        f"{outcome.total_seconds:.3f} s under cProfile; top 10 by own time"
    )
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(10)
    text = out.getvalue()
    text = text[text.index("   ncalls") :].rstrip()
    # Shorter paths: the package's own, and the standard library's.
    text = text.replace(f"{Path(inspect.getfile(Client)).parent.parent}/", "")
    text = text.replace(f"{Path(os.__file__).parent}/", "")
    print(text)
    cumulative: dict[str, float] = {}
    # (file, line, function) -> (primitive calls, calls, own time, cumulative time, callers)
    entries: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    for (_file, _line, name), (_cc, _nc, _tt, ct, _callers) in entries.items():
        if name in PROFILE_PARTS:
            cumulative[name] = cumulative.get(name, 0.0) + ct
    print(f"  cumulative, out of {outcome.total_seconds:.3f} s:")
    for name, label in PROFILE_PARTS.items():
        seconds = cumulative.get(name, 0.0)
        print(f"    {label:66} {seconds:6.3f} s {seconds / outcome.total_seconds:5.0%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help=f"N={N_SMALL:,} only")
    parser.add_argument("--profile", action="store_true", help="only cProfile ours on workload (a)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    binary = ensure_installed()
    with DovecotServer(tls=False) as server:
        sizes = [N_SMALL] if args.quick or args.profile else [N_SMALL, N_MID, N_LARGE]
        if args.profile and not args.quick:
            sizes = [N_LARGE]
        seeding = time.perf_counter()
        messages = sample_messages(max(sizes))
        boxes = {n: seed_user(server, messages[:n]) for n in sizes}
        del messages
        seeded = time.perf_counter() - seeding
        print_header(binary, list(boxes.values()))
        print(f"setup       seeding + warm-up of {len(boxes)} mailbox(es): {seeded:.1f} s")
        if args.profile:
            profile_ours(boxes[sizes[-1]])
        else:
            for workload in WORKLOADS:
                rows = run_workload(workload, boxes, args.quick)
                print_table(workload, rows)
                if not args.quick:
                    print_flatness(workload, rows)
    print()
    print(f"total wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
