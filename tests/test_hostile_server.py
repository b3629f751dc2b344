"""Behaviour no real server shows on demand: broken, hostile or vanishing servers.

Each test scripts the server side with :class:`fakeserver.ScriptedServer`.
Everything a real server can show is tested against Dovecot instead.
"""

from __future__ import annotations

import asyncio
import base64
import io
import logging

import pytest

from fakeserver import Peer, ScriptedServer
from imapclient_async import (
    AuthenticationError,
    BadCommandError,
    CapabilityError,
    Client,
    ConnectionLostError,
    IMAPTimeoutError,
    Limits,
    MalformedResponseError,
    ProtocolError,
    Query,
    SecurityError,
)
from imapclient_async.events import Alert, Bye, Event, Exists, FlagsChanged

GREETING = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"
STARTTLS_GREETING = b"* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready\r\n"


def client(server: ScriptedServer, **options: object) -> Client:
    options.setdefault("security", "plain")
    options.setdefault("timeout", 10.0)
    return Client(server.host, server.port, **options)  # type: ignore[arg-type]


async def reply(peer: Peer, name: str, response: bytes = b"OK done") -> str:
    tag, _ = await peer.command(name)
    await peer.send(tag.encode() + b" " + response + b"\r\n")
    return tag


async def goodbye(peer: Peer) -> None:
    """Answer the LOGOUT that leaving ``async with`` sends, as a server would."""
    tag, _ = await peer.command("LOGOUT")
    await peer.send(b"* BYE bye\r\n" + tag.encode() + b" OK done\r\n")
    assert await peer.read_until_eof() == b""


# -- malformed and over-limit data ----------------------------------------------------


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (b"* X (unclosed\r\n", "malformed"),
        (b"* 1 FETCH (BODY[] {100000}\r\n", "over the limit"),
        (b"ZZ9 OK who asked?\r\n", "not pending"),
        (b"+ go on\r\n", "continuation request nobody asked for"),
        (b"* abc FETCH (FLAGS ())\r\n", "expected a message number"),
        (b"* foo EXISTS\r\n", "expected a message number"),
    ],
)
async def test_bad_data_fails_the_command_and_closes(response: bytes, message: str) -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        await reply(peer, "SELECT", b"OK [READ-WRITE] done")
        await peer.command("NOOP")
        await peer.send(response)
        await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        imap = client(server, limits=Limits(max_literal_size=1000))
        await imap.connect()
        await imap.login("bob", "pw")
        await imap.select()
        with pytest.raises(MalformedResponseError, match=message) as caught:
            await imap.noop()
        assert caught.value.command is None
        assert imap.closed
        with pytest.raises(ConnectionLostError, match=message):
            await imap.noop()
        await imap.close()


async def test_unreadable_unsolicited_data_is_logged_and_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    unreadable = (
        b"* OK [UIDNEXT not-a-number] x\r\n"
        b"* VANISHED 1:*\r\n"
        b"* 2 FETCH (FLAGS (\\Seen) MODSEQ (x))\r\n"
        b"* 3 FETCH (FLAGS)\r\n"
    )

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        tag, _ = await peer.command("SELECT")
        await peer.send(b"* 3 EXISTS\r\n* OK [UIDNEXT 9] x\r\n" + tag.encode() + b" OK done\r\n")
        tag, _ = await peer.command("NOOP")
        await peer.send(unreadable + b"* 4 EXISTS\r\n" + tag.encode() + b" OK done\r\n")
        await reply(peer, "NOOP")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        await imap.login("bob", "pw")
        await imap.select()
        events: list[Event] = []
        imap.add_event_handler(events.append)
        await imap.noop()
        # Each unreadable part cost only itself: the readable rest still counts.
        assert imap.selected is not None and imap.selected.uid_next == 9
        assert imap.selected.exists == 4
        assert events == [FlagsChanged(2, frozenset({"\\Seen"}), None, None), Exists(4)]
        await imap.noop()
        warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
        assert any("not-a-number" in text for text in warnings)
        assert any("VANISHED" in text for text in warnings)
        assert any("MODSEQ" in text for text in warnings)


