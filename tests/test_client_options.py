"""Caller mistakes are refused before any I/O, with the built-in exception types."""

from __future__ import annotations

import io
import socket
import ssl
from typing import Any

import pytest

from imapclient_async import Client, ClientState, Limits, StateError


@pytest.mark.parametrize(
    ("arguments", "options", "error", "message"),
    [
        (("",), {}, ValueError, "host"),
        ((None,), {}, TypeError, "host must be a str, not NoneType"),
        ((127,), {}, TypeError, "host must be a str, not int"),
        (("h", "993"), {}, TypeError, "port must be an int"),
        (("h", True), {}, TypeError, "port must be an int"),
        (("h", 0), {}, ValueError, "between 1 and 65535"),
        (("h", 65536), {}, ValueError, "between 1 and 65535"),
        (("h",), {"security": "ssl"}, ValueError, "security must be"),
        (("h",), {"security": 5}, TypeError, "security must be a str"),
        (("h",), {"ssl_context": "yes"}, TypeError, "ssl.SSLContext"),
        (
            ("h",),
            {"security": "plain", "ssl_context": ssl.create_default_context()},
            ValueError,
            "never uses TLS",
        ),
        (("h",), {"timeout": 0}, ValueError, "timeout"),
        (("h",), {"timeout": "30"}, TypeError, "timeout must be a number, not str"),
        (("h",), {"timeout": True}, TypeError, "timeout must be a number, not bool"),
        (("h",), {"limits": {"max_line_length": 5}}, TypeError, "Limits"),
    ],
)
def test_bad_options(
    arguments: tuple[Any, ...], options: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Client(*arguments, **options)


@pytest.mark.parametrize(("security", "port"), [("tls", 993), ("starttls", 143), ("plain", 143)])
def test_default_ports_and_no_io(security: Any, port: int) -> None:
    imap = Client("imap.invalid", security=security, timeout=None, limits=Limits())
    assert repr(imap) == f"<Client imap.invalid:{port} security={security} state=NOT_AUTHENTICATED>"
    assert imap.closed
    assert imap.state is ClientState.NOT_AUTHENTICATED
    assert imap.selected is None


async def test_commands_before_connect_are_state_errors() -> None:
    imap = Client("imap.invalid")
    with pytest.raises(StateError, match="connect"):
        await imap.login("bob", "pw")
    await imap.close()  # harmless when never connected


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda imap: imap.login(b"bob", "pw"), TypeError, "user must be a str"),
        (lambda imap: imap.login("bob", None), TypeError, "password must be a str"),
        (lambda imap: imap.login("bob", "p\x00w"), ValueError, "NUL"),
        (lambda imap: imap.authenticate_plain("b\x00ob", "pw"), ValueError, "NUL"),
        (lambda imap: imap.select(""), ValueError, "empty"),
        (lambda imap: imap.select(b"INBOX"), TypeError, "mailbox must be a str"),
        (lambda imap: imap.create("a\x00b"), ValueError, "NUL"),
        # Wrong types are TypeErrors naming the parameter, never truthy guesses.
        (lambda imap: imap.fetch_all(1, ["FLAGS"], uid="yes"), TypeError, "uid must be True or"),
        (lambda imap: imap.add_flags(1, "\\Seen", silent=1), TypeError, "silent must be True"),
        (lambda imap: imap.store(1, "\\Seen", unchanged_since="5"), TypeError, "unchanged_since"),
        (lambda imap: imap.store(1, "\\Seen", mode=5), TypeError, "mode must be a str"),
        (lambda imap: imap.copy(1, "Archive", uid=None), TypeError, "uid must be True or"),
        (lambda imap: imap.move(1, "Archive", uid="no"), TypeError, "uid must be True or"),
        (lambda imap: imap.append("INBOX", b"x", dedup="yes"), TypeError, "dedup must be True"),
        (lambda imap: imap.search("ALL", uid="yes"), TypeError, "uid must be True or"),
        (lambda imap: imap.sort("DATE", "ALL", uid=0), TypeError, "uid must be True or"),
        (lambda imap: imap.thread("REFERENCES", "ALL", uid=1), TypeError, "uid must be True"),
        (lambda imap: imap.select("INBOX", readonly="yes"), TypeError, "readonly must be True"),
        (lambda imap: imap.select("INBOX", condstore=1), TypeError, "condstore must be True"),
        (lambda imap: imap.list(subscribed_only="no"), TypeError, "subscribed_only must"),
        (lambda imap: imap.download(1, "1", io.BytesIO(), binary=1), TypeError, "binary must"),
        (lambda imap: imap.download("1", "1", io.BytesIO()), TypeError, "message must be an int"),
    ],
)
async def test_bad_arguments_raise_before_io(
    call: Any, error: type[Exception], message: str
) -> None:
    imap = Client("imap.invalid")
    with pytest.raises(error, match=message):
        await call(imap)


def test_other_constructors_check_types_too() -> None:
    with socket.socket() as sock, pytest.raises(TypeError, match="server_hostname must be a str"):
        Client.from_socket(sock, server_hostname=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argv must hold str arguments, not bytes"):
        Client.from_command(["doveadm", b"exec"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="timeout must be a number"):
        Client.from_command(["doveadm"], timeout="3")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="poll_interval must be a number"):
        Client("h").idle(poll_interval=None)  # type: ignore[arg-type]
