"""Checks of the test server harnesses themselves, using only the stdlib IMAP clients.

If these fail, failures of the integration tests say nothing about the library.
"""

from __future__ import annotations

import imaplib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cyrus import CyrusServer
from cyrus import ensure_installed as ensure_cyrus
from dovecot import DovecotServer
from imap4d import Imap4dServer
from imap4d import ensure_installed as ensure_imap4d

HARNESS = Path(__file__).with_name("dovecot.py")
WEIRD_PASSWORD = 'p"a\\ss wörd'


@pytest.fixture(scope="module")
def server() -> Iterator[DovecotServer]:
    with DovecotServer() as running:
        yield running


def _message(subject: str) -> bytes:
    return (
        f"Date: Mon, 6 May 2024 08:30:00 +0000\r\nFrom: a@example.com\r\n"
        f"To: b@example.org\r\nSubject: {subject}\r\nMessage-ID: <{subject}@example.com>\r\n"
        f"\r\nBody of {subject}.\r\n"
    ).encode()


def _read_until(sock: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        assert chunk, f"connection closed; got {data!r}"
        data += chunk
    return data


def _assert_closed(sock: socket.socket) -> None:
    """EOF and a reset both mean the server end is gone; a timeout means it is not."""
    try:
        data = sock.recv(4096)
    except ConnectionResetError:
        return
    assert data == b"", data


def _login_fails(server: DovecotServer, user: str, password: str) -> bool:
    with imaplib.IMAP4(server.host, server.port) as client:
        try:
            client.login(user, password)
        except imaplib.IMAP4.error:
            return True
        return False


def test_greeting_offers_starttls(server: DovecotServer) -> None:
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        greeting = _read_until(sock, b"\r\n")
    assert greeting.startswith(b"* OK"), greeting
    assert b"STARTTLS" in greeting


def test_new_user_logs_in_to_an_empty_inbox(server: DovecotServer) -> None:
    user, password = server.new_user()
    assert server.new_user()[0] != user
    with imaplib.IMAP4(server.host, server.port) as client:
        client.login(user, password)
        assert client.select("INBOX") == ("OK", [b"0"])


def test_seed_delivers_in_order(server: DovecotServer) -> None:
    user, password = server.new_user()
    server.seed(user, [_message(f"m{i}") for i in range(3)])
    server.seed(user, [_message("read")], seen=True)
    server.seed(user, [_message("old")], mailbox="Archive.2023")
    with imaplib.IMAP4(server.host, server.port) as client:
        client.login(user, password)
        typ, data = client.select("INBOX")
        assert (typ, client.untagged_responses.get("EXISTS")) == ("OK", [b"4"]), data
        _, fetched = client.fetch("1:4", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        parts = [part for part in fetched if isinstance(part, tuple)]
        subjects = [body.strip() for _, body in parts]
        assert subjects == [b"Subject: m0", b"Subject: m1", b"Subject: m2", b"Subject: read"]
        assert [b"\\Seen" in head for head, _ in parts] == [False, False, False, True]
        assert client.select("Archive.2023", readonly=True) == ("OK", [b"1"])


def test_seed_three_messages_gives_3_exists(server: DovecotServer) -> None:
    user, password = server.new_user()
    server.seed(user, [_message(f"s{i}") for i in range(3)])
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        _read_until(sock, b"\r\n")
        sock.sendall(f"a LOGIN {user} {password}\r\nb SELECT INBOX\r\n".encode())
        response = _read_until(sock, b"b OK")
    assert b"* 3 EXISTS\r\n" in response


def test_add_user_with_awkward_password_authenticates(server: DovecotServer) -> None:
    server.add_user("weird", WEIRD_PASSWORD)
    plain = b"\0weird\0" + WEIRD_PASSWORD.encode()
    with imaplib.IMAP4(server.host, server.port) as client:
        typ, _ = client.authenticate("PLAIN", lambda _challenge: plain)
        assert typ == "OK"
    # The same password as a LOGIN literal (imaplib cannot quote non-ASCII).
    secret = WEIRD_PASSWORD.encode()
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        _read_until(sock, b"\r\n")
        sock.sendall(b"a LOGIN weird {%d}\r\n" % len(secret))
        assert _read_until(sock, b"\r\n").startswith(b"+")
        sock.sendall(secret + b"\r\n")
        assert b"a OK" in _read_until(sock, b"a ")


def test_wrong_passwords_are_rejected(server: DovecotServer) -> None:
    server.add_user("strict", "right")
    assert _login_fails(server, "strict", "wrong")
    # The static fallback must not let a passwd-file user in with its password.
    assert _login_fails(server, "strict", "secret")
    assert _login_fails(server, server.new_user()[0], "wrong")
    assert not _login_fails(server, "strict", "right")


def test_user_added_after_a_failed_lookup_logs_in_at_once(server: DovecotServer) -> None:
    assert _login_fails(server, "late", "pw")
    server.add_user("late", "pw")
    assert not _login_fails(server, "late", "pw")
    for number in range(3):
        server.add_user(f"batch{number}", f"pw{number}")
        assert not _login_fails(server, f"batch{number}", f"pw{number}")


def test_add_user_rejects_bad_names_and_duplicates(server: DovecotServer) -> None:
    server.add_user("once", "pw")
    with pytest.raises(ValueError, match="already exists"):
        server.add_user("once", "pw")
    with pytest.raises(ValueError, match="username"):
        server.add_user("no:colon", "pw")


def test_starttls(server: DovecotServer) -> None:
    user, password = server.new_user()
    with imaplib.IMAP4(server.host, server.port) as client:
        client.starttls(ssl_context=server.client_ssl_context())
        client.login(user, password)
        assert client.select("INBOX")[0] == "OK"


def test_implicit_tls(server: DovecotServer) -> None:
    assert server.tls_port is not None
    user, password = server.new_user()
    context = server.client_ssl_context()
    with imaplib.IMAP4_SSL(server.host, server.tls_port, ssl_context=context) as client:
        client.login(user, password)
        assert client.select("INBOX")[0] == "OK"


def test_kill_drops_open_connections_at_once() -> None:
    with DovecotServer() as crashing:
        user, password = crashing.new_user()
        logged_in = socket.create_connection((crashing.host, crashing.port), timeout=5)
        waiting = socket.create_connection((crashing.host, crashing.port), timeout=5)
        with logged_in, waiting:
            _read_until(logged_in, b"\r\n")
            _read_until(waiting, b"\r\n")
            logged_in.sendall(f"a LOGIN {user} {password}\r\n".encode())
            _read_until(logged_in, b"a OK")
            started = time.monotonic()
            crashing.kill()
            for sock in (logged_in, waiting):
                sock.settimeout(1.0)
                _assert_closed(sock)
            assert time.monotonic() - started < 1.0
        assert Path(crashing.log_path).exists(), "kill() must keep the temp dir"
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((crashing.host, crashing.port), timeout=1).close()
    assert not Path(crashing.log_path).exists()
    crashing.stop()  # idempotent


def test_stop_says_bye_to_open_sessions() -> None:
    with DovecotServer(tls=False) as stopping:
        user, password = stopping.new_user()
        with socket.create_connection((stopping.host, stopping.port), timeout=5) as sock:
            _read_until(sock, b"\r\n")
            sock.sendall(f"a LOGIN {user} {password}\r\n".encode())
            _read_until(sock, b"a OK")
            stopping.stop()
            assert _read_until(sock, b"\r\n").startswith(b"* BYE")
    assert not Path(stopping.log_path).exists()


def test_two_servers_side_by_side(server: DovecotServer) -> None:
    with DovecotServer(tls=False, capabilities="IMAP4rev1 IDLE") as plain:
        assert plain.port != server.port
        assert plain.tls_port is None
        with pytest.raises(RuntimeError):
            plain.client_ssl_context()
        user, password = plain.new_user()
        with imaplib.IMAP4(plain.host, plain.port) as client:
            assert "STARTTLS" not in client.capabilities
            client.login(user, password)
            _, data = client.capability()
            assert data[-1] == b"IMAP4rev1 IDLE"
        user, password = server.new_user()
        with imaplib.IMAP4(server.host, server.port) as client:
            client.login(user, password)
            _, data = client.capability()
            assert b"MOVE" in data[-1]


def test_cli_runs_command_against_seeded_server() -> None:
    probe = (
        "import imaplib, os, ssl\n"
        "e = os.environ\n"
        "assert e['IMAP_SECURITY'] == 'plain'\n"
        "with imaplib.IMAP4(e['IMAP_HOST'], int(e['IMAP_PORT'])) as c:\n"
        "    c.login(e['IMAP_USER'], e['IMAP_PASSWORD'])\n"
        "    assert c.select('INBOX') == ('OK', [b'5'])\n"
        "ctx = ssl.create_default_context(cafile=e['IMAP_CA_FILE'])\n"
        "with imaplib.IMAP4_SSL(e['IMAP_HOST'], int(e['IMAP_TLS_PORT']), ssl_context=ctx):\n"
        "    pass\n"
        "raise SystemExit(7)\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            "serve",
            "--messages",
            "5",
            "--",
            sys.executable,
            "-c",
            probe,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 7, result.stderr
    assert "(user demo, 5 messages)" in result.stderr


def test_cli_without_command_prints_usage() -> None:
    result = subprocess.run(
        [sys.executable, str(HARNESS), "serve"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage:" in result.stderr


# -- the Cyrus and imap4d harnesses ---------------------------------------------------


@pytest.fixture(scope="module", params=["cyrus", "imap4d"])
def other(request: pytest.FixtureRequest) -> Iterator[CyrusServer | Imap4dServer]:
    """The other two harnesses, each a private instance of this module's own."""
    if request.param == "cyrus":
        ensure_cyrus()
        with CyrusServer() as cyrus:
            yield cyrus
    else:
        ensure_imap4d()
        with Imap4dServer() as imap4d:
            yield imap4d


def test_other_greets_and_offers_starttls(other: CyrusServer | Imap4dServer) -> None:
    with imaplib.IMAP4(other.host, other.port) as client:
        assert "STARTTLS" in client.capabilities
        client.starttls(ssl_context=other.client_ssl_context())
    assert other.tls_port is not None
    with imaplib.IMAP4_SSL(
        other.host, other.tls_port, ssl_context=other.client_ssl_context()
    ) as client:
        assert client.noop()[0] == "OK"


def test_other_new_users_are_empty_and_seeded_in_order(other: CyrusServer | Imap4dServer) -> None:
    user, password = other.new_user()
    assert other.new_user()[0] != user
    other.seed(user, [_message("one"), _message("two")])
    other.seed(user, [_message("three")], mailbox=f"Sub{other.delimiter}Folder", seen=True)
    with imaplib.IMAP4(other.host, other.port) as client:
        client.login(user, password)
        assert client.select("INBOX") == ("OK", [b"2"])
        status, data = client.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        assert status == "OK"
        subjects = [item[1].split(b":", 1)[1].strip() for item in data if isinstance(item, tuple)]
        assert subjects == [b"one", b"two"]
        assert client.select(f"Sub{other.delimiter}Folder") == ("OK", [b"1"])
        assert client.search(None, "SEEN") == ("OK", [b"1"])


def test_other_checks_passwords(other: CyrusServer | Imap4dServer) -> None:
    user, password = other.new_user(WEIRD_PASSWORD)
    assert password == WEIRD_PASSWORD
    with imaplib.IMAP4(other.host, other.port) as client, pytest.raises(imaplib.IMAP4.error):
        client.login(user, "wrong")
    with imaplib.IMAP4(other.host, other.port) as client:
        client._encoding = "utf-8"  # type: ignore[attr-defined]
        client.login(user, password)


def test_other_stop_frees_the_port_and_the_directory() -> None:
    ensure_imap4d()
    server = Imap4dServer(tls=False)
    server.start()
    directory = server._dir
    assert directory is not None and directory.exists()
    server.stop()
    server.stop()  # twice is fine
    assert not directory.exists()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((server.host, server.port), timeout=1).close()
