"""How fast the response side turns a large FETCH stream into usable data.

Run by hand, never by CI (see benchmarks/README.md)::

    .venv/bin/python benchmarks/bench_parse.py            # everything, under ~2 minutes
    .venv/bin/python benchmarks/bench_parse.py --quick    # small sizes only
    .venv/bin/python benchmarks/bench_parse.py --profile  # cProfile of our parser

Every workload is generated deterministically in memory and delivered in
64 KiB chunks, as a socket would deliver it. Nothing touches the network.
Results are ratios against peers measured in the same run on the same bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import imaplib
import io
import math
import platform
import pstats
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from _machine import machine_line, version_of

from imapclient_async._proto import Response, ResponseParser, TaggedResponse, UntaggedData

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

try:  # Peers come from the project's `bench` extra; without them only ours runs.
    import aioimaplib
except ImportError:
    aioimaplib = None
try:
    from imapclient.response_parser import parse_fetch_response
except ImportError:
    parse_fetch_response = None

KIB = 1024
MIB = 1024 * KIB
CHUNK_SIZE = 64 * KIB
OUR_TAG = "A2"

OURS = "imapclient_async"
IMAPCLIENT_PARSE = "imapclient parse only"
IMAPLIB_IMAPCLIENT = "imaplib+imapclient"
AIOIMAPLIB = "aioimaplib"

# A measurement slower than this is run once; faster ones are best of REPEAT.
SLOW_RUN_SECONDS = 2.0
REPEAT = 3
# aioimaplib is quadratic: sizes above 10,000 are skipped when the 10,000 run
# took longer than this (the agreed cap) ...
AIOIMAPLIB_CAP_SECONDS = 30.0
# ... or, unless --full, when the run predicted from the measured growth would
# take longer than this, which keeps the whole benchmark under ~2 minutes.
AIOIMAPLIB_BUDGET_SECONDS = 30.0


# -- workloads ----------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    """One server reply to a UID FETCH: the untagged responses, then a tagged OK.

    The tagged line is added per client (``stream``), because a client that
    picks its own tags only accepts its own; every byte before it is identical.
    """

    title: str
    n: int  # FETCH responses in the reply
    fetch_items: str  # what the client asked for
    untagged: bytes
    literal_bytes: int = 0  # total size of the literals in the reply

    def stream(self, tag: str) -> bytes:
        return (
            self.untagged + tag.encode("ascii") + b" OK Fetch completed (0.001 + 0.000 secs).\r\n"
        )


def chunked(data: bytes, size: int = CHUNK_SIZE) -> list[bytes]:
    """The pieces a socket would hand over, as separate bytes objects."""
    return [data[i : i + size] for i in range(0, len(data), size)]


_FLAGS_LINE = (
    b"* %d FETCH (UID %d FLAGS (\\Seen $Label) RFC822.SIZE 12345 "
    b'INTERNALDATE "24-Nov-2026 10:00:00 +0000")\r\n'
)


def flags_workload(n: int) -> Workload:
    """Workload 1: N small FETCH responses without literals."""
    return Workload(
        title="1. FETCH (UID FLAGS RFC822.SIZE INTERNALDATE), no literals",
        n=n,
        fetch_items="(UID FLAGS RFC822.SIZE INTERNALDATE)",
        untagged=b"".join(_FLAGS_LINE % (i, i) for i in range(1, n + 1)),
    )


def header_block(i: int) -> bytes:
    """A plausible ~600-byte message header, varying with ``i``."""
    sender = i % 97
    return (
        f"Return-Path: <sender{sender}@example.org>\r\n"
        f"Received: from mail{i % 7}.example.org (mail{i % 7}.example.org"
        f" [192.0.2.{i % 250 + 1}])\r\n"
        "\tby imap.example.net (Postfix) with ESMTPS id 4Xk2Lm5Qz9\r\n"
        "\tfor <reader@example.net>; Tue, 24 Nov 2026 10:00:00 +0000 (UTC)\r\n"
        f"Message-ID: <{i:010d}.{sender:03d}.benchmark@example.org>\r\n"
        "Date: Tue, 24 Nov 2026 10:00:00 +0000\r\n"
        f'From: "Sender Number {sender}" <sender{sender}@example.org>\r\n'
        "To: Reader <reader@example.net>\r\n"
        f"Subject: Benchmark message {i} about the quarterly figures\r\n"
        "MIME-Version: 1.0\r\n"
        "X-Mailer: benchmark-generator 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
    ).encode("ascii")


def headers_workload(n: int) -> Workload:
    """Workload 2: N FETCH responses, each with a ~600-byte header literal."""
    parts: list[bytes] = []
    total = 0
    for i in range(1, n + 1):
        header = header_block(i)
        total += len(header)
        parts.append(b"* %d FETCH (UID %d BODY[HEADER] {%d}\r\n" % (i, i, len(header)))
        parts.append(header)
        parts.append(b")\r\n")
    return Workload(
        title="2. FETCH (UID BODY.PEEK[HEADER]), one ~600-byte literal each",
        n=n,
        fetch_items="(UID BODY.PEEK[HEADER])",
        untagged=b"".join(parts),
        literal_bytes=total,
    )


def big_literal(size: int) -> bytes:
    """A message of exactly ``size`` bytes: a header, then numbered text lines."""
    head = header_block(1)
    pad = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/abcd"
    lines = size // (len(pad) + 10) + 1
    body = b"".join(b"%07d %s\r\n" % (k, pad) for k in range(lines))
    return (head + body)[:size]


def big_literal_workload(size: int) -> Workload:
    """Workload 3: one FETCH carrying a single large literal."""
    literal = big_literal(size)
    return Workload(
        title=f"3. FETCH (UID BODY.PEEK[]), one {size // MIB} MiB literal",
        n=1,
        fetch_items="(UID BODY.PEEK[])",
        untagged=b"* 1 FETCH (UID 1 BODY[] {%d}\r\n%s)\r\n" % (size, literal),
        literal_bytes=size,
    )


# -- running one client over one workload ------------------------------------


@dataclass
class Run:
    """One timed pass; ``peak`` is set only when memory was traced."""

    seconds: float
    peak: int | None = None


def _timed(feed: Callable[[], Any], *, trace: bool, gc_off: bool = False) -> tuple[Any, Run]:
    """Time ``feed``; under tracemalloc (``trace``) only the peak is meaningful."""
    gc.collect()
    if gc_off:
        gc.disable()
    if trace:
        tracemalloc.start()
    try:
        start = time.perf_counter()
        result = feed()
        seconds = time.perf_counter() - start
        peak = None
        if trace:
            peak = tracemalloc.get_traced_memory()[1]
    finally:
        if trace:
            tracemalloc.stop()
        gc.enable()
    return result, Run(seconds, peak)


def parse_with_ours(chunks: Sequence[bytes]) -> list[Response]:
    """What our connection does with each socket read: feed, then drain."""
    parser = ResponseParser()
    responses: list[Response] = []
    for chunk in chunks:
        parser.feed(chunk)
        while (response := parser.next_response()) is not None:
            responses.append(response)
    return responses


def run_ours(workload: Workload, *, trace: bool = False, gc_off: bool = False) -> Run:
    chunks = chunked(workload.stream(OUR_TAG))
    responses, run = _timed(lambda: parse_with_ours(chunks), trace=trace, gc_off=gc_off)
    fetches = [r for r in responses if isinstance(r, UntaggedData) and r.keyword == "FETCH"]
    last = responses[-1]
    assert len(fetches) == workload.n, (len(fetches), workload.n)
    assert isinstance(last, TaggedResponse) and last.status == "OK", last
    items = fetches[-1].values[0]
    assert isinstance(items, list) and items[:2] == ["UID", str(workload.n)], items
    if workload.literal_bytes:
        literal = items[-1]
        assert isinstance(literal, bytes), type(literal)
        if workload.n == 1:
            assert len(literal) == workload.literal_bytes
    return run


# imapclient: IMAPClient.fetch() reads the reply with stdlib imaplib, then parses
# what imaplib collected with parse_fetch_response(). The real imaplib reads the
# reply from an in-memory stand-in for the socket; the "parse only" row times
# parse_fetch_response() alone, the "imaplib+imapclient" row both steps.


class ChunkedRaw(io.RawIOBase):
    """A raw stream handing out the chunks the way a socket's recv_into would."""

    def __init__(self, chunks: Sequence[bytes]) -> None:
        super().__init__()
        self._chunks = list(chunks)
        self._index = 0
        self._offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._index >= len(self._chunks):
            return 0
        chunk = self._chunks[self._index]
        size = min(len(buffer), len(chunk) - self._offset)
        buffer[:size] = memoryview(chunk)[self._offset : self._offset + size]
        self._offset += size
        if self._offset == len(chunk):
            self._index += 1
            self._offset = 0
        return size


