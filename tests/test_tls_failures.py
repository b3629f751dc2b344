"""Every TLS failure is a SecurityError that says why; a silent reset still says when."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator

import pytest
import trustme

from fakeserver import Peer, ScriptedServer
from imapclient_async import Client, ConnectionLostError, SecurityError

GREETING = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"


@pytest.fixture
def authority() -> trustme.CA:
    return trustme.CA()


async def tls_server(context: ssl.SSLContext) -> AsyncIterator[int]:
    """A TLS server on 127.0.0.1 that greets and then waits; yields its port."""

    async def greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(GREETING)
        await reader.read()
        writer.close()

    server = await asyncio.start_server(greet, "127.0.0.1", 0, ssl=context)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def test_a_tls_version_the_client_refuses_is_a_security_error(
    authority: trustme.CA,
) -> None:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    server_context.maximum_version = ssl.TLSVersion.TLSv1_2
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    client_context.minimum_version = ssl.TLSVersion.TLSv1_3
    async for port in tls_server(server_context):
        imap = Client("127.0.0.1", port, ssl_context=client_context, timeout=5)
        with pytest.raises(SecurityError, match=r"TLS handshake with 127\.0\.0\.1") as caught:
            await imap.connect()
        assert str(caught.value).split("failed: ", 1)[1]  # a reason, never empty
        assert imap.closed
        await imap.close()


async def test_a_certificate_for_another_name_is_a_security_error(
    authority: trustme.CA,
) -> None:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("mail.example.org").configure_cert(server_context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    async for port in tls_server(server_context):
        imap = Client("127.0.0.1", port, ssl_context=client_context, timeout=5)
        with pytest.raises(SecurityError, match="certificate") as caught:
            await imap.connect()
        assert isinstance(caught.value.__cause__, ssl.SSLError)
        await imap.close()


async def test_a_server_that_drops_the_handshake_is_a_security_error_with_a_reason() -> None:
    # Some servers just close on a ClientHello they will not serve (a TLS
    # version they refuse): a reset that says nothing of itself.
    async def script(peer: Peer) -> None:
        await peer.read_exactly(5)  # the ClientHello's record header
        peer.abort()

    async with ScriptedServer(script) as server:
        imap = Client(server.host, server.port, security="tls", timeout=5)
        with pytest.raises(SecurityError, match="TLS handshake") as caught:
            await imap.connect()
        assert str(caught.value).split("failed: ", 1)[1]  # a reason, never empty
        await imap.close()


async def test_a_reset_without_a_reason_says_when_it_happened() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await peer.command("NOOP")
        peer.abort()  # RST: the client learns nothing but that it is gone

    async with ScriptedServer(script) as server:
        imap = Client(server.host, server.port, security="plain", timeout=5)
        await imap.connect()
        with pytest.raises(ConnectionLostError, match="while NOOP waited for its reply"):
            await imap.noop()
        await imap.close()


async def test_a_close_before_the_greeting_says_so() -> None:
    async def script(peer: Peer) -> None:
        peer.close()

    async with ScriptedServer(script) as server:
        imap = Client(server.host, server.port, security="plain", timeout=5)
        with pytest.raises(ConnectionLostError, match="before its greeting"):
            await imap.connect()
        await imap.close()
