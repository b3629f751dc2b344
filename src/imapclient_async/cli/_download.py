"""``download``: whole messages as ``.eml`` files, or their attachments, into a folder.

Resumable, by file and within one. A file gets its final name only once it
is complete and on disk (it is written as ``NAME.part``, fsynced and
renamed), so running the same command again skips the files already there.
A ``NAME.part`` that an interrupted run left is continued from its size
when the bytes on disk are the bytes the server sends, so that an offset
into the one is an offset into the other: whole messages, and attachments
the server decodes (BINARY) or that need no decoding. An attachment the
library decodes (a server without BINARY) has no such offset and starts
again. Before continuing, the last bytes on disk are fetched again and
compared, so a partial file with a damaged tail, or of another message,
starts again instead of being completed into something wrong.

Files are named by UID, which means something only together with the
mailbox and its UIDVALIDITY: both are kept in ``.imapclient-async.json`` in
the folder, and a folder holding another mailbox's files, or files from
before the mailbox's UIDs were reset, is refused rather than mixed up (its
partial files included).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from .._api.download import WritableSink
from .._commands.download import section_total
from ..client import Client
from ..fetch import SinglePart
from ..progress import Progress
from ._options import EXIT_OK, Account, Command, CommandLineError, logged_in
from ._output import Output, plural
from ._progress import ProgressBar
from ._search import add_query_options, matching_uids

__all__ = ["COMMAND"]

STATE_FILE = ".imapclient-async.json"
_NAME_MAX = 200
"""Characters kept of an attachment's file name: file systems allow 255 bytes."""
_ENCODED = frozenset({"base64", "quoted-printable"})
"""The transfer encodings whose stored bytes are not the content (others pass as they are)."""
_OVERLAP = 4096
"""Bytes at the end of a partial file that are fetched again and compared before continuing it."""


@dataclass(frozen=True)
class _Download:
    """One file to write: which section of which message, how, and where."""

    uid: int
    part: SinglePart | None
    """The attachment; None for the whole message."""
    path: Path
    size: int
    """Bytes the server will send, for the progress bar: as stored; decoded with
    ``binary`` once :func:`_with_decoded_sizes` has looked them up."""
    binary: bool = False
    """The server undoes the transfer encoding (BINARY)."""
    decode: bool = False
    """The library undoes it, so the file's bytes are not the bytes the server sends."""

    @property
    def partial(self) -> Path:
        """Where the file is written until it is complete."""
        return self.path.with_name(self.path.name + ".part")

    @property
    def resumable(self) -> bool:
        """Whether a partial file can be continued: its size is an offset into what is sent."""
        return not self.decode


class _Mismatch(Exception):
    """The bytes fetched again differ from the end of the partial file."""


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
            _Download(message.uid, None, folder / f"{message.uid}.eml", message.size or 0)
            for message in await imap.fetch_all(uids, ["RFC822.SIZE"])
            if message.uid is not None
        ]
    # The server decodes where it can: its offsets then count decoded bytes,
    # the bytes on disk, so a partial file can be continued.
    binary = "BINARY" in imap.capabilities
    planned = []
    for message in await imap.fetch_all(uids, ["BODYSTRUCTURE"]):
        if message.uid is None or message.body_structure is None:
            continue
        for part in message.body_structure.walk():
            if isinstance(part, SinglePart) and (part.filename or part.disposition == "attachment"):
                encoded = (part.encoding or "").lower() in _ENCODED
                path = folder / f"{message.uid}-{part.part}-{_file_name(part.filename)}"
                planned.append(
                    _Download(
                        message.uid,
                        part,
                        path,
                        part.size or 0,
                        binary=encoded and binary,
                        decode=encoded and not binary,
                    )
                )
    return planned


async def _with_decoded_sizes(imap: Client, items: list[_Download]) -> list[_Download]:
    """``items``, each the server decodes sized in decoded bytes (``BINARY.SIZE``).

    BODYSTRUCTURE sizes parts as stored, but with BINARY the server sends, and
    the progress counts, decoded bytes: the bar's total must count those too.
    Messages whose decoded parts have the same numbers share a FETCH (asking
    a message for a part it lacks could fail the command).
    """
    decoded: dict[int, list[str]] = defaultdict(list)
    for item in items:
        if item.binary and item.part is not None:
            decoded[item.uid].append(item.part.part)
    by_layout: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for uid, sections in decoded.items():
        by_layout[tuple(sections)].append(uid)
    sizes: dict[tuple[int, str], int] = {}
    for layout, uids in by_layout.items():
        wanted = [f"BINARY.SIZE[{section}]" for section in layout]
        for message in await imap.fetch_all(uids, wanted):
            for section in layout:
                size = section_total([message], section, None, binary=True)
                if message.uid is not None and size is not None:
                    sizes[message.uid, section] = size
    return [
        replace(item, size=sizes.get((item.uid, item.part.part), item.size))
        if item.binary and item.part is not None
        else item
        for item in items
    ]