async def test_bad_reply_is_a_protocol_error_and_the_connection_stays() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "NOOP", b"BAD [CLIENTBUG] say what")
        await reply(peer, "NOOP")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        with pytest.raises(BadCommandError) as caught:
            await imap.noop()
        assert (caught.value.command, caught.value.code, caught.value.text) == (
            "NOOP",
            "CLIENTBUG",
            "say what",
        )
        await imap.noop()


async def test_greeting_bye() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(b"* BYE Too many connections\r\n")

    async with ScriptedServer(script) as server:
        imap = client(server)
        with pytest.raises(ConnectionLostError, match="Too many connections"):
            await imap.connect()
        assert imap.closed


async def test_no_greeting_at_all() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(b"A1 OK I am not a greeting\r\n")
        await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        with pytest.raises(ProtocolError, match="greeting"):
            await client(server).connect()


async def test_silent_greeting_times_out() -> None:
    async def script(peer: Peer) -> None:
        await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        imap = client(server, timeout=0.2)
        with pytest.raises(IMAPTimeoutError, match="greeting"):
            await imap.connect()
        assert imap.closed


async def test_tls_handshake_that_never_completes_times_out() -> None:
    async def script(peer: Peer) -> None:
        await peer.read_until_eof()  # takes the ClientHello, never answers

    async with ScriptedServer(script) as server:
        imap = Client(server.host, server.port, security="tls", timeout=0.3)
        with pytest.raises(TimeoutError) as caught:
            await imap.connect()
        assert isinstance(caught.value, IMAPTimeoutError)
        assert "TLS handshake" in str(caught.value) and caught.value.__cause__ is not None
        assert imap.closed


async def test_starttls_handshake_that_never_completes_times_out() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(STARTTLS_GREETING)
        tag, _ = await peer.command("STARTTLS")
        await peer.send(tag.encode() + b" OK begin TLS\r\n")
        await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        imap = Client(server.host, server.port, security="starttls", timeout=0.3)
        with pytest.raises(IMAPTimeoutError, match="TLS handshake") as caught:
            await imap.connect()
        assert caught.value.__cause__ is not None
        assert imap.closed
        await imap.close()


async def test_greeting_without_capabilities_asks_for_them() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(b"* OK hello\r\n")
        tag, _ = await peer.command("CAPABILITY")
        await peer.send(b"* CAPABILITY IMAP4rev1 IDLE\r\n" + tag.encode() + b" OK\r\n")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        assert imap.capabilities == {"IMAP4REV1", "IDLE"}


async def test_a_download_from_a_server_ignoring_the_range_ends() -> None:
    # Sent again in full for every piece, the section would be written forever.
    section = b"x" * 100

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        await reply(peer, "SELECT", b"OK [READ-WRITE] done")
        tag, rest = await peer.command("UID FETCH")
        assert rest == b"7 (BODY.PEEK[1]<0.40> BODYSTRUCTURE UID)"
        await peer.send(b"* 1 FETCH (UID 7 BODY[1] {100}\r\n" + section + b")\r\n")
        await peer.send(tag.encode() + b" OK done\r\n")
        await reply(peer, "NOOP")  # the connection is still usable
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        await imap.login("bob", "pw")
        await imap.select()
        sink = io.BytesIO()
        with pytest.raises(ProtocolError, match="100 bytes of '1' when 40 were asked for"):
            await imap.download(7, "1", sink, chunk_size=40)
        assert sink.getvalue() == b""
        await imap.noop()


# -- connection loss, BYE, timeouts, cancellation --------------------------------------


async def test_drop_fails_every_waiting_command() -> None:
    all_sent = asyncio.Event()

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        for _ in range(5):
            await peer.command("NOOP")
        all_sent.set()
        peer.abort()

    async with ScriptedServer(script) as server, client(server) as imap:
        waiting = [asyncio.create_task(imap.noop()) for _ in range(5)]
        queued = asyncio.create_task(imap.login("bob", "pw"))  # exclusive: waits its turn
        await all_sent.wait()
        results = await asyncio.gather(*waiting, queued, return_exceptions=True)
        assert all(isinstance(result, ConnectionLostError) for result in results), results
        assert imap.closed


async def test_unsolicited_bye_is_surfaced() -> None:
    events: list[Event] = []

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await peer.command("NOOP")
        await peer.send(b"* BYE Server shutting down\r\n")
        peer.close()

    async with ScriptedServer(script) as server, client(server) as imap:
        imap.add_event_handler(events.append)
        with pytest.raises(ConnectionLostError, match="Server shutting down"):
            await imap.noop()
        assert events == [Bye("Server shutting down")]


