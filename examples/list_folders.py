"""List every folder with its message and unread counts, and its role (Sent, Trash, ...).

One LIST asks for the counts too when the server offers LIST-STATUS (RFC 5819);
otherwise the library asks each folder with STATUS. The role is the folder's
special-use attribute (RFC 6154), when the server marks one. Nothing changes
on the server unless --create-demo-folders is given.

Examples::

    bash scripts/demo.sh examples/list_folders.py
    bash scripts/demo.sh examples/list_folders.py --create-demo-folders
    IMAP_PASSWORD=... python examples/list_folders.py --host imap.example.org --user me
"""

from __future__ import annotations

import sys

from _account import Account, account_from, count_of, option_parser, run

from imapclient_async import CommandError

DEMO_FOLDERS = ("Archive", "Archive.2026", "Entwürfe")


async def list_folders(
    account: Account,
    *,
    create_demo_folders: bool = False,
) -> None:
    """Print one line per folder: name, message count, unread count, special-use role."""
    async with account.client() as imap:
        await imap.login(account.user, account.password)
        if create_demo_folders:
            for name in DEMO_FOLDERS:
                try:
                    await imap.create(name)
                except CommandError as exc:
                    if exc.code != "ALREADYEXISTS":
                        raise
        mailboxes = await imap.list(status=("MESSAGES", "UNSEEN"))
        width = max((len(mailbox.name) for mailbox in mailboxes), default=0)
        for mailbox in mailboxes:
            role = mailbox.special_use or ""
            status = mailbox.status
            if status is None or status.messages is None:
                counts = "(not selectable)"
            else:
                messages = count_of(status.messages, "message")
                counts = f"{messages:>15}, {status.unseen:6} unread"
            print(f"{mailbox.name:<{width}}  {counts}  {role}".rstrip())
        await imap.logout()


def main() -> int:
    parser = option_parser(__doc__)
    parser.add_argument(
        "--create-demo-folders",
        action="store_true",
        help=f"first create the folders {', '.join(DEMO_FOLDERS)}, one of them nested and "
        "one with a non-ASCII name (existing ones are kept)",
    )
    args = parser.parse_args()
    return run(
        list_folders(account_from(parser, args), create_demo_folders=args.create_demo_folders)
    )


if __name__ == "__main__":
    sys.exit(main())
