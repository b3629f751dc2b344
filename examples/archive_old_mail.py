"""Move messages older than N days from INBOX to an archive folder.

Searches INBOX for messages that arrived before the cut-off day (by their
internal date, the day the server received them), then moves them all with one
MOVE, creating the archive folder first when it does not exist. Servers without
MOVE get the safe fallback (copy, then delete exactly the copied messages).
With --dry-run it only counts.

Examples::

    bash scripts/demo.sh examples/archive_old_mail.py --dry-run
    bash scripts/demo.sh examples/archive_old_mail.py --days 365 --archive Old
    IMAP_PASSWORD=... python examples/archive_old_mail.py --host imap.example.org --user me
"""

from __future__ import annotations

import datetime
import sys

from _account import Account, account_from, count_of, option_parser, run

from imapclient_async.search import Query


async def archive_old_mail(
    account: Account,
    *,
    days: int,
    archive: str,
    dry_run: bool = False,
) -> int:
    """Move INBOX messages that arrived more than ``days`` days ago to ``archive``.

    Returns:
        How many messages were moved (or would be, with ``dry_run``).
    """
    cutoff = datetime.date.today() - datetime.timedelta(days=days)
    async with account.client() as imap:
        await imap.login(account.user, account.password)
        await imap.select("INBOX")
        old = await imap.search(Query.before(cutoff))
        if old.count and not dry_run:
            if not any(mailbox.name == archive for mailbox in await imap.list("", archive)):
                await imap.create(archive)
            await imap.move(old.ids, archive)
        verb = "would move" if dry_run else "moved"
        print(f"{verb} {count_of(old.count, 'message')} from before {cutoff} to {archive}")
        await imap.logout()
        return old.count


def main() -> int:
    parser = option_parser(__doc__)
    parser.add_argument(
        "--days",
        type=int,
        default=30,
        help="move messages that arrived more than this many days ago (default: %(default)s)",
    )
    parser.add_argument(
        "--archive",
        default="Archive",
        metavar="FOLDER",
        help="the folder to move them to, created if missing (default: %(default)s)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="only say how many would move; move nothing"
    )
    args = parser.parse_args()
    if args.days < 0:
        parser.error("--days must not be negative")
    return run(
        archive_old_mail(
            account_from(parser, args), days=args.days, archive=args.archive, dry_run=args.dry_run
        )
    )


if __name__ == "__main__":
    sys.exit(main())
