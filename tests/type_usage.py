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
    AppendResult,
    Client,
    ClientState,
    CommandError,
    CopyResult,
    ExpungeResult,
    FetchedMessage,
    FetchStream,
    Greeting,
    IMAPError,
    Limits,
    LoginResult,
    LogoutResult,
    Mailbox,
    MailboxStatus,
    MessageSet,
    Query,
    SearchResult,
    SelectResult,
    StoreResult,
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
        exists: int | None = inbox.exists
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
    assert "IMAP4REV1" in capabilities & login.capabilities
    assert uid_next is not None and permanent is not None and text
    assert isinstance(imapclient_async.__version__, str)
    return (exists or 0) + news


async def test_typed_session(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    assert await typed_session(dovecot.host, dovecot.port, *user) == 0


async def typed_messages(host: str, port: int, user: str, password: str) -> list[str]:
    """Every command family once, with the result types spelled out."""
    async with Client(host, port, security="plain") as imap:
        await imap.login(user, password)
        mailboxes: list[Mailbox] = await imap.list()
        names: list[str] = [mailbox.name for mailbox in mailboxes]
        status: MailboxStatus = await imap.status("INBOX")
        messages_count: int | None = status.messages
        appended: AppendResult = await imap.append(
            "INBOX", b"Subject: typed\r\n\r\nbody\r\n", flags=["\\Flagged"]
        )
        await imap.create("Typed")
        await imap.select("INBOX")
        found: SearchResult = await imap.search(Query.subject("typed") & ~Query.deleted())
        ids: MessageSet = found.ids
        stored: StoreResult = await imap.add_flags(ids, ["\\Seen"])
        fetched: list[FetchedMessage] = await imap.fetch_all(ids, ["FLAGS", "ENVELOPE"])
        subjects = [m.envelope.subject for m in fetched if m.envelope and m.envelope.subject]
        stream: FetchStream = imap.fetch("1:*", ["UID"])
        async with stream:
            uids: list[int | None] = [message.uid async for message in stream]
        copied: CopyResult = await imap.copy(ids, "Typed")
        moved: CopyResult = await imap.move(ids, "Typed")
        expunged: ExpungeResult = await imap.expunge()
        assert stored.flags is not None and copied.destination_uids is not None
        assert appended.uid is not None and moved.uid_validity is not None
        assert uids and messages_count is not None and expunged.sequence_numbers == ()
        await imap.logout()
    return names + subjects


async def test_typed_messages(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    assert await typed_messages(dovecot.host, dovecot.port, *user) == ["INBOX", "typed"]