def socket_file(chunks: Sequence[bytes]) -> io.BufferedReader:
    """What ``socket.makefile("rb")`` gives imaplib, over in-memory chunks."""
    return io.BufferedReader(ChunkedRaw(chunks), buffer_size=io.DEFAULT_BUFFER_SIZE)


class ReplayIMAP4(imaplib.IMAP4):
    """Stdlib imaplib talking to an in-memory script instead of a socket.

    ``open``, ``send`` and ``shutdown`` are imaplib's override points (as in
    ``IMAP4_stream``); reading goes through imaplib's own ``read``/``readline``
    on ``self.file``. The FETCH reply is whatever ``fetch_reply`` holds.
    """

    def __init__(self, exists: int) -> None:
        self._exists = exists
        self.fetch_reply: list[bytes] = []
        super().__init__()

    def open(self, host: str = "", port: int = 143, timeout: float | None = None) -> None:
        self.host, self.port = host, port
        self.file = socket_file([b"* PREAUTH IMAP4rev1 server ready\r\n"])

    def send(self, data: ReadableBuffer) -> None:
        tag, _, command = bytes(data).decode("ascii").rstrip("\r\n").partition(" ")
        verb = command.split(" ", 1)[0].upper()
        if verb == "CAPABILITY":
            reply = [f"* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n".encode()]
        elif verb == "SELECT":
            reply = [f"* {self._exists} EXISTS\r\n{tag} OK [READ-WRITE] done\r\n".encode()]
        elif verb == "UID":
            reply = self.fetch_reply
        else:
            raise AssertionError(f"unexpected command {data!r}")
        self.file = socket_file(reply)

    def shutdown(self) -> None:
        pass

    def next_tag(self) -> str:
        """The tag imaplib's next command gets (``_new_tag`` without the side effect)."""
        prefix = self.tagpre  # bytes at runtime, though typeshed says str
        text = prefix.decode("ascii") if isinstance(prefix, bytes) else prefix
        return text + str(self.tagnum)


