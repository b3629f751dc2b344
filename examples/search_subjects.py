"""Search INBOX and print the UID, date, sender and subject of each match, oldest first.

The search runs on the server (SEARCH, with every value quoted or sent as a
literal); the headers of the matches then stream in with one FETCH of their
envelopes, so even a large result is printed with little memory. Without
options every message matches; options combine (all must match). INBOX is
opened read-only: nothing changes on the server.

Examples::

    bash scripts/demo.sh examples/search_subjects.py --unseen
    bash scripts/demo.sh examples/search_subjects.py --from alice --subject report
    IMAP_PASSWORD=... python examples/search_subjects.py --host imap.example.org --user me \\
        --since 2026-01-01
"""

from __future__ import annotations

import argparse
import datetime
import sys

from _account import Account, account_from, count_of, option_parser, run

from imapclient_async import Query


def build_query(args: argparse.Namespace) -> Query:
    """The search the options ask for; everything when none is given."""
    query = Query.all()
    if args.from_:
        query &= Query.from_(args.from_)
    if args.subject:
        query &= Query.subject(args.subject)
    if args.since:
        query &= Query.since(args.since)
    if args.unseen:
        query &= Query.unseen()
    return query


async def search_subjects(account: Account, query: Query) -> int:
    """Print one line per matching INBOX message; returns how many matched."""
    async with account.client() as imap:
        await imap.login(account.user, account.password)
        await imap.select("INBOX", readonly=True)
        found = await imap.search(query)
        if found.ids:
            async for message in imap.fetch(found.ids, ["ENVELOPE"]):
                envelope = message.envelope
                assert envelope is not None  # asked for
                date = f"{envelope.date:%Y-%m-%d %H:%M}" if envelope.date else "(no date)"
                sender = str(envelope.from_[0]) if envelope.from_ else "(no sender)"
                print(f"{message.uid:>6}  {date}  {sender:<40.40}  {envelope.subject or ''}")
        print(count_of(found.count, "matching message"))
        await imap.logout()
        return found.count


def main() -> int:
    parser = option_parser(__doc__)
    parser.add_argument(
        "--from", dest="from_", metavar="TEXT", help="the sender contains TEXT, any case"
    )
    parser.add_argument("--subject", metavar="TEXT", help="the subject contains TEXT, any case")
    parser.add_argument(
        "--since",
        type=datetime.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="arrived on or after that day",
    )
    parser.add_argument("--unseen", action="store_true", help="not yet read")
    args = parser.parse_args()
    return run(search_subjects(account_from(parser, args), build_query(args)))


if __name__ == "__main__":
    sys.exit(main())
