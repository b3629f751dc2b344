"""What the throwaway test servers (Dovecot, Cyrus, imap4d) share.

:class:`IMAPServer` is the protocol the integration tests program against: an
address to connect to (plain with STARTTLS, and implicit TLS), a way to make a
brand-new user, and a way to put messages into a user's mailbox.  The helpers
below are the pieces every harness needs: free ports, certificates from a
private ``trustme`` CA, waiting for the greeting, and stopping a process group.
:class:`ServerProcess` puts them together: the base class of each harness, which
runs the server in a temporary directory and a process group of its own.

:func:`append_messages` seeds a mailbox over IMAP, speaking the protocol with
the standard library only, so that seeding never depends on the library under
test.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import select
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import ClassVar, Protocol, TypeVar

HOST = "127.0.0.1"
START_TIMEOUT = 15.0
# SIGKILLed processes normally vanish in milliseconds; this only bounds a stuck one.
KILL_TIMEOUT = 5.0


class IMAPServer(Protocol):
    """A running private IMAP server, as the integration tests see it."""

    name: str
    """``"dovecot"``, ``"cyrus"`` or ``"imap4d"``: for the few facts that differ."""
    delimiter: str
    """The hierarchy delimiter of the personal namespace (``.`` or ``/``)."""
    host: str
    port: int
    """Plain IMAP, offering STARTTLS."""
    tls_port: int | None
    """Implicit TLS, or None without TLS."""
    ca_cert_path: str | None

    def client_ssl_context(self) -> ssl.SSLContext: ...

    def new_user(self, password: str = ...) -> tuple[str, str]:
        """A (name, password) never used before: an empty account.

        With ``password``, exactly that password (any one line of text) logs in.
        """
        ...

    def add_user(self, name: str, password: str) -> None: ...

    def seed(
        self, user: str, messages: list[bytes], *, mailbox: str = "INBOX", seen: bool = False
    ) -> None:
        """Put messages into ``mailbox`` (its raw, modified UTF-7 name), creating it."""
        ...


def free_ports(count: int) -> list[int]:
    """Ports the kernel calls free, bound together so they differ.

    The tiny race until the server binds them is accepted.
    """
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind((HOST, 0))
        return [int(sock.getsockname()[1]) for sock in sockets]


def find_program(name: str) -> str | None:
    """``name`` on PATH, else in /usr/sbin (where daemons are, and PATH may lack it)."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin")


def make_temp_dir(prefix: str) -> Path:
    """A fresh directory, on tmpfs when there is one: servers that fsync run faster there."""
    shm = Path("/dev/shm")
    parent = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    directory = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    directory.chmod(0o755)
    return directory


def read_line(sock: socket.socket | ssl.SSLSocket) -> bytes:
    """Read the first line, which may arrive in several segments (LF ends it)."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError(f"connection closed after {data!r}")
        data += chunk
    return data


def tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return f"({path} does not exist)"
    return "\n".join(text.splitlines()[-lines:])


def write_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A private CA and a certificate for 127.0.0.1 and localhost: (ca, chain, key)."""
    import trustme  # noqa: PLC0415 - only TLS servers need it

    directory.mkdir(mode=0o755)
    authority = trustme.CA()
    issued = authority.issue_cert(HOST, "localhost")
    ca_path, chain_path, key_path = (directory / n for n in ("ca.pem", "server.pem", "server.key"))
    authority.cert_pem.write_to_path(str(ca_path))
    for blob in issued.cert_chain_pems:
        blob.write_to_path(str(chain_path), append=True)
    issued.private_key_pem.write_to_path(str(key_path))
    key_path.chmod(0o600)
    return ca_path, chain_path, key_path


