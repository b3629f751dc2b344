"""``show``: one message by UID: its envelope, its body structure, and its plain text."""

from __future__ import annotations

import argparse
import io
import sys

from .._transfer import part_text
from ..fetch import BodyStructure, SinglePart
from ._options import EXIT_OK, Account, Command, CommandLineError, logged_in, positive_number
from ._output import (
    Output,
    address_text,
    date_text,
    envelope_json,
    iso,
    size_text,
    structure_json,
    structure_lines,
)

__all__ = ["COMMAND"]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("uid", type=positive_number, help="the message's UID (as search shows it)")
    parser.add_argument(
        "-m", "--mailbox", default="INBOX", help="the mailbox it is in (default INBOX)"
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="write the whole message as stored (RFC 5322 bytes) to stdout instead",
    )


def _text_part(structure: BodyStructure | None) -> SinglePart | None:
    """The part a mail reader would show as plain text: the first text/plain not attached."""
    for part in structure.walk() if structure is not None else ():
        if (
            isinstance(part, SinglePart)
            and part.content_type == "text/plain"
            and part.disposition != "attachment"
        ):
            return part
    return None


async def show(args: argparse.Namespace, account: Account, out: Output) -> int:
    async with logged_in(account) as imap:
        await imap.examine(args.mailbox)
        if args.raw:
            await imap.download(args.uid, "", sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return EXIT_OK
        items = ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE"]
        found = await imap.fetch_all(args.uid, items)
        if not found:
            raise CommandLineError(f"no message with UID {args.uid} in {args.mailbox}")
        message = found[0]
        text_part = _text_part(message.body_structure)
        text = None
        if text_part is not None:
            data = io.BytesIO()
            await imap.download(args.uid, text_part.part, data)
            text = part_text(data.getvalue(), text_part)
    envelope = message.envelope
    out.document(
        {
            "uid": message.uid,
            "mailbox": args.mailbox,
            "flags": sorted(message.flags or ()),
            "internal_date": iso(message.internal_date),
            "size": message.size,
            "envelope": envelope_json(envelope),
            "structure": structure_json(message.body_structure)
            if message.body_structure is not None
            else None,
            "text_part": text_part.part if text_part is not None else None,
            "text": text,
        }
    )
    if envelope is not None:
        for label, value in (
            ("Date", date_text(envelope.date)),
            ("From", address_text(envelope.from_)),
            ("To", address_text(envelope.to)),
            ("Cc", address_text(envelope.cc)),
            ("Subject", envelope.subject or ""),
            ("Message-ID", envelope.message_id or ""),
        ):
            if value:
                out.line(f"{label + ':':12}{value}")
    out.line(f"{'UID:':12}{message.uid}")
    out.line(f"{'Flags:':12}{' '.join(sorted(message.flags or ())) or '-'}")
    out.line(f"{'Size:':12}{size_text(message.size)}")
    if message.body_structure is not None:
        out.line()
        for line in structure_lines(message.body_structure):
            out.line(line)
    out.line()
    out.line(text if text is not None else "(no text/plain part)")
    return EXIT_OK


COMMAND = Command(
    name="show",
    help="show one message: envelope, structure, text",
    description="Show one message by UID: its envelope (date, addresses, subject), "
    "its MIME structure, and its first text/plain part decoded. Nothing is marked "
    "as read.",
    run=show,
    add_arguments=_add_arguments,
)
