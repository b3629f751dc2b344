"""Small helpers shared by the tests."""

from __future__ import annotations

import uuid


def message(subject: str, body: str = "Hello.\r\n") -> bytes:
    """A small RFC 5322 message with a unique Message-ID."""
    return (
        "From: Alice <alice@example.org>\r\n"
        "To: Bob <bob@example.org>\r\n"
        f"Subject: {subject}\r\n"
        "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
        f"Message-ID: <{uuid.uuid4().hex}@example.org>\r\n"
        "\r\n"
        f"{body}"
    ).encode()


def messages(count: int) -> list[bytes]:
    """``count`` distinct small messages."""
    return [message(f"Message {number}") for number in range(1, count + 1)]
