"""Sessions over transports other than a TCP connection the client opens itself.

``Client.from_command`` runs Dovecot's IMAP on stdin/stdout with ``doveadm exec
imap``: no listener, port or root. When the tests run as root the command runs
as ``nobody``, so the non-root path is the one tested either way.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dovecot import DovecotServer, ensure_installed
from helpers import message
from imapclient_async import Client, ClientState, ConnectionLostError, MailboxStatus

_CONFIG = """\
log_path = {directory}/dovecot.log
ssl = no
mail_home = {directory}/home/%u
mail_location = maildir:~/Mail
"""


@pytest.fixture
def doveadm_imap() -> Iterator[tuple[list[str], dict[str, str], str]]:
    """``argv``, ``env`` and ``cwd`` that run Dovecot's IMAP as a non-root user."""
    ensure_installed()
    doveadm = shutil.which("doveadm") or shutil.which("doveadm", path="/usr/sbin")
    assert doveadm is not None, "dovecot-imapd installs doveadm"
    directory = Path(tempfile.mkdtemp(prefix="doveadm-imap-"))
    try:
        (directory / "dovecot.conf").write_text(_CONFIG.format(directory=directory))
        argv = [doveadm, "-c", str(directory / "dovecot.conf"), "exec", "imap"]
        if os.geteuid() == 0:
            shutil.chown(directory, "nobody", "nogroup")
            (directory / "dovecot.conf").chmod(0o644)
            directory.chmod(0o755)
            argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *argv]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "USER": "alice"}
        yield argv, env, str(directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


async def test_a_session_over_a_command_preauthenticated(
    doveadm_imap: tuple[list[str], dict[str, str], str],
) -> None:
    argv, env, cwd = doveadm_imap
    imap = Client.from_command(argv, env=env, cwd=cwd, timeout=10)
    assert "command" in repr(imap)
    async with imap:
        assert "IMAP4REV1" in imap.capabilities
        assert imap.state is ClientState.AUTHENTICATED  # PREAUTH: no login
        await imap.append("INBOX", message("over a pipe", "Hello through stdin.\r\n"))
        inbox = await imap.select("INBOX")
        assert inbox.exists == 1
        [fetched] = await imap.fetch_all("1", ["ENVELOPE", "BODY.PEEK[TEXT]"])
        assert fetched.envelope is not None and fetched.envelope.subject == "over a pipe"
        assert fetched.sections["TEXT"] == b"Hello through stdin.\r\n"
        assert await imap.status("INBOX", ("MESSAGES",)) == MailboxStatus("INBOX", messages=1)
    assert imap.closed
    # The command was reaped: nothing of ours is left running.
    transport = imap._transport
    assert transport is not None and transport._process is not None  # type: ignore[attr-defined]
    assert transport._process.returncode is not None  # type: ignore[attr-defined]


async def test_a_command_that_cannot_start_is_a_lost_connection(tmp_path: Path) -> None:
    imap = Client.from_command([str(tmp_path / "no-such-imap")], timeout=5)
    with pytest.raises(ConnectionLostError, match="no-such-imap"):
        await imap.connect()
    await imap.close()


async def test_a_command_that_exits_without_greeting_is_a_lost_connection() -> None:
    imap = Client.from_command(["true"], timeout=5)
    with pytest.raises(ConnectionLostError):
        await imap.connect()
    await imap.close()


def test_from_command_refuses_a_single_string() -> None:
    with pytest.raises(TypeError, match="sequence"):
        Client.from_command("doveadm exec imap")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty"):
        Client.from_command([])


async def test_a_session_over_a_socket_the_caller_connected(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    sock = socket.create_connection((dovecot.host, dovecot.port))
    async with Client.from_socket(sock) as imap:
        await imap.login(*dovecot_user)
        assert (await imap.select("INBOX")).exists == 0
    assert sock.fileno() == -1  # the client closed it with the session


async def test_tls_over_a_socket_verifies_the_server_name(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    assert dovecot.tls_port is not None
    context = dovecot.client_ssl_context()
    sock = socket.create_connection((dovecot.host, dovecot.tls_port))
    imap = Client.from_socket(
        sock, server_hostname="localhost", security="tls", ssl_context=context
    )
    async with imap:
        await imap.login(*dovecot_user)
    with socket.socket() as unconnected:
        with pytest.raises(ValueError, match="server_hostname"):
            Client.from_socket(unconnected, security="starttls", ssl_context=context)
        with pytest.raises(ValueError, match="not connected"):
            Client.from_socket(unconnected)
    with (
        socket.socket(type=socket.SOCK_DGRAM) as datagram,
        pytest.raises(ValueError, match="stream"),
    ):
        Client.from_socket(datagram)
