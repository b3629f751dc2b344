"""What users run, end to end: each library's public API against a throwaway local Dovecot.

One command (needs root: Dovecot switches users itself)::

    .venv/bin/pip install -e '.[bench]'                            # the peers
    .venv/bin/python benchmarks/bench_workloads.py                 # the full run, a few minutes
    .venv/bin/python benchmarks/bench_workloads.py --smoke         # tiny sizes, seconds (CI)
    .venv/bin/python benchmarks/bench_workloads.py --only W3,M1    # some workloads only
    .venv/bin/python benchmarks/bench_workloads.py --profile W3    # cProfile of imapclient_async
    .venv/bin/python benchmarks/bench_workloads.py --json out.json # the results, for the docs

The workloads are issue 10's: W1 the seed flow (connect, LOGIN, SELECT INBOX,
LOGOUT) one after another; W2 ``UID FETCH 1:* BODY.PEEK[]`` of every ~3 KB
message, byte-exact; W3 ``UID FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE)``,
typed, at two sizes; W4 seed flows at once; W5 ``UID FETCH 1:* (UID FLAGS)``,
typed; M1 one large message streamed to a file; M2 memory while iterating a
large FETCH.

Each row is one library called exactly as its users call it, beside two raw
limit clients (a blocking socket and an asyncio Protocol) that send the same
commands and frame the reply into lines and counted ``{N}`` literals, parsing
nothing else. Every result is checked (counts, UIDs, sizes, the bytes of every
body) after the clock stops, so a library that mis-parses fails instead of
reporting a time; the exit status is non-zero when a row fails.
See benchmarks/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import cProfile
import datetime
import gc
import hashlib
import imaplib
import inspect
import io
import itertools
import json
import os
import platform
import pstats
import random
import re
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from _machine import machine_line, version_of

from imapclient_async import Client, FetchedMessage

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from dovecot import DovecotServer, ensure_installed

try:  # Peers come from the project's `bench` extra; without them their rows say so.
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
RECV_SIZE = 256 * 1024  # what asyncio's selector transports read at a time
NOT_INSTALLED = "not installed (pip install -e '.[bench]')"


@dataclass(frozen=True)
class Sizes:
    """How big each workload is in one mode."""

    flows: int  # W1: seed flows one after another
    concurrent: int  # W4: seed flows at once
    small_inbox: int  # the INBOX of the seed flows
    messages: int  # W2, W3, W5
    more_messages: int  # W3's second size, M2's large size
    fewer_messages: int  # M2's small size
    big_message: int  # M1, bytes
    repeat: int  # timed runs per row, at most
    row_budget: float  # seconds: no further runs once a row's runs add up to this


FULL = Sizes(
    flows=200,
    concurrent=100,
    small_inbox=100,
    messages=10_000,
    more_messages=20_000,
    fewer_messages=2_000,
    big_message=100 * MIB,
    repeat=3,
    row_budget=4.0,
)
SMOKE = Sizes(
    flows=5,
    concurrent=10,
    small_inbox=20,
    messages=150,
    more_messages=300,
    fewer_messages=30,
    big_message=1 * MIB,
    repeat=1,
    row_budget=0.0,
)

# The row labels, in the order the tables print them.
RAW_SYNC = "raw limit, blocking socket"
RAW_ASYNC = "raw limit, asyncio Protocol"
OURS = "imapclient_async"
OURS_ALL = "imapclient_async fetch_all"
IMAPLIB = "imaplib"
IMAPCLIENT = "IMAPClient"
IMAP_TOOLS = "imap_tools"
AIOIMAPLIB = "aioimaplib"
RAW_LIMITS = (RAW_SYNC, RAW_ASYNC)
PEERS = (IMAPLIB, IMAPCLIENT, IMAP_TOOLS, AIOIMAPLIB)
INSTALLED = {
    IMAPCLIENT: IMAPClient is not None,
    IMAP_TOOLS: imap_tools is not None,
    AIOIMAPLIB: aioimaplib is not None,
}


# -- the messages ----------------------------------------------------------------------

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


def message_id(number: int) -> str:
    """The Message-ID of the ``number``-th seeded message (1-based, its UID)."""
    return f"<bench.{number}@example.org>"


def encoded(text: str) -> str:
    """A header value as sent: RFC 2047 (one base64 encoded word) unless it is ASCII."""
    if text.isascii():
        return text
    return f"=?utf-8?b?{base64.b64encode(text.encode()).decode()}?="


def sample_messages(count: int) -> list[bytes]:
    """``count`` distinct, plausible text/plain messages of about 3 KB each (CRLF).

    Some have a Cc, some are replies, some subjects and names need RFC 2047.
    Built by formatting text (about 100 times faster than EmailMessage, which
    took 2 ms per message): the paragraphs and addresses come from short lists.
    """
    start = datetime.datetime(2026, 1, 5, 8, 30, tzinfo=datetime.timezone.utc)
    paragraphs = [
        "\r\n".join(
            textwrap.wrap(" ".join(_SENTENCES[(first + k) % len(_SENTENCES)] for k in range(4)))
        )
        for first in range(len(_SENTENCES))
    ]
    people = [(f"{encoded(name)} <{address}>", name) for name, address in _PEOPLE]
    messages = []
    for index in range(count):
        sender, name = people[index % len(people)]
        subject = f"{_SUBJECTS[index % len(_SUBJECTS)]} ({index + 1})"
        lines = [
            f"Date: {format_datetime(start + datetime.timedelta(minutes=37 * index))}",
            f"From: {sender}",
            "To: Reader <reader@example.org>",
        ]
        if index % 3 == 0:
            lines.append(f"Cc: {people[(index * 3 + 1) % len(people)][0]}")
        if index % 4 == 1:
            subject = "Re: " + subject
            lines.append(f"In-Reply-To: {message_id(index)}")
            lines.append(f"References: {message_id(index - 1)} {message_id(index)}")
        lines += [
            f"Subject: {encoded(subject)}",
            f"Message-ID: {message_id(index + 1)}",
            "X-Mailer: bench_workloads 1.0",
            "MIME-Version: 1.0",
            'Content-Type: text/plain; charset="utf-8"',
            "Content-Transfer-Encoding: 8bit",
            "",
            "Hello,",
            "",
            "\r\n\r\n".join(
                paragraphs[(index * 7 + paragraph * 5) % len(paragraphs)] for paragraph in range(10)
            ),
            "",
            "Best regards,",
            name,
            "",
        ]
        messages.append("\r\n".join(lines).encode())
    return messages


def big_message(size: int) -> bytes:
    """One message of about ``size`` bytes: a base64 attachment of pseudo-random bytes."""
    head = (
        "From: Alice Martin <alice.martin@example.com>\r\n"
        "To: Reader <reader@example.org>\r\n"
        "Subject: The whole archive\r\n"
        f"Message-ID: {message_id(1)}\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: application/octet-stream; name=archive.bin\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "\r\n"
    ).encode()
    # base64 with 76-character lines: 57 input bytes make 78 output bytes with CRLF.
    payload = random.Random(10).randbytes((size - len(head)) * 57 // 78)  # noqa: S311
    return head + base64.encodebytes(payload).replace(b"\n", b"\r\n")


@dataclass(frozen=True)
class Mailbox:
    """One seeded user's INBOX and what a complete FETCH of it must deliver."""

    host: str
    port: int
    user: str
    password: str
    n: int
    total_bytes: int  # the sum of the message sizes: RFC822.SIZE and BODY[] add up to it
    digest: str  # sha256 of every message, in UID order
    last_message_id: str


