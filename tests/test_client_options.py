"""Caller mistakes are refused before any I/O, with the built-in exception types."""

from __future__ import annotations

import ssl
from typing import Any

import pytest

from imapclient_async import Client, ClientState, Limits, StateError


@pytest.mark.parametrize(
    ("arguments", "options", "error", "message"),
    [
        (("",), {}, ValueError, "host"),
        ((None,), {}, ValueError, "host"),
        (("h", "993"), {}, TypeError, "port must be an int"),
        (("h", True), {}, TypeError, "port must be an int"),
        (("h", 0), {}, ValueError, "between 1 and 65535"),
        (("h", 65536), {}, ValueError, "between 1 and 65535"),
        (("h",), {"security": "ssl"}, ValueError, "security must be"),
        (("h",), {"ssl_context": "yes"}, TypeError, "ssl.SSLContext"),
        (
            ("h",),
            {"security": "plain", "ssl_context": ssl.create_default_context()},
            ValueError,
            "never uses TLS",
        ),
        (("h",), {"timeout": 0}, ValueError, "timeout"),
        (("h",), {"timeout": "30"}, ValueError, "timeout"),
        (("h",), {"timeout": True}, ValueError, "timeout"),
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
    ],
)
async def test_bad_arguments_raise_before_io(
    call: Any, error: type[Exception], message: str
) -> None:
    imap = Client("imap.invalid")
    with pytest.raises(error, match=message):
        await call(imap)
