"""STORE, COPY, MOVE, APPEND and EXPUNGE against a real Dovecot."""

from __future__ import annotations

import asyncio
import datetime
import email.message
import os
import time

import pytest

from dovecot import WITHOUT_MOVE, DovecotServer
from fakeserver import Peer, ScriptedServer
from helpers import example_environment, message, messages, run_example
from imapclient_async import CapabilityError, Client, ProtocolError, StateError
from imapclient_async.mailboxes import SelectResult
from imapclient_async.messages import AppendResult, CopyResult, StoreResult, UIDMapping
from imapclient_async.messageset import MessageSet
from imapserver import IMAPServer

# Dovecot without MOVE, UIDPLUS or LITERAL+.
_WITHOUT_MOVE_OR_UIDPLUS = " ".join(
    name for name in WITHOUT_MOVE.split() if name not in ("UIDPLUS", "LITERAL+")
)


def client(server: DovecotServer | ScriptedServer) -> Client:
    return Client(server.host, server.port, security="plain", timeout=10.0)


def flags_of(result: StoreResult) -> dict[int, set[str]]:
    """The result's flags without ``\\Recent``, which only says this session saw them first."""
    return {key: set(flags) - {"\\Recent"} for key, flags in result.flags.items()}


SEARCH_KEY = {"\\Draft": "DRAFT", "\\Deleted": "DELETED"}


def keeps_keywords(selected: SelectResult) -> bool:
    """Whether the server stores keywords (imap4d does not: no \\* in PERMANENTFLAGS)."""
    return selected.permanent_flags is not None and "\\*" in selected.permanent_flags


async def uids(imap: Client, criteria: str = "ALL") -> MessageSet:
    """The UIDs in the selected mailbox matching raw search ``criteria``."""
    return (await imap.search(criteria)).ids


IMAP4D_EXPUNGE_ORDER = (1, 1)

# -- STORE ----------------------------------------------------------------------------


async def test_store_add_remove_replace(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(3))
    async with client(server) as imap:
        await imap.login(*user)
        inbox = await imap.select("INBOX")
        label, other = "$Label", "$Other"
        if not keeps_keywords(inbox):  # imap4d
            with pytest.raises(ProtocolError, match="Unrecognized flag"):
                await imap.add_flags(1, label)
            label, other = "\\Draft", "\\Deleted"
        has_label, has_other = (
            SEARCH_KEY.get(label, f"KEYWORD {label}"),
            SEARCH_KEY.get(other, f"KEYWORD {other}"),
        )
        added = await imap.store([1, 2], ["\\Seen", label], silent=False)
        assert flags_of(added) == {1: {"\\Seen", label}, 2: {"\\Seen", label}}
        assert added.skipped is None
        removed = await imap.remove_flags(1, "\\Seen", silent=False)
        assert flags_of(removed) == {1: {label}}
        replaced = await imap.set_flags(3, ["\\Flagged", other], silent=False)
        assert flags_of(replaced) == {3: {"\\Flagged", other}}
        assert await uids(imap, "SEEN") == MessageSet(2)
        assert await uids(imap, has_label) == MessageSet("1:2")
        assert await uids(imap, f"FLAGGED {has_other}") == MessageSet(3)
        silent = await imap.set_flags(1, [])
        if server.name == "cyrus":
            # Cyrus reports the new flags although .SILENT asked it not to.
            assert silent.flags == {1: frozenset({"\\Recent"})}
        else:
            assert silent.flags == {}
        assert await uids(imap, has_label) == MessageSet(2)
        await imap.add_flags("1:*", "\\Answered")
        assert await uids(imap, "ANSWERED") == MessageSet("1:3")


async def test_store_by_sequence_number(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(3))
    async with client(server) as imap:
        await imap.login(*user)
        await imap.select("INBOX")
        result = await imap.add_flags("2:3", "\\Draft", uid=False, silent=False)
        assert flags_of(result) == {2: {"\\Draft"}, 3: {"\\Draft"}}
        assert await uids(imap, "DRAFT") == MessageSet("2:3")


async def test_store_unchanged_since_reports_skipped(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(2))
    async with client(server) as imap:
        await imap.login(*user)
        if "CONDSTORE" not in imap.capabilities:  # imap4d
            await imap.select("INBOX")
            with pytest.raises(CapabilityError, match="CONDSTORE"):
                await imap.add_flags(1, "\\Seen", unchanged_since=1)
            assert await uids(imap, "SEEN") == MessageSet()
            return
        await imap.enable("CONDSTORE")
        inbox = await imap.select("INBOX")
        assert inbox.highest_modseq is not None
        first = await imap.add_flags(1, "$First", unchanged_since=inbox.highest_modseq)
        assert first.skipped == MessageSet()
        # Message 1 changed after the old mod-sequence, message 2 did not.
        second = await imap.add_flags("1:2", "$Second", unchanged_since=inbox.highest_modseq)
        assert second.skipped == MessageSet(1)
        assert await uids(imap, "KEYWORD $Second") == MessageSet(2)