def seed_mailbox(
    server: DovecotServer, messages: list[bytes], warm_items: Iterable[str]
) -> Mailbox:
    """A new user holding ``messages``, fetched once untimed so Dovecot's caches are warm.

    Dovecot indexes new Maildir files on the first SELECT and fills its cache
    (ENVELOPE, sizes) on the first FETCH; the files land in the page cache. So no
    row pays that for the others.
    """
    user, password = server.new_user()
    server.seed(user, messages)
    digest = hashlib.sha256()
    for message in messages:
        digest.update(message)
    box = Mailbox(
        server.host,
        server.port,
        user,
        password,
        len(messages),
        sum(map(len, messages)),
        digest.hexdigest(),
        message_id(len(messages)),
    )
    client = imaplib.IMAP4(box.host, box.port)
    try:
        client.login(box.user, box.password)
        status, _ = client.select("INBOX")
        assert status == "OK"
        for items in warm_items:
            status, data = client.uid("FETCH", "1:*", items)
            assert status == "OK", data
            del data
    finally:
        client.logout()
    return box


# Beyond the harness's own settings (tests/dovecot.py):
# - Dovecot's "high-performance" mode: login and imap processes serve one session
#   after another instead of being forked per connection, and are started in advance.
#   Forking costs about 8 ms per seed flow on this machine, 8 times what a client
#   spends, which would hide every client's cost in W1 and W4.
# - Room for every concurrent session: one imap process each (Dovecot's default is
#   100 processes per service, and 10 sessions per user and address).
# - Lines long enough for the UID lists IMAPClient sends (about 6 bytes per message;
#   Dovecot's default is 64k, which fails from about 12,500 messages on).
DOVECOT_CONFIG = """\
default_process_limit = {processes}
default_client_limit = {clients}
imap_max_line_length = 512k
service imap-login {{
  service_count = 0
  process_min_avail = 2
}}
service imap {{
  service_count = 0
  process_min_avail = {ready}
}}
protocol imap {{
  mail_max_userip_connections = {clients}
}}
"""


def dovecot_version(binary: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own path to the dovecot binary
        [binary, "--version"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


# -- the raw limit clients -----------------------------------------------------------------


class Framer:
    """Splits a server's reply into responses: lines, and literals read by their {N} count.

    It parses nothing else. It keeps the first line of each untagged response
    (``heads``) and every literal, and stops at the line that starts with the
    tag it waits for.
    """

    def __init__(self) -> None:
        self._buffer = b""
        self._literal_left = 0
        self._literal_parts: list[bytes] = []
        self._continues = False  # the next line goes on with a response cut by a literal
        self._tag = b"* "  # the greeting is the first untagged response
        self.heads: list[bytes] = []
        self.literals: list[bytes] = []
        self.tagged: bytes | None = None

    def expect(self, tag: bytes) -> None:
        """Wait for ``tag``'s reply from now on, collecting into fresh lists."""
        self._tag = tag + b" "
        self.heads = []
        self.literals = []
        self.tagged = None

    def feed(self, data: bytes) -> bool:
        """Take the next bytes read; True once the tagged line has arrived."""
        buffer = self._buffer + data if self._buffer else data
        position = 0
        end = len(buffer)
        while position < end:
            if self._literal_left:
                taken = min(self._literal_left, end - position)
                self._literal_parts.append(buffer[position : position + taken])
                position += taken
                self._literal_left -= taken
                if not self._literal_left:
                    parts = self._literal_parts
                    self.literals.append(parts[0] if len(parts) == 1 else b"".join(parts))
                    self._literal_parts = []
                continue
            newline = buffer.find(b"\r\n", position)
            if newline < 0:
                break
            line = buffer[position:newline]
            position = newline + 2
            if not self._continues:
                if line.startswith(self._tag):
                    self.tagged = line
                    self._buffer = buffer[position:]
                    return True
                self.heads.append(line)
            self._continues = line.endswith(b"}")
            if self._continues:
                self._literal_left = int(line[line.rfind(b"{") + 1 : -1].rstrip(b"+"))
                if not self._literal_left:
                    self.literals.append(b"")
        self._buffer = buffer[position:]
        return False

    def reply(self) -> RawReply:
        """What the tagged command got; raises unless the server answered OK."""
        assert self.tagged is not None
        status = self.tagged[len(self._tag) :].split(b" ", 1)[0]
        if status != b"OK" and self._tag != b"* ":
            raise RuntimeError(f"server answered {self.tagged!r:.200}")
        return RawReply(self.heads, self.literals)


@dataclass
class RawReply:
    heads: list[bytes]  # the first line of each untagged response
    literals: list[bytes]


class BlockingRaw:
    """A raw limit client over a blocking socket: send a command, frame its reply."""

    def __init__(self, box: Mailbox) -> None:
        self._sock = socket.create_connection((box.host, box.port))
        self._framer = Framer()
        self._tags = itertools.count(1)
        self._read()

    def __enter__(self) -> BlockingRaw:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        self._sock.close()

    def command(self, text: bytes) -> RawReply:
        tag = b"r%d" % next(self._tags)
        self._framer.expect(tag)
        self._sock.sendall(tag + b" " + text + b"\r\n")
        return self._read()

    def _read(self) -> RawReply:
        while True:
            data = self._sock.recv(RECV_SIZE)
            if not data:
                raise ConnectionError("server closed the connection")
            if self._framer.feed(data):
                return self._framer.reply()


class _RawProtocol(asyncio.Protocol):
    def __init__(self) -> None:
        self.framer = Framer()
        self.transport: asyncio.Transport | None = None
        self.complete = False
        self.waiter: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.framer.feed(data):
            self.complete = True
            if self.waiter is not None and not self.waiter.done():
                self.waiter.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError(f"server closed the connection: {exc}"))


class AsyncRaw:
    """A raw limit client over an asyncio Protocol: the same framing, an event loop's I/O."""

    def __init__(self, protocol: _RawProtocol) -> None:
        self._protocol = protocol
        self._tags = itertools.count(1)

    @classmethod
    async def open(cls, box: Mailbox) -> AsyncRaw:
        loop = asyncio.get_running_loop()
        _, protocol = await loop.create_connection(_RawProtocol, box.host, box.port)
        raw = cls(protocol)
        await raw._read()
        return raw

    async def __aenter__(self) -> AsyncRaw:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if self._protocol.transport is not None:
            self._protocol.transport.close()

    async def command(self, text: bytes) -> RawReply:
        tag = b"r%d" % next(self._tags)
        self._protocol.framer.expect(tag)
        self._protocol.complete = False
        assert self._protocol.transport is not None
        self._protocol.transport.write(tag + b" " + text + b"\r\n")
        return await self._read()

    async def _read(self) -> RawReply:
        protocol = self._protocol
        if not protocol.complete:
            protocol.waiter = asyncio.get_running_loop().create_future()
            await protocol.waiter
        return protocol.framer.reply()


def login_line(box: Mailbox) -> bytes:
    return b"LOGIN %s %s" % (box.user.encode(), box.password.encode())


# -- the seed flow, per library (W1, W4) ----------------------------------------------------
#
# Each returns the evidence that SELECT worked: the EXISTS count, or the raw
# lines it came in (found after the clock stops, by exists_of()).


def flow_raw_blocking(box: Mailbox) -> list[bytes]:
    with BlockingRaw(box) as raw:
        raw.command(login_line(box))
        selected = raw.command(b"SELECT INBOX")
        raw.command(b"LOGOUT")
    return selected.heads


async def flow_raw_asyncio(box: Mailbox) -> list[bytes]:
    async with await AsyncRaw.open(box) as raw:
        await raw.command(login_line(box))
        selected = await raw.command(b"SELECT INBOX")
        await raw.command(b"LOGOUT")
    return selected.heads


async def flow_ours(box: Mailbox) -> int | None:
    async with Client(box.host, box.port, security="plain") as imap:
        await imap.login(box.user, box.password)
        selected = await imap.select("INBOX")
        await imap.logout()
    return selected.exists


def flow_imaplib(box: Mailbox) -> int:
    imap = imaplib.IMAP4(box.host, box.port)
    imap.login(box.user, box.password)
    _, data = imap.select("INBOX")
    imap.logout()
    return int(data[0] or b"")


def flow_imapclient(box: Mailbox) -> int:
    assert IMAPClient is not None
    client = IMAPClient(box.host, port=box.port, ssl=False)
    client.login(box.user, box.password)
    selected = client.select_folder("INBOX")
    client.logout()
    return int(selected[b"EXISTS"])


def flow_imap_tools(box: Mailbox) -> int:
    assert imap_tools is not None
    mailbox = imap_tools.MailBoxUnencrypted(box.host, box.port)
    mailbox.login(box.user, box.password, initial_folder=None)
    _, data = mailbox.folder.set("INBOX")  # what login(initial_folder="INBOX") does
    mailbox.logout()
    return int(data[0])


async def flow_aioimaplib(box: Mailbox) -> list[bytes]:
    assert aioimaplib is not None
    imap = aioimaplib.IMAP4(box.host, box.port)
    await imap.wait_hello_from_server()
    checked(await imap.login(box.user, box.password))
    selected = checked(await imap.select("INBOX"))
    checked(await imap.logout())
    return [line for line in selected.lines if isinstance(line, bytes)]


def checked(response: Any) -> Any:
    """An aioimaplib response, unless the server did not answer OK."""
    if response.result != "OK":
        raise RuntimeError(f"aioimaplib: {response.result} {response.lines[-1:]!r:.200}")
    return response


_EXISTS = re.compile(rb"(?:\* )?([0-9]+) EXISTS")


def exists_of(evidence: int | list[bytes] | None) -> int | None:
    if not isinstance(evidence, list):
        return evidence
    for line in evidence:
        found = _EXISTS.match(line)
        if found:
            return int(found[1])
    return None


SyncFlow = Callable[[Mailbox], Any]
AsyncFlow = Callable[[Mailbox], Awaitable[Any]]


@dataclass(frozen=True)
class FlowRow:
    label: str
    flow: SyncFlow | AsyncFlow
    note_sequential: str
    note_concurrent: str

    @property
    def is_async(self) -> bool:
        return inspect.iscoroutinefunction(self.flow)


FLOW_ROWS = [
    FlowRow(RAW_SYNC, flow_raw_blocking, "blocking socket, framing only", "one thread each"),
    FlowRow(RAW_ASYNC, flow_raw_asyncio, "asyncio Protocol, framing only", "asyncio.gather"),
    FlowRow(OURS, flow_ours, "async with Client(); login, select, logout", "asyncio.gather"),
    # imaplib (so IMAPClient and imap_tools too) always asks CAPABILITY after the
    # greeting, even when the greeting lists them: one more round trip.
    FlowRow(IMAPLIB, flow_imaplib, "IMAP4(); login, select, logout; +CAPABILITY", "threads"),
    FlowRow(
        IMAPCLIENT,
        flow_imapclient,
        "IMAPClient(); login, select_folder, logout; +CAPABILITY",
        "threads",
    ),
    FlowRow(
        IMAP_TOOLS,
        flow_imap_tools,
        "MailBoxUnencrypted(); login, folder.set; +CAPABILITY",
        "threads",
    ),
    FlowRow(
        AIOIMAPLIB,
        flow_aioimaplib,
        "IMAP4(); wait_hello, login, select, logout; +CAPABILITY",
        "gather",
    ),
]


def run_flows_sequential(row: FlowRow, box: Mailbox, count: int) -> tuple[float, list[Any]]:
    """``count`` seed flows one after another; the time of all of them."""
    if row.is_async:

        async def all_flows() -> tuple[float, list[Any]]:
            start = time.perf_counter()
            results = [await row.flow(box) for _ in range(count)]  # type: ignore[misc]
            return time.perf_counter() - start, results

        return asyncio.run(all_flows())
    start = time.perf_counter()
    results = [row.flow(box) for _ in range(count)]
    return time.perf_counter() - start, results


def run_flows_concurrent(row: FlowRow, box: Mailbox, count: int) -> tuple[float, list[Any]]:
    """``count`` seed flows at once: gathered on one loop, or one thread each."""
    if row.is_async:

        async def all_flows() -> tuple[float, list[Any]]:
            start = time.perf_counter()
            results = await asyncio.gather(*(row.flow(box) for _ in range(count)))  # type: ignore[misc]
            return time.perf_counter() - start, list(results)

        return asyncio.run(all_flows())
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def one(index: int) -> None:
        try:
            results[index] = row.flow(box)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(index,)) for index in range(count)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if errors:
        raise errors[0]
    return seconds, results