class _Continuing:
    """The sink of a resumed download: the bytes fetched again must match the file's end.

    They are compared, not written; what follows them is appended. A
    difference raises :class:`_Mismatch` before anything is written.
    """

    def __init__(self, file: BinaryIO, tail: bytes) -> None:
        self._file = file
        self._tail = tail

    @property
    def matched(self) -> bool:
        """Whether the whole tail came back the same (a shorter section never does)."""
        return not self._tail

    def write(self, data: bytes) -> None:
        if self._tail:
            head, data = data[: len(self._tail)], data[len(self._tail) :]
            if not self._tail.startswith(head):
                raise _Mismatch
            self._tail = self._tail[len(head) :]
        self._file.write(data)


async def _fetch(
    imap: Client, item: _Download, sink: WritableSink, offset: int, bar: ProgressBar | None
) -> None:
    await imap.download(
        item.uid,
        item.part or "",
        sink,
        decode=item.decode,
        binary=item.binary,
        offset=offset,
        progress=bar.update if bar is not None else None,
    )


async def _continue(
    imap: Client, item: _Download, file: BinaryIO, size: int, bar: ProgressBar | None
) -> bool:
    """Continue ``file``, of ``size`` bytes; False, with nothing written, if they proved wrong."""
    overlap = min(_OVERLAP, size)
    file.seek(size - overlap)
    sink = _Continuing(file, file.read(overlap))
    if bar is not None:
        bar.update(Progress(size, item.size))
    try:
        await _fetch(imap, item, sink, size - overlap, bar)
    except _Mismatch:
        return False
    return sink.matched


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


async def _save(imap: Client, item: _Download, bar: ProgressBar | None) -> tuple[int, int]:
    """Write ``item``'s file, continuing its partial file when that is exact.

    Returns:
        The file's size, and how many of its bytes an earlier run had saved.
    """
    kept = _size(item.partial) if item.resumable else 0
    try:
        with item.partial.open("r+b" if kept else "wb") as file:
            if kept and not await _continue(imap, item, file, kept, bar):
                kept = 0
                file.seek(0)
                file.truncate()
            if not kept:
                await _fetch(imap, item, file, 0, bar)
            file.flush()
            os.fsync(file.fileno())  # complete on disk before it gets its final name
            written = file.tell()
    except BaseException:
        # Kept for the next run only when it can continue it, whatever the error.
        if not item.resumable or not _size(item.partial):
            item.partial.unlink(missing_ok=True)
        raise
    os.replace(item.partial, item.path)
    if bar is not None:
        bar.item_done(item.path.name, written, kept)
    return written, kept


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
        bar = None
        if not args.no_progress and waiting:
            waiting = await _with_decoded_sizes(imap, waiting)
            total = sum(item.size for item in waiting)
            bar = ProgressBar(sys.stderr, total, len(waiting), noun)
        try:
            for item in waiting:
                written, kept = await _save(imap, item, bar)
                saved.append(
                    {
                        "uid": item.uid,
                        "path": str(item.path),
                        "bytes": written,
                        "resumed_from": kept,
                    }
                )
        finally:
            if bar is not None:
                bar.close()
    skipped = [{"uid": item.uid, "path": str(item.path)} for item in present]
    out.document(
        {"mailbox": args.mailbox, "folder": str(folder), "saved": saved, "skipped": skipped}
    )
    resumed = sum(1 for entry in saved if entry["resumed_from"])
    continued = f" ({resumed} resumed)" if resumed else ""
    out.line(
        f"{plural(len(saved), noun)} saved{continued}, {len(skipped)} already there, in {folder}"
    )
    return EXIT_OK


COMMAND = Command(
    name="download",
    help="save messages (.eml) or their attachments into a folder",
    description="Save the messages matching a query into a folder, each as UID.eml, "
    "or with --attachments each attachment as UID-PART-FILENAME, decoded. Files "
    "already there are skipped, and a file an interrupted run left unfinished "
    "(NAME.part) is continued where it stopped once its last 4 KiB match the "
    "server's; only an attachment decoded here rather than by the server (no "
    "BINARY) starts again. A progress bar is shown on stderr when it is a "
    "terminal; a line per file otherwise. Nothing is marked as read.",
    run=download,
    add_arguments=_add_arguments,
)
