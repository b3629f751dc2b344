"""Move messages older than N days from INBOX to an archive folder.

Searches INBOX for messages that arrived before the cut-off day (by their
internal date), then moves them all with one MOVE, creating the archive folder
first when it does not exist. Servers without MOVE get the safe fallback
(copy, then delete exactly the copied messages). Settings come from
command-line options or environment variables, as for ``count_inbox.py``::

    IMAP_PASSWORD=... python examples/archive_old_mail.py --host imap.example.org --user me

Options (each falls back to the environment variable in brackets):

    --host      server name [IMAP_HOST], required
    --port      server port [IMAP_PORT], default: 993 for tls, 143 otherwise
    --security  tls | starttls | plain [IMAP_SECURITY], default: tls
    --user      user name [IMAP_USER], required
    --password  password [IMAP_PASSWORD]; asked for when missing and run in a terminal
    --ca-file   extra CA certificate to trust, PEM [IMAP_CA_FILE]
    --days      archive messages older than this many days, default: 30
    --archive   the folder to move them to, default: Archive
    --dry-run   only say how many messages would move
    --debug     print the IMAP conversation (passwords shown as ***)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import getpass
import logging
import os
import ssl
import sys
from typing import cast

from imapclient_async import Client, IMAPError, Security
from imapclient_async.search import Query


async def archive_old_mail(
    host: str,
    port: int | None,
    *,
    security: Security,
    user: str,
    password: str,
    ssl_context: ssl.SSLContext | None,
    days: int,
    archive: str,
    dry_run: bool = False,
) -> int:
    """Move INBOX messages that arrived more than ``days`` days ago to ``archive``.

    Returns:
        How many messages were moved (or would be, with ``dry_run``).
    """
    cutoff = datetime.date.today() - datetime.timedelta(days=days)
    async with Client(host, port, security=security, ssl_context=ssl_context) as imap:
        await imap.login(user, password)
        await imap.select("INBOX")
        old = await imap.search(Query.before(cutoff))
        if old.count and not dry_run:
            if not any(mailbox.name == archive for mailbox in await imap.list("", archive)):
                await imap.create(archive)
            await imap.move(old.ids, archive)
        verb = "would move" if dry_run else "moved"
        print(f"{verb} {old.count} messages from before {cutoff} to {archive}")
        await imap.logout()
        return old.count


def main() -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--host", default=env("IMAP_HOST"))
    parser.add_argument("--port", type=int, default=env("IMAP_PORT"))
    parser.add_argument(
        "--security", choices=["tls", "starttls", "plain"], default=env("IMAP_SECURITY", "tls")
    )
    parser.add_argument("--user", default=env("IMAP_USER"))
    parser.add_argument("--password", default=env("IMAP_PASSWORD"))
    parser.add_argument("--ca-file", default=env("IMAP_CA_FILE"))
    parser.add_argument("--days", type=int, default=30, help="age in days (default: 30)")
    parser.add_argument("--archive", default="Archive", help="destination folder")
    parser.add_argument("--dry-run", action="store_true", help="only count, move nothing")
    parser.add_argument("--debug", action="store_true", help="print the IMAP conversation")
    args = parser.parse_args()
    if not args.host or not args.user:
        parser.error("--host and --user (or IMAP_HOST and IMAP_USER) are required")
    if args.days < 0:
        parser.error("--days must not be negative")
    password = args.password
    if password is None:
        if not sys.stdin.isatty():
            parser.error("--password (or IMAP_PASSWORD) is required")
        password = getpass.getpass(f"Password for {args.user}: ")
    if args.debug:
        logging.basicConfig(format="%(message)s")
        logging.getLogger("imapclient_async.wire").setLevel(logging.DEBUG)
    context = None
    if args.ca_file and args.security != "plain":
        context = ssl.create_default_context(cafile=args.ca_file)
    port = int(args.port) if args.port else None
    security = cast(Security, args.security)  # argparse checked the choices
    try:
        asyncio.run(
            archive_old_mail(
                args.host,
                port,
                security=security,
                user=args.user,
                password=password,
                ssl_context=context,
                days=args.days,
                archive=args.archive,
                dry_run=args.dry_run,
            )
        )
    except IMAPError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
