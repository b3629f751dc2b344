"""ID, ENABLE and QUOTA against a real Dovecot; XOAUTH2 and OAUTHBEARER against a fake server.

Dovecot can only check OAuth tokens with a token server, which this machine has
not got, so the OAuth mechanisms are tested for the exact bytes each side sends.
"""

from __future__ import annotations

import base64
import logging

import pytest

import imapclient_async
from dovecot import DovecotServer
from fakeserver import Peer, ScriptedServer
from helpers import messages
from imapclient_async import (
    AuthenticationError,
    CapabilityError,
    Client,
    ConnectionLostError,
    ProtocolError,
    StateError,
)
from imapclient_async.quota import QuotaResource
from imapserver import IMAPServer

QUOTA_CONFIG = """
mail_plugins = $mail_plugins quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = count:User quota
  quota_rule = *:storage=1M:messages=1000
  quota_vsizes = yes
}
"""


def plain_client(server: DovecotServer | ScriptedServer) -> Client:
    return Client(server.host, server.port, security="plain", timeout=10.0)


# -- ID --------------------------------------------------------------------------------


SERVER_ID_NAME = {"dovecot": "Dovecot", "cyrus": "Cyrus IMAPD"}


async def test_id_before_login_names_the_server(server: IMAPServer, user: tuple[str, str]) -> None:
    async with plain_client(server) as imap:
        if server.name == "imap4d":
            # imap4d answers ID only after login: "BAD ID Wrong state".
            with pytest.raises(ProtocolError, match="Wrong state"):
                await imap.id()
            await imap.login(*user)
        answer = await imap.id()
        if server.name == "imap4d":  # OK, but no "* ID" response at all
            assert answer == {}
            return
        if server.name == "dovecot":
            assert answer == {"name": "Dovecot"}
        assert answer["name"] == SERVER_ID_NAME[server.name]


async def test_id_sends_our_fields(server: IMAPServer, user: tuple[str, str]) -> None:
    fields: dict[str, str | None] = {"support-url": 'https://example.org/"help"', "os": None}
    expected = SERVER_ID_NAME.get(server.name)
    async with plain_client(server) as imap:
        if server.name == "imap4d":
            await imap.login(*user)  # imap4d answers ID only after login
        if server.name == "cyrus":
            # Cyrus 3.6 drops the connection when a field's value is NIL (RFC 2971
            # allows it); quoted strings with escapes are fine.
            with pytest.raises(ConnectionLostError):
                await imap.id(fields)
            return
        # Before login Dovecot answers BAD to atoms where RFC 2971 wants strings.
        ours = await imap.id(fields, name="imapclient_async", version=imapclient_async.__version__)
        if server.name == "imap4d":  # OK, but no "* ID" response at all
            assert ours == {}
            return
        assert ours["name"] == expected
        if server.name == "dovecot":
            assert ours == {"name": "Dovecot"}
            await imap.login(*user)
        assert (await imap.id(fields, name="imapclient_async"))["name"] == expected


async def test_id_with_escaped_strings(server: IMAPServer, user: tuple[str, str]) -> None:
    fields = {"support-url": 'https://example.org/"help"', "os": "Linux \\ GNU"}
    async with plain_client(server) as imap:
        await imap.login(*user)
        answer = await imap.id(fields, name="imapclient_async")
        if server.name == "imap4d":  # OK, but no "* ID" response at all
            assert answer == {}
        else:
            assert answer["name"] == SERVER_ID_NAME[server.name]


# -- ENABLE ------------------------------------------------------------------------------


async def test_enable_condstore_makes_select_report_highest_modseq(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(2))
    async with plain_client(server) as imap:
        await imap.login(*user)
        if "ENABLE" not in imap.capabilities:  # imap4d
            with pytest.raises(CapabilityError, match="ENABLE extension"):
                await imap.enable("condstore")
            assert (await imap.select("INBOX")).highest_modseq is None
            return
        assert await imap.enable("condstore") == {"CONDSTORE"}
        inbox = await imap.select("INBOX")
        assert inbox.highest_modseq is not None
        assert imap.selected is not None
        assert imap.selected.highest_modseq == inbox.highest_modseq