def check_flows(box: Mailbox, results: list[Any], count: int) -> None:
    if len(results) != count:
        raise VerificationError(f"{len(results)} flows finished, expected {count}")
    for evidence in results:
        exists = exists_of(evidence)
        if exists != box.n:
            raise VerificationError(f"SELECT reported EXISTS {exists}, expected {box.n}")


# -- the FETCH workloads, per library (W2, W3, W5) -------------------------------------------


@dataclass(frozen=True)
class FetchSpec:
    """One FETCH workload and how each library asks for it."""

    key: str
    items: tuple[str, ...]  # imapclient_async adds UID itself; IMAPClient gets UID too
    wire: bytes  # what the raw clients, imaplib and aioimaplib send after UID FETCH 1:*
    typed_item: str  # the item each message must have: body, size or flags

    @property
    def bodies(self) -> bool:
        return self.typed_item == "body"


W2 = FetchSpec("W2", ("BODY.PEEK[]",), b"(UID BODY.PEEK[])", "body")
W3 = FetchSpec(
    "W3", ("FLAGS", "RFC822.SIZE", "ENVELOPE"), b"(UID FLAGS RFC822.SIZE ENVELOPE)", "size"
)
W5 = FetchSpec("W5", ("FLAGS",), b"(UID FLAGS)", "flags")


@dataclass
class Delivered:
    """What one FETCH gave the user, reduced to what the checks compare."""

    uids: list[int]
    values: list[Any]  # per message: its body (W2), RFC822.SIZE (W3) or "has FLAGS" (W5)
    last_message_id: str | None = None  # the last message's ENVELOPE (W3)


class VerificationError(Exception):
    """A row delivered something else than what was seeded."""


def verify(spec: FetchSpec, box: Mailbox, got: Delivered, *, bodies_exposed: bool = True) -> None:
    """Everything seeded arrived: every UID once and in order, sizes, bytes, envelopes."""
    if len(got.uids) != box.n or got.uids != list(range(1, box.n + 1)):
        tail = got.uids[-3:]
        raise VerificationError(f"{len(got.uids)} messages, UIDs ending {tail}; expected {box.n}")
    if len(got.values) != box.n:
        raise VerificationError(f"{len(got.values)} {spec.typed_item} values for {box.n} messages")
    if spec.typed_item == "body" and bodies_exposed:
        total = sum(map(len, got.values))
        digest = hashlib.sha256()
        for body in got.values:
            digest.update(body)
        if total != box.total_bytes or digest.hexdigest() != box.digest:
            raise VerificationError(
                f"bodies: {total:,} bytes, sha256 {digest.hexdigest()[:12]}; "
                f"expected {box.total_bytes:,} bytes, {box.digest[:12]}"
            )
    elif spec.typed_item in ("size", "body"):  # imap_tools W2: sizes, not bytes
        total = sum(got.values)
        if total != box.total_bytes:
            raise VerificationError(f"RFC822.SIZE adds up to {total:,}, not {box.total_bytes:,}")
    elif not all(got.values):
        raise VerificationError(f"{got.values.count(False)} messages came without FLAGS")
    if spec.key == "W3" and got.last_message_id != box.last_message_id:
        raise VerificationError(
            f"last ENVELOPE message-id {got.last_message_id!r}, expected {box.last_message_id!r}"
        )


