"""Nothing lost or duplicated: APPENDs cut off mid-way, retried with ``dedup=True``, and
MOVE without the MOVE capability, against real servers.

A small proxy between client and server cuts the connection at the exact point
a test needs: after the server answered the APPEND (it stored the message, the
client never hears), or before the server had the whole literal (it stored
nothing, and the client cannot tell).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import uuid
from collections.abc import Iterator
from types import TracebackType

import pytest

from conftest import SERVERS
from cyrus import CyrusServer
from cyrus import ensure_installed as ensure_cyrus
from dovecot import WITHOUT_MOVE, DovecotServer
from dovecot import ensure_installed as ensure_dovecot
from helpers import messages
from imap4d import Imap4dServer
from imap4d import ensure_installed as ensure_imap4d
from imapclient_async import AppendOutcomeUnknownError, Client
from imapclient_async.messageset import MessageSet
from imapserver import IMAPServer


@pytest.fixture(scope="module", params=SERVERS)
def server(request: pytest.FixtureRequest) -> Iterator[IMAPServer]:
    """A server of this module's own, for each kind in turn.

    These tests cut APPENDs mid-way and race them on purpose. After they ran
    against the shared Cyrus, later tests found stray copies of other
    accounts' messages in brand-new accounts (Cyrus 3.6), so they get
    instances nobody else uses.
    """
    own: DovecotServer | CyrusServer | Imap4dServer
    if request.param == "dovecot":
        ensure_dovecot()
        own = DovecotServer()
    elif request.param == "cyrus":
        ensure_cyrus()
        own = CyrusServer()
    else:
        ensure_imap4d()
        own = Imap4dServer()
    with own:
        yield own


_TAGGED = re.compile(rb"(?m)^[A-Za-z0-9]+ (?:OK|NO|BAD)\b")


def client(server: IMAPServer | CuttingProxy | DovecotServer) -> Client:
    return Client(server.host, server.port, security="plain", timeout=10.0)


def letter(message_id: str | None = None) -> tuple[str, bytes, bytes]:
    """(Message-ID, the message, its last line): a message whose end a proxy can find."""
    message_id = message_id or f"<{uuid.uuid4().hex}@example.org>"
    last_line = f"end of {uuid.uuid4().hex}\r\n".encode()
    data = (
        f"From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\n"
        f"Subject: once\r\nMessage-ID: {message_id}\r\n\r\nHello.\r\n"
    ).encode() + last_line
    return message_id, data, last_line


async def copies(imap: Client, message_id: str) -> list[int]:
    """UIDs of the selected mailbox's undeleted messages whose Message-ID is exactly this."""
    assert imap.selected is not None
    # Afresh: imap4d shows a session no more than the first message stored after SELECT.
    await imap.select(imap.selected.mailbox)
    found = await imap.search("UNDELETED")
    if not found.ids:
        return []
    header = f"\r\nMessage-ID: {message_id}\r\n".encode()
    return sorted(
        message.uid
        for message in await imap.fetch_all(found.ids, ["BODY.PEEK[HEADER]"])
        if message.uid is not None and header in (b"\r\n" + (message.sections["HEADER"] or b""))
    )


