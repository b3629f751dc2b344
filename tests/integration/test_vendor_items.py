"""Newer FETCH items (PREVIEW, SAVEDATE, OBJECTID) and mailboxes addressed by their raw bytes.

Each item is asked of every server: where the server offers its extension the
typed field must be filled; where it does not, the call must fail with
CapabilityError before anything is sent, and the session must go on.
"""

from __future__ import annotations

import datetime

import pytest

from helpers import message
from imapclient_async import CapabilityError, Client, FetchedMessage
from imapserver import IMAPServer

# item -> (the capability it needs, a check of the typed field it fills)
ITEMS = {
    # RFC 8970 lets a server answer NIL when it cannot make a preview; Cyrus
    # 3.6 always does here (docs/server-specifics.md), Dovecot makes one.
    "PREVIEW": ("PREVIEW", lambda msg: msg.preview is None or "Hello" in msg.preview),
    "SAVEDATE": (
        "SAVEDATE",
        lambda msg: (
            msg.save_date is not None
            and abs(msg.save_date - datetime.datetime.now(datetime.timezone.utc))
            < datetime.timedelta(hours=1)
        ),
    ),
    "EMAILID": ("OBJECTID", lambda msg: bool(msg.email_id)),
    "THREADID": ("OBJECTID", lambda msg: msg.thread_id is None or bool(msg.thread_id)),
}


async def test_newer_items_are_typed_where_offered(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], [message("Preview me", "Hello, preview.\r\n")])
    async with Client(server.host, server.port, security="plain") as imap:
        await imap.login(*user)
        await imap.select()
        for item, (capability, check) in ITEMS.items():
            if capability in imap.capabilities:
                fetched: list[FetchedMessage] = await imap.fetch_all("1:*", [item])
                assert len(fetched) == 1 and fetched[0].problems == (), item
                assert check(fetched[0]), (item, fetched[0])
                assert item in fetched[0].raw
                if item == "PREVIEW":
                    assert (fetched[0].preview is None) == (server.name == "cyrus")
            else:
                with pytest.raises(CapabilityError) as caught:
                    await imap.fetch_all("1:*", [item])
                assert caught.value.capability == capability
        await imap.noop()


async def test_a_listed_mailbox_is_addressed_by_its_raw_name(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    async with Client(server.host, server.port, security="plain") as imap:
        await imap.login(*user)
        name = "Mes dossiers Entwürfe"
        await imap.create(name)
        await imap.append(name, message("kept", "in a folder with spaces\r\n"))
        listed = {mailbox.name: mailbox for mailbox in await imap.list()}
        folder = next(box for box_name, box in listed.items() if box_name.endswith(name))
        assert b" " in folder.raw_name
        status = await imap.status(folder)
        assert status.messages == 1 and status.mailbox == folder.name
        selected = await imap.select(folder)
        assert selected.exists == 1 and selected.mailbox == folder.name
        # The same mailbox by name, as the caller typed it.
        assert (await imap.status(folder.name)).messages == 1