async def test_bye_without_closing_fails_pending_calls_at_once() -> None:
    # imaplib aborts at once; we used to wait out the whole timeout.
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await peer.command("NOOP")
        await peer.command("CAPABILITY")
        await peer.send(b"* BYE Autologout; idle for too long\r\n")
        await peer.read_until_eof()  # the socket stays open

    async with ScriptedServer(script) as server:
        imap = client(server, timeout=30)
        await imap.connect()
        loop = asyncio.get_running_loop()
        started = loop.time()
        results = await asyncio.gather(imap.noop(), imap.capability(), return_exceptions=True)
        assert all(isinstance(result, ConnectionLostError) for result in results), results
        assert all("Autologout" in str(result) for result in results)
        assert loop.time() - started < 5  # not the 30 s timeout
        assert imap.closed


async def test_unsolicited_updates_keep_a_waiting_command_alive() -> None:
    # A NOOP while another client bulk-changes flags: the updates come for
    # longer than the timeout before the NOOP's own OK, and show the server
    # is alive all along.
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        await reply(peer, "SELECT", b"OK [READ-WRITE] done")
        tag, _ = await peer.command("NOOP")
        for number in range(1, 13):
            await peer.send(b"* %d FETCH (FLAGS (\\Seen))\r\n" % number)
            await asyncio.sleep(0.05)  # the server's pace: 0.6 s in all, timeout 0.3 s
        await peer.send(tag.encode() + b" OK done\r\n")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server, timeout=0.3) as imap:
        await imap.login("bob", "pw")
        await imap.select()
        changed: list[Event] = []
        imap.add_event_handler(changed.append)
        await imap.noop()
        assert len(changed) == 12 and not imap.closed


async def test_an_abandoned_command_that_is_never_answered_closes_the_connection() -> None:
    sent = asyncio.Event()

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        await reply(peer, "SELECT", b"OK [READ-WRITE] done")
        await peer.command("UID SEARCH")  # never answered
        sent.set()
        await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        imap = client(server, timeout=0.3)
        await imap.connect()
        await imap.login("bob", "pw")
        await imap.select()
        search = asyncio.create_task(imap.search("ALL"))
        await sent.wait()
        search.cancel()
        with pytest.raises(asyncio.CancelledError):
            await search
        assert not imap.closed  # for now: its reply may still come
        # A later search waits behind it; when the abandoned one's deadline
        # passes the connection closes, saying why.
        with pytest.raises((IMAPTimeoutError, ConnectionLostError), match="never completed"):
            await imap.search("ALL")
        assert imap.closed
        await imap.close()


async def test_a_duplicated_tagged_reply_in_the_same_read_fails_everything() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        first, _ = await peer.command("NOOP")
        await peer.command("CAPABILITY")
        await peer.send(f"{first} OK done\r\n{first} OK again\r\n".encode())
        await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        imap = client(server, timeout=30)
        await imap.connect()
        noop, capability = await asyncio.gather(
            imap.noop(), imap.capability(), return_exceptions=True
        )
        assert noop is None  # answered before the duplicate came
        assert isinstance(capability, ProtocolError) and "not pending" in str(capability)
        assert imap.closed


async def test_logout_answered_by_bye_and_close() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await peer.command("LOGOUT")
        await peer.send(b"* BYE see you\r\n")
        peer.close()

    async with ScriptedServer(script) as server, client(server) as imap:
        assert (await imap.logout()).text == "see you"


async def test_sent_command_that_times_out_closes_the_connection() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await peer.command("NOOP")
        await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        imap = client(server, timeout=0.2)
        await imap.connect()
        with pytest.raises(IMAPTimeoutError, match="NOOP") as caught:
            await imap.noop()
        assert isinstance(caught.value, TimeoutError)
        assert imap.closed  # its reply could still come and be taken for another's
        await imap.close()