def wait_until_greeting(
    host: str,
    probes: Sequence[tuple[int, ssl.SSLContext | None]],
    alive: Callable[[], bool],
    fail: Callable[[str], Exception],
    timeout: float = START_TIMEOUT,
) -> None:
    """Poll until each port sends ``* OK``: ports are bound before logins work."""
    deadline = time.monotonic() + timeout
    for port, context in probes:
        while True:
            if not alive():
                raise fail("the server exited during startup")
            if time.monotonic() > deadline:
                raise fail(f"no greeting within {timeout:.0f} s")
            try:
                greeting = _probe(host, port, context, deadline)
            except OSError:
                time.sleep(0.02)
                continue
            if not greeting.startswith(b"* OK"):
                raise fail(f"port {port} greeted {greeting!r}")
            break


def _probe(host: str, port: int, context: ssl.SSLContext | None, deadline: float) -> bytes:
    timeout = max(deadline - time.monotonic(), 0.1)
    with socket.create_connection((host, port), timeout=timeout) as raw:
        if context is None:
            return read_line(raw)
        with context.wrap_socket(raw, server_hostname=host) as wrapped:
            return read_line(wrapped)


def _live_group_members(pgid: int) -> list[int]:
    """PIDs of the processes in group ``pgid`` that have not exited yet (Linux /proc)."""
    members = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # exited meanwhile
            continue
        # After the parenthesised command name: state, ppid, pgrp, ...
        state, _ppid, pgrp = stat.rpartition(")")[2].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            members.append(int(entry.name))
    return members


def kill_group(pgid: int) -> None:
    """SIGKILL every process in the group and return once each one has died.

    SIGKILL takes effect asynchronously: until a process has actually exited its
    sockets stay open, and a listener even accepts new connections.  The group is
    frozen with SIGSTOP first so that nothing can fork or exit between listing it
    and killing it; each member is then awaited through a pidfd, which unlike
    waitpid() also works for processes that are not our children.
    """
    try:
        os.killpg(pgid, signal.SIGSTOP)
    except ProcessLookupError:
        return
    pidfds = []
    try:
        for pid in _live_group_members(pgid):
            with contextlib.suppress(ProcessLookupError):
                pidfds.append(os.pidfd_open(pid))
        with contextlib.suppress(ProcessLookupError):  # only zombies were left
            os.killpg(pgid, signal.SIGKILL)
        deadline = time.monotonic() + KILL_TIMEOUT
        for pidfd in pidfds:
            select.select([pidfd], [], [], max(deadline - time.monotonic(), 0.0))
    finally:
        for pidfd in pidfds:
            os.close(pidfd)


