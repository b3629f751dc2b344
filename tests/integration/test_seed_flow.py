"""The seed program's flow against a real Dovecot: connect, login, select, logout."""

from __future__ import annotations

import os

import pytest

from dovecot import DovecotServer
from helpers import messages, run_example
from imapclient_async import (
    AuthenticationError,
    Client,
    ClientState,
    CommandError,
    Security,
    StateError,
)
from imapserver import IMAPServer

# What each server says in its greeting.
GREETING_TEXT = {"dovecot": "Dovecot", "cyrus": "Cyrus IMAP", "imap4d": "IMAP4rev1"}
# The response code of a failed login: Cyrus and imap4d send none.
LOGIN_FAILED_CODE = {"dovecot": "AUTHENTICATIONFAILED", "cyrus": None, "imap4d": None}


def client_for(dovecot: DovecotServer, security: Security) -> Client:
    if security == "plain":
        return Client(dovecot.host, dovecot.port, security="plain")
    port = dovecot.tls_port if security == "tls" else dovecot.port
    return Client(dovecot.host, port, security=security, ssl_context=dovecot.client_ssl_context())


@pytest.mark.parametrize("security", ["plain", "starttls", "tls"])
async def test_seed_flow(server: IMAPServer, user: tuple[str, str], security: Security) -> None:
    server.seed(user[0], messages(3))
    async with client_for(server, security) as imap:
        assert imap.state is ClientState.NOT_AUTHENTICATED
        login = await imap.login(*user)
        assert "IMAP4REV1" in login.capabilities
        assert login.capabilities == imap.capabilities
        inbox = await imap.select("INBOX")
        assert inbox.exists == 3
        assert imap.selected == inbox
        assert imap.state is ClientState.SELECTED
        logout = await imap.logout()
        assert logout.text
        assert imap.state is ClientState.LOGOUT
        assert imap.closed


async def test_greeting_and_capabilities(server: IMAPServer) -> None:
    imap = client_for(server, "tls")
    assert imap.closed
    assert imap.capabilities == frozenset()
    greeting = await imap.connect()
    try:
        assert greeting.status == "OK"
        assert GREETING_TEXT[server.name] in greeting.text
        assert "AUTH=PLAIN" in greeting.capabilities
        # imap4d's greeting carries no CAPABILITY code: the client asked for it.
        assert imap.capabilities == greeting.capabilities
        if server.name == "cyrus":  # its greeting names only some of them
            assert greeting.capabilities < await imap.capability()
        else:
            assert await imap.capability() == greeting.capabilities
        await imap.noop()
    finally:
        await imap.close()
    assert imap.closed
    assert imap.state is ClientState.LOGOUT


async def test_starttls_discards_capabilities_from_before_tls(server: IMAPServer) -> None:
    async with client_for(server, "starttls") as imap:
        # Servers offer STARTTLS only before it: the list was asked for again.
        assert "STARTTLS" not in imap.capabilities
        assert "AUTH=PLAIN" in imap.capabilities