async def test_cancelled_command_reply_is_discarded_by_tag() -> None:
    first_sent, cancelled = asyncio.Event(), asyncio.Event()

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        first, _ = await peer.command("NOOP")
        first_sent.set()
        await cancelled.wait()
        second, _ = await peer.command("CAPABILITY")
        # The late reply to the cancelled command comes first.
        await peer.send(
            f"{first} OK late\r\n* CAPABILITY IMAP4rev1 X-NEW\r\n{second} OK\r\n".encode()
        )
        await reply(peer, "NOOP")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        task = asyncio.create_task(imap.noop())
        await first_sent.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        cancelled.set()
        assert await imap.capability() == {"IMAP4REV1", "X-NEW"}
        await imap.noop()
        assert not imap.closed


async def test_cancelled_exclusive_command_closes_the_connection() -> None:
    sent = asyncio.Event()

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await peer.command("LOGIN")
        sent.set()
        await peer.read_until_eof()

    async with ScriptedServer(script) as server, client(server) as imap:
        task = asyncio.create_task(imap.login("bob", "pw"))
        await sent.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # Whether the login happened is unknown: the only safe state is closed.
        assert imap.closed


async def test_command_cancelled_while_queued_is_never_sent() -> None:
    login_seen = asyncio.Event()

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        tag, _ = await peer.command("LOGIN")
        login_seen.set()
        await peer.send(f"{tag} OK [CAPABILITY IMAP4rev1] in\r\n".encode())
        await reply(peer, "CAPABILITY", b"OK")  # not NOOP: the cancelled one never came
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        login = asyncio.create_task(imap.login("bob", "pw"))
        queued = asyncio.create_task(imap.noop())
        await login_seen.wait()
        queued.cancel()
        await login
        with pytest.raises(asyncio.CancelledError):
            await queued
        with pytest.raises(ProtocolError, match="without listing"):
            await imap.capability()
        assert not imap.closed


# -- STARTTLS fails closed --------------------------------------------------------------


async def test_starttls_not_offered() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        assert await peer.read_until_eof() == b""

    async with ScriptedServer(script) as server:
        imap = client(server, security="starttls")
        with pytest.raises(SecurityError, match="does not offer STARTTLS"):
            await imap.connect()
        assert imap.closed


async def test_starttls_refused() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(STARTTLS_GREETING)
        await reply(peer, "STARTTLS", b"NO not today")
        assert await peer.read_until_eof() == b""

    async with ScriptedServer(script) as server:
        with pytest.raises(SecurityError, match="refused STARTTLS: not today"):
            await client(server, security="starttls").connect()


async def test_starttls_with_preauth_greeting() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(b"* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome back\r\n")
        assert await peer.read_until_eof() == b""

    async with ScriptedServer(script) as server:
        with pytest.raises(SecurityError, match="PREAUTH"):
            await client(server, security="starttls").connect()


async def test_starttls_response_injection() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(STARTTLS_GREETING)
        tag, _ = await peer.command("STARTTLS")
        # An attacker appends plaintext that would be read as if it came over TLS.
        await peer.send(f"{tag} OK Begin TLS\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n".encode())
        await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        imap = client(server, security="starttls")
        with pytest.raises(SecurityError, match="injection"):
            await imap.connect()
        assert imap.closed


async def test_login_disabled_sends_nothing() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready\r\n")
        assert await peer.read_until_eof() == b""

    async with ScriptedServer(script) as server:
        imap = client(server)
        await imap.connect()
        with pytest.raises(SecurityError, match="LOGINDISABLED"):
            await imap.login("bob", "pw")
        await imap.close()


# -- literals and SASL, as servers without LITERAL+ or SASL-IR see them ---------------------


async def test_synchronizing_literal_waits_for_continuation() -> None:
    password = "pässwörd\r\nwith a line break"
    data = password.encode()

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        match = await peer.expect(r"(\S+) LOGIN bob \{(\d+)\}")
        assert int(match.group(2)) == len(data)
        assert peer.received.endswith(b"}\r\n")  # nothing sent before "+"
        await peer.send(b"+ Ready for literal\r\n")
        assert await peer.read_exactly(len(data) + 2) == data + b"\r\n"
        await peer.send(match.group(1) + b" OK [CAPABILITY IMAP4rev1 IDLE] welcome\r\n")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        result = await imap.login("bob", password)
        assert result.capabilities == {"IMAP4REV1", "IDLE"}


async def test_literal_refused_before_continuation() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        match = await peer.expect(r"(\S+) LOGIN bob \{\d+\}")
        await peer.send(match.group(1) + b" NO [LIMIT] no literals today\r\n")
        await reply(peer, "NOOP")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        with pytest.raises(AuthenticationError, match="no literals today") as caught:
            await imap.login("bob", "pässwort")
        assert caught.value.code == "LIMIT"
        await imap.noop()  # still in step with the server


