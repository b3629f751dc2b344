"""IDLE against a real Dovecot, and the server behaviour only a scripted server shows.

Another client's changes are made straight in the user's Maildir, which
Dovecot watches (inotify) and reports to an idling client in about half a
second.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dovecot import DovecotServer
from fakeserver import Peer, ScriptedServer
from helpers import inbox, message, messages
from imapclient_async import (
    Client,
    CommandError,
    ConnectionLostError,
    IMAPTimeoutError,
    ProtocolError,
    StateError,
)
from imapclient_async.events import Bye, Event, Exists, Expunge, FlagsChanged, Vanished
from imapclient_async.idle import IdleSession
from imapclient_async.messageset import MessageSet
from imapserver import IMAPServer

DEADLINE = 5.0
"""Seconds an expected event may take; Dovecot reports changes in about 0.5 s."""
REPORTS_WITHIN = {"dovecot": 1.0, "cyrus": 2.0}
"""Seconds within which a server reports another client's APPEND to an idling client.

Dovecot is told by inotify (about 0.5 s); this Cyrus build polls (``idle = poll``
in its ID answer; ``imapidlepoll: 1``), so it reports within about a second.
imap4d sends nothing at all while idling: changes arrive with the next command.
"""


async def catch_up(server: IMAPServer, imap: Client) -> None:
    """Let ``imap`` learn of what happened: a NOOP; imap4d needs the mailbox selected again.

    imap4d does not tell a session of mail delivered while it has the mailbox
    selected, not even on NOOP: only a new SELECT shows it.
    """
    before = imap.selected.exists if imap.selected is not None else None
    await imap.noop()
    if server.name == "imap4d":
        assert imap.selected is not None and imap.selected.exists == before
        await imap.select("INBOX")


QUIET = 1.0
"""Seconds imap4d is watched to send nothing during IDLE: twice what Dovecot needs."""


async def next_event(events: IdleSession) -> Event:
    return await asyncio.wait_for(events.__anext__(), DEADLINE)


async def arrives(server: IMAPServer, events: IdleSession, expected: Event) -> None:
    """``expected`` is reported during IDLE; on imap4d, nothing is (its documented quirk)."""
    if server.name == "imap4d":
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(events.__anext__(), QUIET)
    else:
        assert await next_event(events) == expected


def message_files(server: DovecotServer, user: str) -> list[Path]:
    """The INBOX's message files, oldest (lowest sequence number) first."""
    return sorted((server.maildir(user) / "cur").iterdir())


# -- Dovecot ----------------------------------------------------------------------------


