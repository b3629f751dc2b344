"""Connect, log in, select INBOX, print how many messages it holds, log out.

The program the project started from, as four awaits.

Examples::

    bash scripts/demo.sh                      # the local demo server: 12 messages
    bash scripts/demo.sh --debug              # ... and the IMAP conversation
    IMAP_PASSWORD=... python examples/count_inbox.py --host imap.example.org --user me
"""

from __future__ import annotations

import sys

from _account import Account, account_from, option_parser, run


async def count_inbox(account: Account) -> int | None:
    """The seed program: print and return the number of messages in INBOX (None: not reported)."""
    async with account.client() as imap:
        await imap.login(account.user, account.password)
        inbox = await imap.select("INBOX")
        print(f"I have {inbox.exists} messages in my INBOX.")
        await imap.logout()
        return inbox.exists


def main() -> int:
    parser = option_parser(__doc__)
    return run(count_inbox(account_from(parser, parser.parse_args())))


if __name__ == "__main__":
    sys.exit(main())