def selected_imaplib(workload: Workload) -> ReplayIMAP4:
    """An imaplib session with INBOX selected and the FETCH reply queued."""
    imap = ReplayIMAP4(workload.n)
    imap.select("INBOX")
    imap.fetch_reply = chunked(workload.stream(imap.next_tag()))
    return imap


def imaplib_fetch(imap: imaplib.IMAP4, workload: Workload) -> list[Any]:
    """Exactly the imaplib calls IMAPClient.fetch() makes; the list it parses."""
    tag = imap._command("UID", "FETCH", f"1:{workload.n}", workload.fetch_items)
    typ, data = imap._command_complete("FETCH", tag)
    assert typ == "OK", (typ, data)
    typ, data = imap._untagged_response(typ, data, "FETCH")
    return list(data)


def _check_imapclient(parsed: Any, workload: Workload) -> None:
    assert len(parsed) == workload.n, len(parsed)
    message = parsed[workload.n]
    assert message[b"SEQ"] == workload.n, message
    if workload.n == 1 and workload.literal_bytes:
        assert len(message[b"BODY[]"]) == workload.literal_bytes


def run_imapclient_parse(workload: Workload, data: list[Any]) -> Run:
    assert parse_fetch_response is not None
    parse = parse_fetch_response
    # IMAPClient's defaults: normalise_times=True, use_uid=True.
    parsed, run = _timed(lambda: parse(data, True, True), trace=False)
    _check_imapclient(parsed, workload)
    return run


def run_imaplib_imapclient(workload: Workload, *, trace: bool = False) -> Run:
    assert parse_fetch_response is not None
    parse = parse_fetch_response
    imap = selected_imaplib(workload)
    parsed, run = _timed(lambda: parse(imaplib_fetch(imap, workload), True, True), trace=trace)
    _check_imapclient(parsed, workload)
    return run


# aioimaplib parses inside IMAP4ClientProtocol.data_received. We drive the real
# protocol object over a transport that answers CAPABILITY and SELECT from a
# script and records the FETCH; then the benchmark feeds the FETCH reply to
# data_received chunk by chunk and waits for the command to complete.


