"""The mail of the demo account that ``tests/dovecot.py serve`` (and so scripts/demo.sh) gives.

Made so that every example has something to show: INBOX messages that arrived over
the last two years, denser towards today, as a real inbox (``archive_old_mail.py``
moves the older ones; date searches find some and not others), the newest few unread,
four with attachments (``download_attachments.py``: text, CSV, and a PNG with a
non-ASCII name), and the special-use folders Sent, Drafts, Junk, Trash and Archive
(``list_folders.py`` shows their roles), the first three with a message or two.

The integration tests do not use this: their servers start empty and each test seeds
what it checks.
"""

from __future__ import annotations

import datetime
import os
import struct
import zlib
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dovecot import DovecotServer

ROLES = {
    "Archive": "\\Archive",
    "Drafts": "\\Drafts",
    "Junk": "\\Junk",
    "Sent": "\\Sent",
    "Trash": "\\Trash",
}
"""The special-use folders (RFC 6154) and their attributes; each exists from the first login."""

OLDEST = datetime.timedelta(days=730)
NEWEST = datetime.timedelta(hours=2)
UNREAD = 3
"""How many of the newest INBOX messages are not yet \\Seen."""

_SENDERS = [
    ("Alice Martin", "alice@example.com"),
    ("Bob Okafor", "bob@example.net"),
    ("Chloé Durand", "chloe@example.fr"),
    ("GitHub", "notifications@github.example"),
    ("Dmitri Ivanov", "dmitri@example.org"),
]
_SUBJECTS = [
    "Quarterly report draft",
    "Re: Lunch on Friday?",
    "Café meeting moved to Thursday",
    "[imapclient_async] Issue #42: IDLE drops after 29 minutes",
    "Invoice 2024-0117",
    "Grüße aus Zürich",
    "Build failed on main",
    "Slides for the workshop",
]


def dovecot_config() -> str:
    """Config lines that give every user the special-use folders of :data:`ROLES`."""
    mailboxes = "".join(
        f"  mailbox {name} {{\n    special_use = {role}\n    auto = subscribe\n  }}\n"
        for name, role in ROLES.items()
    )
    return f"namespace inbox {{\n  inbox = yes\n{mailboxes}}}\n"


def seed(server: DovecotServer, user: str, count: int) -> None:
    """Give ``user`` ``count`` INBOX messages and a few in Sent, Drafts and Junk.

    INBOX messages are numbered oldest first; their arrival times (INTERNALDATE, the
    Maildir file's mtime) run from :data:`OLDEST` to :data:`NEWEST` ago.
    """
    now = datetime.datetime.now(datetime.timezone.utc)
    arrivals = _arrivals(count, now)
    inbox = [_inbox_message(index, count, user, arrived) for index, arrived in enumerate(arrivals)]
    read = max(count - UNREAD, 0)
    server.seed(user, inbox[:read], seen=True)
    server.seed(user, inbox[read:])
    _backdate(server, user, "INBOX", arrivals)
    others = {
        "Sent": [
            _message(user, "Alice Martin <alice@example.com>", "Re: Quarterly report draft", now),
            _message(user, "Bob Okafor <bob@example.net>", "Lunch on Friday?", now),
        ],
        "Drafts": [_message(user, "Chloé Durand <chloe@example.fr>", "Notes for Thursday", now)],
        "Junk": [_message("Prize Office <win@prizes.example>", user, "You have won!!!", now)],
    }
    for mailbox, messages in others.items():
        server.seed(user, messages, mailbox=mailbox, seen=True)


def _arrivals(count: int, now: datetime.datetime) -> list[datetime.datetime]:
    """``count`` times from OLDEST to NEWEST ago, oldest first, each gap a constant factor."""
    if count == 1:
        return [now - NEWEST]
    ratio = OLDEST / NEWEST
    return [now - NEWEST * ratio ** ((count - 1 - index) / (count - 1)) for index in range(count)]


def _backdate(
    server: DovecotServer, user: str, mailbox: str, arrivals: list[datetime.datetime]
) -> None:
    """Set the arrival times of the mailbox's messages, in delivery order."""
    cur = server.maildir(user, mailbox) / "cur"
    for name, arrived in zip(sorted(os.listdir(cur)), arrivals, strict=True):
        os.utime(cur / name, (arrived.timestamp(), arrived.timestamp()))


def _inbox_message(index: int, count: int, recipient: str, arrived: datetime.datetime) -> bytes:
    """Message ``index`` (from 0) of ``count``; two subjects need RFC 2047 encoding."""
    name, address = _SENDERS[index % len(_SENDERS)]
    subject = _SUBJECTS[index % len(_SUBJECTS)]
    if index >= len(_SUBJECTS):
        subject += f" ({index // len(_SUBJECTS) + 1})"
    message = EmailMessage(policy=SMTP)
    message["Date"] = format_datetime(arrived - datetime.timedelta(minutes=3))
    message["From"] = f"{name} <{address}>"
    message["To"] = f"{recipient} <{recipient}@example.org>"
    message["Subject"] = subject
    message["Message-ID"] = f"<demo.{index + 1}@example.org>"
    message.set_content(
        f"Hello {recipient},\n\nThis is message {index + 1} of {count}: {subject}.\n\n"
        f"Best,\n{name}\n"
    )
    if subject.startswith("Invoice"):
        invoice = f"Invoice {index + 1}\nTotal: 42.00 EUR\n".encode()
        message.add_attachment(
            invoice, maintype="application", subtype="octet-stream", filename="invoice.txt"
        )
    elif subject.startswith("Quarterly report"):
        message.add_attachment(
            "quarter,revenue\nQ1,1200\nQ2,1350\n", subtype="csv", filename="quarterly-report.csv"
        )
    elif subject.startswith("Grüße"):
        message.add_attachment(
            _png(16, 16), maintype="image", subtype="png", filename="Zürich am See.png"
        )
    return message.as_bytes()


def _message(sender: str, recipient: str, subject: str, now: datetime.datetime) -> bytes:
    """A short text message; a bare user name gets the demo domain."""
    message = EmailMessage(policy=SMTP)
    message["Date"] = format_datetime(now - datetime.timedelta(days=1))
    message["From"] = sender if "@" in sender else f"{sender} <{sender}@example.org>"
    message["To"] = recipient if "@" in recipient else f"{recipient} <{recipient}@example.org>"
    message["Subject"] = subject
    message.set_content(f"{subject}\n")
    return message.as_bytes()


def _png(width: int, height: int) -> bytes:
    """A real PNG image (blue above white), so the saved attachment opens in a viewer."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    blue, white = b"\x20\x60\xc0" * width, b"\xff\xff\xff" * width
    rows = b"".join(b"\x00" + (blue if row < height // 2 else white) for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
