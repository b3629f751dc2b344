"""download(), and the progress of downloads, appends and fetches, against every real server."""

from __future__ import annotations

import base64
import email.policy
import io
import os
from email.message import EmailMessage

import pytest

from helpers import inbox, message, messages
from imapclient_async import (
    CapabilityError,
    Client,
    CommandError,
    ConnectionLostError,
    Download,
    Progress,
    SinglePart,
)
from imapserver import IMAPServer

PDF = os.urandom(300_000)
# Long lines and non-ASCII, so that quoted-printable has soft breaks and escapes to split.
NOTES = ("Zürich, Grüße — " * 40 + "\n") * 30
PIECE = 64 * 1024


def mail() -> bytes:
    """Text (quoted-printable), a base64 PDF attachment, and a text attachment."""
    outer = EmailMessage()
    outer["From"] = "chloe@example.fr"
    outer["Subject"] = "The report"
    outer.set_content(NOTES, cte="quoted-printable")
    outer.add_attachment(PDF, maintype="application", subtype="pdf", filename="résumé.pdf")
    outer.add_attachment("notes\n", filename="notes.txt")
    return outer.as_bytes(policy=email.policy.SMTP)


class Reports:
    """A progress callback that keeps what it was told."""

    def __init__(self) -> None:
        self.seen: list[Progress] = []

    def __call__(self, progress: Progress) -> None:
        self.seen.append(progress)

    def pairs(self) -> list[tuple[int, int | None]]:
        return [(progress.done, progress.total) for progress in self.seen]

    def check_steady(self) -> None:
        """done never falls, and total stays what it was until the last report."""
        dones = [progress.done for progress in self.seen]
        assert dones == sorted(dones)
        assert len({progress.total for progress in self.seen[:-1]}) <= 1


async def structure(imap: Client, uid: int) -> list[SinglePart]:
    [fetched] = await imap.fetch_all([uid], ["BODYSTRUCTURE"])
    assert fetched.body_structure is not None
    return [part for part in fetched.body_structure.walk() if isinstance(part, SinglePart)]


async def test_download_describes_the_part_and_decodes_it(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    raw = mail()
    server.seed(user[0], [raw])
    async with inbox(server, user) as imap:
        text, pdf, notes = await structure(imap, 1)
        assert pdf.filename == "résumé.pdf" and pdf.size is not None
        assert (text.content_type, notes.filename) == ("text/plain", "notes.txt")

        # As stored, named by its number: the first FETCH described it.
        stored = io.BytesIO()
        reports = Reports()
        got = await imap.download(1, "2", stored, chunk_size=PIECE, progress=reports)
        assert isinstance(got, Download)
        assert (got.section, got.content_type) == ("2", "application/pdf")
        assert got.filename == pdf.filename
        assert got.part == pdf and got.decoded is False
        assert got.written == got.total == pdf.size == len(stored.getvalue())
        assert base64.b64decode(stored.getvalue()) == PDF
        reports.check_steady()
        assert reports.pairs()[-1] == (pdf.size, pdf.size)
        assert len(reports.seen) == pdf.size // PIECE + 1

        # Decoded by the library, from a part the caller already has.
        content = io.BytesIO()
        reports = Reports()
        got = await imap.download(1, pdf, content, decode=True, chunk_size=PIECE, progress=reports)
        assert content.getvalue() == PDF
        assert (got.written, got.total, got.decoded) == (len(PDF), pdf.size, True)
        # Progress counts what the server sends, so it compares with part.size.
        assert reports.pairs()[-1] == (pdf.size, pdf.size)

        # Quoted-printable, in pieces that split lines (and escapes, in some places).
        decoded_text = io.BytesIO()
        got = await imap.download(1, text, decoded_text, decode=True, chunk_size=997)
        assert decoded_text.getvalue().decode() == NOTES.replace("\n", "\r\n")
        assert (got.content_type, got.decoded, got.filename) == ("text/plain", True, None)

        whole = io.BytesIO()
        got = await imap.download(1, "", whole)
        assert whole.getvalue() == raw
        assert (got.content_type, got.part, got.total, got.written) == (
            "message/rfc822",
            None,
            len(raw),
            len(raw),
        )
        reports = Reports()
        got = await imap.download(1, "TEXT", io.BytesIO(), progress=reports)
        assert (got.content_type, got.total, got.part) == (None, None, None)
        # Its size is known only once it has all arrived.
        assert reports.pairs() == [(got.written, got.written)]

        # A part the message lacks: nothing written, nothing described.
        got = await imap.download(1, "9", io.BytesIO(), decode=True)
        assert (got.written, got.part, got.decoded) == (0, None, False)
        [flags] = await imap.fetch_all(1, ["FLAGS"])
        assert flags.flags is not None and "\\Seen" not in flags.flags


async def test_binary_downloads_count_decoded_bytes(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], [mail()])
    async with inbox(server, user) as imap:
        _, pdf, _ = await structure(imap, 1)
        if "BINARY" not in imap.capabilities:  # imap4d
            with pytest.raises(CapabilityError, match="BINARY"):
                await imap.download(1, pdf, io.BytesIO(), binary=True)
            return

        class AsyncSink:
            def __init__(self) -> None:
                self.pieces: list[bytes] = []

            async def write(self, data: bytes) -> None:
                self.pieces.append(data)

        sink = AsyncSink()
        reports = Reports()
        got = await imap.download(1, pdf, sink, binary=True, chunk_size=PIECE, progress=reports)
        assert b"".join(sink.pieces) == PDF
        assert all(len(piece) <= PIECE for piece in sink.pieces)
        assert (got.written, got.total, got.decoded) == (len(PDF), len(PDF), True)
        assert reports.pairs()[-1] == (len(PDF), len(PDF))

        # Resuming: the rest from an offset, counted from there.
        rest = io.BytesIO()
        reports = Reports()
        got = await imap.download(1, "2", rest, binary=True, offset=100_000, progress=reports)
        assert rest.getvalue() == PDF[100_000:]
        assert got.written == len(PDF) - 100_000
        assert reports.pairs() == [(len(PDF), len(PDF))]