async def test_ok_before_the_literal_is_a_protocol_error_and_not_logged_as_sent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Twisted's server completes SEARCH without asking for its literal: the OK
    # would be the result of a different query than the one asked for.
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        await reply(peer, "SELECT", b"OK [READ-WRITE] done")
        match = await peer.expect(r"(\S+) UID SEARCH CHARSET UTF-8 SUBJECT \{\d+\}")
        await peer.send(b"* SEARCH 1 2 3\r\n" + match.group(1) + b" OK done\r\n")
        await reply(peer, "NOOP")
        await goodbye(peer)

    caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
    async with ScriptedServer(script) as server, client(server) as imap:
        await imap.login("bob", "pw")
        await imap.select()
        with pytest.raises(ProtocolError, match="before receiving all of it") as caught:
            await imap.search(Query.subject("Grüße"))
        assert caught.value.command == "UID SEARCH"
        await imap.noop()  # still in step: the server finished the command
    sent = [r.getMessage() for r in caplog.records if r.getMessage().startswith("C: ")]
    assert any(line.endswith("SUBJECT {7}") for line in sent)
    assert not any("Grüße" in line for line in sent)


async def test_namespace_is_not_sent_to_a_server_without_it() -> None:
    # pymap offers no NAMESPACE and answers it BAD.
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1 IDLE] in")
        await reply(peer, "NOOP")  # the next command the server sees is this one
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        await imap.login("bob", "pw")
        with pytest.raises(CapabilityError, match="NAMESPACE"):
            await imap.namespace()
        await imap.noop()


async def test_authenticate_plain_without_sasl_ir() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        tag, rest = await peer.command("AUTHENTICATE")
        assert rest == b"PLAIN"
        await peer.send(b"+ \r\n")
        line = await peer.readline()
        assert base64.b64decode(line.strip()) == b"\x00bob\x00s3cr\xc3\xa9t"
        await peer.send(tag.encode() + b" OK [CAPABILITY IMAP4rev1] hi\r\n")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        assert (await imap.authenticate_plain("bob", "s3crét")).text == "hi"


async def test_authenticate_plain_extra_challenge_is_cancelled() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n")
        tag, _ = await peer.command("AUTHENTICATE")
        await peer.send(b"+ more?\r\n")
        assert await peer.readline() == b"*\r\n"
        await peer.send(tag.encode() + b" BAD authentication cancelled\r\n")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        with pytest.raises(ProtocolError, match="cancelled"):
            await imap.authenticate_plain("bob", "pw")


async def test_login_without_capability_code_asks_for_them() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK logged in")
        tag, _ = await peer.command("CAPABILITY")
        await peer.send(b"* CAPABILITY IMAP4rev1 MOVE\r\n" + tag.encode() + b" OK\r\n")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        result = await imap.login("bob", "pw")
        assert result.capabilities == {"IMAP4REV1", "MOVE"}


# -- wire log, alerts, events, async with ---------------------------------------------------


