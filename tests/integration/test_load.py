"""Load: many clients at once against one Dovecot, nothing lost, duplicated or crossed.

Every client has its own user, connects and logs in before any appends (so all
are connected at the same moment), then appends its own distinct messages,
pipelined, and fetches them back: each must be there exactly once, byte for
byte, under the UID its APPENDUID named, and no other client's message may
appear.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator

import pytest

import figures
from dovecot import DovecotServer, ensure_installed
from imapclient_async import Client

CLIENTS = 200
MESSAGES_PER_CLIENT = 20
BUDGET = 60.0
"""Seconds the whole exchange may take (connecting, logging in, appending, fetching)."""

# Dovecot allows 100 processes per service by default: one imap process per session.
_ROOM_FOR_EVERYONE = f"""\
default_process_limit = {CLIENTS + 50}
default_client_limit = {4 * CLIENTS + 200}
"""


@pytest.fixture(scope="module")
def roomy_dovecot() -> Iterator[DovecotServer]:
    """A Dovecot with room for every client's session at once."""
    ensure_installed()
    with DovecotServer(tls=False, extra_config=_ROOM_FOR_EVERYONE) as server:
        yield server


def message(client: int, number: int) -> bytes:
    """Client ``client``'s message ``number``: distinct headers and body, CRLF, some 8-bit.

    Sizes vary from a few hundred bytes to about 40 KB, so literals of every
    kind cross the socket.
    """
    tag = f"c{client:03d}m{number:02d}"
    line = f"{tag} {'é' * (number % 3)} line of client {client}, message {number}\r\n"
    body = line * (1 + (client * 7 + number * 13) % 300)
    return (
        f"From: Client {client} <c{client}@example.org>\r\n"
        f"To: Load <load@example.org>\r\n"
        f"Subject: load {tag}\r\n"
        f"Message-ID: <{tag}.{client * 1000 + number}@load.example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        f"{body}"
    ).encode()


async def one_client(
    imap: Client, client: int, everyone_connected: asyncio.Event
) -> dict[int, bytes]:
    """Append this client's messages pipelined, then fetch them back; UID -> bytes."""
    await everyone_connected.wait()
    await imap.select("INBOX")
    sent = [message(client, number) for number in range(MESSAGES_PER_CLIENT)]
    results = await asyncio.gather(*(imap.append("INBOX", data) for data in sent))
    by_uid = {result.uid: data for result, data in zip(results, sent, strict=True)}
    assert None not in by_uid and len(by_uid) == MESSAGES_PER_CLIENT  # distinct UIDs
    await imap.noop()
    fetched = await imap.fetch_all("1:*", ["BODY.PEEK[]"])
    got: dict[int, bytes] = {}
    for item in fetched:
        assert item.uid is not None and item.uid not in got  # exactly once
        content = item.sections[""]
        assert content is not None
        got[item.uid] = content
    assert got == by_uid  # every message, byte-exact, under its APPENDUID; nobody else's
    return got


async def test_200_clients_append_and_fetch_without_loss_or_cross_talk(
    roomy_dovecot: DovecotServer,
) -> None:
    users = [roomy_dovecot.new_user() for _ in range(CLIENTS)]
    started = time.monotonic()
    async with contextlib.AsyncExitStack() as stack:
        # Everyone connects and logs in first: all CLIENTS sessions are open at once.
        clients = [
            Client(roomy_dovecot.host, roomy_dovecot.port, security="plain", timeout=45.0)
            for _ in range(CLIENTS)
        ]
        for imap in clients:
            stack.push_async_callback(imap.close)
        await asyncio.gather(*(imap.connect() for imap in clients))
        await asyncio.gather(
            *(imap.login(*user) for imap, user in zip(clients, users, strict=True))
        )
        assert sum(not imap.closed for imap in clients) == CLIENTS
        connected = time.monotonic() - started

        everyone_connected = asyncio.Event()
        work = [
            asyncio.create_task(one_client(imap, number, everyone_connected))
            for number, imap in enumerate(clients)
        ]
        everyone_connected.set()
        stored = await asyncio.gather(*work)
        await asyncio.gather(*(imap.logout() for imap in clients))
    elapsed = time.monotonic() - started

    # No cross-talk: each message body names its client, and all are distinct.
    every_message = [data for got in stored for data in got.values()]
    assert len(every_message) == len(set(every_message)) == CLIENTS * MESSAGES_PER_CLIENT
    for number, got in enumerate(stored):
        assert all(f"c{number:03d}m".encode() in data for data in got.values())
    assert elapsed < BUDGET, f"{elapsed:.1f} s (connected after {connected:.1f} s)"
    figures.record("concurrent_clients", CLIENTS)
    figures.record("messages_per_client", MESSAGES_PER_CLIENT)