async def test_store_refuses_bad_input_and_read_only(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(1))
    async with client(server) as imap:
        await imap.login(*user)
        await imap.examine("INBOX")
        with pytest.raises(StateError, match="read-only"):
            await imap.add_flags(1, "\\Seen")
        with pytest.raises(StateError, match="read-only"):
            await imap.expunge()
        with pytest.raises(StateError, match="read-only"):
            await imap.move(1, "INBOX")
        await imap.select("INBOX")
        for flag in ("\\Recent", "two words", ""):
            with pytest.raises(ValueError, match=r"Recent|atom"):
                await imap.add_flags(1, flag)
        assert await uids(imap, "SEEN") == MessageSet()


# -- COPY / MOVE ------------------------------------------------------------------------


async def test_copy_reports_uidplus_mapping(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(4))
    async with client(server) as imap:
        await imap.login(*user)
        await imap.create("Archive")
        server.seed(user[0], messages(2), mailbox="Archive")
        assert (await imap.select("Archive")).exists == 2  # destination UIDs start at 3
        await imap.select("INBOX")
        result = await imap.copy([2, 4], "Archive")
        archive = await imap.select("Archive")
        assert archive.exists == 4
        if "UIDPLUS" not in imap.capabilities:  # imap4d: no COPYUID, so nothing to report
            assert result == CopyResult(None, None, None, None)
        else:
            assert result.source_uids == MessageSet("2,4")
            assert result.mapping == {2: 3, 4: 4}
            assert result.uid_validity == archive.uid_validity
            assert result.destination_uids == MessageSet("3:4")
        assert await uids(imap) == MessageSet("1:4")


async def test_copy_by_sequence_number_to_non_ascii_mailbox(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(3))
    async with client(server) as imap:
        await imap.login(*user)
        await imap.create("Ablage für Grüße")
        await imap.select("INBOX")
        result = await imap.copy("2:3", "Ablage für Grüße", uid=False)
        if "UIDPLUS" not in imap.capabilities:  # imap4d
            assert result == CopyResult(None, None, None, None)
        else:
            assert result.source_uids == MessageSet("2:3")
            assert result.mapping == UIDMapping([(2, 1, 2)])
        assert (await imap.status("Ablage für Grüße")).messages == 2


async def test_move_with_move_capability(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(4))
    async with client(server) as imap:
        await imap.login(*user)
        await imap.create("Archive")
        await imap.select("INBOX")
        if "MOVE" not in imap.capabilities:  # imap4d: neither MOVE nor UIDPLUS
            # Without UID EXPUNGE the fallback could expunge others' \Deleted mail.
            with pytest.raises(CapabilityError, match="UIDPLUS"):
                await imap.move("2:3", "Archive")
            assert await uids(imap) == MessageSet("1:4")
            assert await uids(imap, "DELETED") == MessageSet()
            assert (await imap.status("Archive")).messages == 0
            return
        result = await imap.move("2:3", "Archive")
        assert result.mapping == {2: 1, 3: 2}
        assert imap.selected is not None and imap.selected.exists == 2
        assert await uids(imap) == MessageSet("1,4")
        archive = await imap.select("Archive")
        assert result.uid_validity == archive.uid_validity
        assert await uids(imap) == result.destination_uids == MessageSet("1:2")


async def test_move_without_move_spares_others_deleted_messages(
    dovecot_user: tuple[str, str],
) -> None:
    with DovecotServer(capabilities=WITHOUT_MOVE) as server:
        server.seed(dovecot_user[0], messages(5))
        async with client(server) as imap, client(server) as someone_else:
            await imap.login(*dovecot_user)
            assert "MOVE" not in imap.capabilities
            await someone_else.login(*dovecot_user)
            await someone_else.select("INBOX")
            await someone_else.add_flags(5, "\\Deleted")
            await imap.create("Archive")
            await imap.select("INBOX")
            result = await imap.move("1:2", "Archive")
            assert result.source_uids == MessageSet("1:2")
            assert result.mapping == {1: 1, 2: 2}
            # Message 5 was flagged \Deleted by someone else and must survive.
            assert await uids(imap) == MessageSet("3:5")
            assert await uids(imap, "DELETED") == MessageSet(5)
            # By sequence number: message 1 is now UID 3.
            by_seq = await imap.move(1, "Archive", uid=False)
            assert by_seq.source_uids == MessageSet(3)
            assert await uids(imap) == MessageSet("4:5")
            await imap.select("Archive")
            assert await uids(imap) == MessageSet("1:3")
            assert await uids(imap, "DELETED") == MessageSet()


