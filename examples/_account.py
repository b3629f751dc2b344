"""The account options every example takes, and the client they describe.

Each option falls back to an environment variable, so an example runs as it is
against the local demo Dovecot (``bash scripts/demo.sh examples/NAME.py``,
which sets them) and against your own server::

    IMAP_PASSWORD=... python examples/NAME.py --host imap.example.org --user me

``python examples/NAME.py --help`` describes the example and all its options.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import inspect
import logging
import os
import ssl
import sys
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import cast

from imapclient_async import Client, IMAPError, Security

INTERRUPTED = 130
"""The exit status after Ctrl-C: 128 + SIGINT, as shells report a program that SIGINT ended."""

_EXIT_STATUSES = """\
exit status:
  0    done
  1    the server refused, or the connection failed (the reason is on stderr)
  2    wrong options
  130  stopped with Ctrl-C"""


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
    """A parser with the account options; add the example's own before parsing.

    ``--help`` shows ``docstring`` (the example's, with its example commands), the
    options, and the exit statuses. No option shows its environment variable's
    value, so a password in IMAP_PASSWORD stays out of the help text.
    """
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description=inspect.cleandoc(docstring).replace("::\n", ":\n"),
        epilog=_EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    account = parser.add_argument_group(
        "account options",
        "Each falls back to the environment variable in brackets;\n"
        "bash scripts/demo.sh sets them all for its local server.",
    )
    account.add_argument("--host", default=env("IMAP_HOST"), help="server name [IMAP_HOST]")
    account.add_argument(
        "--port",
        type=int,
        default=env("IMAP_PORT"),
        help="server port [IMAP_PORT]; default: 993 with tls, 143 otherwise",
    )
    account.add_argument(
        "--security",
        choices=["tls", "starttls", "plain"],
        default=env("IMAP_SECURITY", "tls"),
        help="TLS from the start, STARTTLS (the connection fails if the server does not "
        "offer it), or no encryption, for local test servers only [IMAP_SECURITY]; "
        "default: tls",
    )
    account.add_argument("--user", default=env("IMAP_USER"), help="user name [IMAP_USER]")
    account.add_argument(
        "--password",
        default=env("IMAP_PASSWORD"),
        help="password [IMAP_PASSWORD]; asked for when missing and run in a terminal",
    )
    account.add_argument(
        "--ca-file",
        default=env("IMAP_CA_FILE"),
        metavar="PEM",
        help="also trust this CA certificate, e.g. a private server's [IMAP_CA_FILE]",
    )
    account.add_argument(
        "--debug",
        action="store_true",
        help="print the IMAP conversation on stderr (passwords shown as ***)",
    )
    return parser


def account_from(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Account:
    """The account the parsed options describe; turns on the wire log for --debug."""
    if not args.host or not args.user:
        parser.error("--host and --user (or IMAP_HOST and IMAP_USER) are required")
    password = args.password
    if password is None:
        if not sys.stdin.isatty():
            parser.error("--password (or IMAP_PASSWORD) is required")
        try:
            password = getpass.getpass(f"Password for {args.user}: ")
        except KeyboardInterrupt:
            parser.exit(INTERRUPTED, "\n")
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
    """Run an example's coroutine and return the exit status for ``sys.exit``.

    An IMAP error becomes a one-line message and status 1. Ctrl-C ends the program
    quietly with :data:`INTERRUPTED`: asyncio first cancels it, so its ``async with``
    blocks still end IDLE and close the connection.
    """
    try:
        asyncio.run(program)
    except IMAPError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return INTERRUPTED
    return 0