async def test_wire_log_hides_secrets_and_summarises_literals(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        match = await peer.expect(r"(\S+) LOGIN bob \{(\d+)\}")
        await peer.send(b"+ ok\r\n")
        await peer.read_exactly(int(match.group(2)) + 2)
        await peer.send(match.group(1) + b" OK [CAPABILITY IMAP4rev1] in\r\n")
        tag, _ = await peer.command("NOOP")
        await peer.send(b"* 1 FETCH (BODY[] {2000}\r\n" + b"x" * 2000 + b")\r\n")
        await peer.send(tag.encode() + b" OK\r\n")
        await goodbye(peer)

    caplog.set_level(logging.DEBUG, logger="imapclient_async")
    async with ScriptedServer(script) as server, client(server) as imap:
        await imap.login("bob", "hunter2\r\nä")
        await imap.noop()
    wire = [r.getMessage() for r in caplog.records if r.name == "imapclient_async.wire"]
    assert wire[0] == "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready"
    assert "C: A1 LOGIN bob ***" in wire
    assert "S: * 1 FETCH (BODY[] {2000 bytes})" in wire
    assert not any("hunter2" in record.getMessage() for record in caplog.records)
    lifecycle = [r.getMessage() for r in caplog.records if r.name == "imapclient_async"]
    assert any(message.startswith("connected to 127.0.0.1") for message in lifecycle)
    assert any("closed" in message for message in lifecycle)


async def test_alerts_and_updates_become_events(caplog: pytest.LogCaptureFixture) -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        tag, _ = await peer.command("SELECT")
        await peer.send(
            b"* 2 EXISTS\r\n* FLAGS (\\Seen)\r\n" + tag.encode() + b" OK [READ-WRITE] ok\r\n"
        )
        tag, _ = await peer.command("NOOP")
        await peer.send(
            b"* OK [ALERT] Quota at 95%\r\n"
            b"* 3 EXISTS\r\n"
            b"* 1 FETCH (FLAGS (\\Seen $Junk) UID 7 MODSEQ (12))\r\n"
            b"* 2 EXPUNGE\r\n"
            b"* 1 FETCH (UID 7)\r\n" + tag.encode() + b" OK\r\n"
        )
        await goodbye(peer)

    events: list[Event] = []
    async with ScriptedServer(script) as server, client(server) as imap:
        await imap.login("bob", "pw")
        await imap.select()
        imap.add_event_handler(events.append)
        remove_failing = imap.add_event_handler(lambda event: 1 / 0)  # logged, not fatal
        await imap.noop()
        remove_failing()
        remove_failing()  # removing twice is harmless
        assert imap.selected is not None
        assert imap.selected.exists == 2  # 3 EXISTS, then one expunged
        assert imap.selected.flags == {"\\Seen"}
    assert events == [
        Alert("Quota at 95%"),
        Exists(3),
        FlagsChanged(seq=1, flags=frozenset({"\\Seen", "$Junk"}), uid=7, modseq=12),
        events[3],
    ]
    assert events[3].seq == 2  # type: ignore[union-attr]
    assert any(
        "Quota at 95%" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records
    )
    assert any("event handler" in r.getMessage() for r in caplog.records)


async def test_async_with_logs_out_only_on_normal_exit() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        if peer.index == 0:
            await reply(peer, "LOGOUT", b"OK bye")
        else:
            assert b"LOGOUT" not in await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        async with client(server) as imap:
            pass
        assert imap.closed
        with pytest.raises(KeyError):
            async with client(server) as imap:
                raise KeyError("boom")
        assert imap.closed


# -- deadlines measure silence, not length ----------------------------------------------


async def test_a_long_reply_that_keeps_coming_does_not_time_out() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        await reply(peer, "SELECT", b"OK [READ-WRITE] done")
        tag, _ = await peer.command("UID FETCH")
        for uid in range(1, 9):
            # Each gap is under the timeout; the whole reply is well over it.
            await asyncio.sleep(0.1)
            await peer.send(b"* %d FETCH (UID %d)\r\n" % (uid, uid))
        await peer.send(tag.encode() + b" OK done\r\n")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server, timeout=0.3) as imap:
        await imap.login("bob", "pw")
        await imap.select()
        fetched = await imap.fetch_all("1:*", ["UID"])
        assert [message.uid for message in fetched] == list(range(1, 9))


async def test_a_slow_consumer_makes_no_command_time_out() -> None:
    async def script(peer: Peer) -> None:
        await peer.send(GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        await reply(peer, "SELECT", b"OK [READ-WRITE] done")
        tag, _ = await peer.command("UID FETCH")
        responses = b"".join(b"* %d FETCH (UID %d)\r\n" % (n, n) for n in range(1, 301))
        await peer.send(responses + tag.encode() + b" OK done\r\n")
        await reply(peer, "NOOP")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server, timeout=0.3) as imap:
        await imap.login("bob", "pw")
        await imap.select()
        uids: list[int | None] = []
        noop: asyncio.Task[None] | None = None
        async for message in imap.fetch("1:*", ["UID"]):
            uids.append(message.uid)
            if noop is None:
                noop = asyncio.create_task(imap.noop())  # its reply waits behind ours
                # Consuming slower than the timeout is the point of the test:
                # reading is paused meanwhile, so no deadline may run.
                await asyncio.sleep(0.6)
        assert noop is not None
        await noop
        assert uids == list(range(1, 301))
        assert not imap.closed