class ScriptedTransport(asyncio.Transport):
    """Stands in for the socket: answers setup commands, records the rest."""

    def __init__(self, protocol: Any, exists: int) -> None:
        super().__init__()
        self._protocol = protocol
        self._exists = exists
        self.held_tag: str | None = None
        self.fetch_sent = asyncio.Event()

    def write(self, data: bytes | bytearray | memoryview) -> None:
        tag, _, command = bytes(data).decode("ascii").rstrip("\r\n").partition(" ")
        verb = command.split(" ", 1)[0].upper()
        if verb == "CAPABILITY":
            reply = f"* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n"
        elif verb == "SELECT":
            reply = f"* {self._exists} EXISTS\r\n{tag} OK [READ-WRITE] done\r\n"
        else:
            self.held_tag = tag  # the FETCH: the benchmark delivers its reply
            self.fetch_sent.set()
            return
        asyncio.get_running_loop().call_soon(self._protocol.data_received, reply.encode())

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass


async def _aioimaplib_session(workload: Workload, *, trace: bool) -> Run:
    assert aioimaplib is not None
    protocol = aioimaplib.IMAP4ClientProtocol(asyncio.get_running_loop())
    transport = ScriptedTransport(protocol, workload.n)
    protocol.connection_made(transport)
    protocol.data_received(b"* PREAUTH IMAP4rev1 server ready\r\n")
    await protocol.wait("AUTH|NONAUTH")
    await protocol.select("INBOX")
    assert protocol.state == "SELECTED", protocol.state
    # What aioimaplib.IMAP4.uid("fetch", ...) does, including its default timeout.
    fetch = asyncio.ensure_future(
        protocol.fetch(
            f"1:{workload.n}",
            workload.fetch_items,
            by_uid=True,
            timeout=aioimaplib.IMAP4.TIMEOUT_SECONDS,
        )
    )
    await transport.fetch_sent.wait()
    assert transport.held_tag is not None
    chunks = chunked(workload.stream(transport.held_tag))
    gc.collect()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    for chunk in chunks:
        protocol.data_received(chunk)
    response = await fetch
    seconds = time.perf_counter() - start
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert response.result == "OK", response
    # Per message: the FETCH line, plus the literal and the ")" after it.
    per_message = 3 if workload.literal_bytes else 1
    assert len(response.lines) == workload.n * per_message + 1, len(response.lines)
    last_fetch = response.lines[-1 - per_message]
    assert last_fetch.startswith(b"%d FETCH (UID %d " % (workload.n, workload.n)), last_fetch
    if workload.n == 1 and workload.literal_bytes:
        assert len(response.lines[1]) == workload.literal_bytes
    return Run(seconds, peak)


def run_aioimaplib(workload: Workload, *, trace: bool = False) -> Run:
    return asyncio.run(_aioimaplib_session(workload, trace=trace))


# -- measuring and reporting -------------------------------------------------


@dataclass
class Row:
    library: str
    n: int
    seconds: float | None  # None: skipped
    runs: int = 0
    note: str = ""
    comparable: bool = True  # False: the row does not do the same work as ours


@dataclass
class Table:
    title: str
    stream_bytes: dict[int, int] = field(default_factory=dict)  # n -> bytes
    rows: list[Row] = field(default_factory=list)

    def seconds(self, library: str, n: int) -> float | None:
        for row in self.rows:
            if row.library == library and row.n == n:
                return row.seconds
        return None


def best_of(measure: Callable[[], Run]) -> tuple[float, int]:
    """Best of REPEAT runs, or a single run when the first one is slow."""
    best = measure().seconds
    runs = 1
    while runs < REPEAT and best < SLOW_RUN_SECONDS:
        best = min(best, measure().seconds)
        runs += 1
    return best, runs


def fmt_rate(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:.2f} M"
    if value >= 1e3:
        return f"{value / 1e3:.1f} k"
    return f"{value:.1f}"