_UID = re.compile(rb"[( ]UID ([0-9]+)")
_SIZE = re.compile(rb"RFC822\.SIZE ([0-9]+)")
_MESSAGE_ID = re.compile(rb'"(<bench\.[0-9]+@example\.org>)"\)\)?$')
_FETCH_HEAD = re.compile(rb"(?:\* )?[0-9]+ (?:FETCH )?\(")


def delivered_from_lines(spec: FetchSpec, heads: list[bytes], literals: list[bytes]) -> Delivered:
    """A Delivered from raw FETCH lines (raw limits, imaplib, aioimaplib), after the clock.

    Which also checks each library's framing: a line cut in the wrong place
    loses its UID, a literal cut short changes the bodies' hash.
    """
    heads = [head for head in heads if _FETCH_HEAD.match(head)]
    uids = []
    for head in heads:
        found = _UID.search(head)
        uids.append(int(found[1]) if found else -1)
    values: list[Any]
    if spec.typed_item == "body":
        values = literals
    elif spec.typed_item == "size":
        values = []
        for head in heads:
            found = _SIZE.search(head)
            values.append(int(found[1]) if found else 0)
    else:
        values = [b" FLAGS (" in head for head in heads]
    last = _MESSAGE_ID.search(heads[-1]) if heads else None
    return Delivered(uids, values, last[1].decode() if last else None)


FetchResult = tuple[float, Delivered]  # the FETCH's seconds, and what it delivered


def fetch_raw_blocking(spec: FetchSpec, box: Mailbox) -> FetchResult:
    with BlockingRaw(box) as raw:
        raw.command(login_line(box))
        raw.command(b"SELECT INBOX")
        start = time.perf_counter()
        reply = raw.command(b"UID FETCH 1:* " + spec.wire)
        seconds = time.perf_counter() - start
        raw.command(b"LOGOUT")
    return seconds, delivered_from_lines(spec, reply.heads, reply.literals)


async def fetch_raw_asyncio(spec: FetchSpec, box: Mailbox) -> FetchResult:
    async with await AsyncRaw.open(box) as raw:
        await raw.command(login_line(box))
        await raw.command(b"SELECT INBOX")
        start = time.perf_counter()
        reply = await raw.command(b"UID FETCH 1:* " + spec.wire)
        seconds = time.perf_counter() - start
        await raw.command(b"LOGOUT")
    return seconds, delivered_from_lines(spec, reply.heads, reply.literals)


def picker(spec: FetchSpec) -> Callable[[FetchedMessage], Any]:
    """What the typed rows keep of each message for the checks (atoms, no objects kept)."""
    if spec.typed_item == "body":
        return lambda msg: msg.sections[""]
    if spec.typed_item == "size":
        return lambda msg: msg.size
    return lambda msg: msg.flags is not None


async def fetch_ours(spec: FetchSpec, box: Mailbox) -> FetchResult:
    """``async for msg in imap.fetch("1:*", items)``: one message at a time."""
    pick = picker(spec)
    async with Client(box.host, box.port, security="plain") as imap:
        await imap.login(box.user, box.password)
        await imap.select("INBOX")
        uids: list[int | None] = []
        values: list[Any] = []
        msg = None
        start = time.perf_counter()
        async for msg in imap.fetch("1:*", spec.items):
            uids.append(msg.uid)
            values.append(pick(msg))
        seconds = time.perf_counter() - start
        await imap.logout()
    return seconds, Delivered(uids, values, ours_message_id(msg))  # type: ignore[arg-type]


async def fetch_ours_all(spec: FetchSpec, box: Mailbox) -> FetchResult:
    """``await imap.fetch_all("1:*", items)``: one list."""
    pick = picker(spec)
    async with Client(box.host, box.port, security="plain") as imap:
        await imap.login(box.user, box.password)
        await imap.select("INBOX")
        uids: list[int | None] = []
        values: list[Any] = []
        start = time.perf_counter()
        messages = await imap.fetch_all("1:*", spec.items)
        for msg in messages:
            uids.append(msg.uid)
            values.append(pick(msg))
        seconds = time.perf_counter() - start
        await imap.logout()
    last = messages[-1] if messages else None
    return seconds, Delivered(uids, values, ours_message_id(last))  # type: ignore[arg-type]


def ours_message_id(msg: FetchedMessage | None) -> str | None:
    return None if msg is None or msg.envelope is None else msg.envelope.message_id


def fetch_imaplib(spec: FetchSpec, box: Mailbox) -> FetchResult:
    """``imap.uid("FETCH", "1:*", items)``: a list of lines and (line, literal) pairs."""
    imap = imaplib.IMAP4(box.host, box.port)
    try:
        imap.login(box.user, box.password)
        imap.select("INBOX")
        start = time.perf_counter()
        status, data = imap.uid("FETCH", "1:*", spec.wire.decode())
        seconds = time.perf_counter() - start
        if status != "OK":
            raise RuntimeError(f"imaplib: {status} {data!r:.200}")
    finally:
        imap.logout()
    heads: list[bytes] = []
    literals: list[bytes] = []
    for item in data:
        if isinstance(item, tuple):
            heads.append(item[0])
            literals.append(item[1])
        elif item != b")":
            heads.append(item)  # type: ignore[arg-type]
    return seconds, delivered_from_lines(spec, heads, literals)


_IMAPCLIENT_KEYS = {"body": b"BODY[]", "size": b"RFC822.SIZE"}


def fetch_imapclient(spec: FetchSpec, box: Mailbox) -> FetchResult:
    """``search("ALL")``, then ``fetch(uids, items)``: one dict of typed values per message.

    It cannot send 1:*: fetch() filters the reply by int() of each requested id.
    """
    assert IMAPClient is not None
    client = IMAPClient(box.host, port=box.port, ssl=False)
    try:
        client.login(box.user, box.password)
        client.select_folder("INBOX")
        uids: list[int] = []
        values: list[Any] = []
        key = _IMAPCLIENT_KEYS.get(spec.typed_item)
        start = time.perf_counter()
        messages = client.fetch(client.search("ALL"), ["UID", *spec.items])
        for uid, item in messages.items():
            uids.append(uid)
            values.append(item[key] if key is not None else b"FLAGS" in item)
        seconds = time.perf_counter() - start
    finally:
        client.logout()
    last_id = None
    if spec.key == "W3" and messages:
        last_id = messages[uids[-1]][b"ENVELOPE"].message_id.decode()
    return seconds, Delivered(uids, values, last_id)


def fetch_imap_tools(spec: FetchSpec, box: Mailbox) -> FetchResult:
    """``fetch(uid_list="1:*", bulk=True, mark_seen=False)``: each message email-parsed.

    It always asks for ``(BODY.PEEK[] UID FLAGS RFC822.SIZE)`` and builds
    ``email.message`` objects; the raw bytes are not kept, so the check is on
    UIDs and RFC822.SIZE.
    """
    assert imap_tools is not None
    mailbox = imap_tools.MailBoxUnencrypted(box.host, box.port)
    try:
        mailbox.login(box.user, box.password, initial_folder="INBOX")
        uids: list[int] = []
        sizes: list[int] = []
        start = time.perf_counter()
        for msg in mailbox.fetch(uid_list="1:*", bulk=True, mark_seen=False):
            uids.append(int(msg.uid or 0))
            sizes.append(msg.size_rfc822)
        seconds = time.perf_counter() - start
    finally:
        mailbox.logout()
    return seconds, Delivered(uids, sizes)


_AIOIMAPLIB_TIMEOUT = 10.0  # its default, reset on every line
AIOIMAPLIB_CAP = 30.0
"""Seconds an aioimaplib FETCH may take before it is stopped: its time grows as N^2
(20 to 80 s for W2 at 10,000 messages on this machine, depending on the load)."""


class OverCap(Exception):
    """A run stopped at its time cap: the row says so instead of a time."""


