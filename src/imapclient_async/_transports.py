"""Where the bytes of a session travel: TCP (with TLS), an existing socket, or a command's stdio.

Each transport opens a plain byte stream (``connect``); when it carries a
``tls_context`` the connection then runs the TLS handshake itself, as a step
of its own, so a failure there is reported as a TLS failure and never as a
failure to connect. ``aclose()`` releases what outlives the connection (a
child process to reap).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["CommandTransport", "SocketTransport", "TcpTransport", "Transport"]

_EXIT_GRACE = 5.0
"""Seconds a command may take to exit once its stdin is closed, before it is killed."""


class Transport:
    """How a session reaches its server; subclasses say how."""

    where: str
    """How log lines and errors name the other side, e.g. ``"imap.example.org:993"``."""
    tls_context: ssl.SSLContext | None = None
    """TLS from the first byte (implicit TLS) with these settings; None for none."""
    server_hostname: str | None = None
    """The name the server's certificate must carry, with ``tls_context``."""

    async def connect(
        self, factory: Callable[[], asyncio.Protocol]
    ) -> tuple[asyncio.BaseTransport, Any]:
        """Open the plain byte stream for the protocol ``factory`` makes."""
        raise NotImplementedError

    async def aclose(self) -> None:
        """Release what outlives the connection; the base has nothing to release."""


class TcpTransport(Transport):
    """A TCP connection, TLS from the first byte when ``tls_context`` is given."""

    def __init__(self, host: str, port: int, tls_context: ssl.SSLContext | None) -> None:
        self.where = f"{host}:{port}"
        self.tls_context = tls_context
        self.server_hostname = host
        self._host = host
        self._port = port

    async def connect(
        self, factory: Callable[[], asyncio.Protocol]
    ) -> tuple[asyncio.BaseTransport, Any]:
        return await asyncio.get_running_loop().create_connection(factory, self._host, self._port)


class SocketTransport(Transport):
    """A socket the caller connected already (TCP or a Unix socket)."""

    def __init__(
        self,
        sock: socket.socket,
        tls_context: ssl.SSLContext | None,
        server_hostname: str | None,
    ) -> None:
        if sock.type != socket.SOCK_STREAM:
            raise ValueError("the socket must be a connected stream socket (SOCK_STREAM)")
        try:
            peer = sock.getpeername()
        except OSError as exc:
            raise ValueError(f"the socket is not connected: {exc}") from None
        self.where = server_hostname or (
            f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer) or "socket"
        )
        self.tls_context = tls_context
        self.server_hostname = server_hostname
        self._sock = sock

    async def connect(
        self, factory: Callable[[], asyncio.Protocol]
    ) -> tuple[asyncio.BaseTransport, Any]:
        return await asyncio.get_running_loop().create_connection(factory, sock=self._sock)


class CommandTransport(Transport):
    """A command whose stdin and stdout speak IMAP, as imaplib's ``IMAP4_stream``.

    The command's stdin and stdout are one end of a socket pair, so the
    session reads and writes it like any socket. Its stderr is the caller's.
    Closing the connection closes its stdin; the command is then given a few
    seconds to exit before it is killed, and is always reaped.
    """

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str] | None,
        cwd: str | os.PathLike[str] | None,
    ) -> None:
        self.where = f"command {os.path.basename(argv[0])}"
        self._argv = list(argv)
        self._env = None if env is None else dict(env)
        self._cwd = cwd
        self._process: asyncio.subprocess.Process | None = None

    async def connect(
        self, factory: Callable[[], asyncio.Protocol]
    ) -> tuple[asyncio.BaseTransport, Any]:
        ours, theirs = socket.socketpair()
        try:
            with theirs:
                self._process = await asyncio.create_subprocess_exec(
                    *self._argv,
                    stdin=theirs.fileno(),
                    stdout=theirs.fileno(),
                    env=self._env,
                    cwd=self._cwd,
                )
            return await asyncio.get_running_loop().create_unix_connection(factory, sock=ours)
        except BaseException:
            ours.close()
            raise

    async def aclose(self) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), _EXIT_GRACE)
        except asyncio.TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
