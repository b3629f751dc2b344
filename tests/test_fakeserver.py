"""Tests of the scripted fake IMAP server itself, driven by a raw asyncio stream client."""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
import sys
import time
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest
import trustme

from fakeserver import Peer, ScriptedServer

T = TypeVar("T")

GREETING = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a test coroutine with an outer deadline, so a broken fake server cannot hang."""

    async def bounded() -> T:
        return await asyncio.wait_for(coro, 30)

    return asyncio.run(bounded())


async def connect(server: ScriptedServer) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(server.host, server.port)


async def close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()


async def client_start_tls(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, context: ssl.SSLContext
) -> asyncio.StreamWriter:
    """Client-side STARTTLS upgrade of a stream connection."""
    if sys.version_info >= (3, 11):
        await writer.start_tls(context, server_hostname="127.0.0.1")
        return writer
    # Python 3.10 has no StreamWriter.start_tls: upgrade the transport under the same
    # protocol (which keeps feeding `reader`) and write through a new StreamWriter.
    loop = asyncio.get_running_loop()
    protocol = writer.transport.get_protocol()
    transport = await loop.start_tls(
        writer.transport, protocol, context, server_hostname="127.0.0.1"
    )
    assert transport is not None
    return asyncio.StreamWriter(transport, protocol, reader, loop)


def test_greeting_and_commands_round_trip() -> None:
    payload = b"Subject: hi\r\n\r\nbody"

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        tag, rest = await peer.command("NOOP")
        assert (tag, rest) == ("a1", b"")
        await peer.send(f"{tag} OK done\r\n".encode())
        tag, rest = await peer.command("uid fetch")  # multi-word, case-insensitive
        assert rest == b"1:* (FLAGS)"
        # A response split mid-line across two writes.
        await peer.send(b"* 1 FETCH (UID 7 FLAGS ())\r\n" + tag.encode() + b" OK fe")
        await peer.send(b"tched\r\n")
        match = await peer.expect(r"(\S+) APPEND INBOX \{(\d+)\}")
        await peer.send(b"+ go ahead\r\n")
        assert await peer.read_exactly(int(match[2])) == payload
        await peer.expect("")  # the rest of the APPEND line after the literal
        await peer.send(match[1] + b" OK appended\r\n")
        tag, _ = await peer.command("LOGOUT")
        await peer.send(f"* BYE\r\n{tag} OK bye\r\n".encode())
        # Returning closes the connection.

    async def main() -> None:
        async with ScriptedServer(script) as server:
            reader, writer = await connect(server)
            assert await reader.readline() == GREETING
            writer.write(b"a1 NOOP\r\n")
            assert await reader.readline() == b"a1 OK done\r\n"
            writer.write(b"a2 UID FETCH 1:* (FLAGS)\r\n")
            assert await reader.readline() == b"* 1 FETCH (UID 7 FLAGS ())\r\n"
            assert await reader.readline() == b"a2 OK fetched\r\n"
            writer.write(b"a3 APPEND INBOX {%d}\r\n" % len(payload))
            assert await reader.readline() == b"+ go ahead\r\n"
            writer.write(payload + b"\r\n")
            assert await reader.readline() == b"a3 OK appended\r\n"
            writer.write(b"a4 LOGOUT\r\n")
            assert await reader.read() == b"* BYE\r\na4 OK bye\r\n"  # then EOF
            await close(writer)
        assert server.connections == 1
        assert server.peers[0].received == (
            b"a1 NOOP\r\na2 UID FETCH 1:* (FLAGS)\r\na3 APPEND INBOX {%d}\r\n%s\r\na4 LOGOUT\r\n"
            % (len(payload), payload)
        )

    run(main())


def test_one_script_run_per_connection() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(b"* OK connection %d\r\n" % peer.index)
        await peer.read_until_eof()

    async def main() -> None:
        async with ScriptedServer(script) as server:
            for index in range(2):
                reader, writer = await connect(server)
                assert await reader.readline() == b"* OK connection %d\r\n" % index
                await close(writer)
        assert server.connections == 2

    run(main())


def test_expect_mismatch_is_reraised_at_exit() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await peer.expect(r"\S+ LOGIN .*")

    async def main() -> None:
        async with ScriptedServer(script) as server:
            reader, writer = await connect(server)
            await reader.readline()
            writer.write(b"a1 NOOP\r\n")
            assert await reader.read() == b""  # a failed script closes its connection
            await close(writer)

    with pytest.raises(AssertionError, match=re.escape(r"'\\S+ LOGIN .*', got b'a1 NOOP'")):
        run(main())


def test_script_error_is_chained_to_the_test_body_error() -> None:
    async def script(peer: Peer) -> None:
        await peer.command("LOGIN")

    async def main() -> None:
        async with ScriptedServer(script) as server:
            reader, writer = await connect(server)
            writer.write(b"a1 SELECT INBOX\r\n")
            data = await reader.read()
            await close(writer)
            raise LookupError(data)

    with pytest.raises(AssertionError, match="expected a LOGIN command") as info:
        run(main())
    assert isinstance(info.value.__context__, LookupError)


def test_eof_during_a_read_fails_the_script() -> None:
    async def script(peer: Peer) -> None:
        await peer.readline()

    async def main() -> None:
        async with ScriptedServer(script) as server:
            reader, writer = await connect(server)
            writer.write(b"a1 NO")
            writer.write_eof()
            assert await reader.read() == b""
            await close(writer)

    with pytest.raises(AssertionError, match=r"client closed .*partial line b'a1 NO'"):
        run(main())


def test_read_deadline_raises_assertion() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await peer.readline()

    async def main() -> None:
        async with ScriptedServer(script, timeout=0.2) as server:
            reader, writer = await connect(server)
            assert await reader.readline() == GREETING
            assert await reader.read() == b""  # closed once the script timed out
            await close(writer)

    with pytest.raises(AssertionError, match=r"timed out after 0\.2 s waiting for a line"):
        run(main())


def test_abort_is_seen_as_reset_by_the_client() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await peer.command("NOOP")
        peer.abort()

    async def main() -> BaseException | bytes:
        async with ScriptedServer(script) as server:
            reader, writer = await connect(server)
            assert await reader.readline() == GREETING
            writer.write(b"a1 NOOP\r\n")
            try:
                outcome: BaseException | bytes = await reader.read()
            except ConnectionResetError as exc:
                outcome = exc
            await close(writer)
        return outcome

    outcome = run(main())
    if sys.platform == "linux":
        assert isinstance(outcome, ConnectionResetError)
    else:
        assert isinstance(outcome, ConnectionResetError) or outcome == b""


def test_script_still_waiting_is_cancelled_cleanly_at_exit() -> None:
    events: list[str] = []

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        try:
            await peer.readline()
        except asyncio.CancelledError:
            events.append("cancelled")
            raise

    async def main() -> None:
        async with ScriptedServer(script, timeout=60) as server:
            reader, writer = await connect(server)
            assert await reader.readline() == GREETING
        assert await reader.read() == b""  # the server closed the connection on exit
        await close(writer)

    start = time.monotonic()
    run(main())
    assert events == ["cancelled"]
    assert time.monotonic() - start < 10


def test_start_tls_upgrade() -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)

    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n")
        tag, _ = await peer.command("STARTTLS")
        await peer.send(f"{tag} OK begin TLS\r\n".encode())
        await peer.start_tls(server_context)
        tag, _ = await peer.command("NOOP")
        await peer.send(f"{tag} OK done over TLS\r\n".encode())
        assert await peer.read_until_eof() == b""

    async def main() -> None:
        async with ScriptedServer(script) as server:
            reader, writer = await connect(server)
            await reader.readline()
            writer.write(b"a1 STARTTLS\r\n")
            assert await reader.readline() == b"a1 OK begin TLS\r\n"
            writer = await client_start_tls(reader, writer, client_context)
            assert writer.get_extra_info("ssl_object") is not None
            writer.write(b"a2 NOOP\r\n")
            assert await reader.readline() == b"a2 OK done over TLS\r\n"
            await close(writer)
        # `received` holds the decrypted stream, not TLS records.
        assert server.peers[0].received == b"a1 STARTTLS\r\na2 NOOP\r\n"

    run(main())
