"""Type-checked use of the public API (mypy --strict runs on this file).

It guards public signatures: a change that breaks a typed caller fails the
type check even when no test notices. It is also run as a test, against
Dovecot, so it stays true.
"""

from __future__ import annotations

import ssl

import imapclient_async
from dovecot import DovecotServer
from imapclient_async import (
    Client,
    ClientState,
    CommandError,
    Greeting,
    IMAPError,
    Limits,
    LoginResult,
    LogoutResult,
    SelectResult,
)
from imapclient_async.events import Event, Exists


async def typed_session(host: str, port: int, user: str, password: str) -> int:
    received: list[Event] = []
    context: ssl.SSLContext | None = None
    async with Client(
        host, port, security="plain", ssl_context=context, timeout=10, limits=Limits()
    ) as imap:
        remove = imap.add_event_handler(received.append)
        greeting: Greeting = (
            await imap.connect() if imap.closed else Greeting("OK", "", frozenset())
        )
        capabilities: frozenset[str] = imap.capabilities | greeting.capabilities
        login: LoginResult = await imap.login(user, password)
        inbox: SelectResult = await imap.select("INBOX", readonly=False)
        exists: int = inbox.exists
        uid_next: int | None = inbox.uid_next
        permanent: frozenset[str] | None = inbox.permanent_flags
        state: ClientState = imap.state
        selected: SelectResult | None = imap.selected
        try:
            await imap.examine("Missing")
        except CommandError as error:
            code: str | None = error.code
            assert code is None or code.isupper()
        except IMAPError:
            raise
        await imap.noop()
        remove()
        logout: LogoutResult = await imap.logout()
        text: str = logout.text
        news = sum(event.count for event in received if isinstance(event, Exists))
    assert state is ClientState.SELECTED and selected is not None
    assert capabilities >= login.capabilities - capabilities
    assert uid_next is not None and permanent is not None and text
    assert isinstance(imapclient_async.__version__, str)
    return exists + news


async def test_typed_session(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    assert await typed_session(dovecot.host, dovecot.port, *user) == 0