async def test_select_result_fields(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(2), seen=True)
    server.seed(user[0], messages(3))
    async with client_for(server, "plain") as imap:
        await imap.login(*user)
        inbox = await imap.select()
        assert inbox.mailbox == "INBOX"
        assert inbox.exists == 5
        assert inbox.recent == 5
        assert {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"} <= inbox.flags
        assert inbox.permanent_flags is not None
        # imap4d keeps no keywords: its PERMANENTFLAGS lack \*.
        assert ("\\*" in inbox.permanent_flags) is (server.name != "imap4d")
        assert inbox.uid_validity is not None
        assert inbox.uid_validity > 0
        assert inbox.uid_next == 6
        # imap4d sends no [UNSEEN n] while the unseen mail is still in Maildir's new/.
        assert inbox.first_unseen == (None if server.name == "imap4d" else 3)
        if server.name == "cyrus":
            # Cyrus keeps mod-sequences always and says so on every SELECT (RFC 7162 3.1.2.1).
            assert inbox.highest_modseq is not None and inbox.highest_modseq > 0
        else:
            assert inbox.highest_modseq is None  # CONDSTORE not enabled
        assert not inbox.read_only
        if server.name == "dovecot":
            assert "Select completed" in inbox.text


async def test_examine_is_read_only(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(1))
    async with client_for(server, "plain") as imap:
        await imap.login(*user)
        examined = await imap.examine("inbox")
        assert examined.read_only
        assert examined.exists == 1
        assert examined.recent == 1
        selected = await imap.select("INBOX")
        assert not selected.read_only


async def test_wrong_password(server: IMAPServer, user: tuple[str, str]) -> None:
    async with client_for(server, "plain") as imap:
        with pytest.raises(AuthenticationError) as caught:
            await imap.login(user[0], "not-the-password")
        assert caught.value.code == LOGIN_FAILED_CODE[server.name]
        assert caught.value.command == "LOGIN"
        assert "not-the-password" not in str(caught.value)
        assert imap.state is ClientState.NOT_AUTHENTICATED
        with pytest.raises(AuthenticationError) as caught:
            await imap.authenticate_plain(user[0], "still-wrong")
        assert caught.value.code == LOGIN_FAILED_CODE[server.name]
        assert caught.value.command == "AUTHENTICATE"
        await imap.login(*user)  # the connection is still usable
        assert imap.state is ClientState.AUTHENTICATED


async def test_authenticate_plain(server: IMAPServer, user: tuple[str, str]) -> None:
    async with client_for(server, "tls") as imap:
        # imap4d has no SASL-IR: the credentials follow a continuation request.
        assert ("SASL-IR" in imap.capabilities) is (server.name != "imap4d")
        result = await imap.authenticate_plain(*user)
        assert ("MOVE" in result.capabilities) is (server.name != "imap4d")
        assert (await imap.select()).exists == 0


@pytest.mark.parametrize(
    "password",
    [
        'quote"and\\backslash',  # quoted string with escapes
        "pässwörd with spaces",  # non-ASCII: a literal
        "日本語のパスワード",
        "{5}\\r\\n",  # looks like protocol, must stay text
    ],
)
async def test_awkward_passwords(server: IMAPServer, password: str) -> None:
    name, _ = server.new_user(password)
    async with client_for(server, "plain") as imap:
        await imap.login(name, password)
    async with client_for(server, "tls") as imap:
        await imap.authenticate_plain(name, password)


async def test_select_missing_mailbox(server: IMAPServer, user: tuple[str, str]) -> None:
    async with client_for(server, "plain") as imap:
        await imap.login(*user)
        await imap.select("INBOX")
        with pytest.raises(CommandError) as caught:
            await imap.select("No such mailbox")
        # Dovecot 2.3 (like Cyrus and imap4d) answers with a bare NO, without a code.
        assert caught.value.command == "SELECT"
        assert caught.value.code is None
        assert caught.value.text
        # RFC 3501 6.3.1: a failed SELECT leaves no mailbox selected.
        assert imap.state is ClientState.AUTHENTICATED
        assert imap.selected is None


async def test_delete_missing_mailbox_carries_code(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    async with client_for(server, "plain") as imap:
        await imap.login(*user)
        with pytest.raises(CommandError) as caught:
            await imap.delete("No such mailbox")
        assert caught.value.command == "DELETE"
        # Only Dovecot says why with a code; Cyrus and imap4d send a bare NO.
        assert caught.value.code == ("NONEXISTENT" if server.name == "dovecot" else None)


@pytest.mark.parametrize(
    "name", ["Entwürfe", "日本語 メール", "A&B", 'Quote " and \\ slash', "peter 台北 😀"]
)
async def test_non_ascii_mailbox_names(
    server: IMAPServer, user: tuple[str, str], name: str
) -> None:
    async with client_for(server, "plain") as imap:
        await imap.login(*user)
        if server.name == "cyrus" and '"' in name:
            # Cyrus refuses '"' (and '\\') in mailbox names; the quoting went through.
            with pytest.raises(CommandError, match="Invalid mailbox name"):
                await imap.create(name)
            return
        await imap.create(name)
        selected = await imap.select(name)
        assert selected.mailbox == name
        assert selected.exists == 0


async def test_seeded_non_ascii_mailbox(server: IMAPServer, user: tuple[str, str]) -> None:
    # Seeded under its modified UTF-7 name (into Maildir, or by an IMAP client of
    # the standard library), so this checks our encoding against the server's.
    server.seed(user[0], messages(2), mailbox="Entw&APw-rfe")
    async with client_for(server, "plain") as imap:
        await imap.login(*user)
        assert (await imap.select("Entwürfe")).exists == 2


async def test_state_errors(server: IMAPServer, user: tuple[str, str]) -> None:
    imap = client_for(server, "plain")
    with pytest.raises(StateError, match="connect"):
        await imap.noop()
    async with imap:
        with pytest.raises(StateError, match="not logged in"):
            await imap.select("INBOX")
        await imap.login(*user)
        with pytest.raises(StateError, match="already authenticated"):
            await imap.login(*user)
        with pytest.raises(StateError, match="already called"):
            await imap.connect()
        await imap.logout()
        with pytest.raises(StateError, match="logged out"):
            await imap.select("INBOX")


def test_count_inbox_example(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(7))
    env = {
        **os.environ,
        "IMAP_HOST": server.host,
        "IMAP_PORT": str(server.tls_port),
        "IMAP_USER": user[0],
        "IMAP_PASSWORD": user[1],
        "IMAP_CA_FILE": str(server.ca_cert_path),
    }
    done = run_example("count_inbox.py", env, "--debug")
    assert done.stdout == "I have 7 messages in my INBOX.\n"
    # The greeting of imap4d has no capabilities: CAPABILITY (A1) comes first there.
    assert f"C: A{2 if server.name == 'imap4d' else 1} LOGIN" in done.stderr
    assert "S: * 7 EXISTS" in done.stderr
    assert user[1] not in done.stderr