# -- APPEND when the connection is cut: stored, not stored, or unknown ----------------------

LITERAL_PLUS_GREETING = b"* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] ready\r\n"
APPENDED = b"Message-ID: <cut@example.org>\r\nSubject: cut\r\n\r\nHello\r\n"


async def test_append_cut_before_its_literal_was_asked_for_stored_nothing() -> None:
    from imapclient_async import AppendOutcomeUnknownError  # noqa: PLC0415

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)  # no LITERAL+: the literal waits for "+"
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        await peer.expect(rf"\S+ APPEND INBOX \{{{len(APPENDED)}\}}")
        peer.abort()

    async with ScriptedServer(script) as server:
        imap = client(server)
        await imap.connect()
        await imap.login("bob", "pw")
        with pytest.raises(ConnectionLostError) as caught:
            await imap.append("INBOX", APPENDED)
        assert not isinstance(caught.value, AppendOutcomeUnknownError)


async def test_append_cut_in_the_middle_of_its_literal_stored_nothing() -> None:
    from imapclient_async import AppendOutcomeUnknownError  # noqa: PLC0415

    # Far more than socket buffers hold, so the client cannot have written it all.
    large = b"Message-ID: <large@example.org>\r\n\r\n" + b"x" * (32 * 1024 * 1024) + b"\r\n"

    async def script(peer: Peer) -> None:
        await peer.send(LITERAL_PLUS_GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1 LITERAL+] in")
        await peer.expect(rf"\S+ APPEND INBOX \{{{len(large)}\+\}}")
        await peer.read_exactly(1000)
        peer.abort()

    async with ScriptedServer(script) as server:
        imap = client(server)
        await imap.connect()
        await imap.login("bob", "pw")
        with pytest.raises(ConnectionLostError) as caught:
            await imap.append("INBOX", large)
        assert not isinstance(caught.value, AppendOutcomeUnknownError)


@pytest.mark.parametrize(
    ("ending", "cause"),
    [
        ("drop", ConnectionLostError),
        ("bye", ConnectionLostError),
        ("garbage", MalformedResponseError),
        ("silence", IMAPTimeoutError),
    ],
)
async def test_append_cut_after_it_was_sent_has_an_unknown_outcome(
    ending: str, cause: type[Exception]
) -> None:
    from imapclient_async import AppendOutcomeUnknownError  # noqa: PLC0415

    async def script(peer: Peer) -> None:
        await peer.send(LITERAL_PLUS_GREETING)
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1 LITERAL+] in")
        await peer.expect(rf"\S+ APPEND INBOX \{{{len(APPENDED)}\+\}}")
        assert await peer.read_exactly(len(APPENDED) + 2) == APPENDED + b"\r\n"
        # The server may have stored it; the client never hears.
        if ending == "drop":
            peer.abort()
        elif ending == "bye":
            await peer.send(b"* BYE shutting down\r\n")
        elif ending == "garbage":
            await peer.send(b"* X (unclosed\r\n")
            await peer.read_until_eof()
        else:
            await peer.read_until_eof()

    async with ScriptedServer(script) as server:
        imap = client(server, timeout=0.5)
        await imap.connect()
        await imap.login("bob", "pw")
        with pytest.raises(AppendOutcomeUnknownError, match="may or may not") as caught:
            await imap.append("INBOX", APPENDED)
        assert isinstance(caught.value, ConnectionLostError)  # old handlers still catch it
        assert type(caught.value.__cause__) is cause
        assert imap.closed


async def test_appends_waiting_for_the_wire_when_the_connection_drops_stored_nothing() -> None:
    from imapclient_async import AppendOutcomeUnknownError  # noqa: PLC0415

    async def script(peer: Peer) -> None:
        await peer.send(GREETING)  # no LITERAL+: the first holds the wire until "+"
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1] in")
        await peer.expect(rf"\S+ APPEND INBOX \{{{len(APPENDED)}\}}")
        await asyncio.sleep(0.1)
        assert peer.received.endswith(b"}\r\n")  # the second one sent nothing
        peer.abort()

    async with ScriptedServer(script) as server:
        imap = client(server)
        await imap.connect()
        await imap.login("bob", "pw")
        results = await asyncio.gather(
            imap.append("INBOX", APPENDED), imap.append("INBOX", APPENDED), return_exceptions=True
        )
        for result in results:
            assert isinstance(result, ConnectionLostError)
            assert not isinstance(result, AppendOutcomeUnknownError)


