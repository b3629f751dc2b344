"""Small helpers shared by the tests."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from dovecot import DovecotServer
from imapclient_async import Client
from imapclient_async._proto import (
    Argument,
    CommandOutcome,
    LiteralMode,
    ResponseParser,
    StatusResponse,
    TaggedResponse,
    UntaggedData,
    encode_command,
)
from imapserver import IMAPServer

SPECIAL_USE_CONFIG = r"""
namespace inbox {
  inbox = yes
  mailbox Sent {
    special_use = \Sent
    auto = create
  }
  mailbox Trash {
    special_use = \Trash
    auto = create
  }
  mailbox "Alle Nachrichten" {
    special_use = \All
    auto = subscribe
  }
}
"""
"""Dovecot settings for Sent, Trash and "Alle Nachrichten" with special-use roles (RFC 6154)."""


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


@asynccontextmanager
async def inbox(
    server: IMAPServer, user: tuple[str, str], **options: object
) -> AsyncIterator[Client]:
    """A client of ``server`` (plain TCP, ``options`` for the rest) logged in as ``user``,
    with INBOX selected."""
    async with Client(server.host, server.port, security="plain", **options) as imap:  # type: ignore[arg-type]
        await imap.login(*user)
        await imap.select("INBOX")
        yield imap


def untagged(data: bytes) -> list[StatusResponse | UntaggedData]:
    """The untagged responses in ``data``, parsed as the client would."""
    parser = ResponseParser()
    parser.feed(data)
    responses: list[StatusResponse | UntaggedData] = []
    while (response := parser.next_response()) is not None:
        assert isinstance(response, (StatusResponse, UntaggedData))
        responses.append(response)
    return responses


def outcome(data: bytes, tagged: bytes = b"A1 OK done\r\n") -> CommandOutcome:
    """The outcome of a command whose untagged replies are ``data`` and tagged one ``tagged``."""
    parser = ResponseParser()
    parser.feed(tagged)
    reply = parser.next_response()
    assert isinstance(reply, TaggedResponse)
    return CommandOutcome(reply, untagged(data))


def wire(name: str, arguments: Sequence[Argument]) -> bytes:
    """Command ``A1 name arguments`` as sent to a server with LITERAL+."""
    encoded = encode_command("A1", name, arguments, literal_mode=LiteralMode.LITERAL_PLUS)
    return b"".join(b"".join(chunk) for chunk in encoded.chunks)


def example_environment(server: DovecotServer, user: tuple[str, str]) -> dict[str, str]:
    """The environment scripts/demo.sh gives an example, for running it as a subprocess."""
    return {
        **os.environ,
        "IMAP_HOST": server.host,
        "IMAP_PORT": str(server.port),
        "IMAP_SECURITY": "plain",
        "IMAP_USER": user[0],
        "IMAP_PASSWORD": user[1],
    }


EXAMPLES = Path(__file__).parents[1] / "examples"


def run_example(
    name: str, environment: dict[str, str], *options: str
) -> subprocess.CompletedProcess[str]:
    """Run ``examples/<name>`` as a user would; it must exit 0."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name), *options],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done
