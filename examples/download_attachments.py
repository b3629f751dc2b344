"""Save every attachment in INBOX to a folder.

Each message's structure comes from BODYSTRUCTURE, so nothing but the
attachments themselves is downloaded; each one is streamed to its file in
pieces, decoded by the server when it offers BINARY (RFC 3516) and by the
library otherwise. Files are named UID-FILENAME and never overwritten. INBOX is
opened read-only: nothing changes on the server.

Examples::

    bash scripts/demo.sh examples/download_attachments.py
    bash scripts/demo.sh examples/download_attachments.py --to ~/Downloads/mail
    IMAP_PASSWORD=... python examples/download_attachments.py --host imap.example.org --user me
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _account import Account, account_from, count_of, option_parser, run

from imapclient_async import Client, SinglePart


async def download_attachments(account: Account, folder: Path | None) -> list[Path]:
    """Save the attachments of every INBOX message; returns the files.

    They go into ``folder``, made if missing; None: a new temporary folder, made
    only when there is something to save.
    """
    saved: list[Path] = []
    async with account.client() as imap:
        await imap.login(account.user, account.password)
        if not (await imap.select("INBOX", readonly=True)).exists:
            print("INBOX is empty")
            return saved
        # Collect first: no other command may run while a fetch streams.
        attachments = [
            (message.uid, part)
            async for message in imap.fetch("1:*", ["BODYSTRUCTURE"])
            if message.uid is not None and message.body_structure is not None
            for part in message.body_structure.walk()
            if isinstance(part, SinglePart) and part.filename
        ]
        if not attachments:
            print("no attachments in INBOX")
            return saved
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="attachments-"))
        folder.mkdir(parents=True, exist_ok=True)
        for uid, part in attachments:
            path = _unused_path(folder, f"{uid}-{Path(part.filename or 'part').name}")
            await _save(imap, uid, part, path)
            print(f"saved {path} ({count_of(path.stat().st_size, 'byte')})")
            saved.append(path)
        print(f"{count_of(len(saved), 'attachment')} saved to {folder}")
        await imap.logout()
    return saved


async def _save(imap: Client, uid: int, part: SinglePart, path: Path) -> None:
    # BINARY (RFC 3516) has the server decode, and send a quarter less;
    # without it the library decodes base64 and quoted-printable itself.
    binary = "BINARY" in imap.capabilities
    with path.open("wb") as file:
        await imap.download(uid, part, file, binary=binary, decode=not binary)


def _unused_path(folder: Path, name: str) -> Path:
    """``folder/name``, numbered so that no existing file is overwritten."""
    path = folder / name
    number = 1
    while path.exists():
        path = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
        number += 1
    return path


def main() -> int:
    parser = option_parser(__doc__)
    parser.add_argument(
        "--to",
        type=Path,
        metavar="DIR",
        help="the folder to save into, made if missing "
        "(default: a new temporary folder, named at the end)",
    )
    args = parser.parse_args()
    return run(download_attachments(account_from(parser, args), args.to))


if __name__ == "__main__":
    sys.exit(main())
