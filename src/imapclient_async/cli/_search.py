"""``search``: the messages matching a query, one line each; and the query options it shares."""

from __future__ import annotations

import argparse
import datetime
import functools
import operator
from collections.abc import Callable

from ..client import Client
from ..fetch import Address, FetchedMessage
from ..messageset import MessageSet
from ..search import Query, SearchCriteria
from ._options import EXIT_OK, Account, Command, UsageError, logged_in, positive_number
from ._output import Output, addresses_json, date_text, iso

__all__ = ["COMMAND", "add_query_options", "matching_uids"]

_TEXT_KEYS: dict[str, tuple[Callable[[str], Query], str]] = {
    "from": (Query.from_, "the From header contains TEXT (any case)"),
    "to": (Query.to, "the To header contains TEXT (any case)"),
    "subject": (Query.subject, "the Subject contains TEXT (any case)"),
    "body": (Query.body, "the body contains TEXT (any case)"),
    "text": (Query.text, "the headers or the body contain TEXT (any case)"),
}
_DATE_KEYS: dict[str, Callable[[datetime.date], Query]] = {
    "since": Query.since,
    "before": Query.before,
}
_FLAG_KEYS: dict[str, Callable[[], Query]] = {
    "unseen": Query.unseen,
    "seen": Query.seen,
    "flagged": Query.flagged,
}
_FROM_WIDTH = 30


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None


def _uids(text: str) -> MessageSet:
    try:
        return MessageSet(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_query_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose messages: a mailbox, then typed keys or raw IMAP criteria."""
    parser.add_argument(
        "-m", "--mailbox", default="INBOX", help="the mailbox to look in (default INBOX)"
    )
    keys = parser.add_argument_group(
        "which messages (all when none is given; all given must match)"
    )
    for key, (_, explained) in _TEXT_KEYS.items():
        keys.add_argument(f"--{key}", metavar="TEXT", help=explained)
    keys.add_argument(
        "--since", type=_day, metavar="DATE", help="arrived on or after DATE (YYYY-MM-DD)"
    )
    keys.add_argument("--before", type=_day, metavar="DATE", help="arrived before DATE")
    for key in _FLAG_KEYS:
        keys.add_argument(f"--{key}", action="store_true", help=f"only {key} messages")
    keys.add_argument("--uid", type=_uids, metavar="SET", help="UIDs in SET, e.g. 100:200,305")
    keys.add_argument(
        "--limit",
        type=positive_number,
        metavar="N",
        help="only the N matching messages with highest UIDs",
    )
    keys.add_argument(
        "criteria",
        nargs="*",
        help="raw IMAP search criteria instead of the options above, sent as written, "
        "e.g. OR FROM alice FROM bob (printable ASCII)",
    )


def _query(args: argparse.Namespace) -> SearchCriteria:
    given = vars(args)
    keys = [
        *(make(given[key]) for key, (make, _) in _TEXT_KEYS.items() if given[key]),
        *(make(given[key]) for key, make in _DATE_KEYS.items() if given[key]),
        *(make() for key, make in _FLAG_KEYS.items() if given[key]),
    ]
    if args.uid is not None:
        keys.append(Query.uid(args.uid))
    if args.criteria:
        if keys:
            raise UsageError("give raw criteria or query options, not both")
        return " ".join(args.criteria)
    return functools.reduce(operator.and_, keys) if keys else Query.all()


async def matching_uids(imap: Client, args: argparse.Namespace) -> list[int]:
    """The UIDs in the selected mailbox the query options match, ascending, at most ``--limit``."""
    query = _query(args)
    try:
        found = await imap.search(query)
    except ValueError as exc:  # raw criteria the library will not send
        raise UsageError(f"search criteria: {exc}") from None
    uids = list(found.ids)
    return uids[-args.limit :] if args.limit else uids


async def search(args: argparse.Namespace, account: Account, out: Output) -> int:
    found: list[dict[str, object]] = []  # kept for JSON only: text is printed as it comes
    async with logged_in(account) as imap:
        await imap.examine(args.mailbox)
        uids = await matching_uids(imap, args)
        if uids:
            async with imap.fetch(uids, ["FLAGS", "INTERNALDATE", "ENVELOPE"]) as messages:
                async for message in messages:
                    described = _show(message, out)
                    if out.json:
                        found.append(described)
    out.document(found)
    if not uids:
        out.note(f"no message in {args.mailbox} matches")
    return EXIT_OK


def _show(message: FetchedMessage, out: Output) -> dict[str, object]:
    """Print the line for ``message``; return its JSON form."""
    envelope = message.envelope
    sent = envelope.date if envelope is not None else None
    senders = envelope.from_ if envelope is not None else ()
    subject = envelope.subject if envelope is not None else None
    sender = _sender(senders)
    if len(sender) > _FROM_WIDTH:
        sender = sender[: _FROM_WIDTH - 1] + "…"
    out.line(
        f"{message.uid:>6}  {date_text(sent or message.internal_date):16}  "
        f"{sender:{_FROM_WIDTH}}  {subject or ''}".rstrip()
    )
    return {
        "uid": message.uid,
        "date": iso(sent),
        "internal_date": iso(message.internal_date),
        "from": addresses_json(senders),
        "subject": subject,
        "flags": sorted(message.flags or ()),
    }


def _sender(addresses: tuple[Address, ...]) -> str:
    """Who sent a message, briefly: the first sender's name (or address), ``+N`` for more."""
    people = [address for address in addresses if address.email is not None]
    if not people:
        return ""
    first = people[0].name or people[0].email or ""
    return f"{first} +{len(people) - 1}" if len(people) > 1 else first


COMMAND = Command(
    name="search",
    help="list the messages matching a query",
    description="List the messages of a mailbox that match a query: UID, date, "
    "sender and subject, oldest first. Nothing is marked as read.",
    run=search,
    add_arguments=add_query_options,
)
