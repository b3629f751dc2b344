"""A small scripted IMAP server for tests of behaviour no real server will show.

Real-server behaviour is tested against Dovecot; this module is only for the hostile
cases: broken or malicious responses, dropped connections, data injected at awkward
moments.  A test writes the server side of the conversation as a plain async function
(a *script*) that receives a :class:`Peer` for each accepted connection::

    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\\r\\n")
        tag, _ = await peer.command("NOOP")
        await peer.send(f"{tag} OK done\\r\\n".encode())

    async with ScriptedServer(script) as server:
        ...  # connect the client under test to server.host, server.port

Rules of the game, chosen so that tests are deterministic and fail loudly:

* Every read waits at most ``timeout`` seconds (10 by default), then raises
  ``AssertionError("timed out ...")``, so a script never hangs a test.
* Reads are strict: a client line must end in CRLF, and the client closing the
  connection while a read still needs data raises ``AssertionError``.  To idle until
  the client leaves, use :meth:`Peer.read_until_eof`, which treats EOF as success.
* When a script returns or raises, its connection is closed (FIN), so a client waiting
  for a reply sees EOF rather than hanging.
* An exception raised by a script is kept and re-raised by ``__aexit__`` (the first
  one, if several scripts failed); it is chained to any exception the test body raised.
* When the ``async with`` block ends, scripts still running (typically waiting for a
  read) are cancelled, which is *not* an error.  A script that already raised is
  reported as above.  Consequently a client that disconnects just before the block
  ends may or may not be noticed by a script blocked in a strict read; scripts that
  must see the disconnect should wait for it with :meth:`Peer.read_until_eof`.
* :meth:`Peer.send` to a client that has already gone away silently drops the data,
  as a real server would see no error either; assert on what the client does instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import ssl
import struct
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import cast

__all__ = ["DEFAULT_TIMEOUT", "Peer", "ScriptedServer"]

DEFAULT_TIMEOUT = 10.0
"""Seconds any single read (or write flush, or TLS handshake) may wait."""

_PREVIEW = 200


def _preview(data: bytes | bytearray) -> str:
    """Show at most the first _PREVIEW bytes of data, for error messages."""
    shown = repr(bytes(data[:_PREVIEW]))
    return shown + f"... ({len(data)} bytes)" if len(data) > _PREVIEW else shown


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class Peer:
    """One accepted connection, seen from the server side.

    Created by :class:`ScriptedServer`; scripts only use the public methods.
    """

    index: int
    """0 for the server's first accepted connection, 1 for the second, ..."""
    received: bytearray
    """Everything the client has sent so far (decrypted, after :meth:`start_tls`),
    whether or not the script has read it yet."""

    _transport: asyncio.Transport  # set by _Protocol.connection_made

    def __init__(self, protocol: asyncio.Protocol, timeout: float) -> None:
        self.index = -1
        self.received = bytearray()
        self._protocol = protocol
        self._timeout = timeout
        self._buffer = bytearray()  # received but not yet read by the script
        self._eof = False  # no more data will arrive
        self._lost = False  # connection_lost() has been called
        self._lost_exc: BaseException | None = None
        self._closed_by_script = False
        self._write_paused = False
        self._waiters: list[asyncio.Future[None]] = []
        self._gone: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    @property
    def lost(self) -> bool:
        """True once the connection is gone (the client closed or dropped it)."""
        return self._lost

    # -- writing -----------------------------------------------------------------------

    async def send(self, data: bytes) -> None:
        """Write raw bytes: any number of lines, partial lines, literal payloads.

        Waits (up to the timeout) while the client is not reading fast enough.  Data
        sent after the client went away is dropped silently.
        """
        if self._closed_by_script:
            raise RuntimeError("Peer.send() after close() or abort()")
        if self._lost:
            return
        self._transport.write(data)
        await self._wait_until(
            lambda: not self._write_paused or self._lost, "the client to read what was sent"
        )

    # -- reading -----------------------------------------------------------------------

    async def readline(self) -> bytes:
        """Return the next client line, including its CRLF.

        Raises AssertionError on EOF, on timeout, and on a line ending in a bare LF.
        """
        return await self._readline("a line")

    async def expect(self, pattern: str) -> re.Match[bytes]:
        """Read a line and require `pattern` to match all of it (CRLF excluded).

        `pattern` is a regular expression, encoded as UTF-8 and matched against bytes;
        the match is returned so that groups (tags, literal sizes) can be used.
        """
        line = (await self._readline(f"a line matching {pattern!r}"))[:-2]
        match = re.fullmatch(pattern.encode(), line)
        if match is None:
            raise AssertionError(f"expected a line matching {pattern!r}, got {line!r}")
        return match

    async def command(self, name: str) -> tuple[str, bytes]:
        """Read a line ``<tag> <NAME>[ <rest>]`` and return ``(tag, rest)``.

        NAME is compared case-insensitively and may be several words ("UID FETCH").
        `rest` excludes the separating space and the CRLF; it is b"" if absent.
        """
        line = (await self._readline(f"a {name} command"))[:-2]
        words = name.split()
        parts = line.split(b" ", len(words) + 1)
        got = [part.upper() for part in parts[1 : len(words) + 1]]
        if not parts[0] or got != [word.upper().encode() for word in words]:
            raise AssertionError(f"expected a {name} command, got {line!r}")
        try:
            tag = parts[0].decode("ascii")
        except UnicodeDecodeError:
            raise AssertionError(f"non-ASCII tag in {line!r}") from None
        rest = parts[len(words) + 1] if len(parts) > len(words) + 1 else b""
        return tag, rest

    async def read_exactly(self, n: int) -> bytes:
        """Return exactly `n` bytes (a literal payload); AssertionError on EOF."""
        if n < 0:
            raise ValueError(f"negative size {n}")
        await self._wait_until(lambda: len(self._buffer) >= n or self._eof, f"{n} bytes")
        if len(self._buffer) < n:
            raise AssertionError(
                f"client closed the connection after {len(self._buffer)} of {n} bytes"
                f"{self._lost_reason()}: {_preview(self._buffer)}"
            )
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    async def read_until_eof(self) -> bytes:
        """Return everything the client sends until it closes (or resets) the connection."""
        await self._wait_until(lambda: self._eof, "the client to close the connection")
        data = bytes(self._buffer)
        self._buffer.clear()
        return data

    # -- connection control ------------------------------------------------------------

    def close(self) -> None:
        """Close the connection gracefully: flush what was sent, then FIN (or TLS close)."""
        self._closed_by_script = True
        self._transport.close()

    def abort(self) -> None:
        """Reset the connection: discard unsent data and send RST where possible.

        SO_LINGER with a zero timeout makes the kernel answer the close with RST.
        """
        self._closed_by_script = True
        if self._lost:
            return
        sock = self._transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._transport.abort()

    async def start_tls(self, context: ssl.SSLContext) -> None:
        """Upgrade this connection to TLS as the server side (after a STARTTLS reply).

        Call it right after sending the tagged OK; the handshake failing or taking
        longer than the timeout raises AssertionError.
        """
        if self._buffer:
            raise AssertionError(f"client sent {_preview(self._buffer)} before the TLS handshake")
        if self._eof:
            raise AssertionError("client closed the connection before the TLS handshake")
        loop = asyncio.get_running_loop()
        try:
            transport = await loop.start_tls(
                self._transport,
                self._protocol,
                context,
                server_side=True,
                ssl_handshake_timeout=self._timeout,
            )
        except OSError as exc:  # includes ssl.SSLError, ConnectionError, TimeoutError
            raise AssertionError(f"TLS handshake with the client failed: {exc!r}") from exc
        if transport is None:
            raise AssertionError("connection lost during the TLS handshake")
        self._transport = transport

    # -- internals ---------------------------------------------------------------------

    async def _readline(self, what: str) -> bytes:
        await self._wait_until(lambda: b"\n" in self._buffer or self._eof, what)
        end = self._buffer.find(b"\n")
        if end < 0:
            partial = f"; partial line {_preview(self._buffer)}" if self._buffer else ""
            raise AssertionError(
                f"client closed the connection{self._lost_reason()} "
                f"while waiting for {what}{partial}"
            )
        line = bytes(self._buffer[: end + 1])
        del self._buffer[: end + 1]
        if not line.endswith(b"\r\n"):
            raise AssertionError(f"client line not terminated by CRLF: {_preview(line)}")
        return line

    async def _wait_until(self, ready: Callable[[], bool], what: str) -> None:
        """Wait until ready() holds, re-checking whenever the connection state changes.

        The deadline uses call_later rather than asyncio.wait_for: before Python 3.12,
        wait_for can swallow a cancellation that races with the awaited result, and
        __aexit__ relies on cancellation always stopping a script.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        while not ready():
            if loop.time() >= deadline:
                unread = f"; unread data: {_preview(self._buffer)}" if self._buffer else ""
                raise AssertionError(
                    f"timed out after {self._timeout:g} s waiting for {what}{unread}"
                )
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            timer = loop.call_at(deadline, _resolve, waiter)
            try:
                await waiter
            finally:
                timer.cancel()
                if waiter in self._waiters:
                    self._waiters.remove(waiter)

    def _lost_reason(self) -> str:
        return f" ({self._lost_exc!r})" if self._lost_exc is not None else ""

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            _resolve(waiter)

    def _on_data(self, data: bytes) -> None:
        self._buffer += data
        self.received += data
        self._wake()

    def _on_eof(self) -> None:
        self._eof = True
        self._wake()

    def _on_lost(self, exc: BaseException | None) -> None:
        self._eof = self._lost = True
        self._lost_exc = exc
        self._write_paused = False
        _resolve(self._gone)
        self._wake()

    def _on_write_paused(self, paused: bool) -> None:
        self._write_paused = paused
        self._wake()


class _Protocol(asyncio.Protocol):
    """Forwards transport events to a Peer (kept apart to keep Peer's API clean)."""

    def __init__(self, server: ScriptedServer) -> None:
        self._server = server
        self._peer = Peer(self, server.timeout)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._peer._transport = cast(asyncio.Transport, transport)
        self._server._accept(self._peer)

    def data_received(self, data: bytes) -> None:
        self._peer._on_data(data)

    def eof_received(self) -> None:
        # Returning None lets the transport close: IMAP has no use for half-closed TCP.
        self._peer._on_eof()

    def connection_lost(self, exc: BaseException | None) -> None:
        self._peer._on_lost(exc)

    def pause_writing(self) -> None:
        self._peer._on_write_paused(True)

    def resume_writing(self) -> None:
        self._peer._on_write_paused(False)


class ScriptedServer:
    """An asyncio TCP server on 127.0.0.1 (random port) that plays one script per
    accepted connection.

    Use it as an async context manager; see the module docstring for the rules.
    """

    host: str
    port: int
    connections: int
    """How many connections were accepted."""
    peers: list[Peer]
    """The accepted connections, in order (Peer.index is the position here)."""
    timeout: float
    """Seconds any single read, write flush or TLS handshake may wait."""

    def __init__(
        self, script: Callable[[Peer], Awaitable[None]], *, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.host = "127.0.0.1"
        self.port = 0
        self.connections = 0
        self.peers = []
        self.timeout = timeout
        self._script = script
        self._server: asyncio.Server | None = None
        self._closing = False
        self._tasks: list[asyncio.Task[None]] = []
        self._errors: list[Exception] = []

    async def __aenter__(self) -> ScriptedServer:
        if self._server is not None:
            raise RuntimeError("a ScriptedServer can only be started once")
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: _Protocol(self), self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop listening, cancel unfinished scripts, close every connection, and
        re-raise the first exception a script raised."""
        if self._server is None:
            return
        self._closing = True
        self._server.close()
        # Cancel scripts before closing connections: closing first would turn a
        # script's pending read into a spurious "client closed" failure.
        for task in self._tasks:
            task.cancel()
        stuck: set[asyncio.Task[None]] = set()
        if self._tasks:
            _, stuck = await asyncio.wait(self._tasks, timeout=self.timeout)
        # Each finished script closed its connection gracefully; force the rest (a TLS
        # close waiting for the client's close_notify, unflushed data) and wait for
        # the sockets to be released so that no transport outlives the server.
        for peer in self.peers:
            if not peer._lost:
                peer._transport.abort()
        gone = [peer._gone for peer in self.peers]
        if gone:
            await asyncio.wait(gone, timeout=self.timeout)
        await self._server.wait_closed()
        if self._errors:
            raise self._errors[0]
        if stuck:
            raise AssertionError(f"{len(stuck)} script(s) did not stop when cancelled")

    def _accept(self, peer: Peer) -> None:
        peer.index = self.connections
        self.connections += 1
        self.peers.append(peer)
        if self._closing:  # accepted while __aexit__ was already tearing down
            peer._transport.abort()
            return
        task = asyncio.get_running_loop().create_task(
            self._run(peer), name=f"fakeserver script #{peer.index}"
        )
        self._tasks.append(task)

    async def _run(self, peer: Peer) -> None:
        try:
            await self._script(peer)
        except Exception as exc:  # kept for __aexit__; cancellation is not an error
            self._errors.append(exc)
        finally:
            peer._transport.close()