class CuttingProxy:
    """Forwards one client connection to ``server`` and cuts it at the end of a message.

    ``answered=True``: everything reaches the server; its reply to the command
    that carried ``last_line`` is swallowed, then the client's connection is
    reset. ``answered=False``: ``last_line`` and all after it are withheld,
    then both connections are reset.
    """

    def __init__(self, server: IMAPServer, last_line: bytes, *, answered: bool) -> None:
        self._server = server
        self._last_line = last_line
        self._answered = answered
        self._listener: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.host = server.host
        self.port = 0
        self.cut = asyncio.Event()

    async def __aenter__(self) -> CuttingProxy:
        self._listener = await asyncio.start_server(self._handle, self.host, 0)
        self.port = self._listener.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._listener is not None
        self._listener.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        up_reader, up_writer = await asyncio.open_connection(self._server.host, self._server.port)
        cutting = asyncio.Event()
        downstream = asyncio.create_task(self._down(up_reader, writer, cutting))
        try:
            seen = b""
            while data := await reader.read(65536):
                seen += data
                at = seen.find(self._last_line)
                if at < 0:
                    up_writer.write(data)
                    await up_writer.drain()
                    continue
                if self._answered:
                    up_writer.write(data)
                    cutting.set()
                    await downstream  # until the server answered
                else:
                    up_writer.write(data[: len(data) - (len(seen) - at)])
                    await up_writer.drain()
                break
        finally:
            downstream.cancel()
            writer.transport.abort()
            up_writer.transport.abort()
            self.cut.set()

    @staticmethod
    async def _down(
        up_reader: asyncio.StreamReader, writer: asyncio.StreamWriter, cutting: asyncio.Event
    ) -> None:
        swallowed = b""
        while data := await up_reader.read(65536):
            if not cutting.is_set():
                writer.write(data)
                await writer.drain()
                continue
            swallowed += data
            if _TAGGED.search(swallowed):
                return


async def append_cut(
    server: IMAPServer, user: tuple[str, str], data: bytes, last_line: bytes, *, answered: bool
) -> None:
    """APPEND ``data`` through a proxy that cuts it (see CuttingProxy); the outcome is unknown."""
    async with CuttingProxy(server, last_line, answered=answered) as proxy:
        imap = client(proxy)
        await imap.connect()
        await imap.login(*user)
        with pytest.raises(AppendOutcomeUnknownError):
            await imap.append("INBOX", data)
        await imap.close()


