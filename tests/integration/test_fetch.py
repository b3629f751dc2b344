"""FETCH against a real Dovecot: structures, envelopes, sections, streaming, downloads."""

from __future__ import annotations

import asyncio
import base64
import datetime
import email.policy
import gc
import io
import os
import tracemalloc
from email.headerregistry import AddressHeader
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from dovecot import DovecotServer
from helpers import inbox, message, messages
from imapclient_async import CapabilityError, Client, CommandError, ProtocolError, StateError
from imapclient_async._proto import Atom, Raw
from imapclient_async.fetch import Address, BodyStructure, Multipart, SinglePart
from imapserver import IMAPServer

ATTACHMENT = os.urandom(2 * 1024 * 1024 + 12345)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3


def plain_client(dovecot: DovecotServer) -> Client:
    return Client(dovecot.host, dovecot.port, security="plain")


def rich_message() -> bytes:
    """text+html alternative, a 2 MiB PDF, an inline PNG, and a forwarded message."""
    inner = EmailMessage()
    inner["From"] = "Dmitri Ivanov <dmitri@example.org>"
    inner["To"] = "alice@example.org"
    inner["Subject"] = "Forwarded: the numbers"
    inner["Date"] = "Sun, 22 Nov 2026 18:30:00 -0500"
    inner.set_content("Inner text\n")
    inner.add_attachment(
        b"inner bytes\x00", maintype="application", subtype="octet-stream", filename="inner.bin"
    )

    outer = EmailMessage()
    outer["From"] = "Chloé Durand <chloe@example.fr>"
    outer["To"] = "Team: a@x.org, b@y.org;, Bob Okafor <bob@example.net>"
    outer["Cc"] = "carol@example.org"
    outer["Subject"] = "Grüße aus Zürich: the report"
    outer["Date"] = "Mon, 23 Nov 2026 10:00:00 +0100"
    outer["Message-ID"] = "<rich-1@example.org>"
    outer["In-Reply-To"] = "<parent@example.org>"
    outer.set_content("Plain body, ünïcode.\n")
    outer.add_alternative("<p>HTML body</p>\n", subtype="html")
    outer.add_attachment(ATTACHMENT, maintype="application", subtype="pdf", filename="résumé.pdf")
    outer.add_attachment(
        PNG,
        maintype="image",
        subtype="png",
        filename="pixel.png",
        disposition="inline",
        cid="<pixel@example.org>",
    )
    outer.add_attachment(inner)
    return outer.as_bytes(policy=email.policy.SMTP)


def parse(data: bytes) -> EmailMessage:
    parsed = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(parsed, EmailMessage)
    return parsed


def stdlib_parts(
    part: EmailMessage, number: str
) -> list[tuple[str, str, dict[str, str], str | None, str | None]]:
    """What the email package says of each part, numbered as RFC 3501 6.4.5 does."""
    params = {key: str(value) for key in ("charset", "boundary") if (value := part.get_param(key))}
    rows = [
        (
            number,
            part.get_content_type(),
            params,
            part.get_filename(),
            part.get_content_disposition(),
        )
    ]
    if part.get_content_maintype() == "multipart":
        for index, child in enumerate(part.iter_parts(), 1):
            assert isinstance(child, EmailMessage)
            rows += stdlib_parts(child, f"{number}.{index}" if number else str(index))
    elif part.get_content_type() == "message/rfc822":
        enclosed = part.get_content()
        assert isinstance(enclosed, EmailMessage)
        rows += stdlib_parts(enclosed, number if enclosed.is_multipart() else f"{number}.1")
    return rows


def imap_parts(
    body: BodyStructure,
) -> list[tuple[str, str, dict[str, str], str | None, str | None]]:
    rows = []
    for part in body.walk():
        params = {
            key: value for key, value in part.params.items() if key in ("charset", "boundary")
        }
        filename = part.filename if isinstance(part, SinglePart) else None
        rows.append((part.part, part.content_type, params, filename, part.disposition))
    return rows


def envelope_addresses(header: AddressHeader | None) -> tuple[Address, ...]:
    """An address header as RFC 3501 lists it, groups between their markers."""
    if header is None:
        return ()
    result: list[Address] = []
    for group in header.groups:
        members = [Address(a.display_name or None, a.username, a.domain) for a in group.addresses]
        if group.display_name is None:
            result += members
        else:
            result += [Address(None, group.display_name, None), *members, Address(None, None, None)]
    return tuple(result)


