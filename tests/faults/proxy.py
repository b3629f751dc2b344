"""A TCP proxy on 127.0.0.1 that cuts a session at an exact byte or fragments it.

:class:`FaultProxy` sits between a client and a real server. Every session it
accepts is forwarded to the server, and the bytes that pass are recorded in
:attr:`Session.sent` per :class:`Direction`. Two faults can be asked for:

- ``cut=Cut(direction, after, how)``: once exactly ``after`` bytes have passed
  in ``direction`` (0: at once), nothing more passes either way. The client
  then gets a FIN (``how="close"``; the proxy still reads and drops what the
  client sends until the client closes) or a reset (``how="reset"``: SO_LINGER
  0). The server always gets a FIN, and the proxy reads and drops its output
  until it closes too, so that when :meth:`FaultProxy.aclose` returns the
  server has finished with the session (whatever it did with a command it got
  whole is done).
- ``fragment={directions}``: every chunk going those ways is forwarded one
  byte at a time, each byte
  written to the socket on its own and followed by two turns of the event
  loop, so that a reader in the same loop (the client under test) receives it
  in a read of its own. No timed sleeps: only ``drain()`` and yielding.

Proxy sockets keep no write buffer of their own (``set_write_buffer_limits(0)``),
so ``drain()`` returns only once the bytes are in the kernel.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import socket
import struct
from collections.abc import Collection, Coroutine
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

__all__ = ["Cut", "Direction", "FaultProxy", "Session"]

HOST = "127.0.0.1"
_READ_SIZE = 64 * 1024
_PEER_CLOSE_BOUND = 10.0
"""Seconds a peer may take to close its side after the proxy closed its own.

