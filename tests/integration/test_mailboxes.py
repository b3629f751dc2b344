"""The mailbox commands against a real Dovecot: LIST, STATUS, RENAME, (UN)SUBSCRIBE,
NAMESPACE, UNSELECT, CLOSE, CHECK, and SELECT with CONDSTORE and QRESYNC."""

from __future__ import annotations

import os

import pytest

from dovecot import DovecotServer
from helpers import SPECIAL_USE_CONFIG, example_environment, message, messages, run_example
from imapclient_async import CapabilityError, Client, ClientState, CommandError, StateError
from imapclient_async.mailboxes import MailboxStatus, Namespace, QResync
from imapclient_async.messageset import MessageSet
from imapserver import IMAPServer

# Capabilities of a server without LIST-EXTENDED, LIST-STATUS, UNSELECT or CONDSTORE.
BARE_CAPABILITIES = "IMAP4rev1 LITERAL+ NAMESPACE"


def client(server: DovecotServer) -> Client:
    return Client(server.host, server.port, security="plain")


def set_maildir_flags(server: DovecotServer, user: str, index: int, flags: str) -> None:
    """Give the index-th message (in delivery order) these maildir flags, e.g. ``"T"``."""
    cur = server.maildir(user) / "cur"
    name = sorted(os.listdir(cur))[index]
    base = name.rsplit(":2,", 1)[0]
    os.rename(cur / name, cur / f"{base}:2,{flags}")