async def test_move_without_move_or_uidplus_is_refused(dovecot_user: tuple[str, str]) -> None:
    with DovecotServer(capabilities=_WITHOUT_MOVE_OR_UIDPLUS) as server:
        server.seed(dovecot_user[0], messages(2))
        async with client(server) as imap:
            await imap.login(*dovecot_user)
            await imap.create("Archive")
            await imap.select("INBOX")
            with pytest.raises(CapabilityError, match="UIDPLUS"):
                await imap.move(1, "Archive")
            with pytest.raises(CapabilityError, match="UIDPLUS"):
                await imap.expunge([1])
            assert await uids(imap) == MessageSet("1:2")
            assert await uids(imap, "DELETED") == MessageSet()
            assert (await imap.status("Archive")).messages == 0
            # A synchronizing literal (no LITERAL+) carries the APPEND.
            await imap.append("Archive", message("synchronized"))
            assert (await imap.status("Archive")).messages == 1


async def test_move_without_move_keeps_originals_when_copyuid_is_missing() -> None:
    # Dovecot always sends COPYUID; a server may not (RFC 4315 UIDNOTSTICKY).
    async def script(peer: Peer) -> None:
        await peer.send(b"* OK [CAPABILITY IMAP4rev1 UIDPLUS] ready\r\n")
        tag, _ = await peer.command("LOGIN")
        await peer.send(tag.encode() + b" OK [CAPABILITY IMAP4rev1 UIDPLUS] done\r\n")
        tag, _ = await peer.command("SELECT")
        await peer.send(b"* 3 EXISTS\r\n" + tag.encode() + b" OK [READ-WRITE] done\r\n")
        tag, rest = await peer.command("UID COPY")
        assert rest == b"1:3 Archive"
        await peer.send(tag.encode() + b" OK Copy completed\r\n")
        # Nothing may follow but LOGOUT: no STORE, no EXPUNGE.
        tag, _ = await peer.command("LOGOUT")
        await peer.send(b"* BYE bye\r\n" + tag.encode() + b" OK done\r\n")
        assert await peer.read_until_eof() == b""

    async with ScriptedServer(script) as server, client(server) as imap:
        await imap.login("bob", "pw")
        await imap.select("INBOX")
        with pytest.raises(ProtocolError, match="COPYUID"):
            await imap.move("1:3", "Archive")


# -- APPEND ------------------------------------------------------------------------------


async def test_append_bytes_with_flags_and_date(server: IMAPServer, user: tuple[str, str]) -> None:
    async with client(server) as imap:
        await imap.login(*user)
        when = datetime.datetime(
            2026, 3, 4, 5, 6, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
        )
        # imap4d keeps no keywords and answers BAD to one.
        keyword, key = (
            ("\\Flagged", "FLAGGED") if server.name == "imap4d" else ("$Sent", "KEYWORD $Sent")
        )
        first = await imap.append("INBOX", message("one"), flags=["\\Seen", keyword], date=when)
        second = await imap.append("INBOX", message("two"))
        inbox = await imap.select("INBOX")
        assert inbox.exists == 2
        if "UIDPLUS" in imap.capabilities:
            assert first.uid == 1 and second.uid == 2
            assert first.uid_validity == inbox.uid_validity
        else:  # imap4d: no APPENDUID
            assert first == second == AppendResult(None, None)
        if server.name == "imap4d":
            # imap4d ignores APPEND's flags and date (INTERNALDATE is the Date header's).
            assert await uids(imap, "SEEN") == MessageSet()
            assert await uids(imap, "ON 4-Mar-2026") == MessageSet()
            assert await uids(imap, "UNSEEN") == await uids(imap)
            return
        assert await uids(imap, f"SEEN {key}") == MessageSet(1)
        assert await uids(imap, "ON 4-Mar-2026") == MessageSet(1)
        assert await uids(imap, "UNSEEN") == MessageSet(2)