async def test_another_clients_append_arrives_within_a_second(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    async with inbox(server, user) as imap, inbox(server, user) as other:
        async with imap.idle() as events:
            await other.append("INBOX", message("Fresh"))
            appended = time.monotonic()
            await arrives(server, events, Exists(1))
            waited = time.monotonic() - appended
        if server.name == "imap4d":
            await catch_up(server, imap)
            assert imap.selected is not None and imap.selected.exists == 1
            return
        assert imap.selected is not None and imap.selected.exists == 1
        limit = REPORTS_WITHIN[server.name]
        assert waited < limit, f"IDLE took {waited:.2f} s to report the new message"


async def test_delivery_into_the_maildir_arrives(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    async with inbox(dovecot, dovecot_user) as imap, imap.idle() as events:
        dovecot.seed(dovecot_user[0], [message("Delivered")])
        assert await next_event(events) == Exists(1)


async def test_expunge_and_flag_changes(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    name = dovecot_user[0]
    dovecot.seed(name, messages(3))
    async with inbox(dovecot, dovecot_user) as imap, imap.idle() as events:
        first, second, _ = message_files(dovecot, name)
        second.rename(second.with_name(second.name + "S"))  # ":2," -> ":2,S": now \Seen
        event = await next_event(events)
        assert isinstance(event, FlagsChanged)
        assert (event.seq, "\\Seen" in event.flags) == (2, True)
        first.unlink()
        assert await next_event(events) == Expunge(1)
        assert imap.selected is not None and imap.selected.exists == 2


async def test_leaving_the_block_frees_the_connection(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    async with inbox(server, user) as imap:
        async with imap.idle() as events:
            with pytest.raises(StateError, match=re.escape("inside 'async with imap.idle()'")):
                await imap.noop()
            # Another task's command waits for the block to end, then runs.
            other = asyncio.ensure_future(imap.capability())
            server.seed(user[0], [message("One")])
            await arrives(server, events, Exists(1))
            assert not other.done()
        assert "IDLE" in await asyncio.wait_for(other, DEADLINE)
        server.seed(user[0], [message("Two")])
        # The next IDLE works too, and reports what happened in between.
        async with imap.idle() as events:
            server.seed(user[0], [message("Three")])
            if server.name == "imap4d":
                await arrives(server, events, Exists(3))
            else:
                while (await next_event(events)) != Exists(3):
                    pass
        await catch_up(server, imap)
        assert imap.selected is not None and imap.selected.exists == 3


async def test_exception_in_the_block_leaves_the_connection_usable(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    async with inbox(server, user) as imap:
        with pytest.raises(KeyError):
            async with imap.idle():
                raise KeyError("the caller's own error")
        server.seed(user[0], [message("After")])
        await catch_up(server, imap)
        assert imap.selected is not None and imap.selected.exists == 1


async def test_cancelled_block_still_ends_the_idle(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    async with inbox(server, user) as imap:
        idling = asyncio.Event()

        async def watch() -> None:
            async with imap.idle() as events:
                idling.set()
                async for _ in events:
                    pass

        task = asyncio.ensure_future(watch())
        await idling.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await imap.noop()  # waits for the DONE's OK, then runs
        assert not imap.closed


async def test_timeout_ends_the_idle_and_keeps_every_event(
    dovecot: DovecotServer, dovecot_user: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    timeout = 1.0
    async with inbox(dovecot, dovecot_user) as imap, inbox(dovecot, dovecot_user) as other:
        caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
        entered = time.monotonic()
        async with imap.idle(timeout=timeout) as events:
            await other.append("INBOX", message("Fresh"))
            # Reported while idling or, at the latest, before the OK after DONE.
            received = [event async for event in events]
            waited = time.monotonic() - entered
        assert Exists(1) in received
        assert timeout <= waited < timeout + DEADLINE
        sent = [r.getMessage() for r in caplog.records if r.getMessage().startswith("C: ")]
        assert sent[-1] == "C: DONE"
        assert imap.selected is not None and imap.selected.exists == 1
        assert (await imap.fetch_all("1:*", ["FLAGS"]))[0].uid == 1  # still selected
        async with imap.idle(timeout=0.2) as events:
            assert [event async for event in events] == []


async def test_idle_needs_a_selected_mailbox(server: IMAPServer, user: tuple[str, str]) -> None:
    async with Client(server.host, server.port, security="plain") as imap:
        await imap.login(*user)
        with pytest.raises(StateError, match="no mailbox selected"):
            async with imap.idle():
                pass
        await imap.noop()


async def test_noop_polling_without_idle(dovecot_user: tuple[str, str]) -> None:
    with DovecotServer(capabilities="IMAP4rev1 LITERAL+ SASL-IR") as server:
        async with inbox(server, dovecot_user) as imap:
            assert "IDLE" not in imap.capabilities
            async with imap.idle(poll_interval=0.1) as events:
                server.seed(dovecot_user[0], [message("Polled")])
                assert await next_event(events) == Exists(1)
                with pytest.raises(StateError, match=re.escape("imap.idle()")):
                    await imap.noop()
            assert imap.selected is not None and imap.selected.exists == 1
            await imap.noop()
            async with imap.idle(poll_interval=0.1, timeout=0.3) as events:
                assert [event async for event in events] == []
            await imap.noop()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"renew_after": 0}, "renew_after must be a positive"),
        ({"poll_interval": -1.0}, "poll_interval must be a positive"),
        ({"renew_after": True}, "renew_after must be a number"),
        ({"poll_interval": "60"}, "poll_interval must be a number"),
        ({"timeout": 0}, "timeout must be a positive"),
        ({"timeout": "3"}, "timeout must be a number"),
    ],
)
def test_bad_intervals_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        Client("imap.example.org").idle(**options)  # type: ignore[arg-type]


# -- scripted server: what Dovecot does not show on demand ---------------------------------

GREETING = b"* OK [CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN] ready\r\n"


async def reply(peer: Peer, name: str, response: bytes = b"OK done") -> str:
    tag, _ = await peer.command(name)
    await peer.send(tag.encode() + b" " + response + b"\r\n")
    return tag


async def selected(peer: Peer) -> None:
    """Greet, accept LOGIN and SELECT."""
    await peer.send(GREETING)
    await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1 IDLE] in")
    tag, _ = await peer.command("SELECT")
    await peer.send(b"* 3 EXISTS\r\n* 0 RECENT\r\n" + tag.encode() + b" OK [READ-WRITE] done\r\n")


async def idling(peer: Peer) -> str:
    """Accept an IDLE; return its tag."""
    tag, _ = await peer.command("IDLE")
    await peer.send(b"+ idling\r\n")
    return tag


async def done(peer: Peer, tag: str) -> None:
    await peer.expect("DONE")
    await peer.send(tag.encode() + b" OK Idle completed.\r\n")


async def goodbye(peer: Peer) -> None:
    tag, _ = await peer.command("LOGOUT")
    await peer.send(b"* BYE bye\r\n" + tag.encode() + b" OK done\r\n")
    await peer.read_until_eof()


async def login_and_select(server: ScriptedServer, **options: object) -> Client:
    imap = Client(server.host, server.port, security="plain", **options)  # type: ignore[arg-type]
    await imap.connect()
    await imap.login("bob", "pw")
    await imap.select()
    return imap


async def test_idle_is_renewed() -> None:
    renew_after, timeout = 0.05, 10.0

    async def script(peer: Peer) -> None:
        await selected(peer)
        await done(peer, await idling(peer))
        tag = await idling(peer)
        await peer.send(b"* 4 EXISTS\r\n")  # tells the test the renewal happened
        await done(peer, tag)
        await goodbye(peer)

    async with ScriptedServer(script) as server:
        imap = await login_and_select(server, timeout=timeout)
        async with imap.idle(renew_after=renew_after) as events:
            assert await next_event(events) == Exists(4)
        await imap.logout()


async def test_idling_is_not_bound_by_the_command_timeout() -> None:
    async def script(peer: Peer) -> None:
        await selected(peer)
        await done(peer, await idling(peer))
        await reply(peer, "NOOP")
        await goodbye(peer)

    async with ScriptedServer(script) as server:
        imap = await login_and_select(server, timeout=0.1)
        async with imap.idle():
            # Idling five times the command timeout is the point of the test.
            await asyncio.sleep(0.5)
        assert not imap.closed
        await imap.noop()
        await imap.logout()


async def test_bye_during_idle() -> None:
    async def script(peer: Peer) -> None:
        await selected(peer)
        await idling(peer)
        await peer.send(b"* 4 EXISTS\r\n* BYE Server shutting down.\r\n")

    async with ScriptedServer(script) as server:
        imap = await login_and_select(server)
        async with imap.idle() as events:
            assert await next_event(events) == Exists(4)
            assert await next_event(events) == Bye("Server shutting down.")
            with pytest.raises(ConnectionLostError, match="Server shutting down"):
                await next_event(events)
            with pytest.raises(StopAsyncIteration):
                await next_event(events)
        assert imap.closed
        await imap.close()


@pytest.mark.parametrize(
    ("answer", "error"),
    [(b"NO [LIMIT] Too many idlers", CommandError), (b"BAD Unknown command", ProtocolError)],
)
async def test_idle_refused(answer: bytes, error: type[Exception]) -> None:
    async def script(peer: Peer) -> None:
        await selected(peer)
        await reply(peer, "IDLE", answer)
        await reply(peer, "NOOP")
        await goodbye(peer)

    async with ScriptedServer(script) as server:
        imap = await login_and_select(server)
        with pytest.raises(error, match=answer.split(b" ", 1)[1].decode()[-10:]):
            async with imap.idle():
                pytest.fail("the block must not run")
        await imap.noop()
        await imap.logout()


async def test_connection_drop_during_idle() -> None:
    dropped = asyncio.Event()

    async def script(peer: Peer) -> None:
        await selected(peer)
        await idling(peer)
        await dropped.wait()
        peer.abort()

    async with ScriptedServer(script) as server:
        imap = await login_and_select(server)
        async with imap.idle() as events:
            dropped.set()
            with pytest.raises(ConnectionLostError):
                await next_event(events)
        with pytest.raises(ConnectionLostError):
            await imap.noop()


@pytest.mark.parametrize(
    ("answer_done", "error"),
    [(Peer.abort, ConnectionLostError), (Peer.read_until_eof, IMAPTimeoutError)],
)
async def test_leaving_without_the_servers_ok_does_not_hang(
    answer_done: Callable[[Peer], object], error: type[Exception]
) -> None:
    async def script(peer: Peer) -> None:
        await selected(peer)
        await idling(peer)
        await peer.expect("DONE")
        if inspect.isawaitable(outcome := answer_done(peer)):
            await outcome

    async with ScriptedServer(script) as server:
        imap = await login_and_select(server, timeout=0.5)
        with pytest.raises(error):
            async with imap.idle():
                pass
        assert imap.closed


async def test_vanished_and_selected_state_during_idle() -> None:
    async def script(peer: Peer) -> None:
        await selected(peer)
        tag = await idling(peer)
        await peer.send(b"* VANISHED 41,43:45\r\n* 5 EXISTS\r\n* 1 EXPUNGE\r\n")
        await done(peer, tag)
        await goodbye(peer)

    async with ScriptedServer(script) as server:
        imap = await login_and_select(server)
        async with imap.idle() as events:
            assert await next_event(events) == Vanished(MessageSet("41,43:45"))
            assert await next_event(events) == Exists(5)
            assert await next_event(events) == Expunge(1)
            assert imap.selected is not None and imap.selected.exists == 4
        await imap.logout()