def print_table(table: Table) -> None:
    print(f"\n{table.title}")
    header = (
        f"  {'library':<24} {'N':>7} {'MiB':>7} {'seconds':>9} {'runs':>4}"
        f" {'msg/s':>9} {'MiB/s':>8} {'ratio':>8}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    for row in table.rows:
        size = table.stream_bytes[row.n] / MIB
        if row.seconds is None:
            print(f"  {row.library:<24} {row.n:>7,} {size:>7.1f}   skipped: {row.note}")
            continue
        ours = table.seconds(OURS, row.n)
        ratio = f"{row.seconds / ours:.2f}x" if ours and row.comparable else "n/a"
        print(
            f"  {row.library:<24} {row.n:>7,} {size:>7.1f} {row.seconds:>9.4f} {row.runs:>4}"
            f" {fmt_rate(row.n / row.seconds):>9} {size / row.seconds:>8.1f} {ratio:>8}"
            + (f"  {row.note}" if row.note else "")
        )


def print_environment() -> None:
    print(f"date        {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"machine     {machine_line()}")
    print(f"python      {platform.python_implementation()} {platform.python_version()}")
    versions = ", ".join(
        f"{dist} {version_of(dist)}" for dist in ("imapclient_async", "imapclient", "aioimaplib")
    )
    print(f"libraries   {versions}")
    print(f"delivery    {CHUNK_SIZE // KIB} KiB chunks, fed synchronously; gc enabled")
    print(
        "ratio       peer seconds / imapclient_async seconds on the same bytes"
        " (>1: imapclient_async is faster)"
    )
    print(
        f"rows        {IMAPCLIENT_PARSE!r}: only parse_fetch_response() on the list"
        " stdlib imaplib built (reading untimed)"
    )
    print(
        f"            {IMAPLIB_IMAPCLIENT!r}: imaplib reading the reply from an in-memory"
        " socket file, then that parse"
    )
    print(
        f"            {AIOIMAPLIB!r}: IMAP4ClientProtocol.data_received until the FETCH completes"
    )


def run_table(workloads: Sequence[Workload], *, full: bool, peers: bool) -> Table:
    """Measure every library on each workload (same kind, growing N), then print."""
    table = Table(f"Workload {workloads[0].title}")
    aioimaplib_times: dict[int, float] = {}
    for workload in workloads:
        table.stream_bytes[workload.n] = len(workload.stream(OUR_TAG))
        seconds, runs = best_of(lambda w=workload: run_ours(w))  # type: ignore[misc]
        table.rows.append(Row(OURS, workload.n, seconds, runs))
        if not peers:
            continue
        if parse_fetch_response is None:
            for library in (IMAPCLIENT_PARSE, IMAPLIB_IMAPCLIENT):
                table.rows.append(Row(library, workload.n, None, note="imapclient not installed"))
        else:
            data = imaplib_fetch(selected_imaplib(workload), workload)
            seconds, runs = best_of(
                lambda w=workload, d=data: run_imapclient_parse(w, d)  # type: ignore[misc]
            )
            del data
            # With one message, the work is imaplib assembling the literal, which
            # this row does not time: see the imaplib+imapclient row instead.
            alone = workload.n == 1 and workload.literal_bytes > 0
            note = "imaplib assembled the literal before this (untimed)" if alone else ""
            table.rows.append(
                Row(IMAPCLIENT_PARSE, workload.n, seconds, runs, note, comparable=not alone)
            )
            seconds, runs = best_of(lambda w=workload: run_imaplib_imapclient(w))  # type: ignore[misc]
            table.rows.append(Row(IMAPLIB_IMAPCLIENT, workload.n, seconds, runs))
        if aioimaplib is None:
            table.rows.append(Row(AIOIMAPLIB, workload.n, None, note="aioimaplib not installed"))
            continue
        skip = aioimaplib_skip_reason(workload.n, aioimaplib_times, full=full)
        if skip:
            table.rows.append(Row(AIOIMAPLIB, workload.n, None, note=skip))
            continue
        seconds, runs = best_of(lambda w=workload: run_aioimaplib(w))  # type: ignore[misc]
        aioimaplib_times[workload.n] = seconds
        table.rows.append(Row(AIOIMAPLIB, workload.n, seconds, runs))
    print_table(table)
    return table


def aioimaplib_skip_reason(n: int, measured: dict[int, float], *, full: bool) -> str:
    """Why aioimaplib is not run at ``n``, or "" to run it."""
    if n <= 10_000 or 10_000 not in measured:
        return ""
    at_10k = measured[10_000]
    if at_10k > AIOIMAPLIB_CAP_SECONDS:
        return f"the N=10,000 run took {at_10k:.1f} s (> {AIOIMAPLIB_CAP_SECONDS:.0f} s)"
    if full:
        return ""
    # Growth exponent from the two largest sizes measured, e.g. 5k -> 10k.
    smaller = [m for m in measured if m < 10_000]
    exponent = 2.0
    if smaller:
        m = max(smaller)
        exponent = math.log(at_10k / measured[m]) / math.log(10_000 / m)
    predicted = at_10k * (n / 10_000) ** exponent
    if predicted <= AIOIMAPLIB_BUDGET_SECONDS:
        return ""
    return (
        f"predicted {predicted:.0f} s (time grows as N^{exponent:.2f} from the runs above),"
        f" over the {AIOIMAPLIB_BUDGET_SECONDS:.0f} s budget; --full runs it"
    )


def print_linearity(table: Table, small: int, large: int) -> None:
    """Time per message at the smallest and largest N; equal means linear."""
    print(f"\n  linearity: time per message at N={small:,} and N={large:,} (x1.00 is linear)")
    lines: list[tuple[str, float | None, float | None]] = [
        (library, table.seconds(library, small), table.seconds(library, large))
        for library in (OURS, IMAPCLIENT_PARSE, IMAPLIB_IMAPCLIENT, AIOIMAPLIB)
    ]
    # Ours again with the garbage collector off: keeping tens of thousands of
    # parsed responses alive makes CPython's full collections a visible share.
    workloads = [flags_workload(small), flags_workload(large)]
    no_gc = [best_of(lambda w=w: run_ours(w, gc_off=True))[0] for w in workloads]  # type: ignore[misc]
    lines.insert(1, (f"{OURS}, gc off", no_gc[0], no_gc[1]))
    for library, at_small, at_large in lines:
        if at_small is None or at_large is None:
            continue
        per_small, per_large = at_small / small * 1e6, at_large / large * 1e6
        print(
            f"    {library:<26} {per_small:7.2f} us/msg  {per_large:7.2f} us/msg"
            f"  x{per_large / per_small:.2f}"
        )


def print_memory(workload: Workload, *, peers: bool) -> None:
    literal = workload.literal_bytes
    print(
        f"\n  peak memory allocated while parsing (tracemalloc, input chunks excluded),"
        f" literal = {literal / MIB:.1f} MiB:"
    )
    runners: list[tuple[str, Callable[[], Run]]] = [(OURS, lambda: run_ours(workload, trace=True))]
    if peers and parse_fetch_response is not None:
        runners.append((IMAPLIB_IMAPCLIENT, lambda: run_imaplib_imapclient(workload, trace=True)))
    if peers and aioimaplib is not None:
        runners.append((AIOIMAPLIB, lambda: run_aioimaplib(workload, trace=True)))
    for library, runner in runners:
        peak = runner().peak
        assert peak is not None
        print(
            f"    {library:<24} {peak / MIB:7.1f} MiB = {peak / literal:.2f} x the literal"
            " (the parsed result itself holds 1 copy)"
        )


def profile_ours(workloads: Sequence[Workload]) -> None:
    for workload in workloads:
        chunks = chunked(workload.stream(OUR_TAG))
        profiler = cProfile.Profile()
        profiler.enable()
        parse_with_ours(chunks)
        profiler.disable()
        print(f"\ncProfile of {OURS}: {workload.title}, N={workload.n:,} (top 12 by own time)")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.strip_dirs().sort_stats(pstats.SortKey.TIME).print_stats(12)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (seconds)")
    parser.add_argument(
        "--full",
        action="store_true",
        help="run aioimaplib at 40,000 unless its 10,000 run exceeded 30 s (minutes!)",
    )
    parser.add_argument("--ours-only", action="store_true", help="skip the peers")
    parser.add_argument("--profile", action="store_true", help="cProfile our parser and exit")
    args = parser.parse_args(argv)

    flag_sizes = [1_000, 5_000] if args.quick else [5_000, 10_000, 40_000]
    header_sizes = [2_000] if args.quick else [10_000]
    literal_size = (4 if args.quick else 20) * MIB

    if args.profile:
        profile_ours(
            [
                flags_workload(flag_sizes[-1]),
                headers_workload(header_sizes[-1]),
                big_literal_workload(literal_size),
            ]
        )
        return 0

    peers = not args.ours_only
    print_environment()
    started = time.perf_counter()

    flags = run_table([flags_workload(n) for n in flag_sizes], full=args.full, peers=peers)
    if len(flag_sizes) > 1:
        print_linearity(flags, flag_sizes[0], flag_sizes[-1])

    run_table([headers_workload(n) for n in header_sizes], full=args.full, peers=peers)

    big = big_literal_workload(literal_size)
    run_table([big], full=args.full, peers=peers)
    print_memory(big, peers=peers)

    print(f"\ntotal wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