async def test_create_list_rename_delete_non_ascii(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    d = server.delimiter  # "." in Dovecot, "/" in Cyrus and imap4d
    # Cyrus refuses '"' in mailbox names (see test_non_ascii_mailbox_names).
    tom = "Tom & Jerry" if server.name == "cyrus" else 'Tom & "Jerry"'
    async with client(server) as imap:
        await imap.login(*user)
        await imap.create("Entwürfe")
        await imap.create(f"Entwürfe{d}日本語")
        await imap.create(tom)
        listed = {mailbox.name: mailbox for mailbox in await imap.list()}
        assert set(listed) == {"INBOX", "Entwürfe", f"Entwürfe{d}日本語", tom}
        assert listed["Entwürfe"].raw_name == b"Entw&APw-rfe"
        assert listed[f"Entwürfe{d}日本語"].raw_name == f"Entw&APw-rfe{d}&ZeVnLIqe-".encode()
        assert listed[tom].raw_name == tom.replace("&", "&-").encode()
        assert listed["Entwürfe"].delimiter == d
        if "CHILDREN" in imap.capabilities:  # not in imap4d
            assert "\\HasChildren" in listed["Entwürfe"].flags
            assert "\\HasNoChildren" in listed[f"Entwürfe{d}日本語"].flags
        assert all(mailbox.status is None for mailbox in listed.values())

        top = [mailbox.name for mailbox in await imap.list("", "%")]
        assert sorted(top) == sorted(["INBOX", "Entwürfe", tom])
        children = await imap.list(f"Entwürfe{d}", "%")
        assert [mailbox.name for mailbox in children] == [f"Entwürfe{d}日本語"]

        await imap.rename("Entwürfe", "Brouillons été")
        names = {mailbox.name for mailbox in await imap.list()}
        assert names == {"INBOX", "Brouillons été", f"Brouillons été{d}日本語", tom}
        with pytest.raises(CommandError) as caught:
            await imap.rename("Entwürfe", "Anything")
        assert caught.value.command == "RENAME"

        await imap.delete(f"Brouillons été{d}日本語")
        await imap.delete("Brouillons été")
        await imap.delete(tom)
        assert [mailbox.name for mailbox in await imap.list()] == ["INBOX"]


async def test_subscribe_and_unsubscribe(server: IMAPServer, user: tuple[str, str]) -> None:
    listes = f"Listes{server.delimiter}café"
    async with client(server) as imap:
        await imap.login(*user)
        await imap.create(listes)
        await imap.create("Other")
        # Cyrus subscribes a new user's INBOX when it creates it.
        initially = ["INBOX"] if server.name == "cyrus" else []
        assert [box.name for box in await imap.list(subscribed_only=True)] == initially
        await imap.subscribe(listes)
        await imap.subscribe("INBOX")
        subscribed = await imap.list(subscribed_only=True)
        assert {mailbox.name for mailbox in subscribed} == {"INBOX", listes}
        if "LIST-EXTENDED" in imap.capabilities:  # else LSUB, whose replies need not say so
            assert all("\\Subscribed" in mailbox.flags for mailbox in subscribed)

        await imap.delete(listes)
        gone = {mailbox.name: mailbox for mailbox in await imap.list(subscribed_only=True)}
        # Still subscribed, but \NonExistent; imap4d's LSUB does not say so.
        assert gone[listes].selectable is (server.name == "imap4d")

        await imap.unsubscribe(listes)
        assert [mailbox.name for mailbox in await imap.list(subscribed_only=True)] == ["INBOX"]


def seed_for_counts(server: DovecotServer, user: str) -> None:
    server.seed(user, messages(2), seen=True)
    server.seed(user, messages(3))
    server.seed(user, messages(4), mailbox="&AMk-t&AOk-")  # "Été"
    server.seed(user, messages(1), mailbox="&AMk-t&AOk-.Sub", seen=True)


EXPECTED_COUNTS = {
    "INBOX": (5, 3),
    "Été": (4, 4),
    "Été.Sub": (1, 0),
    "Empty": (0, 0),
}


async def list_counts(
    server: DovecotServer, user: tuple[str, str], *, list_status: bool
) -> dict[str, object]:
    async with client(server) as imap:
        await imap.login(*user)
        assert ("LIST-STATUS" in imap.capabilities) is list_status
        await imap.create("Empty")
        listed = await imap.list(status=("messages", "UNSEEN"))
        await imap.logout()
    return {
        mailbox.name: None
        if mailbox.status is None
        else (mailbox.status.messages, mailbox.status.unseen)
        for mailbox in listed
    }


async def test_list_with_status_with_and_without_list_status(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    seed_for_counts(dovecot, dovecot_user[0])
    assert await list_counts(dovecot, dovecot_user, list_status=True) == EXPECTED_COUNTS
    with DovecotServer(capabilities=BARE_CAPABILITIES, tls=False) as bare:
        other = bare.new_user()
        seed_for_counts(bare, other[0])
        assert await list_counts(bare, other, list_status=False) == EXPECTED_COUNTS


async def test_list_status_skips_noselect_parents(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    # A child without its parent folder makes the parent \Noselect.
    child = f"Parent{server.delimiter}Child"
    server.seed(user[0], messages(2), mailbox=child)
    async with client(server) as imap:
        await imap.login(*user)
        # Without LIST-STATUS (imap4d) the client asks STATUS of each selectable one.
        assert ("LIST-STATUS" in imap.capabilities) is (server.name != "imap4d")
        listed = {mailbox.name: mailbox for mailbox in await imap.list(status=("MESSAGES",))}
        if server.name == "cyrus":
            # Cyrus creates the missing parent as an ordinary, empty mailbox.
            assert listed["Parent"].selectable
            assert listed["Parent"].status == MailboxStatus("Parent", messages=0)
        else:
            assert not listed["Parent"].selectable
            assert listed["Parent"].status is None
        assert listed[child].status == MailboxStatus(child, messages=2)


async def test_bare_server_fallbacks() -> None:
    with DovecotServer(capabilities=BARE_CAPABILITIES, tls=False) as bare:
        user = bare.new_user()
        bare.seed(user[0], messages(1))
        async with client(bare) as imap:
            await imap.login(*user)
            assert "LIST-EXTENDED" not in imap.capabilities
            await imap.create("Lists")
            await imap.create("Unsubscribed")
            await imap.subscribe("Lists")
            subscribed = await imap.list(subscribed_only=True, status=("MESSAGES",))  # LSUB
            assert [(box.name, box.status) for box in subscribed] == [
                ("Lists", MailboxStatus("Lists", messages=0))
            ]
            await imap.select("INBOX")
            with pytest.raises(CapabilityError, match="UNSELECT"):
                await imap.unselect()
            assert imap.state is ClientState.SELECTED
            with pytest.raises(CapabilityError, match="CONDSTORE"):
                await imap.select("INBOX", condstore=True)
            assert imap.selected is not None


async def test_status(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], [message("seen")], seen=True)
    server.seed(user[0], messages(2))
    async with client(server) as imap:
        await imap.login(*user)
        if server.name == "imap4d":
            # imap4d keeps the UIDs it gives newly delivered mail only once a session
            # selects the mailbox read-write; until then each look hands out new ones.
            await imap.select("INBOX")
        inbox = await imap.examine("INBOX")
        await imap.unselect()
        status = await imap.status("inbox")
        assert status == MailboxStatus(
            mailbox="INBOX",
            messages=3,
            uid_next=inbox.uid_next,
            uid_validity=inbox.uid_validity,
            unseen=2,
        )
        items = ["MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN"]
        # Only what the server offers (imap4d has neither): it answers BAD to others.
        condstore, size = "CONDSTORE" in imap.capabilities, "STATUS=SIZE" in imap.capabilities
        items += ["HIGHESTMODSEQ"] * condstore + ["SIZE"] * size
        every = await imap.status("INBOX", items)
        assert every.messages == 3
        assert every.recent is not None
        if condstore:
            assert every.highest_modseq is not None and every.highest_modseq > 0
        if size:
            assert every.size is not None and every.size > 0
        await imap.create("Ünïcödé")
        assert await imap.status("Ünïcödé", ("MESSAGES",)) == MailboxStatus("Ünïcödé", messages=0)
        with pytest.raises(CommandError) as caught:
            await imap.status("Missing")
        assert caught.value.command == "STATUS"
        with pytest.raises(ValueError, match="unknown STATUS item"):
            await imap.status("INBOX", ("MESSAGES", "BOGUS"))


async def test_special_use() -> None:
    with DovecotServer(tls=False, extra_config=SPECIAL_USE_CONFIG) as server:
        user = server.new_user()
        async with client(server) as imap:
            await imap.login(*user)
            roles = {mailbox.name: mailbox.special_use for mailbox in await imap.list()}
            assert roles == {
                "INBOX": None,
                "Sent": "\\Sent",
                "Trash": "\\Trash",
                "Alle Nachrichten": "\\All",
            }
            subscribed = await imap.list(subscribed_only=True)
            assert [mailbox.name for mailbox in subscribed] == ["Alle Nachrichten"]
            assert subscribed[0].special_use == "\\All"
            # An extended LIST (Dovecot: with RETURN options) keeps the roles too.
            counted = await imap.list(status=("MESSAGES",))
            assert {mailbox.name: mailbox.special_use for mailbox in counted} == roles


async def test_namespace(server: IMAPServer, user: tuple[str, str]) -> None:
    async with client(server) as imap:
        await imap.login(*user)
        namespaces = await imap.namespace()
        assert namespaces.personal == (Namespace("", server.delimiter),)
        if server.name == "cyrus":  # altnamespace: yes
            assert namespaces.other == (Namespace("Other Users/", "/"),)
            assert namespaces.shared == (Namespace("Shared Folders/", "/"),)
        else:
            assert namespaces.other == ()
            assert namespaces.shared == ()


async def test_unselect_keeps_deleted_and_close_expunges(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    dovecot.seed(dovecot_user[0], messages(3))
    set_maildir_flags(dovecot, dovecot_user[0], 1, "T")
    async with client(dovecot) as imap:
        await imap.login(*dovecot_user)
        with pytest.raises(StateError):
            await imap.unselect()
        with pytest.raises(StateError):
            await imap.unselect_and_expunge()
        with pytest.raises(StateError):
            await imap.check()

        assert (await imap.select("INBOX")).exists == 3
        await imap.check()
        await imap.unselect()
        assert imap.state is ClientState.AUTHENTICATED
        assert imap.selected is None

        assert (await imap.examine("INBOX")).exists == 3
        await imap.unselect_and_expunge()  # read-only: nothing is expunged
        assert imap.state is ClientState.AUTHENTICATED
        assert (await imap.status("INBOX", ("MESSAGES",))).messages == 3

        assert (await imap.select("INBOX")).exists == 3
        await imap.unselect_and_expunge()
        assert imap.state is ClientState.AUTHENTICATED
        assert imap.selected is None
        assert (await imap.select("INBOX")).exists == 2


async def test_condstore_select(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(2))
    async with client(server) as imap:
        await imap.login(*user)
        if "CONDSTORE" not in imap.capabilities:  # imap4d
            with pytest.raises(CapabilityError, match="CONDSTORE"):
                await imap.select("INBOX", condstore=True)
            assert imap.selected is None
            return
        selected = await imap.select("INBOX", condstore=True)
        assert selected.highest_modseq is not None and selected.highest_modseq > 0
        assert imap.selected == selected
        examined = await imap.select("INBOX", readonly=True, condstore=True)
        assert examined.read_only
        assert examined.highest_modseq == selected.highest_modseq


async def test_qresync_select_reports_vanished(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    dovecot.seed(dovecot_user[0], messages(5))
    async with client(dovecot) as imap:
        await imap.login(*dovecot_user)
        before = await imap.select("INBOX", condstore=True)
        assert before.uid_validity is not None and before.highest_modseq is not None
        await imap.logout()

    cur = dovecot.maildir(dovecot_user[0]) / "cur"
    files = sorted(os.listdir(cur))
    for index in (1, 2):  # UIDs 2 and 3
        os.remove(cur / files[index])

    saved = QResync(before.uid_validity, before.highest_modseq, known_uids="1:5")
    async with client(dovecot) as imap:
        await imap.login(*dovecot_user)
        with pytest.raises(StateError, match="enable"):
            await imap.select("INBOX", qresync=saved)
        await imap.enable("QRESYNC")
        after = await imap.select("INBOX", qresync=saved)
        assert after.exists == 3
        assert after.highest_modseq is not None and after.highest_modseq > before.highest_modseq
        assert after.vanished == MessageSet("2:3")
        assert before.vanished is None


def test_list_folders_example(dovecot: DovecotServer, dovecot_user: tuple[str, str]) -> None:
    # Dovecot only: the example's demo folders are for the demo Dovecot ("." as the
    # delimiter, and ALREADYEXISTS for a folder that is there already).
    user = dovecot_user
    dovecot.seed(user[0], messages(3))
    dovecot.seed(user[0], messages(1), seen=True)
    env = example_environment(dovecot, user)
    for _ in range(2):  # the second run finds the demo folders already there
        done = run_example("list_folders.py", env, "--create-demo-folders")
        lines = sorted(" ".join(line.split()) for line in done.stdout.splitlines())
        assert lines == [
            "Archive 0 messages, 0 unread",
            "Archive.2026 0 messages, 0 unread",
            "Entwürfe 0 messages, 0 unread",
            "INBOX 4 messages, 3 unread",
        ]
