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


def client_for(dovecot: DovecotServer, security: Security) -> Client:
    if security == "plain":
        return Client(dovecot.host, dovecot.port, security="plain")
    port = dovecot.tls_port if security == "tls" else dovecot.port
    return Client(dovecot.host, port, security=security, ssl_context=dovecot.client_ssl_context())


@pytest.mark.parametrize("security", ["plain", "starttls", "tls"])
async def test_seed_flow(dovecot: DovecotServer, user: tuple[str, str], security: Security) -> None:
    dovecot.seed(user[0], messages(3))
    async with client_for(dovecot, security) as imap:
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


async def test_greeting_and_capabilities(dovecot: DovecotServer) -> None:
    imap = client_for(dovecot, "tls")
    assert imap.closed
    assert imap.capabilities == frozenset()
    greeting = await imap.connect()
    try:
        assert greeting.status == "OK"
        assert "Dovecot" in greeting.text
        assert "AUTH=PLAIN" in greeting.capabilities
        assert imap.capabilities == greeting.capabilities
        assert await imap.capability() == greeting.capabilities
        await imap.noop()
    finally:
        await imap.disconnect()
    assert imap.closed
    assert imap.state is ClientState.LOGOUT


async def test_starttls_discards_capabilities_from_before_tls(dovecot: DovecotServer) -> None:
    async with client_for(dovecot, "starttls") as imap:
        # Dovecot offers STARTTLS only before it: the list was asked for again.
        assert "STARTTLS" not in imap.capabilities
        assert "AUTH=PLAIN" in imap.capabilities


async def test_select_result_fields(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    dovecot.seed(user[0], messages(2), seen=True)
    dovecot.seed(user[0], messages(3))
    async with client_for(dovecot, "plain") as imap:
        await imap.login(*user)
        inbox = await imap.select()
        assert inbox.mailbox == "INBOX"
        assert inbox.exists == 5
        assert inbox.recent == 5
        assert {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"} <= inbox.flags
        assert inbox.permanent_flags is not None
        assert "\\*" in inbox.permanent_flags
        assert inbox.uid_validity is not None
        assert inbox.uid_validity > 0
        assert inbox.uid_next == 6
        assert inbox.first_unseen == 3
        assert inbox.highest_modseq is None  # CONDSTORE not enabled
        assert not inbox.read_only
        assert "Select completed" in inbox.text


async def test_examine_is_read_only(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    dovecot.seed(user[0], messages(1))
    async with client_for(dovecot, "plain") as imap:
        await imap.login(*user)
        examined = await imap.examine("inbox")
        assert examined.read_only
        assert examined.exists == 1
        assert examined.recent == 1
        selected = await imap.select("INBOX")
        assert not selected.read_only


async def test_wrong_password(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    async with client_for(dovecot, "plain") as imap:
        with pytest.raises(AuthenticationError) as caught:
            await imap.login(user[0], "not-the-password")
        assert caught.value.code == "AUTHENTICATIONFAILED"
        assert caught.value.command == "LOGIN"
        assert "not-the-password" not in str(caught.value)
        assert imap.state is ClientState.NOT_AUTHENTICATED
        with pytest.raises(AuthenticationError) as caught:
            await imap.authenticate_plain(user[0], "still-wrong")
        assert caught.value.code == "AUTHENTICATIONFAILED"
        assert caught.value.command == "AUTHENTICATE"
        await imap.login(*user)  # the connection is still usable
        assert imap.state is ClientState.AUTHENTICATED


async def test_authenticate_plain(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    async with client_for(dovecot, "tls") as imap:
        assert "SASL-IR" in imap.capabilities
        result = await imap.authenticate_plain(*user)
        assert "MOVE" in result.capabilities
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
async def test_awkward_passwords(dovecot: DovecotServer, password: str) -> None:
    name, _ = dovecot.new_user()
    dovecot.add_user(name, password)
    async with client_for(dovecot, "plain") as imap:
        await imap.login(name, password)
    async with client_for(dovecot, "tls") as imap:
        await imap.authenticate_plain(name, password)


async def test_select_missing_mailbox(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    async with client_for(dovecot, "plain") as imap:
        await imap.login(*user)
        await imap.select("INBOX")
        with pytest.raises(CommandError) as caught:
            await imap.select("No such mailbox")
        # Dovecot 2.3 answers with a bare NO, without a response code.
        assert caught.value.command == "SELECT"
        assert caught.value.code is None
        assert caught.value.text
        # RFC 3501 6.3.1: a failed SELECT leaves no mailbox selected.
        assert imap.state is ClientState.AUTHENTICATED
        assert imap.selected is None


async def test_delete_missing_mailbox_carries_code(
    dovecot: DovecotServer, user: tuple[str, str]
) -> None:
    async with client_for(dovecot, "plain") as imap:
        await imap.login(*user)
        with pytest.raises(CommandError) as caught:
            await imap.delete("No such mailbox")
        assert caught.value.code == "NONEXISTENT"


@pytest.mark.parametrize(
    "name", ["Entwürfe", "日本語 メール", "A&B", 'Quote " and \\ slash', "peter 台北 😀"]
)
async def test_non_ascii_mailbox_names(
    dovecot: DovecotServer, user: tuple[str, str], name: str
) -> None:
    async with client_for(dovecot, "plain") as imap:
        await imap.login(*user)
        await imap.create(name)
        selected = await imap.select(name)
        assert selected.mailbox == name
        assert selected.exists == 0


async def test_seeded_non_ascii_mailbox(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    # Written straight into Maildir under its modified UTF-7 name, so this
    # checks our encoding against Dovecot's, not against itself.
    dovecot.seed(user[0], messages(2), mailbox="Entw&APw-rfe")
    async with client_for(dovecot, "plain") as imap:
        await imap.login(*user)
        assert (await imap.select("Entwürfe")).exists == 2


async def test_state_errors(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    imap = client_for(dovecot, "plain")
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


def test_count_inbox_example(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    dovecot.seed(user[0], messages(7))
    env = {
        **os.environ,
        "IMAP_HOST": dovecot.host,
        "IMAP_PORT": str(dovecot.tls_port),
        "IMAP_USER": user[0],
        "IMAP_PASSWORD": user[1],
        "IMAP_CA_FILE": str(dovecot.ca_cert_path),
    }
    done = run_example("count_inbox.py", env, "--debug")
    assert done.stdout == "I have 7 messages in my INBOX.\n"
    assert "C: A1 LOGIN" in done.stderr
    assert "S: * 7 EXISTS" in done.stderr
    assert user[1] not in done.stderr
