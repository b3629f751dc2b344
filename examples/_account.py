"""The account options every example takes, and the client they describe.

Each option falls back to an environment variable, so an example runs as it is
against the local demo Dovecot (``bash scripts/demo.sh examples/NAME.py``,
which sets them) and against your own server::

    IMAP_PASSWORD=... python examples/NAME.py --host imap.example.org --user me

    --host      server name [IMAP_HOST], required
    --port      server port [IMAP_PORT], default: 993 for tls, 143 otherwise
    --security  tls | starttls | plain [IMAP_SECURITY], default: tls
    --user      user name [IMAP_USER], required
    --password  password [IMAP_PASSWORD]; asked for when missing and run in a terminal
    --ca-file   extra CA certificate to trust, PEM [IMAP_CA_FILE]
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
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import cast

from imapclient_async import Client, IMAPError, Security


@dataclass(frozen=True)
class Account:
    """Where to connect and whom to log in as."""

    host: str
    port: int | None
    security: Security
    user: str
    password: str
    ssl_context: ssl.SSLContext | None

    def client(self) -> Client:
        """A new, not yet connected client for this account."""
        return Client(self.host, self.port, security=self.security, ssl_context=self.ssl_context)


def option_parser(docstring: str) -> argparse.ArgumentParser:
    """A parser with the account options; add the example's own before parsing."""
    env = os.environ.get
    parser = argparse.ArgumentParser(description=docstring.split("\n", 1)[0])
    parser.add_argument("--host", default=env("IMAP_HOST"))
    parser.add_argument("--port", type=int, default=env("IMAP_PORT"))
    parser.add_argument(
        "--security", choices=["tls", "starttls", "plain"], default=env("IMAP_SECURITY", "tls")
    )
    parser.add_argument("--user", default=env("IMAP_USER"))
    parser.add_argument("--password", default=env("IMAP_PASSWORD"))
    parser.add_argument("--ca-file", default=env("IMAP_CA_FILE"))
    parser.add_argument("--debug", action="store_true", help="print the IMAP conversation")
    return parser


def account_from(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Account:
    """The account the parsed options describe; turns on the wire log for --debug."""
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
    return Account(
        host=args.host,
        port=int(args.port) if args.port else None,
        security=cast(Security, args.security),  # argparse checked the choices
        user=args.user,
        password=password,
        ssl_context=context,
    )


def count_of(count: int, noun: str) -> str:
    """``count`` with ``noun`` in the right number: "1 message", "2 messages", "0 messages"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def run(program: Coroutine[object, object, object]) -> int:
    """Run an example's coroutine; an IMAP error becomes a message and exit status 1."""
    try:
        asyncio.run(program)
    except IMAPError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
