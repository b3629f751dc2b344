"""Watch INBOX with IDLE and print a line for each change, until Ctrl-C.

New messages, expunges and flag changes are printed as the server reports
them. Servers without IDLE are polled with NOOP instead. With --seconds it
ends IDLE and logs out when time is up; Ctrl-C stops it at once, closing the
connection, with exit status 130.

Examples::

    bash scripts/demo.sh examples/watch_inbox.py
    bash scripts/demo.sh examples/watch_inbox.py --seconds 10
    IMAP_PASSWORD=... python examples/watch_inbox.py --host imap.example.org --user me
"""

from __future__ import annotations

import asyncio
import contextlib
import sys

from _account import Account, account_from, count_of, option_parser, run

from imapclient_async import Client
from imapclient_async.events import (
    Alert,
    Bye,
    Event,
    Exists,
    Expunge,
    FlagsChanged,
    Recent,
    Vanished,
)


def describe(event: Event) -> str:
    """One line for the user about what the server reported."""
    if isinstance(event, Exists):
        return f"INBOX now holds {count_of(event.count, 'message')}"
    if isinstance(event, Recent):
        return count_of(event.count, "recent message")
    if isinstance(event, Expunge):
        return f"message {event.seq} was removed"
    if isinstance(event, Vanished):
        return f"messages with UIDs {event.uids} were removed"
    if isinstance(event, FlagsChanged):
        flags = " ".join(sorted(event.flags)) or "no flags"
        return f"message {event.seq} now has {flags}"
    if isinstance(event, Alert):
        return f"server alert: {event.text}"
    assert isinstance(event, Bye)
    return f"server is closing the connection: {event.text}"


async def watch_inbox(
    account: Account,
    *,
    seconds: float | None,
) -> None:
    """Print every change to INBOX for ``seconds`` (None: until cancelled)."""
    async with account.client() as imap:
        await imap.login(account.user, account.password)
        inbox = await imap.select("INBOX")
        how = "IDLE" if "IDLE" in imap.capabilities else "polling with NOOP"
        held = count_of(inbox.exists or 0, "message")
        print(f"Watching INBOX ({held}) using {how}.", flush=True)
        # When time is up the watch is cancelled: leaving the idle block still
        # ends the IDLE properly, so the client can log out afterwards.
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(print_events(imap), seconds)


async def print_events(imap: Client) -> None:
    """Print a line per event until the connection ends."""
    async with imap.idle() as events:
        async for event in events:
            print(describe(event), flush=True)


def main() -> int:
    parser = option_parser(__doc__)
    parser.add_argument(
        "--seconds",
        type=float,
        help="stop after this many seconds (default: watch until Ctrl-C)",
    )
    args = parser.parse_args()
    if args.seconds is not None and args.seconds <= 0:
        parser.error("--seconds must be positive")
    return run(watch_inbox(account_from(parser, args), seconds=args.seconds))


if __name__ == "__main__":
    sys.exit(main())
