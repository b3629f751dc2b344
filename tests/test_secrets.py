"""A credential that cannot be encoded never shows up in an exception, a log line, or the wire.

A str can hold an unpaired surrogate (from a file name, ``surrogateescape``),
which UTF-8 cannot encode. Python's UnicodeEncodeError would carry the whole
string in ``args`` and ``.object``: exactly what error reporters capture.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import pytest

import figures
from fakeserver import Peer, ScriptedServer
from imapclient_async import Client

GREETING = b"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER] hi\r\n"
SECRET = "hunter2-\udcff-topsecret"
VISIBLE = ("hunter2", "topsecret")
"""Parts of the secret that must appear nowhere."""

Call = Callable[[Client], Awaitable[object]]
CALLS: dict[str, Call] = {
    "login password": lambda imap: imap.login("bob", SECRET),
    "login user": lambda imap: imap.login(SECRET, "pw"),
    "PLAIN password": lambda imap: imap.authenticate_plain("bob", SECRET),
    "PLAIN user": lambda imap: imap.authenticate_plain(SECRET, "pw"),
    "XOAUTH2 token": lambda imap: imap.authenticate_xoauth2("bob", SECRET),
    "XOAUTH2 user": lambda imap: imap.authenticate_xoauth2(SECRET, "token"),
    "OAUTHBEARER token": lambda imap: imap.authenticate_oauthbearer("bob", SECRET),
    "OAUTHBEARER user": lambda imap: imap.authenticate_oauthbearer(SECRET, "token"),
}


def _texts(error: BaseException | None) -> list[str]:
    """Every text an error reporter could capture from ``error`` and its chain."""
    texts: list[str] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        texts += [str(error), repr(error), *(repr(argument) for argument in error.args)]
        texts += (
            [repr(value) for value in vars(error).values()] if hasattr(error, "__dict__") else []
        )
        error = error.__cause__ or error.__context__
    return texts


@pytest.mark.parametrize("name", CALLS)
async def test_an_unencodable_credential_is_refused_without_showing_it(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        # Nothing of the refused login reaches the server: LOGOUT comes next.
        tag, _ = await peer.command("LOGOUT")
        await peer.send(b"* BYE bye\r\n" + tag.encode() + b" OK done\r\n")

    caplog.set_level(logging.DEBUG)
    async with (
        ScriptedServer(script) as server,
        Client(server.host, server.port, security="plain", timeout=10) as imap,
    ):
        with pytest.raises(ValueError, match="unpaired surrogate") as caught:
            await CALLS[name](imap)
        assert caught.value.__cause__ is None and caught.value.__context__ is None
        captured = _texts(caught.value) + [record.getMessage() for record in caplog.records]
        for text in captured:
            assert not any(part in text for part in VISIBLE), text
    figures.record("secret_paths_checked", 1)