async def test_rich_message_structure_and_envelope(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    raw = rich_message()
    server.seed(user[0], [raw])
    expected = parse(raw)
    async with inbox(server, user) as imap:
        [fetched] = await imap.fetch_all("1:*", ["BODYSTRUCTURE", "ENVELOPE"])
        body = fetched.body_structure
        assert body is not None and fetched.uid == 1
        assert imap_parts(body) == stdlib_parts(expected, "")
        assert [part.part for part in body.walk()] == [
            "",
            "1",
            "1.1",
            "1.2",
            "2",
            "3",
            "4",
            "4",
            "4.1",
            "4.2",
        ]

        # Sizes and content of every leaf, against the email package's decoding.
        leaves = [
            part for part in body.walk() if isinstance(part, SinglePart) and part.body is None
        ]
        binary = "BINARY" in imap.capabilities  # not in imap4d
        items = [f"BODY.PEEK[{leaf.part}]" for leaf in leaves]
        items += [f"BINARY.PEEK[{leaf.part}]" for leaf in leaves if binary]
        [sections] = await imap.fetch_all(1, items)
        if not binary:
            with pytest.raises(CapabilityError, match="BINARY"):
                imap.fetch(1, ["BINARY.PEEK[1]"])
        stdlib_leaves = [p for p in expected.walk() if not p.is_multipart()]
        stdlib_leaves = [
            leaf
            for p in stdlib_leaves
            for leaf in (
                [p] if p.get_content_type() != "message/rfc822" else p.get_content().walk()
            )
            if not leaf.is_multipart()
        ]
        assert len(stdlib_leaves) == len(leaves)
        for leaf, stdlib_leaf in zip(leaves, stdlib_leaves, strict=True):
            if server.name == "imap4d" and leaf.part.startswith("4."):
                # imap4d numbers the parts inside the forwarded message its own way:
                # BODY[4.1] is the whole enclosed message (checked below).
                continue
            assert leaf.size == len(sections.sections[leaf.part] or b"")
            if binary:
                assert sections.binary[leaf.part] == stdlib_leaf.get_payload(decode=True)
            assert leaf.encoding == stdlib_leaf.get("Content-Transfer-Encoding", "7bit").lower()
        if server.name == "imap4d":
            assert (sections.sections["4.1"] or b"").startswith(b"From: Dmitri Ivanov")
        pdf = body.walk()[4]
        assert isinstance(pdf, SinglePart)
        assert (pdf.content_type, pdf.encoding, pdf.filename) == (
            "application/pdf",
            "base64",
            "résumé.pdf",
        )
        assert base64.b64decode(sections.sections["2"] or b"") == ATTACHMENT
        png = body.walk()[5]
        assert isinstance(png, SinglePart)
        assert (png.disposition, png.id) == ("inline", "<pixel@example.org>")
        forwarded = body.walk()[6]
        assert isinstance(forwarded, SinglePart) and isinstance(forwarded.body, Multipart)
        assert forwarded.envelope is not None
        assert forwarded.envelope.subject == "Forwarded: the numbers"
        assert forwarded.envelope.date == datetime.datetime(
            2026, 11, 22, 18, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
        )

        envelope = fetched.envelope
        assert envelope is not None
        assert envelope.subject == expected["Subject"] == "Grüße aus Zürich: the report"
        assert envelope.date == expected["Date"].datetime
        assert (
            envelope.from_
            == envelope.sender
            == envelope.reply_to
            == envelope_addresses(expected["From"])
        )
        assert envelope.from_[0].name == "Chloé Durand"
        if server.name == "imap4d":
            # imap4d lists a group's members without RFC 3501's group markers.
            members = [a for a in envelope_addresses(expected["To"]) if a.host is not None]
            assert envelope.to == tuple(members)
        else:
            assert envelope.to == envelope_addresses(expected["To"])
            assert envelope.to[0].is_group_start and envelope.to[3].is_group_end
        assert envelope.cc == envelope_addresses(expected["Cc"])
        assert envelope.bcc == ()
        assert (envelope.message_id, envelope.in_reply_to) == (
            "<rich-1@example.org>",
            "<parent@example.org>",
        )


async def test_flags_date_size_and_whole_message(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    raw = message("Hello there", "Line one\r\nLine two\r\n")
    dovecot.seed(dovecot_user[0], [raw], seen=True)
    [stored] = list((dovecot.maildir(dovecot_user[0]) / "cur").iterdir())
    received = datetime.datetime.fromtimestamp(int(stored.stat().st_mtime), datetime.timezone.utc)
    async with inbox(dovecot, dovecot_user) as imap:
        [fetched] = await imap.fetch_all(
            "1:*",
            [
                "FLAGS",
                "INTERNALDATE",
                "RFC822.SIZE",
                "BODY.PEEK[]",
                "BODY.PEEK[HEADER.FIELDS (Subject From)]",
                "BODY.PEEK[TEXT]<5.8>",
                "BODY.PEEK[HEADER]",
            ],
            uid=False,
        )
        assert fetched.seq == 1 and fetched.uid is None
        assert fetched.flags is not None and "\\Seen" in fetched.flags
        assert fetched.internal_date == received
        assert fetched.size == len(raw)
        assert fetched.sections[""] == raw
        assert fetched.message()["Subject"] == "Hello there"
        assert fetched.sections["HEADER.FIELDS (SUBJECT FROM)"] == (
            b"From: Alice <alice@example.org>\r\nSubject: Hello there\r\n\r\n"
        )
        assert fetched.sections["TEXT<5>"] == b"one\r\nLin"
        assert raw.startswith(fetched.sections["HEADER"] or b"-")


async def test_peek_does_not_set_seen_but_body_does(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(1))
    async with inbox(server, user) as imap:
        [peeked] = await imap.fetch_all(1, ["BODY.PEEK[TEXT]", "FLAGS"])
        assert peeked.flags is not None and "\\Seen" not in peeked.flags
        [read] = await imap.fetch_all(1, ["BODY[TEXT]"])
        assert read.sections["TEXT"] == b"Hello.\r\n"
        [after] = await imap.fetch_all(1, ["FLAGS"])
        assert after.flags is not None and "\\Seen" in after.flags


async def _stream_peak(imap: Client, last: int, field: str) -> tuple[int, int]:
    gc.collect()
    tracemalloc.reset_peak()
    baseline = tracemalloc.get_traced_memory()[0]
    count = 0
    async for fetched in imap.fetch(f"1:{last}", ["FLAGS", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]"]):
        subject = fetched.sections["HEADER.FIELDS (SUBJECT)"]
        assert subject == f"{field}: Message {fetched.uid}\r\n\r\n".encode()
        count += 1
    return count, tracemalloc.get_traced_memory()[1] - baseline


async def test_streaming_memory_does_not_grow_with_the_count(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(10_000))
    # imap4d spells the field name in HEADER.FIELDS replies as the request did.
    field = "SUBJECT" if server.name == "imap4d" else "Subject"
    async with inbox(server, user) as imap:
        tracemalloc.start()
        try:
            count_small, peak_small = await _stream_peak(imap, 2_000, field)
            count_large, peak_large = await _stream_peak(imap, 10_000, field)
        finally:
            tracemalloc.stop()
        assert (count_small, count_large) == (2_000, 10_000)
        # Collected, 10,000 messages would need about five times as much as 2,000.
        # Collecting these messages takes about 0.9 KiB each: 7 MiB more for the
        # 8,000 extra. Streamed, the peak is what one burst of reading holds
        # (about 2 MiB here), whatever the count.
        assert peak_large - peak_small < 4 * 1024 * 1024, (peak_small, peak_large)


async def test_commands_inside_the_loop_are_refused(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(300))
    async with inbox(server, user) as imap:
        seen: list[int | None] = []

        async def noop_inside_the_loop() -> None:
            async for fetched in imap.fetch("1:*", ["FLAGS"]):
                seen.append(fetched.uid)
                await imap.noop()

        with pytest.raises(StateError, match="iterating a streamed reply"):
            await noop_inside_the_loop()
        assert seen == [1]
        await imap.noop()  # the abandoned stream let go of the connection

        async for fetched in imap.fetch("1:*", ["FLAGS"]):
            assert fetched.uid == 1
            break
        assert len(await imap.fetch_all("1:*", ["UID"])) == 300

        stream = imap.fetch("1:*", ["FLAGS"])
        first = await stream.__anext__()
        assert first.uid == 1
        await stream.aclose()
        await imap.noop()

        async with imap.fetch("1:*", ["RFC822.SIZE"]) as sizes:
            total = sum([fetched.size or 0 async for fetched in sizes])
        assert total > 0
        await imap.noop()


async def test_other_tasks_may_run_commands_during_a_stream(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(200))
    async with inbox(server, user) as imap:
        uids = []
        async for fetched in imap.fetch("1:*", ["UID"]):
            uids.append(fetched.uid)
            if len(uids) == 10:
                side = asyncio.ensure_future(imap.fetch_all(5, ["FLAGS"]))
        assert uids == list(range(1, 201))
        assert [m.uid for m in await side] == [5]


async def test_changed_since(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(5))
    async with inbox(server, user) as imap:
        if "CONDSTORE" not in imap.capabilities:  # imap4d
            with pytest.raises(CapabilityError, match="CONDSTORE"):
                imap.fetch("1:*", ["MODSEQ"])
            with pytest.raises(CapabilityError, match="CONDSTORE"):
                imap.fetch("1:*", ["FLAGS"], changed_since=1)
            return
        # The MODSEQ item turns CONDSTORE on in Dovecot (RFC 7162 3.1).
        before = await imap.fetch_all("1:*", ["MODSEQ"])
        highest = max(m.modseq or 0 for m in before)
        assert highest > 0
        outcome = await imap._run("UID STORE", [Raw("3"), Atom("+FLAGS"), Raw("(\\Flagged)")])
        assert outcome.tagged.status == "OK"
        changed = await imap.fetch_all("1:*", ["FLAGS"], changed_since=highest)
        assert [(m.uid, "\\Flagged" in (m.flags or ())) for m in changed] == [(3, True)]
        assert changed[0].modseq is not None and changed[0].modseq > highest
        assert await imap.fetch_all("1:*", ["FLAGS"], changed_since=changed[0].modseq) == []


async def test_errors(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], messages(2))
    async with plain_client(server) as imap:
        await imap.login(*user)
        with pytest.raises(StateError, match="no mailbox selected"):
            await imap.fetch_all("1:*", ["FLAGS"])
        await imap.select()
        with pytest.raises(ValueError, match="not a fetch item"):
            imap.fetch("1:*", ["FLAGS)", "BODY[]"])
        if server.name == "imap4d":
            # imap4d answers a UID past the end with the last message, as if it were *.
            assert [m.uid for m in await imap.fetch_all(99, ["FLAGS"])] == [2]
        else:
            assert await imap.fetch_all(99, ["FLAGS"]) == []
        # A sequence number past the end is an error (Dovecot: BAD, Cyrus: NO), a UID
        # is not; imap4d answers with the last message there too.
        if server.name == "imap4d":
            assert [m.seq for m in await imap.fetch_all(99, ["FLAGS"], uid=False)] == [2]
        elif server.name == "cyrus":
            with pytest.raises(CommandError, match="No matching messages"):
                await imap.fetch_all(99, ["FLAGS"], uid=False)
        else:
            with pytest.raises(ProtocolError, match="Invalid messageset"):
                await imap.fetch_all(99, ["FLAGS"], uid=False)
        assert len(await imap.fetch_all("1:*", ["FLAGS"])) == 2


async def test_extensions_must_be_offered() -> None:
    with DovecotServer(capabilities="IMAP4rev1 LITERAL+") as server:
        name, password = server.new_user()
        server.seed(name, messages(1))
        async with plain_client(server) as imap:
            await imap.login(name, password)
            await imap.select()
            for items in (["BINARY.PEEK[1]"], ["MODSEQ"]):
                with pytest.raises(CapabilityError, match="lacks"):
                    imap.fetch(1, items)
            with pytest.raises(CapabilityError, match="CONDSTORE"):
                imap.fetch(1, ["FLAGS"], changed_since=1)
            with pytest.raises(CapabilityError, match="BINARY"):
                await imap.download(1, "1", io.BytesIO(), binary=True)
            assert (await imap.download(1, "1", io.BytesIO())).written == len(b"Hello.\r\n")
