"""``download``: whole messages as ``.eml`` files, or their attachments, into a folder.

Resumable by UID: a file gets its final name only once it is complete (it is
written as ``NAME.part`` and renamed), so running the same command again
downloads only what is missing. Files are named by UID, which means something
only together with the mailbox and its UIDVALIDITY: both are kept in
``.imapclient-async.json`` in the folder, and a folder holding another
mailbox's files, or files from before the mailbox's UIDs were reset, is
refused rather than mixed up.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .._transfer import TransferDecoder
from ..client import Client
from ..fetch import SinglePart
from ._options import EXIT_OK, Account, Command, CommandLineError, logged_in
from ._output import Output, plural
from ._progress import Progress
from ._search import add_query_options, matching_uids

__all__ = ["COMMAND"]

STATE_FILE = ".imapclient-async.json"
_NAME_MAX = 200
"""Characters kept of an attachment's file name: file systems allow 255 bytes."""


@dataclass(frozen=True)
class _Download:
    """One file to write: which section of which message, and where."""

    uid: int
    section: str
    """``""`` for the whole message, else a part number such as ``"2"``."""
    path: Path
    size: int
    """Bytes the server will send (before any decoding)."""
    encoding: str | None
    """The transfer encoding to undo; None for whole messages, kept as stored."""


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="DIR",
        help="the folder to save into (created when missing)",
    )
    parser.add_argument(
        "--attachments", action="store_true", help="save attachments instead of whole messages"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress on stderr")
    add_query_options(parser)


def _open_folder(folder: Path, mailbox: str, uid_validity: int | None) -> None:
    """Make ``folder``, or check that its files name the same messages of ``mailbox``."""
    folder.mkdir(parents=True, exist_ok=True)
    state_path = folder / STATE_FILE
    state = {"mailbox": mailbox, "uid_validity": uid_validity}
    try:
        earlier = json.loads(state_path.read_text())
    except FileNotFoundError:
        state_path.write_text(json.dumps(state) + "\n")
        return
    except ValueError:
        raise CommandLineError(f"{state_path} is damaged; use a new folder") from None
    if earlier.get("mailbox") != mailbox:
        raise CommandLineError(
            f"{folder} holds messages of mailbox {earlier.get('mailbox')!r}; "
            f"use another folder for {mailbox!r}"
        )
    if earlier.get("uid_validity") != uid_validity:
        raise CommandLineError(
            f"the UIDs of {mailbox!r} were reset since {folder} was filled (UIDVALIDITY "
            f"{earlier.get('uid_validity')} is now {uid_validity}): its files' UIDs now "
            "name other messages; use a new folder"
        )


def _file_name(name: str | None) -> str:
    """An attachment's name made safe as one file name: no folders, controls or leading dots."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = "".join(char if char.isprintable() else "_" for char in base).strip().lstrip(".")
    return base[:_NAME_MAX] or "attachment"


async def _plan(imap: Client, uids: list[int], folder: Path, attachments: bool) -> list[_Download]:
    if not uids:
        return []
    if not attachments:
        return [
            _Download(message.uid, "", folder / f"{message.uid}.eml", message.size or 0, None)
            for message in await imap.fetch_all(uids, ["RFC822.SIZE"])
            if message.uid is not None
        ]
    return [
        _Download(
            message.uid,
            part.part,
            folder / f"{message.uid}-{part.part}-{_file_name(part.filename)}",
            part.size or 0,
            part.encoding,
        )
        for message in await imap.fetch_all(uids, ["BODYSTRUCTURE"])
        if message.uid is not None and message.body_structure is not None
        for part in message.body_structure.walk()
        if isinstance(part, SinglePart) and (part.filename or part.disposition == "attachment")
    ]


class _DecodingSink:
    """What ``Client.download`` writes to: decodes into a file and counts progress."""

    def __init__(self, file: BinaryIO, decoder: TransferDecoder, progress: Progress | None):
        self._file = file
        self._decoder = decoder
        self._progress = progress

    def write(self, data: bytes) -> None:
        self._file.write(self._decoder.feed(data))
        if self._progress is not None:
            self._progress.advance(len(data))

    def finish(self) -> None:
        self._file.write(self._decoder.finish())
        self._file.flush()
        os.fsync(self._file.fileno())  # complete on disk before it gets its final name


@contextlib.contextmanager
def _completed(path: Path) -> Iterator[BinaryIO]:
    """A file written as ``NAME.part`` that becomes ``NAME`` only if the block succeeds."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as file:
            yield file
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)


async def _save(imap: Client, item: _Download, progress: Progress | None) -> int:
    with _completed(item.path) as file:
        sink = _DecodingSink(file, TransferDecoder(item.encoding), progress)
        await imap.download(item.uid, item.section, sink)
        sink.finish()
        written = file.tell()
    if progress is not None:
        progress.item_done(item.path.name, written)
    return written


async def download(args: argparse.Namespace, account: Account, out: Output) -> int:
    folder: Path = args.output
    noun = "attachment" if args.attachments else "message"
    saved: list[dict[str, object]] = []
    async with logged_in(account) as imap:
        selected = await imap.examine(args.mailbox)
        _open_folder(folder, args.mailbox, selected.uid_validity)
        uids = await matching_uids(imap, args)
        planned = await _plan(imap, uids, folder, args.attachments)
        waiting: list[_Download] = []
        present: list[_Download] = []
        for item in planned:
            (present if item.path.exists() else waiting).append(item)
        progress = None
        if not args.no_progress and waiting:
            total = sum(item.size for item in waiting)
            progress = Progress(sys.stderr, total, len(waiting), noun)
        try:
            for item in waiting:
                written = await _save(imap, item, progress)
                saved.append({"uid": item.uid, "path": str(item.path), "bytes": written})
        finally:
            if progress is not None:
                progress.close()
    skipped = [{"uid": item.uid, "path": str(item.path)} for item in present]
    out.document(
        {"mailbox": args.mailbox, "folder": str(folder), "saved": saved, "skipped": skipped}
    )
    out.line(f"{plural(len(saved), noun)} saved, {len(skipped)} already there, in {folder}")
    return EXIT_OK


COMMAND = Command(
    name="download",
    help="save messages (.eml) or their attachments into a folder",
    description="Save the messages matching a query into a folder, each as UID.eml, "
    "or with --attachments each attachment as UID-PART-FILENAME, decoded. Files "
    "already there are skipped, so an interrupted download resumes. A progress "
    "bar is shown on stderr when it is a terminal; a line per file otherwise. "
    "Nothing is marked as read.",
    run=download,
    add_arguments=_add_arguments,
)