async def test_without_enable_select_has_no_highest_modseq(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    async with plain_client(server) as imap:
        await imap.login(*user)
        selected = await imap.select("INBOX")
        if server.name == "cyrus":
            # Cyrus keeps mod-sequences always and says so on every SELECT (RFC 7162 3.1.2.1).
            assert selected.highest_modseq is not None
        else:
            assert selected.highest_modseq is None


async def test_enable_qresync_implies_condstore(server: IMAPServer, user: tuple[str, str]) -> None:
    async with plain_client(server) as imap:
        await imap.login(*user)
        if "ENABLE" not in imap.capabilities:  # imap4d
            with pytest.raises(CapabilityError, match="ENABLE extension"):
                await imap.enable("QRESYNC")
            return
        # Dovecot answers "* ENABLED QRESYNC" alone; CONDSTORE comes with it (RFC 7162).
        assert await imap.enable("QRESYNC") == {"QRESYNC", "CONDSTORE"}
        assert await imap.enable("X-NOT-AN-EXTENSION") == frozenset()


async def test_enable_only_between_login_and_select(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    async with plain_client(server) as imap:
        with pytest.raises(StateError, match="not logged in"):
            await imap.enable("CONDSTORE")
        await imap.login(*user)
        await imap.select("INBOX")
        with pytest.raises(StateError, match="before SELECT"):
            await imap.enable("CONDSTORE")
        await imap.noop()  # nothing was sent: still in step


async def test_enable_and_quota_need_the_capability(dovecot: DovecotServer) -> None:
    with DovecotServer(capabilities="IMAP4rev1 IDLE", tls=False) as server:
        name, password = server.new_user()
        async with plain_client(server) as imap:
            await imap.login(name, password)
            assert "ENABLE" not in imap.capabilities
            with pytest.raises(CapabilityError, match="ENABLE extension"):
                await imap.enable("CONDSTORE")
    async with plain_client(dovecot) as imap:
        await imap.login(*dovecot.new_user())
        with pytest.raises(CapabilityError, match="QUOTA extension"):
            await imap.getquotaroot("INBOX")
        with pytest.raises(CapabilityError, match="QUOTA extension"):
            await imap.getquota("User quota")


# -- QUOTA -------------------------------------------------------------------------------


async def test_quota_of_a_dovecot_user() -> None:
    with DovecotServer(extra_config=QUOTA_CONFIG, tls=False) as server:
        name, password = server.new_user()
        server.seed(name, messages(3))
        async with plain_client(server) as imap:
            await imap.login(name, password)
            assert "QUOTA" in imap.capabilities
            result = await imap.getquotaroot("INBOX")
            assert result.mailbox == "INBOX"
            assert result.roots == ("User quota",)
            (quota,) = result.quotas
            assert quota.root == "User quota"
            assert quota.resource("MESSAGE") == QuotaResource("MESSAGE", 3, 1000)
            storage = quota.resource("STORAGE")
            assert storage is not None
            assert storage.limit == 1024  # 1M in KiB
            assert 0 < storage.usage < 10
            assert await imap.getquota("User quota") == quota


# -- OAuth (fake server) -------------------------------------------------------------------

TOKEN = "ya29.S3cr3t-T0ken"
ERROR_JSON = b'{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}'


async def goodbye(peer: Peer) -> None:
    tag, _ = await peer.command("LOGOUT")
    await peer.send(b"* BYE bye\r\n" + tag.encode() + b" OK done\r\n")


def assert_token_hidden(caplog: pytest.LogCaptureFixture) -> None:
    wire = [r.getMessage() for r in caplog.records if r.name == "imapclient_async.wire"]
    assert any(line.startswith("C: ") and line.endswith("***") for line in wire)
    encoded_parts = {TOKEN, base64.b64encode(TOKEN.encode()).decode()}
    for record in caplog.records:
        assert not any(secret in record.getMessage() for secret in encoded_parts)


async def test_xoauth2_with_sasl_ir(caplog: pytest.LogCaptureFixture) -> None:
    expected = base64.b64encode(
        b"user=bob@example.com\x01auth=Bearer " + TOKEN.encode() + b"\x01\x01"
    )

    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] ready\r\n")
        tag, rest = await peer.command("AUTHENTICATE")
        assert rest == b"XOAUTH2 " + expected
        await peer.send(tag.encode() + b" OK [CAPABILITY IMAP4rev1 IDLE] welcome\r\n")
        await goodbye(peer)

    caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
    async with ScriptedServer(script) as server, plain_client(server) as imap:
        result = await imap.authenticate_xoauth2("bob@example.com", TOKEN)
        assert result.text == "welcome"
        assert result.capabilities == {"IMAP4REV1", "IDLE"}
    assert_token_hidden(caplog)


async def test_xoauth2_failure_acknowledges_the_error(caplog: pytest.LogCaptureFixture) -> None:
    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] ready\r\n")
        tag, _ = await peer.command("AUTHENTICATE")
        await peer.send(b"+ " + base64.b64encode(ERROR_JSON) + b"\r\n")
        assert await peer.readline() == b"\r\n"
        await peer.send(tag.encode() + b" NO [AUTHENTICATIONFAILED] Invalid credentials\r\n")
        tag, _ = await peer.command("NOOP")
        await peer.send(tag.encode() + b" OK\r\n")
        await goodbye(peer)

    caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
    async with ScriptedServer(script) as server, plain_client(server) as imap:
        with pytest.raises(AuthenticationError) as caught:
            await imap.authenticate_xoauth2("bob@example.com", TOKEN)
        assert caught.value.code == "AUTHENTICATIONFAILED"
        assert ERROR_JSON.decode() in str(caught.value)
        assert "Invalid credentials" in str(caught.value)
        assert TOKEN not in str(caught.value)
        await imap.noop()  # still in step with the server
    assert_token_hidden(caplog)