async def test_append_dedup_refuses_before_sending() -> None:
    from imapclient_async import StateError  # noqa: PLC0415

    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 UIDPLUS] ready\r\n")
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1 UIDPLUS] in")
        await reply(peer, "SELECT", b"OK [READ-WRITE] done")
        await reply(peer, "EXAMINE", b"OK [READ-ONLY] done")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        await imap.login("bob", "pw")
        with pytest.raises(ValueError, match="Message-ID"):
            await imap.append("INBOX", b"Subject: no id\r\n\r\nHi\r\n", dedup=True)
        with pytest.raises(ValueError, match="more than one"):
            await imap.append(
                "INBOX", b"Message-ID: <a@b>\r\nMessage-ID: <c@d>\r\n\r\nHi\r\n", dedup=True
            )
        with pytest.raises(StateError, match="select"):
            await imap.append("INBOX", APPENDED, dedup=True)  # nothing selected
        await imap.select("INBOX")
        with pytest.raises(StateError, match="select"):
            await imap.append("Archive", APPENDED, dedup=True)  # another one selected
        await imap.examine("INBOX")
        with pytest.raises(StateError, match="read-only"):
            await imap.append("INBOX", APPENDED, dedup=True)


def _message_id_fetch(seq: int, uid: int, message_id: bytes) -> bytes:
    header = b"Message-ID: " + message_id + b"\r\n\r\n"
    return b"* %d FETCH (UID %d BODY[HEADER.FIELDS (MESSAGE-ID)] {%d}\r\n%s)\r\n" % (
        seq,
        uid,
        len(header),
        header,
    )


async def test_append_dedup_removes_its_copy_when_an_earlier_one_turns_up() -> None:
    from imapclient_async import AppendResult  # noqa: PLC0415

    # A concurrent call, or an earlier attempt the server completed late,
    # stored UID 5 between this call's search and its APPEND (UID 7).
    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] ready\r\n")
        await reply(peer, "LOGIN", b"OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] in")
        tag, _ = await peer.command("SELECT")
        await peer.send(
            b"* 4 EXISTS\r\n* OK [UIDVALIDITY 9] v\r\n"
            + tag.encode()
            + b" OK [READ-WRITE] done\r\n"
        )
        await reply(peer, "NOOP")
        tag, rest = await peer.command("UID SEARCH")
        assert rest == b"HEADER Message-ID <cut@example.org> UNDELETED"
        await peer.send(b"* SEARCH\r\n" + tag.encode() + b" OK done\r\n")
        match = await peer.expect(rf"(\S+) APPEND INBOX \{{{len(APPENDED)}\+\}}")
        assert await peer.read_exactly(len(APPENDED) + 2) == APPENDED + b"\r\n"
        tag = match.group(1).decode()
        await peer.send(tag.encode() + b" OK [APPENDUID 9 7] done\r\n")
        tag, _ = await peer.command("NOOP")
        await peer.send(b"* 6 EXISTS\r\n" + tag.encode() + b" OK done\r\n")
        tag, _ = await peer.command("UID SEARCH")
        await peer.send(b"* SEARCH 5 7\r\n" + tag.encode() + b" OK done\r\n")
        tag, rest = await peer.command("UID FETCH")
        assert rest.startswith(b"5,7 ")
        await peer.send(
            _message_id_fetch(5, 5, b"<cut@example.org>")
            + _message_id_fetch(6, 7, b"<cut@example.org>")
            + tag.encode()
            + b" OK done\r\n"
        )
        tag, rest = await peer.command("UID STORE")
        assert rest == b"7 +FLAGS.SILENT (\\Deleted)"
        await peer.send(tag.encode() + b" OK done\r\n")
        tag, rest = await peer.command("UID EXPUNGE")
        assert rest == b"7"
        await peer.send(b"* 6 EXPUNGE\r\n" + tag.encode() + b" OK done\r\n")
        await goodbye(peer)

    async with ScriptedServer(script) as server, client(server) as imap:
        await imap.login("bob", "pw")
        await imap.select("INBOX")
        result = await imap.append("INBOX", APPENDED, dedup=True)
        assert result == AppendResult(uid_validity=9, uid=5, already_present=True)