async def fetch_aioimaplib(spec: FetchSpec, box: Mailbox) -> FetchResult:
    """``uid("fetch", "1:*", items)``: one list of raw lines and literals.

    A crash inside its data_received (RecursionError, iroco-co/aioimaplib#118)
    closes the connection; that is reported as the row's error rather than a
    10 s wait for the timeout.
    """
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
    imap = aioimaplib.IMAP4(
        box.host, box.port, timeout=_AIOIMAPLIB_TIMEOUT, conn_lost_cb=connection_lost
    )
    await imap.wait_hello_from_server()
    try:
        checked(await imap.login(box.user, box.password))
        checked(await imap.select("INBOX"))
        start = time.perf_counter()
        fetch = asyncio.ensure_future(imap.uid("fetch", "1:*", spec.wire.decode()))
        await asyncio.wait(
            {fetch, lost}, timeout=AIOIMAPLIB_CAP, return_when=asyncio.FIRST_COMPLETED
        )
        seconds = time.perf_counter() - start
        if not fetch.done() and not lost.done():
            fetch.cancel()
            raise OverCap(f"stopped at the {AIOIMAPLIB_CAP:.0f} s cap (its time grows as N^2)")
        if not fetch.done():
            fetch.cancel()
            cause = failures[0] if failures else lost.result()
            raise RuntimeError(
                f"connection closed during the FETCH: {type(cause).__name__}: {cause}"
            ) from cause
        response = checked(fetch.result())
        checked(await imap.logout())
    finally:
        if not lost.done() and imap.protocol.transport is not None:
            imap.protocol.transport.close()
    heads = [line for line in response.lines if isinstance(line, bytes)]
    literals = [bytes(line) for line in response.lines if isinstance(line, bytearray)]
    return seconds, delivered_from_lines(spec, heads, literals)


FetchRunner = Callable[[FetchSpec, Mailbox], FetchResult | Awaitable[FetchResult]]


@dataclass(frozen=True)
class FetchRow:
    label: str
    runner: FetchRunner | None  # None: the library cannot do this workload (see note)
    note: str


def fetch_rows(spec: FetchSpec) -> list[FetchRow]:
    """The rows of one FETCH workload, with what each does that others do not."""
    typed = {
        "W2": "bytes per message",
        "W3": "typed: Envelope, datetime, decoded text",
        "W5": "typed: frozenset of flags",
    }[spec.key]
    imapclient_does = {
        "W2": "bytes per message",
        "W3": "typed: Envelope namedtuple, datetime, bytes (no RFC 2047)",
        "W5": "typed: tuple of bytes flags",
    }[spec.key]
    imap_tools_note = {
        "W2": "uid_list='1:*', bulk; +UID FLAGS RFC822.SIZE; email-parsed, bytes not kept",
        "W3": "n/a: cannot fetch ENVELOPE (only BODY[HEADER] with its own parsing)",
        "W5": "n/a: always fetches BODY[] or BODY[HEADER]; no FLAGS-only fetch",
    }[spec.key]
    return [
        FetchRow(RAW_SYNC, fetch_raw_blocking, "framing only: lines and {N} literals"),
        FetchRow(RAW_ASYNC, fetch_raw_asyncio, "framing only: lines and {N} literals"),
        FetchRow(OURS, fetch_ours, f"async for over fetch(); {typed}"),
        FetchRow(OURS_ALL, fetch_ours_all, f"one list; {typed}"),
        FetchRow(IMAPLIB, fetch_imaplib, "raw lines and literals, unparsed; one list"),
        FetchRow(IMAPCLIENT, fetch_imapclient, f"+UID SEARCH ALL, UID list; {imapclient_does}"),
        FetchRow(IMAP_TOOLS, fetch_imap_tools if spec.key == "W2" else None, imap_tools_note),
        FetchRow(AIOIMAPLIB, fetch_aioimaplib, "raw lines and literals, unparsed; one list"),
    ]


def run_fetch(row: FetchRow, spec: FetchSpec, box: Mailbox) -> FetchResult:
    """One session of ``row``'s library: an asyncio one in a fresh ``asyncio.run()``."""
    assert row.runner is not None
    outcome = row.runner(spec, box)
    if inspect.iscoroutine(outcome):
        return asyncio.run(outcome)
    return outcome  # type: ignore[return-value]


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Measured:
    """One row of one table."""

    label: str
    note: str
    n: int = 0  # messages or flows
    seconds: float | None = None  # the best run
    times: list[float] = field(default_factory=list)
    skipped: str | None = None  # why it did not run (not installed, not possible, budget)
    error: str | None = None  # it ran and failed: an exception or a wrong result
    wrong: bool = False  # the error is a wrong result, not a crash

    @property
    def runs(self) -> int:
        return len(self.times)


Run = Callable[[], float]
"""One timed run of one row: checks its result (raising VerificationError), returns the time."""


def measure_rows(entries: list[tuple[Measured, Run | None]], sizes: Sizes) -> list[Measured]:
    """Best of up to ``sizes.repeat`` runs of each row, the rows taking turns.

    Rows take turns so that a burst of other work on the machine slows one run
    of several rows rather than every run of one. A row stops once its runs
    have taken ``sizes.row_budget`` seconds of wall time. Entries without a
    run (skipped rows) are passed through.
    """
    spent = [0.0] * len(entries)
    for turn in range(sizes.repeat):
        for index, (row, run) in enumerate(entries):
            if run is None or row.error is not None:
                continue
            if turn and spent[index] >= sizes.row_budget:
                continue
            gc.collect()
            start = time.perf_counter()
            try:
                row.times.append(run())
            except VerificationError as exc:
                row.error, row.wrong = f"WRONG RESULT: {exc}", True
            except OverCap as exc:
                row.skipped = str(exc)
                entries[index] = (row, None)
            except Exception as exc:  # a failing library is a result, printed as such
                row.error = f"{type(exc).__name__}: {exc}"
            spent[index] += time.perf_counter() - start
    for row, _ in entries:
        if row.error is None and row.skipped is None and row.times:
            row.seconds = min(row.times)
    return [row for row, _ in entries]


def unavailable(label: str) -> str | None:
    """Why a peer's row cannot run here, or None."""
    return NOT_INSTALLED if not INSTALLED.get(label, True) else None


# -- memory, in a fresh process each ------------------------------------------------------------