async def test_append_cut_after_the_server_stored_it_is_not_stored_twice(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    message_id, data, last_line = letter()
    await append_cut(server, user, data, last_line, answered=True)
    async with client(server) as imap:
        await imap.login(*user)
        await imap.select("INBOX")
        assert len(await copies(imap, message_id)) == 1  # the server had stored it
        retried = await imap.append("INBOX", data, dedup=True)
        assert retried.already_present
        assert await copies(imap, message_id) == [retried.uid]
        assert imap.selected is not None
        assert retried.uid_validity == imap.selected.uid_validity
        fetched = await imap.fetch_all(retried.uid, ["BODY.PEEK[]"])
        assert fetched[0].sections[""] == data


async def test_append_cut_before_the_server_had_it_all_is_stored_once(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    message_id, data, last_line = letter()
    # The client writes it all; only the proxy knows the server did not get it.
    await append_cut(server, user, data, last_line, answered=False)
    async with client(server) as imap:
        await imap.login(*user)
        await imap.select("INBOX")
        assert await copies(imap, message_id) == []
        retried = await imap.append("INBOX", data, dedup=True)
        assert not retried.already_present
        assert len(await copies(imap, message_id)) == 1
        again = await imap.append("INBOX", data, dedup=True)  # and once more: still one
        assert again.already_present
        assert len(await copies(imap, message_id)) == 1
        if retried.uid is not None:  # UIDPLUS
            assert again.uid == retried.uid


async def test_dedup_matches_the_exact_message_id_only(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    message_id, data, _ = letter()
    bare = message_id[1:-1]
    async with client(server) as imap:
        await imap.login(*user)
        await imap.select("INBOX")
        # SEARCH HEADER matches these too (a substring, any case); they are others.
        for lookalike in (f"<x{bare}>", message_id.upper(), f"<{bare}.x>"):
            await imap.append("INBOX", letter(lookalike)[1])
        # A copy flagged \Deleted is on its way out: it does not count.
        deleted = await imap.append("INBOX", data)
        await imap.select("INBOX")  # for imap4d, as in copies()
        uid = deleted.uid or (await imap.search("ALL")).ids.ranges[-1][1]
        await imap.add_flags(uid, "\\Deleted")
        first = await imap.append("INBOX", data, dedup=True)
        assert not first.already_present
        assert len(await copies(imap, message_id)) == 1
        second = await imap.append("INBOX", data, dedup=True)
        assert second.already_present
        assert await copies(imap, message_id) == [second.uid]
        assert imap.selected is not None
        assert imap.selected.exists == 5  # three lookalikes, the deleted one, one copy


async def test_dedup_needs_the_destination_selected_and_a_message_id(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    from imapclient_async import StateError  # noqa: PLC0415

    _, data, _ = letter()
    async with client(server) as imap:
        await imap.login(*user)
        await imap.create("Other")
        with pytest.raises(StateError, match="select"):
            await imap.append("INBOX", data, dedup=True)
        await imap.select("Other")
        with pytest.raises(StateError, match="select"):
            await imap.append("INBOX", data, dedup=True)
        with pytest.raises(ValueError, match="Message-ID"):
            await imap.append("Other", b"Subject: no id\r\n\r\nHi\r\n", dedup=True)
        assert (await imap.status("INBOX")).messages == 0
        assert imap.selected is not None and imap.selected.exists == 0


async def test_racing_dedup_appends_leave_one_copy(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    racers = 6
    message_id, data, _ = letter()
    # INBOX exists before the race: imap4d may answer NO [TRYCREATE] to an APPEND
    # that races another creating a missing INBOX, which is not the race tested here.
    server.seed(user[0], messages(1))
    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(client(server)) for _ in range(racers)]
        await asyncio.gather(*(imap.login(*user) for imap in clients))
        await asyncio.gather(*(imap.select("INBOX") for imap in clients))
        results = await asyncio.gather(
            *(imap.append("INBOX", data, dedup=True) for imap in clients)
        )
        survivors = await copies(clients[0], message_id)
        if "UIDPLUS" not in clients[0].capabilities:  # imap4d
            # Only the search before appending is made (as documented): racing
            # calls may each append, but none reports a copy that is not there.
            assert 1 <= len(survivors) <= racers
            assert {r.uid for r in results if r.already_present} <= set(survivors)
            return
        assert len(survivors) == 1
        # Every caller reports the copy that stayed.
        assert {result.uid for result in results} == set(survivors)
        assert sum(not result.already_present for result in results) >= 1


# -- MOVE without the MOVE capability -------------------------------------------------------


async def test_move_fallback_spares_messages_flagged_deleted_by_another_client_mid_move(
    dovecot_user: tuple[str, str],
) -> None:
    with DovecotServer(capabilities=WITHOUT_MOVE) as server:
        server.seed(dovecot_user[0], messages(4))
        async with client(server) as imap, client(server) as someone_else:
            await imap.login(*dovecot_user)
            assert "MOVE" not in imap.capabilities
            await someone_else.login(*dovecot_user)
            await someone_else.select("INBOX")
            await someone_else.add_flags(4, "\\Deleted")  # before the move
            await imap.create("Archive")
            await imap.select("INBOX")

            # Between the COPY and the STORE \Deleted of the fallback, the other
            # client flags a message of its own and one that is not being moved.
            store = imap.store
            interleaved = 0

            async def store_after_someone_else(*args: object, **kwargs: object) -> object:
                nonlocal interleaved
                interleaved += 1
                arrived = await someone_else.append("INBOX", letter()[1], flags=["\\Deleted"])
                assert arrived.uid == 5
                await someone_else.add_flags(3, "\\Deleted")
                return await store(*args, **kwargs)  # type: ignore[arg-type]

            imap.store = store_after_someone_else  # type: ignore[method-assign]
            result = await imap.move("1:2", "Archive")
            assert interleaved == 1
            assert result.source_uids == MessageSet("1:2")
            # The others' \Deleted messages are all still there.
            assert (await imap.search("ALL")).ids == MessageSet("3:5")
            assert (await imap.search("DELETED")).ids == MessageSet("3:5")
            await someone_else.noop()
            assert (await someone_else.search("ALL")).ids == MessageSet("3:5")
            archive = await imap.status("Archive")
            assert archive.messages == 2
