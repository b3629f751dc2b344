"""The fault harness itself: it must see what it is there to see."""

from __future__ import annotations

import asyncio
import socket

from dovecot import DovecotServer
from faults.flows import client_for
from faults.harness import Watch, leftovers, open_sockets
from faults.proxy import Cut, Direction, FaultProxy


async def test_watch_sees_unclosed_sockets_and_unretrieved_exceptions() -> None:
    async def fail() -> None:
        raise RuntimeError("nobody looks at this")

    with Watch() as watch:
        socket.socket()  # dropped open: a ResourceWarning when collected
        task = asyncio.ensure_future(fail())
        await asyncio.wait({task})
        del task
        found = watch.collect()
    assert any("ResourceWarning" in problem for problem in found), found
    assert any("Task exception was never retrieved" in problem for problem in found), found


async def test_leftovers_sees_tasks_and_sockets(dovecot: DovecotServer) -> None:
    with Watch() as watch:
        before = open_sockets()
        async with FaultProxy(dovecot.host, dovecot.port, close_bound=0.2) as proxy:
            client = client_for(proxy)
            await client.connect()
            stray = asyncio.ensure_future(asyncio.Event().wait())
            leaked = socket.socket()
            found = await leftovers(client, proxy, watch, before)
            stray.cancel()
            leaked.close()
            await client.close()
            await asyncio.wait({stray})
    assert any("client.closed is False" in problem for problem in found), found
    assert any("task left running" in problem for problem in found), found
    assert any("sockets left open" in problem for problem in found), found
    assert any("a peer never closed its side" in problem for problem in found), found


async def test_proxy_cuts_after_exactly_k_bytes(dovecot: DovecotServer) -> None:
    with Watch():
        async with FaultProxy(
            dovecot.host, dovecot.port, cut=Cut(Direction.SERVER_TO_CLIENT, 7)
        ) as proxy:
            reader, writer = await asyncio.open_connection(proxy.host, proxy.port)
            assert await reader.read() == b"* OK [C"  # then EOF
            writer.close()
            await writer.wait_closed()
    assert proxy.session.cut