async def test_append_email_message_and_large_message_to_non_ascii_mailbox(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    draft = email.message.EmailMessage()
    draft["From"] = "Jörg <joerg@example.org>"
    draft["Subject"] = "Entwurf"
    draft.set_content("Hallo,\nwie geht's?\n")
    large = message("large", ("y" * 76 + "\r\n") * 30000)  # about 2.3 MB
    async with client(server) as imap:
        await imap.login(*user)
        await imap.create("Entwürfe")
        result = await imap.append("Entwürfe", draft, flags="\\Draft")
        await imap.append("Entwürfe", large)
        status = await imap.status("Entwürfe")
        assert status.messages == 2
        if "UIDPLUS" in imap.capabilities:
            assert result.uid == 1 and result.uid_validity == status.uid_validity
        else:  # imap4d
            assert result == AppendResult(None, None)
        await imap.select("Entwürfe")
        # imap4d ignores APPEND's flags.
        drafts = MessageSet() if server.name == "imap4d" else MessageSet(1)
        assert await uids(imap, "DRAFT SUBJECT Entwurf") == drafts
        if server.name == "imap4d":
            # imap4d renumbers mail appended to a mailbox no session had selected yet
            # (see Imap4dServer), so ask by sequence number.
            assert (await imap.search("LARGER 2000000", uid=False)).ids == MessageSet(2)
        else:
            assert await uids(imap, "LARGER 2000000") == MessageSet(2)


# -- EXPUNGE ---------------------------------------------------------------------------


async def test_expunge_all_and_by_uid(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(5))
    async with client(server) as imap:
        await imap.login(*user)
        await imap.select("INBOX")
        await imap.add_flags([1, 2, 4], "\\Deleted")
        if "UIDPLUS" in imap.capabilities:
            by_uid = await imap.expunge([4, 5])
            assert by_uid.sequence_numbers == (4,)
            assert by_uid.uids is None
            assert await uids(imap) == MessageSet("1:3,5")
            everything = await imap.expunge()
            # Dovecot goes from the highest number down; others go up: (1, 1).
            expected = {"dovecot": (2, 1), "cyrus": (1, 1)}[server.name]
            assert everything.sequence_numbers == expected
            assert await uids(imap) == MessageSet("3,5")
        else:  # imap4d: no UID EXPUNGE, so only expunging every \Deleted message
            with pytest.raises(CapabilityError, match="UIDPLUS"):
                await imap.expunge([4, 5])
            await imap.remove_flags(4, "\\Deleted")
            everything = await imap.expunge()
            assert everything.sequence_numbers == IMAP4D_EXPUNGE_ORDER
            assert await uids(imap) == MessageSet("3:5")
            await imap.add_flags(4, "\\Deleted")
            assert (await imap.expunge()).sequence_numbers == (2,)
        assert imap.selected is not None and imap.selected.exists == 2
        assert (await imap.expunge()).sequence_numbers == ()


async def test_expunge_with_qresync_reports_vanished_uids(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(6))
    async with client(server) as imap:
        await imap.login(*user)
        if "QRESYNC" not in imap.capabilities:  # imap4d: no ENABLE, no QRESYNC
            with pytest.raises(CapabilityError, match="ENABLE"):
                await imap.enable("QRESYNC")
            return
        assert "QRESYNC" in await imap.enable("QRESYNC")
        await imap.select("INBOX")
        await imap.add_flags("2:3,5", "\\Deleted")
        by_uid = await imap.expunge([5])
        assert by_uid == type(by_uid)(sequence_numbers=None, uids=MessageSet(5))
        everything = await imap.expunge()
        assert everything.uids == MessageSet("2:3")
        assert everything.sequence_numbers is None
        assert await uids(imap) == MessageSet("1,4,6")


# -- the example -------------------------------------------------------------------------


def test_archive_old_mail_example(dovecot: DovecotServer, dovecot_user: tuple[str, str]) -> None:
    dovecot.seed(dovecot_user[0], messages(3))
    # Maildir's internal date is the file's mtime: make two messages 40 days old.
    old = time.time() - 40 * 86400
    inbox = dovecot.maildir(dovecot_user[0])
    seeded = sorted(path for folder in ("cur", "new") for path in (inbox / folder).iterdir())
    for path in seeded[:2]:
        os.utime(path, (old, old))
    env = example_environment(dovecot, dovecot_user)
    for expected_output in ("moved 2 messages", "moved 0 messages"):
        done = run_example("archive_old_mail.py", env, "--days", "30")
        assert done.stdout.startswith(expected_output), done.stdout
    asyncio.run(_check_archived(dovecot, dovecot_user))


async def _check_archived(dovecot: DovecotServer, user: tuple[str, str]) -> None:
    async with client(dovecot) as imap:
        await imap.login(*user)
        assert (await imap.status("INBOX")).messages == 1
        assert (await imap.status("Archive")).messages == 2
