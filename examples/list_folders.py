"""List every folder with its message and unread counts, and its role (Sent, Trash, ...).

One LIST asks for the counts too when the server offers LIST-STATUS (RFC 5819);
otherwise the library asks each folder with STATUS. Settings come from
command-line options or environment variables, as for ``count_inbox.py``, so it
runs against the local demo Dovecot (``bash scripts/demo.sh examples/list_folders.py``)
and against your own server::

    IMAP_PASSWORD=... python examples/list_folders.py --host imap.example.org --user me

Options (each falls back to the environment variable in brackets):

    --host      server name [IMAP_HOST], required
    --port      server port [IMAP_PORT], default: 993 for tls, 143 otherwise
    --security  tls | starttls | plain [IMAP_SECURITY], default: tls
    --user      user name [IMAP_USER], required
    --password  password [IMAP_PASSWORD]; asked for when missing and run in a terminal
    --ca-file   extra CA certificate to trust, PEM [IMAP_CA_FILE]
    --create-demo-folders
                first create a few folders (one with a non-ASCII name), skipping
                any that exist: the demo server only has INBOX
    --debug     print the IMAP conversation (passwords shown as ***)
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import ssl
import sys
from typing import cast

from imapclient_async import Client, CommandError, IMAPError, Security

DEMO_FOLDERS = ("Archive", "Archive.2026", "Entwürfe")


async def list_folders(
    host: str,
    port: int | None,
    *,
    security: Security,
    user: str,
    password: str,
    ssl_context: ssl.SSLContext | None,
    create_demo_folders: bool = False,
) -> None:
    """Print one line per folder: name, message count, unread count, special-use role."""
    async with Client(host, port, security=security, ssl_context=ssl_context) as imap:
        await imap.login(user, password)
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
            if mailbox.status is None:
                counts = "(not selectable)"
            else:
                counts = f"{mailbox.status.messages:6} messages, {mailbox.status.unseen:6} unread"
            print(f"{mailbox.name:<{width}}  {counts}  {role}".rstrip())
        await imap.logout()


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
    parser.add_argument(
        "--create-demo-folders",
        action="store_true",
        help=f"first create {', '.join(DEMO_FOLDERS)} (existing ones are kept)",
    )
    parser.add_argument("--debug", action="store_true", help="print the IMAP conversation")
    args = parser.parse_args()
    if not args.host or not args.user:
        parser.error("--host and --user (or IMAP_HOST and IMAP_USER) are required")
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
            list_folders(
                args.host,
                port,
                security=security,
                user=args.user,
                password=password,
                ssl_context=context,
                create_demo_folders=args.create_demo_folders,
            )
        )
    except IMAPError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