async def test_oauthbearer_without_sasl_ir(caplog: pytest.LogCaptureFixture) -> None:
    expected = base64.b64encode(
        b"n,a=bob@example.com,\x01host=imap.example.com\x01port=993\x01auth=Bearer "
        + TOKEN.encode()
        + b"\x01\x01"
    )

    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 AUTH=OAUTHBEARER] ready\r\n")
        tag, rest = await peer.command("AUTHENTICATE")
        assert rest == b"OAUTHBEARER"
        await peer.send(b"+ \r\n")
        assert await peer.readline() == expected + b"\r\n"
        await peer.send(tag.encode() + b" OK [CAPABILITY IMAP4rev1] hello\r\n")
        await goodbye(peer)

    caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
    async with ScriptedServer(script) as server, plain_client(server) as imap:
        result = await imap.authenticate_oauthbearer(
            "bob@example.com", TOKEN, host="imap.example.com", port=993
        )
        assert result.text == "hello"
    assert_token_hidden(caplog)


async def test_oauthbearer_failure_answers_with_kvsep(caplog: pytest.LogCaptureFixture) -> None:
    error = b'{"status":"invalid_token","scope":"mail"}'
    expected = base64.b64encode(b"n,a=bob,\x01auth=Bearer " + TOKEN.encode() + b"\x01\x01")

    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=OAUTHBEARER] ready\r\n")
        tag, rest = await peer.command("AUTHENTICATE")
        assert rest == b"OAUTHBEARER " + expected
        await peer.send(b"+ " + base64.b64encode(error) + b"\r\n")
        assert await peer.readline() == b"AQ==\r\n"
        await peer.send(tag.encode() + b" NO SASL authentication failed\r\n")
        await goodbye(peer)

    caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
    async with ScriptedServer(script) as server, plain_client(server) as imap:
        with pytest.raises(AuthenticationError, match="invalid_token") as caught:
            await imap.authenticate_oauthbearer("bob", TOKEN)
        assert caught.value.code is None
        assert TOKEN not in str(caught.value)
    assert_token_hidden(caplog)


async def test_oauth_arguments_are_checked_before_io() -> None:
    imap = Client("imap.invalid")
    with pytest.raises(ValueError, match="NUL or"):
        await imap.authenticate_xoauth2("bob", "to\x01ken")
    with pytest.raises(ValueError, match="NUL or"):
        await imap.authenticate_oauthbearer("b\x00ob", "token")
    with pytest.raises(ValueError, match="at most 30"):
        await imap.id({f"f{n}": "v" for n in range(31)})
    with pytest.raises(ValueError, match="given twice"):
        await imap.id({"Name": "a"}, name="b")
    with pytest.raises(ValueError, match="at least one"):
        await imap.enable()