Only a bound against a hang: Dovecot and the client close within milliseconds."""


class Direction(enum.Enum):
    """Which way bytes travel."""

    CLIENT_TO_SERVER = "client_to_server"
    SERVER_TO_CLIENT = "server_to_client"


@dataclass(frozen=True)
class Cut:
    """Cut the session once exactly ``after`` bytes have passed in ``direction``."""

    direction: Direction
    after: int
    how: Literal["close", "reset"] = "close"


@dataclass(eq=False)
class Session:
    """One proxied connection: the bytes that passed each way, and what happened."""

    sent: dict[Direction, bytearray] = field(
        default_factory=lambda: {direction: bytearray() for direction in Direction}
    )
    cut: bool = False
    """True once the session was cut."""
    problems: list[str] = field(default_factory=list)
    """A peer that did not close its side within the bound after the proxy's FIN,
    or a failure of the proxy itself."""


class FaultProxy:
    """Forwards ``127.0.0.1:<port>`` to ``upstream_host:upstream_port``, with faults.

    Use as ``async with FaultProxy(...) as proxy:``; connect to ``proxy.host``,
    ``proxy.port``. Leaving the block (or :meth:`aclose`) stops listening and
    waits until every session has ended, both peers included.
    """

    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        *,
        cut: Cut | None = None,
        fragment: Collection[Direction] = (),
        close_bound: float = _PEER_CLOSE_BOUND,
    ) -> None:
        if upstream_host != HOST:
            raise ValueError("the fault proxy only forwards to 127.0.0.1")
        if cut is not None and cut.after < 0:
            raise ValueError("a cut offset is a byte count, not negative")
        self.host = HOST
        self.port = 0
        self._upstream = (upstream_host, upstream_port)
        self._cut = cut
        self._fragment = frozenset(fragment)
        self._server: asyncio.Server | None = None
        self.sessions: list[Session] = []
        self.tasks: set[asyncio.Task[Any]] = set()
        """Every task the proxy runs; tests exclude them when looking for leaks."""
        self._handlers: set[asyncio.Task[Any]] = set()
        self._writers: dict[Session, list[asyncio.StreamWriter]] = {}
        self._close_bound = close_bound

    async def __aenter__(self) -> FaultProxy:
        self._server = await asyncio.start_server(self._serve, HOST, 0)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop listening and wait for every session to end (each peer closed).

        A session whose peer still holds it open after ``close_bound`` seconds
        is reported in its :attr:`Session.problems` and aborted.
        """
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        if not self._handlers:
            return
        _, stuck = await asyncio.wait(set(self._handlers), timeout=self._close_bound)
        for session, writers in self._writers.items():
            if any(not writer.is_closing() for writer in writers):
                session.problems.append(
                    f"the session was still open {self._close_bound:g} s after the proxy "
                    "closed: a peer never closed its side"
                )
            for writer in writers:
                writer.transport.abort()
        for handler in stuck:
            handler.cancel()
        if stuck:
            await asyncio.wait(stuck)

    @property
    def session(self) -> Session:
        """The one session of a proxy that served exactly one."""
        assert len(self.sessions) == 1, f"{len(self.sessions)} sessions"
        return self.sessions[0]

    # -- one session -----------------------------------------------------------------

    async def _serve(
        self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        me = asyncio.current_task()
        assert me is not None
        self.tasks.add(me)
        self._handlers.add(me)
        session = Session()
        self.sessions.append(session)
        self._writers[session] = [client]
        try:
            await self._forward(session, client_reader, client)
        except Exception as exc:  # reported by the test, not as an unhandled error
            session.problems.append(f"the proxy failed: {type(exc).__name__}: {exc}")
            client.transport.abort()
        finally:
            self._handlers.discard(me)

    async def _forward(
        self, session: Session, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        _unbuffered(client)
        server_reader, server = await asyncio.open_connection(*self._upstream)
        self._writers[session].append(server)
        _unbuffered(server)
        cut_now = asyncio.Event()
        cut = self._cut
        if cut is not None and cut.after == 0:
            cut_now.set()
        pumps = {
            self._task(
                self._pump(session, Direction.CLIENT_TO_SERVER, client_reader, server, cut_now)
            ),
            self._task(
                self._pump(session, Direction.SERVER_TO_CLIENT, server_reader, client, cut_now)
            ),
        }
        cut_waiter = self._task(cut_now.wait())
        try:
            running = set(pumps)
            while running and not cut_now.is_set():
                done, running = await asyncio.wait(
                    running | {cut_waiter}, return_when=asyncio.FIRST_COMPLETED
                )
                running.discard(cut_waiter)
                for task in done - {cut_waiter}:
                    task.result()  # a failure of the proxy itself is the test's failure
        finally:
            for task in (*pumps, cut_waiter):
                task.cancel()
            await asyncio.wait({*pumps, cut_waiter})
        if cut_now.is_set():
            assert cut is not None
            session.cut = True
            ends = {
                self._task(self._cut_client(session, client_reader, client, cut.how)),
                self._task(self._close_after_eof(session, "server", server_reader, server)),
            }
            await asyncio.wait(ends)
            for task in ends:
                task.result()
        else:
            client.close()
            server.close()
            with contextlib.suppress(OSError):
                await client.wait_closed()
            with contextlib.suppress(OSError):
                await server.wait_closed()

    def _task(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        return task

    async def _pump(
        self,
        session: Session,
        direction: Direction,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        cut_now: asyncio.Event,
    ) -> None:
        """Forward ``reader`` to ``writer`` until EOF, or until the cut (then set ``cut_now``)."""
        cut = self._cut
        limit = cut.after if cut is not None and cut.direction is direction else None
        passed = session.sent[direction]
        while True:
            if cut_now.is_set():
                return
            try:
                data = await reader.read(_READ_SIZE)
            except OSError:
                data = b""
            if cut_now.is_set():
                return
            if not data:
                if writer.can_write_eof() and not writer.is_closing():
                    with contextlib.suppress(OSError):
                        writer.write_eof()  # pass the half-close on
                return
            last = limit is not None and len(passed) + len(data) >= limit
            if last:
                assert limit is not None
                data = data[: limit - len(passed)]
            try:
                await self._write(direction, writer, data, passed, cut_now if last else None)
            except OSError:
                return  # the peer is gone: the other direction ends too
            if last:
                return

    async def _write(
        self,
        direction: Direction,
        writer: asyncio.StreamWriter,
        data: bytes,
        passed: bytearray,
        cut_now: asyncio.Event | None,
    ) -> None:
        """Write ``data``; with ``cut_now``, cut right after its last byte is handed over."""
        if direction not in self._fragment:
            writer.write(data)
            passed += data
            if cut_now is not None:
                cut_now.set()  # before yielding: nothing more passes either way
            await writer.drain()
            return
        for index in range(len(data)):
            writer.write(data[index : index + 1])
            passed += data[index : index + 1]
            if cut_now is not None and index == len(data) - 1:
                cut_now.set()
            await writer.drain()
            # Two turns: the first lets the selector see the byte, the second
            # lets the reader's callback run before the next byte is written.
            await asyncio.sleep(0)
            await asyncio.sleep(0)

    async def _cut_client(
        self,
        session: Session,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        how: Literal["close", "reset"],
    ) -> None:
        if how == "reset":
            raw = writer.get_extra_info("socket")
            if raw is not None:
                with contextlib.suppress(OSError):
                    raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            return
        await self._close_after_eof(session, "client", reader, writer)

    async def _close_after_eof(
        self,
        session: Session,
        peer: str,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        """Send FIN, drop whatever the peer still sends until it closes, then close."""
        try:
            if not writer.is_closing() and writer.can_write_eof():
                writer.write_eof()
            await asyncio.wait_for(self._task(_read_to_eof(reader)), self._close_bound)
        except asyncio.TimeoutError:
            session.problems.append(
                f"the {peer} did not close within {self._close_bound:g} s of the proxy's FIN"
            )
        except OSError:
            pass
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def _read_to_eof(reader: asyncio.StreamReader) -> None:
    while await reader.read(_READ_SIZE):
        pass


def _unbuffered(writer: asyncio.StreamWriter) -> None:
    """No write buffer: ``drain()`` then waits until the kernel has every byte."""
    transport = writer.transport
    assert isinstance(transport, asyncio.WriteTransport)
    transport.set_write_buffer_limits(high=0)
