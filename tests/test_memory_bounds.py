"""A flooding server costs bounded memory: every reply is capped while it arrives.

Each test has a scripted server send an endless reply of one kind and measures
the client's peak memory with tracemalloc until the limit stops it. The
limits are set low here so the tests run in a second; the same code enforces
the defaults (``Limits()``), whose reasoning is in ``_proto/_limits.py``.
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

import figures
from fakeserver import Peer, ScriptedServer
from imapclient_async import Client, Limits, MalformedResponseError

MIB = 1024 * 1024
GREETING = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"
LIMIT = 4 * MIB
SENT = [0]
PEAK_BOUND = 4 * LIMIT
"""What the client may hold at its peak for a capped response: the response
itself plus the parser's buffers and one read's worth in flight."""
COLLECTED_PEAK_BOUND = 8 * LIMIT
"""The same for a capped collected reply: each response decoded into Python
objects costs several times its wire size (about 5x for LIST lines)."""


async def flood(peer: Peer, command: str, opening: bytes, repeated: bytes) -> None:
    """Log in, select, then answer ``command`` with ``opening`` and ``repeated`` forever.

    ``SENT[0]`` counts the bytes of the flood as they go out.
    """
    await peer.send(GREETING)
    for name, reply in (
        ("LOGIN", b"OK [CAPABILITY IMAP4rev1] in"),
        ("SELECT", b"OK [READ-WRITE] done"),
    ):
        tag, _ = await peer.command(name)
        await peer.send(tag.encode() + b" " + reply + b"\r\n")
    await peer.command(command)
    await peer.send(opening)
    SENT[0] = len(opening)
    while not peer.lost and SENT[0] < 64 * LIMIT:  # bounded: a broken limit fails, never hangs
        await peer.send(repeated)
        SENT[0] += len(repeated)
        await asyncio.sleep(0)  # let the loop report the client's close (send never blocks then)


async def peak_memory_until_refused(
    script: Callable[[Peer], Awaitable[int]],
    call: Callable[[Client], AsyncIterator[object]],
    limits: Limits,
) -> tuple[int, MalformedResponseError]:
    """Run ``call`` against the flooding ``script``; return the peak traced bytes and the error."""
    sent: list[int] = []

    async def recording(peer: Peer) -> None:
        sent.append(await script(peer))

    async with ScriptedServer(recording) as server:
        imap = Client(server.host, server.port, security="plain", timeout=10, limits=limits)
        await imap.connect()
        await imap.login("bob", "pw")
        await imap.select()
        tracemalloc.start()
        try:
            with pytest.raises(MalformedResponseError) as caught:
                async for _ in call(imap):
                    pass
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert imap.closed  # the connection is dropped, its buffers with it
        await imap.close()
    assert SENT[0] < 64 * LIMIT, "the flood was never stopped"
    figures.record("flood_tests", 1)
    return peak, caught.value


async def _fetch(imap: Client) -> AsyncIterator[object]:
    async for message in imap.fetch("1:*", ["BODY.PEEK[]"]):
        yield message


async def _list(imap: Client) -> AsyncIterator[object]:
    for mailbox in await imap.list():
        yield mailbox


async def _search(imap: Client) -> AsyncIterator[object]:
    yield await imap.search("ALL")


async def test_endless_response_of_chained_literals() -> None:
    literal = b"x" * 65536
    chunk = b" BODY[1] {65536}\r\n" + literal

    async def script(peer: Peer) -> None:
        await flood(peer, "UID FETCH", b"* 1 FETCH (UID 1", chunk)

    peak, error = await peak_memory_until_refused(script, _fetch, Limits(max_response_size=LIMIT))
    assert "response longer than" in str(error)
    assert peak < PEAK_BOUND, f"peak {peak / MIB:.1f} MiB"
    figures.record("flood_peak_bound_mib", PEAK_BOUND // MIB)


async def test_endless_list_into_a_collected_reply() -> None:
    line = b'* LIST (\\HasNoChildren) "/" "folder with a rather long name, again and again"\r\n'

    async def script(peer: Peer) -> None:
        await flood(peer, "LIST", b"", line * 100)

    peak, error = await peak_memory_until_refused(script, _list, Limits(max_collected_size=LIMIT))
    assert "Limits.max_collected_size" in str(error)
    assert peak < COLLECTED_PEAK_BOUND, f"peak {peak / MIB:.1f} MiB"


async def test_endless_search_lines_cost_a_bounded_count() -> None:
    async def script(peer: Peer) -> None:
        await flood(peer, "UID SEARCH", b"", b"* SEARCH 1\r\n" * 1000)

    peak, error = await peak_memory_until_refused(
        script, _search, Limits(max_collected_responses=20_000)
    )
    assert "Limits.max_collected_responses" in str(error)
    assert peak < COLLECTED_PEAK_BOUND, f"peak {peak / MIB:.1f} MiB"


async def test_a_response_of_millions_of_tiny_literals() -> None:
    async def script(peer: Peer) -> None:
        await flood(peer, "UID FETCH", b"* 1 FETCH (UID 1", b" X {1}\r\nx" * 1000)

    peak, error = await peak_memory_until_refused(
        script, _fetch, Limits(max_response_literals=1000)
    )
    assert "more than 1000 literals" in str(error)
    assert peak < PEAK_BOUND, f"peak {peak / MIB:.1f} MiB"
