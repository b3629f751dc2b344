"""Many tasks, many clients, crashes, kicks, certificates and live updates, on real Dovecot."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from dovecot import DovecotServer
from helpers import message, messages
from imapclient_async import (
    Client,
    ClientState,
    ConnectionLostError,
    SecurityError,
)
from imapclient_async.events import Bye, Event, Exists, Expunge, FlagsChanged
from imapserver import IMAPServer


def plain_client(dovecot: DovecotServer) -> Client:
    return Client(dovecot.host, dovecot.port, security="plain")


async def test_fifty_tasks_share_one_client(server: IMAPServer, user: tuple[str, str]) -> None:
    for count in range(1, 6):
        server.seed(user[0], messages(count), mailbox=f"Box{count}")
    async with plain_client(server) as imap:
        await imap.login(*user)

        async def examine(count: int) -> None:
            result = await imap.examine(f"Box{count}")
            assert (result.mailbox, result.exists) == (f"Box{count}", count)

        async def capability() -> None:
            assert "IMAP4REV1" in await imap.capability()

        work = [examine(number % 5 + 1) for number in range(25)]
        work += [capability() for _ in range(15)]
        work += [imap.noop() for _ in range(10)]
        await asyncio.gather(*work)
        assert imap.state is ClientState.SELECTED


async def test_fifty_clients_at_once(server: IMAPServer) -> None:
    # Accounts are made and seeded before any client connects: seeding blocks
    # the loop, and Cyrus 3.6, given new accounts seeded while other connections
    # wait unauthenticated, stores the last seeded messages in every new INBOX.
    accounts = []
    for number in range(50):
        name, password = server.new_user()
        server.seed(name, messages(number % 4))
        accounts.append((name, password))

    async def session(name: str, password: str) -> int:
        async with plain_client(server) as imap:
            await imap.login(name, password)
            return (await imap.select()).exists

    counts = await asyncio.gather(*(session(*account) for account in accounts))
    assert counts == [number % 4 for number in range(50)]


async def test_server_crash_fails_every_waiting_task_promptly(
    private_dovecot: DovecotServer,
) -> None:
    user = private_dovecot.new_user()
    imap = plain_client(private_dovecot)
    await imap.connect()
    await imap.login(*user)
    await imap.select()
    private_dovecot.pause()  # commands are sent but never answered
    waiting = [asyncio.create_task(imap.noop()) for _ in range(20)]
    waiting += [asyncio.create_task(imap.select("INBOX")) for _ in range(3)]
    for _ in range(5):  # let every task reach the point where it waits
        await asyncio.sleep(0)
    assert not any(task.done() for task in waiting)
    private_dovecot.kill()
    crashed_at = time.monotonic()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert time.monotonic() - crashed_at < 1.0
    assert all(isinstance(result, ConnectionLostError) for result in results), results
    assert imap.closed
    assert imap.state is ClientState.LOGOUT
    with pytest.raises(ConnectionLostError):
        await imap.noop()
    await imap.close()


async def test_admin_kick_is_a_bye(dovecot: DovecotServer, dovecot_user: tuple[str, str]) -> None:
    events: list[Event] = []
    bye = asyncio.Event()

    def on_event(event: Event) -> None:
        events.append(event)
        if isinstance(event, Bye):
            bye.set()

    async with plain_client(dovecot) as imap:
        imap.add_event_handler(on_event)
        await imap.login(*dovecot_user)
        await imap.select()
        await asyncio.get_running_loop().run_in_executor(None, dovecot.kick, dovecot_user[0])
        await bye.wait()
        with pytest.raises(ConnectionLostError, match="shutting down"):
            await imap.noop()
    assert events == [Bye("Server shutting down.")]


async def test_untrusted_certificate_is_refused(server: IMAPServer, user: tuple[str, str]) -> None:
    # The default context trusts the system CAs, not the test CA.
    for security, port in (("tls", server.tls_port), ("starttls", server.port)):
        imap = Client(server.host, port, security=security)  # type: ignore[arg-type]
        with pytest.raises(SecurityError, match="CERTIFICATE_VERIFY_FAILED"):
            await imap.connect()
        assert imap.closed
        await imap.close()


async def test_host_name_is_checked(server: IMAPServer) -> None:
    # The certificate names 127.0.0.1 and localhost; connecting via localhost works.
    imap = Client("localhost", server.tls_port, ssl_context=server.client_ssl_context())
    async with imap:
        assert not imap.closed


async def test_starttls_required_but_server_has_no_tls() -> None:
    with DovecotServer(tls=False) as server:
        imap = Client(server.host, server.port, security="starttls")
        with pytest.raises(SecurityError, match="does not offer STARTTLS"):
            await imap.connect()
        assert imap.closed


async def test_updates_keep_selected_current_and_reach_handlers(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    dovecot.seed(dovecot_user[0], messages(2))
    events: list[Event] = []
    async with plain_client(dovecot) as imap:
        await imap.login(*dovecot_user)
        await imap.select()
        imap.add_event_handler(events.append)

        dovecot.seed(dovecot_user[0], [message("Arrived later")])
        await imap.noop()
        assert imap.selected is not None
        assert imap.selected.exists == 3
        assert Exists(3) in events

        cur = dovecot.maildir(dovecot_user[0]) / "cur"

        def first_message() -> str:
            for path in cur.iterdir():
                if b"Subject: Message 1\r\n" in path.read_bytes():
                    return str(path)
            raise AssertionError("message 1 is gone")

        # Maildir keeps flags in the file name: this is another client's STORE.
        os.rename(first_message(), first_message().split(":2,")[0] + ":2,FS")
        await imap.noop()
        changed = [event for event in events if isinstance(event, FlagsChanged)]
        assert changed
        assert changed[-1].seq == 1
        assert changed[-1].flags - {"\\Recent"} == {"\\Seen", "\\Flagged"}

        os.unlink(first_message())
        await imap.noop()
        assert Expunge(1) in events
        assert imap.selected.exists == 2