async def test_download_resumes_from_an_offset(server: IMAPServer, user: tuple[str, str]) -> None:
    raw = mail()
    server.seed(user[0], [raw])
    async with inbox(server, user) as imap:
        rest = io.BytesIO()
        reports = Reports()
        got = await imap.download(1, "", rest, offset=1000, chunk_size=PIECE, progress=reports)
        assert rest.getvalue() == raw[1000:]
        assert got.written == len(raw) - 1000
        assert reports.seen[0].done == 1000 + PIECE
        assert reports.pairs()[-1] == (len(raw), len(raw))
        past = await imap.download(1, "", io.BytesIO(), offset=len(raw) + 5)
        assert past.written == 0


async def test_download_refuses_what_cannot_work_before_sending(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], [message("one")])
    async with inbox(server, user) as imap:
        sink = io.BytesIO()
        with pytest.raises(ValueError, match="already decodes"):
            await imap.download(1, "1", sink, decode=True, binary=True)
        with pytest.raises(ValueError, match="part number"):
            await imap.download(1, "TEXT", sink, decode=True)
        with pytest.raises(ValueError, match="binary=True"):
            await imap.download(1, "1", sink, decode=True, offset=10)
        with pytest.raises(ValueError, match="offset must be"):
            await imap.download(1, "1", sink, offset=-1)
        with pytest.raises(TypeError, match="progress must be a function"):
            await imap.download(1, "1", sink, progress=True)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="section must be"):
            await imap.download(1, 1, sink)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="not a fetch item"):
            await imap.download(1, "2 BODY[]", sink)
        with pytest.raises(CommandError, match="no message 77"):
            await imap.download(77, "1", sink)
        assert sink.getvalue() == b""
        assert (await imap.download(1, "1", sink)).written == len(b"Hello.\r\n")


async def test_fetch_progress_counts_the_messages_asked_for(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    server.seed(user[0], messages(5))
    async with inbox(server, user) as imap:
        reports = Reports()
        await imap.fetch_all([1, 3, 5], ["FLAGS"], progress=reports)
        assert reports.pairs() == [(1, 3), (2, 3), (3, 3)]

        # "*": the total is known only at the end.
        reports = Reports()
        await imap.fetch_all("1:*", ["FLAGS"], progress=reports)
        assert reports.pairs() == [(1, None), (2, None), (3, None), (4, None), (5, None), (5, 5)]

        # UIDs that name no message never arrive: the last report says so.
        reports = Reports()
        fetched = await imap.fetch_all(iter([2, 4, 90, 91]), ["FLAGS"], progress=reports)
        # imap4d answers UIDs past the end with the last message, as if they were *:
        # a message not asked for, which progress does not count.
        extra = [5] if server.name == "imap4d" else []
        assert [m.uid for m in fetched] == [2, 4, *extra]
        assert reports.pairs() == [(1, 4), (2, 4), (2, 2)]

        # Sequence numbers count too; a loop left early has no last report.
        reports = Reports()
        async for _ in imap.fetch("2:4", ["FLAGS"], uid=False, progress=reports):
            break
        assert reports.pairs() == [(1, 3)]
        with pytest.raises(TypeError, match="progress must be a function"):
            imap.fetch("1:*", ["FLAGS"], progress="yes")  # type: ignore[arg-type]


async def test_append_progress_counts_the_message_bytes(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    big = message("big", "x" * 76 + "\r\n") + b"y" * (1024 * 1024) + b"\r\n"
    async with inbox(server, user) as imap:
        reports = Reports()
        await imap.append("INBOX", big, progress=reports)
        reports.check_steady()
        assert {progress.total for progress in reports.seen} == {len(big)}
        assert reports.pairs()[-1] == (len(big), len(big))
        assert len(reports.seen) >= 4  # written in 256 KiB slices

        small = message("small")
        reports = Reports()
        await imap.append("INBOX", small, progress=reports)
        assert reports.pairs()[-1] == (len(small), len(small))
        assert (await imap.select()).exists == 2


async def test_an_error_in_the_append_progress_stops_it_unstored(
    server: IMAPServer, user: tuple[str, str]
) -> None:
    big = message("big") + b"z" * (1024 * 1024) + b"\r\n"

    def fail(progress: Progress) -> None:
        if progress.done:
            raise RuntimeError("the user gave up")

    async with inbox(server, user) as imap:
        with pytest.raises(RuntimeError, match="gave up"):
            await imap.append("INBOX", big, progress=fail)
        # Half a command was written: the connection cannot be used further.
        with pytest.raises(ConnectionLostError):
            await imap.noop()
    async with inbox(server, user) as imap:
        assert (await imap.select()).exists == 0
