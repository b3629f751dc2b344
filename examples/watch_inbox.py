"""Watch INBOX with IDLE and print a line for each change, until Ctrl-C.

New messages, expunges and flag changes are printed as the server reports
them. Servers without IDLE are polled with NOOP instead. Settings come from
command-line options or environment variables, as for ``count_inbox.py``::

    IMAP_PASSWORD=... python examples/watch_inbox.py --host imap.example.org --user me

Options (each falls back to the environment variable in brackets):

    --host      server name [IMAP_HOST], required
    --port      server port [IMAP_PORT], default: 993 for tls, 143 otherwise
    --security  tls | starttls | plain [IMAP_SECURITY], default: tls
    --user      user name [IMAP_USER], required
    --password  password [IMAP_PASSWORD]; asked for when missing and run in a terminal
    --ca-file   extra CA certificate to trust, PEM [IMAP_CA_FILE]
    --seconds   stop after this many seconds instead of waiting for Ctrl-C
    --debug     print the IMAP conversation (passwords shown as ***)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import logging
import os
import ssl
import sys
from typing import cast

from imapclient_async import Client, IMAPError, Security
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
        return f"INBOX now holds {event.count} messages"
    if isinstance(event, Recent):
        return f"{event.count} recent messages"
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
    host: str,
    port: int | None,
    *,
    security: Security,
    user: str,
    password: str,
    ssl_context: ssl.SSLContext | None,
    seconds: float | None,
) -> None:
    """Print every change to INBOX for ``seconds`` (None: until cancelled)."""
    async with Client(host, port, security=security, ssl_context=ssl_context) as imap:
        await imap.login(user, password)
        inbox = await imap.select("INBOX")
        how = "IDLE" if "IDLE" in imap.capabilities else "polling with NOOP"
        print(f"Watching INBOX ({inbox.exists} messages) using {how}.", flush=True)
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
    parser.add_argument("--seconds", type=float, help="stop after this many seconds")
    parser.add_argument("--debug", action="store_true", help="print the IMAP conversation")
    args = parser.parse_args()
    if not args.host or not args.user:
        parser.error("--host and --user (or IMAP_HOST and IMAP_USER) are required")
    if args.seconds is not None and args.seconds <= 0:
        parser.error("--seconds must be positive")
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
            watch_inbox(
                args.host,
                port,
                security=security,
                user=args.user,
                password=password,
                ssl_context=context,
                seconds=args.seconds,
            )
        )
    except KeyboardInterrupt:
        print("Stopped.")
    except IMAPError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
