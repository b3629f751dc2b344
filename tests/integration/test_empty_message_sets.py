"""An empty message set (an empty search result) is a no-op: nothing sent, empty results."""

from __future__ import annotations

import logging

import pytest

from dovecot import WITHOUT_MOVE, DovecotServer
from helpers import messages
from imapclient_async import CapabilityError, Client, StateError
from imapclient_async.messages import CopyResult, ExpungeResult, StoreResult, UIDMapping
from imapclient_async.messageset import MessageSet
from imapclient_async.search import Query

NOTHING_COPIED = CopyResult(
    uid_validity=None,
    source_uids=MessageSet(),
    destination_uids=MessageSet(),
    mapping=UIDMapping(()),
)


def client(server: DovecotServer) -> Client:
    return Client(server.host, server.port, security="plain", timeout=10.0)


def sent_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The command lines the client wrote, tags cut off."""
    return [
        record.getMessage().split(" ", 2)[2]
        for record in caplog.records
        if record.name == "imapclient_async.wire" and record.getMessage().startswith("C: ")
    ]


async def test_empty_sets_send_nothing_and_return_empty_results(
    dovecot: DovecotServer, dovecot_user: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    dovecot.seed(dovecot_user[0], messages(2))
    async with client(dovecot) as imap:
        await imap.login(*dovecot_user)
        await imap.enable("CONDSTORE")
        await imap.select("INBOX")
        found = (await imap.search(Query.subject("no such subject"))).ids
        assert found == MessageSet()
        assert (await imap.search(Query.uid(found) | Query.uid(2))).ids == MessageSet(2)
        caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
        assert [message async for message in imap.fetch(found, ["FLAGS"])] == []
        assert await imap.fetch_all([], ["FLAGS"], uid=False) == []
        assert await imap.add_flags(found, "\\Seen") == StoreResult(flags={}, skipped=None)
        assert await imap.remove_flags(range(5, 5), "\\Seen") == StoreResult({}, None)
        assert await imap.set_flags((), [], silent=False) == StoreResult({}, None)
        conditional = await imap.store([], "\\Seen", unchanged_since=1)
        assert conditional == StoreResult(flags={}, skipped=MessageSet())
        # Nothing is copied, so not even a missing destination is an error.
        assert await imap.copy([], "No such mailbox") == NOTHING_COPIED
        assert await imap.move(found, "No such mailbox", uid=False) == NOTHING_COPIED
        assert await imap.expunge([]) == ExpungeResult(sequence_numbers=(), uids=None)
        assert sent_lines(caplog) == []
        # "1:*" is never empty: what it covers is for the server to say.
        assert len(await imap.fetch_all("1:*", ["FLAGS"])) == 2
        assert sent_lines(caplog) == ["UID FETCH 1:* (FLAGS UID)"]
        await imap.add_flags("1:*", "\\Deleted")
        await imap.unselect()
        await imap.enable("QRESYNC")
        await imap.select("INBOX")
        assert await imap.expunge(MessageSet()) == ExpungeResult(None, MessageSet())
        assert (await imap.expunge()).uids == MessageSet("1:2")


async def test_empty_sets_are_still_checked(
    dovecot: DovecotServer, dovecot_user: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    async with client(dovecot) as imap:
        await imap.login(*dovecot_user)
        caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
        with pytest.raises(StateError, match="no mailbox selected"):
            await imap.fetch_all([], ["FLAGS"])
        with pytest.raises(StateError, match="no mailbox selected"):
            await imap.add_flags([], "\\Seen")
        await imap.examine("INBOX")
        with pytest.raises(StateError, match="read-only"):
            await imap.add_flags([], "\\Seen")
        with pytest.raises(StateError, match="read-only"):
            await imap.expunge([])
        with pytest.raises(ValueError, match="not a fetch item"):
            imap.fetch([], ["FLAGS)"])
        with pytest.raises(ValueError, match="no flags"):
            await imap.add_flags([], [])
        with pytest.raises(CapabilityError, match="X-GM-EXT-1"):
            await imap.fetch_all([], ["X-GM-LABELS"])
        assert sent_lines(caplog) == ["EXAMINE INBOX"]


async def test_empty_move_without_move_sends_nothing(
    dovecot_user: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with DovecotServer(capabilities=WITHOUT_MOVE) as server:
        server.seed(dovecot_user[0], messages(1))
        async with client(server) as imap:
            await imap.login(*dovecot_user)
            await imap.select("INBOX")
            caplog.set_level(logging.DEBUG, logger="imapclient_async.wire")
            assert await imap.move([], "Archive") == NOTHING_COPIED
            assert sent_lines(caplog) == []


def test_an_empty_set_in_a_search_matches_nothing() -> None:
    assert str(Query.uid([])) == "NOT ALL"
    assert str(Query.messages(MessageSet()) | Query.unseen()) == "OR NOT ALL UNSEEN"
