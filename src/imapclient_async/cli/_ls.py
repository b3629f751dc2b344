"""``ls``: every mailbox with its message and unseen counts and its role (Sent, Trash, ...)."""

from __future__ import annotations

import argparse

from ._options import EXIT_OK, Account, Command, logged_in
from ._output import Output

__all__ = ["COMMAND"]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "pattern",
        nargs="?",
        default="*",
        help="which mailboxes: * (default) matches anything, %% anything but the "
        "hierarchy delimiter, e.g. 'Archive/%%'",
    )
    parser.add_argument(
        "--subscribed", action="store_true", help="only mailboxes the user subscribed to"
    )


async def ls(args: argparse.Namespace, account: Account, out: Output) -> int:
    async with logged_in(account) as imap:
        mailboxes = await imap.list(
            pattern=args.pattern,
            subscribed_only=args.subscribed,
            status=("MESSAGES", "UNSEEN"),
        )
    width = max([len("MAILBOX"), *(len(mailbox.name) for mailbox in mailboxes)])
    out.line(f"{'MAILBOX':{width}}  {'MESSAGES':>8}  {'UNSEEN':>8}  ROLE")
    listed = []
    for mailbox in mailboxes:
        status = mailbox.status
        messages = status.messages if status is not None else None
        unseen = status.unseen if status is not None else None
        listed.append(
            {
                "name": mailbox.name,
                "delimiter": mailbox.delimiter,
                "role": mailbox.special_use,
                "flags": sorted(mailbox.flags),
                "selectable": mailbox.selectable,
                "messages": messages,
                "unseen": unseen,
            }
        )
        out.line(
            f"{mailbox.name:{width}}  {_count(messages):>8}  {_count(unseen):>8}  "
            f"{mailbox.special_use or ''}".rstrip()
        )
    out.document(listed)
    return EXIT_OK


def _count(number: int | None) -> str:
    return "-" if number is None else str(number)


COMMAND = Command(
    name="ls",
    help="list mailboxes with counts and roles",
    description="List mailboxes with their message and unseen counts (one LIST with "
    "LIST-STATUS, else a STATUS each) and special-use roles such as \\Sent.",
    run=ls,
    add_arguments=_add_arguments,
)
