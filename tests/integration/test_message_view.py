"""FetchedMessage.view(): text, HTML, attachments, sender, date, subject, from Dovecot."""

from __future__ import annotations

import datetime
import email.policy
import io
import os
from email.message import EmailMessage

import pytest

from dovecot import DovecotServer
from helpers import message
from imapclient_async import Address, Client, MessageView, SinglePart

PDF = os.urandom(300_000)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def rich_message() -> bytes:
    """text+html alternative, a PDF, an inline PNG, a text attachment and a forwarded message."""
    inner = EmailMessage()
    inner["From"] = "Dmitri Ivanov <dmitri@example.org>"
    inner["Subject"] = "Forwarded: the numbers"
    inner.set_content("Inner text\n")

    outer = EmailMessage()
    outer["From"] = "Chloé Durand <chloe@example.fr>"
    outer["To"] = "Team: a@x.org, b@y.org;, Bob Okafor <bob@example.net>"
    outer["Subject"] = "Grüße aus Zürich: the report"
    outer["Date"] = "Mon, 23 Nov 2026 10:00:00 -0000"
    outer.set_content("Plain body, ünïcode.\n")
    outer.add_alternative("<p>HTML body</p>\n", subtype="html")
    outer.add_attachment(PDF, maintype="application", subtype="pdf", filename="résumé.pdf")
    outer.add_attachment(PNG, maintype="image", subtype="png", disposition="inline", cid="<p@x>")
    outer.add_attachment("notes\n", filename="notes.txt")
    outer.add_attachment(inner)
    return outer.as_bytes(policy=email.policy.SMTP)


def client(dovecot: DovecotServer) -> Client:
    return Client(dovecot.host, dovecot.port, security="plain", timeout=10.0)


async def test_view_of_a_rich_message(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    dovecot.seed(dovecot_user[0], [rich_message()])
    async with client(dovecot) as imap:
        await imap.login(*dovecot_user)
        await imap.select("INBOX")
        (fetched,) = await imap.fetch_all(1, ["BODY.PEEK[]", "BODYSTRUCTURE"])
        view = fetched.view()
        assert "message" not in vars(view)  # nothing parsed yet
        assert view.subject == "Grüße aus Zürich: the report"
        assert "message" in vars(view)
        assert view.date == datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.timezone.utc)
        assert view.from_ == (Address("Chloé Durand", "chloe", "example.fr"),)
        assert [str(address) for address in view.to] == [
            "Team:",
            "a@x.org",
            "b@y.org",
            ";",
            "Bob Okafor <bob@example.net>",
        ]
        assert view.cc == ()
        assert view.text == "Plain body, ünïcode.\n"
        assert view.html == "<p>HTML body</p>\n"
        found = [
            (a.filename, a.content_type, a.disposition, a.part, a.size) for a in view.attachments
        ]
        assert found[:3] == [
            ("résumé.pdf", "application/pdf", "attachment", "2", len(PDF)),
            (None, "image/png", "inline", "3", len(PNG)),
            # Attachments keep their bytes: text travels with CRLF line ends.
            ("notes.txt", "text/plain", "attachment", "4", len(b"notes\r\n")),
        ]
        assert found[3][1:4] == ("message/rfc822", "attachment", "5")
        pdf, png, notes, forwarded = view.attachments
        assert (pdf.content, png.content, notes.content) == (PDF, PNG, b"notes\r\n")
        assert b"Subject: Forwarded: the numbers" in forwarded.content
        # Each part number names the same part in the server's BODYSTRUCTURE.
        assert fetched.body_structure is not None
        filenames = {
            part.part: part.filename
            for part in fetched.body_structure.walk()
            if isinstance(part, SinglePart)
        }
        assert filenames[pdf.part] == "résumé.pdf"
        assert filenames[notes.part] == "notes.txt"
        downloaded = io.BytesIO()
        await imap.download(1, pdf.part, downloaded, binary=True)
        assert downloaded.getvalue() == pdf.content


async def test_simple_messages_and_a_missing_body(
    dovecot: DovecotServer, dovecot_user: tuple[str, str]
) -> None:
    html_only = EmailMessage()
    html_only["Subject"] = "HTML"
    html_only.set_content("<b>hi</b>", subtype="html")
    unknown_charset = (
        b"Subject: odd\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nGr\xc3\xbc\xffe\r\n"
    )
    pdf_only = EmailMessage()
    pdf_only.set_content(b"%PDF-1.4", maintype="application", subtype="pdf")
    dovecot.seed(
        dovecot_user[0],
        [message("Plain"), html_only.as_bytes(), unknown_charset, pdf_only.as_bytes()],
    )
    async with client(dovecot) as imap:
        await imap.login(*dovecot_user)
        await imap.select("INBOX")
        plain, html, odd, pdf = [m.view() for m in await imap.fetch_all("1:*", ["RFC822"])]
        assert (plain.text, plain.html, plain.attachments) == ("Hello.\n", None, ())
        assert plain.from_ == (Address("Alice", "alice", "example.org"),)
        assert plain.subject == "Plain"
        assert (html.text, html.html, html.date) == (None, "<b>hi</b>\n", None)
        assert odd.text == "Grü\ufffde\n"  # read as UTF-8, the stray byte replaced
        assert pdf.text is None
        assert [(a.content_type, a.part, a.content) for a in pdf.attachments] == [
            ("application/pdf", "1", b"%PDF-1.4")
        ]
        assert repr(plain).startswith("MessageView(<")
        assert plain == MessageView(plain.source)
        (headers_only,) = await imap.fetch_all(1, ["BODY.PEEK[HEADER]"])
        with pytest.raises(ValueError, match=r"include 'BODY.PEEK\[\]'"):
            headers_only.view()