def process_memory() -> dict[str, int]:
    """VmRSS and VmHWM (peak) of this process, in bytes, from /proc/self/status."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) * 1024
    return values


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


async def memory_child(spec: dict[str, Any], sink: io.BufferedWriter | None) -> dict[str, Any]:
    """One memory measurement (run in a fresh interpreter, see memory_run).

    M1 writes the message to ``sink``; M2 fetches ``spec["uids"]`` with W3's items.
    """
    box = Mailbox(**spec["box"])
    kind = spec["kind"]
    async with Client(box.host, box.port, security="plain") as imap:
        await imap.login(box.user, box.password)
        await imap.select("INBOX")
        gc.collect()
        peak_reset = reset_peak()
        baseline = process_memory()["VmRSS"]
        start = time.perf_counter()
        result: dict[str, Any] = {}
        if kind == "download":
            assert sink is not None
            result["bytes"] = (await imap.download(1, "", sink)).written
        elif kind == "fetch-whole":
            assert sink is not None
            async for msg in imap.fetch([1], ["BODY.PEEK[]"]):
                body = msg.sections[""] or b""
                sink.write(body)
                result["bytes"] = len(body)
        elif kind == "stream":
            count = 0
            async for msg in imap.fetch(spec["uids"], list(W3.items)):
                count += msg.envelope is not None
            result["count"] = count
        elif kind == "fetch_all":
            result["count"] = len(await imap.fetch_all(spec["uids"], list(W3.items)))
        result["seconds"] = time.perf_counter() - start
        result["growth"] = process_memory()["VmHWM"] - baseline
        result["baseline"] = baseline
        result["peak_reset"] = peak_reset
        await imap.logout()
    return result


def memory_run(kind: str, box: Mailbox, **extra: Any) -> dict[str, Any]:
    """Run memory_child in a fresh interpreter, so earlier rows' memory does not count."""
    spec = {"kind": kind, "box": asdict(box), **extra}
    result = subprocess.run(  # noqa: S603 - this script, with our own interpreter
        [sys.executable, __file__, "--memory-child"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"memory run {kind} failed:\n{result.stderr[-2000:]}")
    outcome: dict[str, Any] = json.loads(result.stdout)
    return outcome


@dataclass
class MemoryRow:
    label: str
    note: str
    n: int  # messages, or the message's bytes
    growth: int | None = None  # bytes: peak RSS minus RSS once connected
    seconds: float | None = None
    error: str | None = None
    wrong: bool = False
    peak_reset: bool = True


def measure_memory(label: str, note: str, n: int, run: Callable[[], dict[str, Any]]) -> MemoryRow:
    row = MemoryRow(label, note, n)
    try:
        outcome = run()
        row.growth, row.seconds = outcome["growth"], outcome["seconds"]
        row.peak_reset = outcome["peak_reset"]
    except VerificationError as exc:
        row.error, row.wrong = f"WRONG RESULT: {exc}", True
    except Exception as exc:
        row.error = f"{type(exc).__name__}: {exc}"
    return row


def m1_rows(box: Mailbox, message: bytes) -> list[MemoryRow]:
    """M1: the big message to a file with download(), and for contrast with fetch()."""
    expected = hashlib.sha256(message).hexdigest()
    rows = []
    for kind, label, note in (
        ("download", "download(uid, '', file)", "1 MiB pieces (BODY.PEEK[]<offset.size>)"),
        (
            "fetch-whole",
            "fetch([uid], ['BODY.PEEK[]'])",
            "the whole literal in memory, then written",
        ),
    ):
        with tempfile.TemporaryDirectory(prefix="bench-m1-") as directory:
            path = Path(directory) / "message.eml"

            def run(kind: str = kind, path: Path = path) -> dict[str, Any]:
                outcome = memory_run(kind, box, path=str(path))
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                if outcome["bytes"] != len(message) or digest != expected:
                    raise VerificationError(
                        f"file has {outcome['bytes']:,} bytes, sha256 {digest[:12]}; "
                        f"expected {len(message):,}, {expected[:12]}"
                    )
                return outcome

            rows.append(measure_memory(label, note, len(message), run))
    return rows


def m2_rows(box: Mailbox, fewer: int) -> list[MemoryRow]:
    """M2: W3's FETCH streamed at two sizes (should be flat), and collected (grows)."""
    rows = []
    for kind, label, note in (
        ("stream", "async for over fetch()", "W3 items; nothing kept"),
        ("fetch_all", "fetch_all()", "W3 items; one list, grows by design"),
    ):
        for n in (fewer, box.n):

            def run(kind: str = kind, n: int = n) -> dict[str, Any]:
                outcome = memory_run(kind, box, uids=f"1:{n}")
                if outcome["count"] != n:
                    raise VerificationError(f"{outcome['count']} envelopes, expected {n}")
                return outcome

            rows.append(measure_memory(label, note, n, run))
    return rows


# -- the workloads -------------------------------------------------------------------------------


@dataclass
class Table:
    key: str
    title: str
    unit: str  # "ms/flow" or "s"
    rows: list[Measured] = field(default_factory=list)
    more: list[Measured] = field(default_factory=list)  # W3 at the second size


@dataclass
class Boxes:
    """The seeded mailboxes; only those the wanted workloads use."""

    small: Mailbox | None = None  # W1, W4
    messages: Mailbox | None = None  # W2, W3, W5
    more: Mailbox | None = None  # W3's second size, M2
    big: Mailbox | None = None  # M1
    big_message: bytes = b""


def flow_table(key: str, boxes: Boxes, sizes: Sizes) -> Table:
    concurrent = key == "W4"
    count = sizes.concurrent if concurrent else sizes.flows
    box = boxes.small
    assert box is not None
    if concurrent:
        title = f"W4 {count} seed flows at once (connect, LOGIN, SELECT INBOX, LOGOUT); s for all"
        table = Table(key, title, "s")
    else:
        title = (
            f"W1 seed flow: connect, LOGIN, SELECT INBOX ({box.n} messages), LOGOUT; "
            f"{count} flows one after another; ms per flow"
        )
        table = Table(key, title, "ms/flow")
    runner = run_flows_concurrent if concurrent else run_flows_sequential
    entries: list[tuple[Measured, Run | None]] = []
    for row in FLOW_ROWS:
        note = row.note_concurrent if concurrent else row.note_sequential

        def run(row: FlowRow = row) -> float:
            seconds, results = runner(row, box, count)
            check_flows(box, results, count)
            return seconds if concurrent else seconds / count * 1000

        why_not = unavailable(row.label)
        entries.append(
            (Measured(row.label, note, count, skipped=why_not), run if not why_not else None)
        )
    table.rows = measure_rows(entries, sizes)
    return table


def fetch_table(spec: FetchSpec, boxes: Boxes, sizes: Sizes) -> Table:
    assert boxes.messages is not None
    mailboxes = [boxes.messages]
    if spec.key == "W3":
        assert boxes.more is not None
        mailboxes.append(boxes.more)
    sizes_text = " and ".join(f"{box.n:,}" for box in mailboxes)
    title = {
        "W2": f"W2 UID FETCH 1:* BODY.PEEK[], {sizes_text} messages of "
        f"{boxes.messages.total_bytes / boxes.messages.n:,.0f} bytes on average, byte-exact",
        "W3": f"W3 UID FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE), typed, {sizes_text} messages",
        "W5": f"W5 UID FETCH 1:* (UID FLAGS), typed, {sizes_text} messages",
    }[spec.key]
    table = Table(spec.key, title, "s")
    for box in mailboxes:
        entries: list[tuple[Measured, Run | None]] = []
        for row in fetch_rows(spec):

            def run(row: FetchRow = row, box: Mailbox = box) -> float:
                seconds, delivered = run_fetch(row, spec, box)
                verify(spec, box, delivered, bodies_exposed=row.label != IMAP_TOOLS)
                return seconds

            why_not = "not possible" if row.runner is None else unavailable(row.label)
            if why_not is None and row.label == AIOIMAPLIB and box is not boxes.messages:
                why_not = aioimaplib_prediction(table.rows, box.n)
            measured = Measured(row.label, row.note, box.n, skipped=why_not)
            entries.append((measured, run if why_not is None else None))
        if box is boxes.messages:
            table.rows = measure_rows(entries, sizes)
        else:
            table.more = measure_rows(entries, sizes)
    return table


def aioimaplib_prediction(smaller: list[Measured], n: int) -> str | None:
    """Why aioimaplib's larger size is skipped (it is quadratic), or None to run it."""
    for row in smaller:
        if row.label == AIOIMAPLIB:
            if row.seconds is None:
                return "skipped: it did not finish at the smaller size"
            predicted = row.seconds * (n / row.n) ** 2
            if predicted > AIOIMAPLIB_CAP:
                return (
                    f"skipped: predicted {predicted:.0f} s (N^2 from {row.n:,}), "
                    f"over the {AIOIMAPLIB_CAP:.0f} s cap"
                )
    return None


# -- printing ------------------------------------------------------------------------------------


def limit_of(rows: Sequence[Measured]) -> float | None:
    times = [row.seconds for row in rows if row.label in RAW_LIMITS and row.seconds is not None]
    return min(times) if times else None


def ours_of(rows: Sequence[Measured]) -> float | None:
    for row in rows:
        if row.label == OURS:
            return row.seconds
    return None


def cells(row: Measured, rows: Sequence[Measured]) -> tuple[str, str, str, str]:
    """value, runs, limit ratio, and this row's time / ours, as text."""
    if row.seconds is None:
        return "", "", "", ""
    limit, ours = limit_of(rows), ours_of(rows)
    value = f"{row.seconds:.2f}" if row.seconds >= 100 else f"{row.seconds:.3f}"
    ratio = f"{limit / row.seconds:.2f}" if limit else "-"
    versus = f"{row.seconds / ours:.2f}x" if ours else "-"
    return value, str(row.runs), ratio, versus


def outcome_text(row: Measured) -> str:
    return f"{row.skipped}" if row.skipped else f"ERROR {row.error}"


def print_table(table: Table) -> None:
    print()
    print(table.title)
    if table.more:
        print_two_sizes(table)
        return
    print(f"  {'row':30} {table.unit:>9} {'runs':>4} {'limit':>6} {'/ ours':>7}  note")
    print("  " + "-" * 98)
    for row in table.rows:
        value, runs, ratio, versus = cells(row, table.rows)
        if row.seconds is None:
            print(f"  {row.label:30} {outcome_text(row)}  ({row.note})")
        else:
            print(f"  {row.label:30} {value:>9} {runs:>4} {ratio:>6} {versus:>7}  {row.note}")


def print_two_sizes(table: Table) -> None:
    first, second = table.rows[0].n, table.more[0].n
    print(
        f"  {'row':30} {f'{first:,} s':>9} {'limit':>6} {'/ ours':>7} "
        f"{f'{second:,} s':>9} {'limit':>6} {'/ ours':>7} {'growth':>7}  note"
    )
    print("  " + "-" * 110)
    for row, more in zip(table.rows, table.more, strict=True):
        if row.seconds is None and more.seconds is None:
            print(f"  {row.label:30} {outcome_text(row)}  ({row.note})")
            continue
        value, _, ratio, versus = cells(row, table.rows)
        if more.seconds is None:
            print(f"  {row.label:30} {value:>9} {ratio:>6} {versus:>7}  {outcome_text(more)}")
            continue
        more_value, _, more_ratio, more_versus = cells(more, table.more)
        growth = f"x{more.seconds / row.seconds:.2f}" if row.seconds else "-"
        print(
            f"  {row.label:30} {value:>9} {ratio:>6} {versus:>7} "
            f"{more_value:>9} {more_ratio:>6} {more_versus:>7} {growth:>7}  {row.note}"
        )
    print(f"  growth = time at {second:,} / time at {first:,}")


def print_memory(title: str, rows: Sequence[MemoryRow], unit: str) -> None:
    print()
    print(title)
    print(f"  {'row':32} {unit:>12} {'RSS growth':>11} {'seconds':>8}  note")
    print("  " + "-" * 98)
    for row in rows:
        size = f"{row.n / MIB:,.1f} MiB" if unit == "message" else f"{row.n:,}"
        if row.growth is None:
            print(f"  {row.label:32} {size:>12}  ERROR {row.error}")
            continue
        growth = f"{row.growth / MIB:,.1f} MiB"
        note = row.note if row.peak_reset else f"{row.note}; peak since start-up"
        print(f"  {row.label:32} {size:>12} {growth:>11} {row.seconds:8.3f}  {note}")


# -- the targets of issue 10 ----------------------------------------------------------------


def target_lines(tables: dict[str, Table], memory: dict[str, list[MemoryRow]]) -> list[str]:
    """Each target of issue 10 beside what this run measured."""
    lines = []

    def ratio_to_limit(key: str, goal: float, label: str) -> None:
        table = tables.get(key)
        if table is None:
            return
        limit, ours = limit_of(table.rows), ours_of(table.rows)
        if limit is None or ours is None:
            lines.append(f"{label}: not measured")
            return
        met = "met" if limit / ours >= goal else "not met"
        lines.append(f"{label}: {limit / ours:.2f} of the limit (target >= {goal:.2f}): {met}")

    ratio_to_limit("W1", 0.80, "W1 seed flow")
    ratio_to_limit("W2", 0.90, "W2 bodies")
    if "W3" in tables:
        table = tables["W3"]
        peer = next((r.seconds for r in table.rows if r.label == IMAPCLIENT), None)
        ours = ours_of(table.rows)
        if peer and ours:
            met = "met" if peer / ours >= 5 else "not met"
            lines.append(f"W3 typed ENVELOPE: {peer / ours:.2f}x IMAPClient (target >= 5x): {met}")
        limit, limit_more = limit_of(table.rows), limit_of(table.more)
        ours_more = ours_of(table.more)
        if limit and limit_more and ours and ours_more:
            ours_growth, limit_growth = ours_more / ours, limit_more / limit
            met = "met" if ours_growth <= limit_growth * 1.15 else "not met"
            lines.append(
                f"W3 growth {table.rows[0].n:,} -> {table.more[0].n:,}: x{ours_growth:.2f}, "
                f"the limit's x{limit_growth:.2f}: {ours_growth / limit_growth:.2f} "
                f"(target <= 1.15): {met}"
            )
    ratio_to_limit("W4", 0.85, "W4 concurrent flows")
    ratio_to_limit("W5", 0.50, "W5 typed FLAGS")
    if memory.get("M1"):
        row = memory["M1"][0]
        if row.growth is not None:
            met = "met" if row.growth < 32 * MIB else "not met"
            lines.append(
                f"M1 streaming {row.n / MIB:.0f} MiB to a file: RSS +{row.growth / MIB:.1f} MiB "
                f"(target < 32 MiB): {met}"
            )
    if memory.get("M2"):
        small, large = memory["M2"][0], memory["M2"][1]
        if small.growth is not None and large.growth is not None:
            # Flat: the larger FETCH costs at most 1 MiB more than the smaller.
            met = "met" if large.growth <= small.growth + MIB else "not met"
            lines.append(
                f"M2 async for, {small.n:,} -> {large.n:,} messages: RSS +{small.growth / MIB:.1f}"
                f" -> +{large.growth / MIB:.1f} MiB (target: flat, within 1 MiB): {met}"
            )
    return lines


# -- the run ---------------------------------------------------------------------------------------

WORKLOADS = ("W1", "W2", "W3", "W4", "W5", "M1", "M2")
FETCH_SPECS = {"W2": W2, "W3": W3, "W5": W5}


def header_lines(binary: str, sizes: Sizes, boxes: Boxes, seeding: float, smoke: bool) -> list[str]:
    now = datetime.datetime.now(datetime.timezone.utc)
    mode = "smoke (tiny sizes, one run each, no targets)" if smoke else "full"
    return [
        f"date        {now:%Y-%m-%d %H:%M} UTC",
        f"mode        {mode}",
        f"machine     {machine_line()}",
        f"python      {platform.python_implementation()} {platform.python_version()}",
        f"libraries   imapclient_async {version_of('imapclient_async')}, "
        f"imapclient {version_of('imapclient')}, imap-tools {version_of('imap-tools')}, "
        f"aioimaplib {version_of('aioimaplib')}",
        f"server      Dovecot {dovecot_version(binary)} on 127.0.0.1, plain IMAP, Maildir",
        f"load        {load_average()} before the first row (other work on the machine)",
        f"mailboxes   {mailboxes_line(boxes)}; seeded and warmed up in {seeding:.1f} s",
        f"timing      best of up to {sizes.repeat} runs; the FETCH alone (connect, LOGIN, SELECT "
        "and LOGOUT are not timed); W1 per flow",
        "limit       best raw limit time / row time (1.00: as fast as a client parsing nothing)",
        "/ ours      row time / imapclient_async time (above 1: imapclient_async is faster)",
    ]


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: how busy the machine was."""
    return "load average " + " ".join(f"{load:.2f}" for load in os.getloadavg())


def mailboxes_line(boxes: Boxes) -> str:
    parts = [
        f"{box.n:,} messages ({uses})"
        for box, uses in (
            (boxes.small, "W1, W4"),
            (boxes.messages, "W2, W3, W5"),
            (boxes.more, "W3, M2"),
        )
        if box is not None
    ]
    if boxes.big is not None:
        parts.append(f"one of {len(boxes.big_message) / MIB:,.0f} MiB (M1)")
    return ", ".join(parts)


def seed_boxes(server: DovecotServer, sizes: Sizes, wanted: set[str]) -> Boxes:
    """One user per mailbox the wanted workloads use, seeded and warmed up."""
    boxes = Boxes()
    messages = sample_messages(sizes.more_messages)
    if wanted & {"W1", "W4"}:
        boxes.small = seed_mailbox(server, messages[: sizes.small_inbox], [])
    fetch_items = [spec.wire.decode() for key, spec in FETCH_SPECS.items() if key in wanted]
    if fetch_items:
        boxes.messages = seed_mailbox(server, messages[: sizes.messages], fetch_items)
    if wanted & {"W3", "M2"}:
        boxes.more = seed_mailbox(server, messages, [W3.wire.decode()])
    if "M1" in wanted:
        boxes.big_message = big_message(sizes.big_message)
        boxes.big = seed_mailbox(server, [boxes.big_message], ["(UID RFC822.SIZE)"])
    return boxes


def profile(key: str, boxes: Boxes, sizes: Sizes) -> None:
    """cProfile of imapclient_async's row of one workload; top functions by own time."""
    profiler = cProfile.Profile()
    if key in ("W1", "W4"):
        assert boxes.small is not None
        row = next(row for row in FLOW_ROWS if row.label == OURS)
        count = sizes.concurrent if key == "W4" else sizes.flows
        runner = run_flows_concurrent if key == "W4" else run_flows_sequential
        profiler.enable()
        seconds, _ = runner(row, boxes.small, count)
    elif key in FETCH_SPECS:
        assert boxes.messages is not None
        spec = FETCH_SPECS[key]
        fetch_row = next(row for row in fetch_rows(spec) if row.label == OURS)
        profiler.enable()
        seconds, _ = run_fetch(fetch_row, spec, boxes.messages)
    else:
        raise AssertionError(key)  # main() allows W1 to W5 only
    profiler.disable()
    print()
    print(
        f"Profile: imapclient_async, {key}: {seconds:.3f} s timed under cProfile; "
        "top 25 by own time over the whole session (connect to logout)"
    )
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    text = out.getvalue()
    text = text[text.index("   ncalls") :].rstrip()
    # Shorter paths: the package's own, and the standard library's.
    text = text.replace(f"{Path(inspect.getfile(Client)).parent.parent}/", "")
    text = text.replace(f"{Path(os.__file__).parent}/", "")
    print(text)


def table_json(table: Table) -> dict[str, Any]:
    def rows(measured: list[Measured], all_rows: list[Measured]) -> list[dict[str, Any]]:
        limit, ours = limit_of(all_rows), ours_of(all_rows)
        out = []
        for row in measured:
            item = asdict(row)
            item["limit_ratio"] = limit / row.seconds if limit and row.seconds else None
            item["per_ours"] = row.seconds / ours if ours and row.seconds else None
            out.append(item)
        return out

    data: dict[str, Any] = {"title": table.title, "unit": table.unit}
    data["rows"] = rows(table.rows, table.rows)
    if table.more:
        data["more"] = rows(table.more, table.more)
    return data


def run_workloads(boxes: Boxes, sizes: Sizes, wanted: set[str]) -> Results:
    """Every wanted workload in order, each printed as soon as it is measured."""
    results = Results()
    for key in WORKLOADS:
        if key not in wanted:
            continue
        if key in ("W1", "W4"):
            results.tables[key] = flow_table(key, boxes, sizes)
        elif key in FETCH_SPECS:
            results.tables[key] = fetch_table(FETCH_SPECS[key], boxes, sizes)
        elif key == "M1":
            assert boxes.big is not None
            results.memory[key] = m1_rows(boxes.big, boxes.big_message)
            print_memory(
                "M1 one large message to a file through imapclient_async "
                "(RSS: peak minus the connected process's)",
                results.memory[key],
                "message",
            )
            continue
        else:
            assert boxes.more is not None
            results.memory[key] = m2_rows(boxes.more, sizes.fewer_messages)
            print_memory(
                "M2 memory while iterating a large FETCH through imapclient_async",
                results.memory[key],
                "messages",
            )
            continue
        print_table(results.tables[key])
        sys.stdout.flush()
    return results


@dataclass
class Results:
    tables: dict[str, Table] = field(default_factory=dict)
    memory: dict[str, list[MemoryRow]] = field(default_factory=dict)

    def failures(self, smoke: bool) -> list[str]:
        """Rows that failed: any in a smoke run; else wrong results, and crashes but peers'.

        A peer that crashes on a full-size workload (aioimaplib's recursion) is
        that peer's result; ours or a raw limit crashing is this benchmark's failure.
        """
        failed = [
            f"{key} {row.label} (N={row.n:,}): {row.error}"
            for key, table in self.tables.items()
            for row in [*table.rows, *table.more]
            if row.error is not None and (smoke or row.wrong or row.label not in PEERS)
        ]
        failed += [
            f"{key} {row.label} (N={row.n:,}): {row.error}"
            for key, rows in self.memory.items()
            for row in rows
            if row.error is not None
        ]
        return failed

    def json(self, header: list[str], targets: list[str], failures: list[str]) -> str:
        document = {
            "header": header,
            "tables": {key: table_json(table) for key, table in self.tables.items()},
            "memory": {key: [asdict(row) for row in rows] for key, rows in self.memory.items()},
            "targets": targets,
            "failures": failures,
        }
        return json.dumps(document, indent=2) + "\n"


def memory_child_main() -> int:
    """--memory-child: one memory measurement described on stdin, its result on stdout."""
    spec = json.load(sys.stdin)
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(open(spec["path"], "wb")) if "path" in spec else None
        print(json.dumps(asyncio.run(memory_child(spec, sink))))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run each (CI)")
    parser.add_argument("--only", help="comma-separated workloads, e.g. W1,W3,M1")
    parser.add_argument("--profile", metavar="W", help="only cProfile imapclient_async on W")
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        return memory_child_main()
    sizes = SMOKE if args.smoke else FULL
    wanted = set(WORKLOADS)
    if args.only:
        wanted = {key.strip().upper() for key in args.only.split(",")}
    if args.profile:
        wanted = {args.profile.upper()}
    if not wanted <= set(WORKLOADS) or (args.profile and wanted & {"M1", "M2"}):
        parser.error(f"--only takes some of {', '.join(WORKLOADS)}; --profile one of W1-W5")
    started = time.perf_counter()
    binary = ensure_installed()
    extra = DOVECOT_CONFIG.format(
        processes=sizes.concurrent * 2 + 50,
        clients=sizes.concurrent * 4 + 200,
        ready=sizes.concurrent + 4,
    )
    with DovecotServer(tls=False, extra_config=extra) as server:
        seeding = time.perf_counter()
        boxes = seed_boxes(server, sizes, wanted)
        header = header_lines(binary, sizes, boxes, time.perf_counter() - seeding, args.smoke)
        print("\n".join(header), flush=True)
        if args.profile:
            profile(args.profile.upper(), boxes, sizes)
            return 0
        results = run_workloads(boxes, sizes, wanted)
    targets = [] if args.smoke else target_lines(results.tables, results.memory)
    if targets:
        print()
        print("Issue 10's targets")
        for line in targets:
            print(f"  {line}")
    failures = results.failures(args.smoke)
    print()
    print(f"load        {load_average()} at the end")
    print(f"total wall time {time.perf_counter() - started:.1f} s")
    if args.json:
        Path(args.json).write_text(results.json(header, targets, failures), encoding="utf-8")
    if failures:
        print()
        print("FAILED:")
        for failure in failures:
            print(f"  {failure}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