def stop_process_group(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM the process's group, wait up to ``grace`` seconds, then SIGKILL what is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    kill_group(process.pid)  # also reaches children that outlived the leader
    process.wait()


_Server = TypeVar("_Server", bound="ServerProcess")


class ServerProcess:
    """A server run in a fresh temporary directory, in a process group of its own.

    A subclass finds its program (:meth:`_find_binary`) and, in :meth:`_start_in`,
    writes its config into the directory (:meth:`_take_ports` picks the ports and
    writes the certificates) and calls :meth:`_launch`.  Attributes other than
    ``host`` are valid after start().  Harnesses that seed by writing Maildir
    files use :meth:`_deliver_to_maildir`.
    """

    name: str
    """As in :class:`IMAPServer`; also the prefix of the temporary directory."""
    _label: ClassVar[str]
    """The server's name in error messages."""
    _root_reason: ClassVar[str] = ""
    """Why the server must be started as root, for the error message."""
    _stop_grace: ClassVar[float] = 1.0
    """Seconds stop() waits after SIGTERM before SIGKILL."""

    def __init__(self, *, tls: bool = True) -> None:
        self._tls = tls
        self._dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._last_delivery_us = 0
        self.host = HOST
        self.port = 0
        self.tls_port: int | None = None
        self.ca_cert_path: str | None = None

    def __enter__(self: _Server) -> _Server:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Write the config, start the server and wait until every port greets."""
        if self._dir is not None:
            raise RuntimeError("server already started; stop() it first")
        binary = self._find_binary()
        if os.geteuid() != 0:
            reason = f": {self._root_reason}" if self._root_reason else ""
            raise RuntimeError(f"{type(self).__name__} needs root{reason}")
        self._dir = self._make_dir()
        try:
            self._start_in(self._dir, binary)
        except BaseException:
            self.stop()
            raise

    def _find_binary(self) -> str:
        """The program to run; RuntimeError if it is not installed."""
        raise NotImplementedError

    def _make_dir(self) -> Path:
        return make_temp_dir(f"{self.name}-")

    def _start_in(self, directory: Path, binary: str) -> None:
        """Write the config into ``directory`` and :meth:`_launch` the server."""
        raise NotImplementedError

    def _take_ports(self, directory: Path) -> tuple[Path, Path] | None:
        """Pick free ports; with TLS two, and certificates: (chain, key) in ``directory/tls``."""
        if not self._tls:
            (self.port,) = free_ports(1)
            return None
        self.port, self.tls_port = free_ports(2)
        ca, chain, key = write_certificates(directory / "tls")
        self.ca_cert_path = str(ca)
        return chain, key

    def _launch(
        self,
        command: list[str],
        console: Path,
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        """Start ``command`` in a session of its own, output to ``console``; wait for greetings."""
        with console.open("wb") as out:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=cwd,
                env=env,
            )
        probes: list[tuple[int, ssl.SSLContext | None]] = [(self.port, None)]
        if self.tls_port is not None:
            probes.append((self.tls_port, self.client_ssl_context()))

        def alive() -> bool:
            return self._process is not None and self._process.poll() is None

        def fail(reason: str) -> RuntimeError:
            return self._start_failure(reason, console)

        wait_until_greeting(self.host, probes, alive, fail)

    def _start_failure(self, reason: str, console: Path) -> RuntimeError:
        return RuntimeError(f"{self._label}: {reason}\n--- {console} ---\n{tail(console)}")

    def stop(self) -> None:
        """Stop every server process and delete the temp dir; safe to call twice.

        SIGTERM goes to the whole process group, not only the main process; whatever
        still runs after ``_stop_grace`` seconds gets SIGKILL.
        """
        if self._process is not None:
            stop_process_group(self._process, self._stop_grace)
            self._process = None
        if self._dir is not None:
            shutil.rmtree(self._dir)
            self._dir = None

    def client_ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts this server's private CA (and nothing else)."""
        if self.ca_cert_path is None:
            raise RuntimeError("this server has no TLS (tls=False or not started)")
        return ssl.create_default_context(cafile=self.ca_cert_path)

    def _require_dir(self) -> Path:
        if self._dir is None:
            raise RuntimeError("server not started")
        return self._dir

    def _deliver_to_maildir(
        self,
        messages: Sequence[bytes],
        folder: Path,
        *,
        top: Path,
        owner: tuple[int, int],
        subdir: str,
        info: str,
    ) -> None:
        """Deliver messages into the Maildir ``folder`` in order, for seeding without IMAP.

        The folders below ``top`` down to ``folder``, and its ``tmp``, ``new`` and
        ``cur``, are made where missing, owned by ``owner`` (uid, gid).  Each message
        is written into ``tmp`` and renamed into ``subdir`` with ``info`` (``:2,`` and
        flag letters, or nothing) after its unique name.
        """
        uid, gid = owner
        parts = folder.relative_to(top).parts
        parents = [top.joinpath(*parts[: count + 1]) for count in range(len(parts))]
        for path in [*parents, folder / "tmp", folder / "new", folder / "cur"]:
            if not path.exists():
                path.mkdir(mode=0o700)
                os.chown(path, uid, gid)
        host = socket.gethostname().replace("/", r"\057").replace(":", r"\072")
        for message in messages:
            # Servers assign UIDs to new files in order of the time in their names, so
            # the names get strictly increasing microseconds.
            now_us = max(time.time_ns() // 1000, self._last_delivery_us + 1)
            self._last_delivery_us = now_us
            seconds, micros = divmod(now_us, 1_000_000)
            # Zero-padded so that name order is delivery order too.
            unique = f"{seconds}.M{micros:06d}P{os.getpid()}.{host}"
            staging = folder / "tmp" / unique
            staging.write_bytes(message)
            os.chown(staging, uid, gid)
            staging.rename(folder / subdir / f"{unique}{info}")


def imap_date(when: datetime.datetime) -> str:
    """``when`` as an IMAP date-time, e.g. ``"04-Mar-2026 05:06:07 +0200"``."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    offset = when.utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return (
        f"{when.day:02d}-{months[when.month - 1]}-{when.year} "
        f"{when:%H:%M:%S} {sign}{hours:02d}{minutes:02d}"
    )


def _literal(data: bytes) -> bytes:
    return b"{%d+}\r\n" % len(data) + data


class RawSession:
    """A minimal IMAP session over a socket, for seeding: LOGIN, then pipelined commands.

    Every argument goes out as a LITERAL+ literal (all servers seeded this way
    advertise LITERAL+), so names and passwords need no quoting rules.
    """

    def __init__(self, host: str, port: int, user: str, password: str) -> None:
        self._sock = socket.create_connection((host, port), timeout=60)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._file = self._sock.makefile("rb")
        self._tags = 0
        greeting = self._file.readline()
        if not greeting.startswith(b"* OK"):
            raise ConnectionError(f"greeting {greeting!r}")
        self.run([b"LOGIN " + _literal(user.encode()) + b" " + _literal(password.encode())])

    def run(self, commands: Sequence[bytes], *, allow_no: bool = False) -> list[bytes]:
        """Send the commands pipelined; return their tagged replies, failing unless OK.

        In batches: unread replies to thousands of commands could fill the server's
        socket buffer and stall it while we are still sending.
        """
        replies = []
        for start in range(0, len(commands), 200):
            replies += self._run_batch(commands[start : start + 200], allow_no)
        return replies

    def _run_batch(self, commands: Sequence[bytes], allow_no: bool) -> list[bytes]:
        tags = []
        out = b""
        for command in commands:
            self._tags += 1
            tag = b"s%d" % self._tags
            tags.append(tag)
            out += tag + b" " + command + b"\r\n"
        self._sock.sendall(out)
        replies: dict[bytes, bytes] = {}
        while len(replies) < len(tags):
            line = self._file.readline()
            if not line:
                raise ConnectionError(f"connection closed; replies so far {replies}")
            tag, _, rest = line.partition(b" ")
            if tag in tags:
                replies[tag] = rest.rstrip(b"\r\n")
        result = [replies[tag] for tag in tags]
        for command, reply in zip(commands, result, strict=True):
            if not reply.startswith(b"OK") and not (allow_no and reply.startswith(b"NO")):
                raise RuntimeError(f"seeding: {command[:60]!r} answered {reply!r}")
        return result

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.sendall(b"z LOGOUT\r\n")
        self._file.close()
        self._sock.close()


def append_messages(
    host: str,
    port: int,
    user: str,
    password: str,
    messages: Sequence[bytes],
    *,
    mailbox: str = "INBOX",
    flags: Sequence[str] = (),
    date: datetime.datetime | None = None,
    multiappend: bool = False,
) -> None:
    """APPEND ``messages`` to ``mailbox`` (raw name; created when missing), in order.

    One MULTIAPPEND command where the server has it, else pipelined APPENDs.
    """
    session = RawSession(host, port, user, password)
    try:
        name = _literal(mailbox.encode())
        if mailbox.upper() != "INBOX":
            session.run([b"CREATE " + name], allow_no=True)  # NO: it exists already
        options = b""
        if flags:
            options += b" (" + " ".join(flags).encode() + b")"
        if date is not None:
            options += b' "' + imap_date(date).encode() + b'"'
        if multiappend and messages:
            each = [options + b" " + _literal(data) for data in messages]
            session.run([b"APPEND " + name + b"".join(each)])
        else:
            session.run([b"APPEND " + name + options + b" " + _literal(m) for m in messages])
    finally:
        session.close()
