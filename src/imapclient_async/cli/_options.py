"""The options every subcommand takes, the account they describe, and the exit statuses.

Each connection option falls back to an environment variable (the same ones
the examples read), so a shell can set the account once:

.. code-block:: text

    $ export IMAP_HOST=imap.example.org IMAP_USER=me
    $ imapclient-async ls

There is no option that takes the password itself: a command line is visible
to every user of the machine (``ps``) and kept in shell history. The password
comes from an environment variable (``IMAP_PASSWORD``, or the one
``--password-env`` names) or is asked for without echo.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import ssl
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import cast

from ..client import Client, Security
from ._output import Output

__all__ = [
    "EXIT_CONNECTION",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "Account",
    "Command",
    "CommandLineError",
    "UsageError",
    "account_from",
    "common_options",
    "logged_in",
    "positive_number",
]

EXIT_OK = 0
"""The command did what was asked."""
EXIT_ERROR = 1
"""The server refused a command, sent something unreadable, or a local file could not be written."""
EXIT_USAGE = 2
"""The command line was wrong: an unknown option, a missing host or user, no password."""
EXIT_CONNECTION = 3
"""The server could not be reached, TLS failed, the login was refused, or the connection broke."""
EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT), except for ``watch``, which it ends normally."""

_NUMBER_MAX = 2**32 - 1
"""The largest UID, sequence number or count IMAP has."""
PASSWORD_VARIABLE = "IMAP_PASSWORD"  # noqa: S105 - where the password is, not one
_SECURITIES = ("tls", "starttls", "plain")


class CommandLineError(Exception):
    """A failure the command line reports in one line, with its own exit status."""

    status = EXIT_ERROR


class UsageError(CommandLineError):
    """The command line asks for something that cannot be done as given."""

    status = EXIT_USAGE


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"not a port number: {text}")
    return port


def positive_number(text: str) -> int:
    """An argparse type: a whole number from 1 to 4294967295, such as a UID or a count."""
    if not text.isdigit() or not 0 < int(text) <= _NUMBER_MAX:
        raise argparse.ArgumentTypeError(f"not a whole number from 1 to {_NUMBER_MAX}: {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds: {text}")
    return seconds


class _RefusePassword(argparse.Action):
    """``--password``: explain why there is none, without repeating what was typed after it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        parser.error(
            "there is no --password option (others can see a command line): set "
            f"{PASSWORD_VARIABLE}, use --password-env VAR, or be asked"
        )


def common_options() -> argparse.ArgumentParser:
    """A parent parser with the options every subcommand takes."""
    env = os.environ.get
    # No abbreviations: "--password x" must never be taken for "--password-env x".
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    server = parser.add_argument_group("server and account")
    server.add_argument(
        "--host", default=env("IMAP_HOST"), help="the server's name or address [IMAP_HOST]"
    )
    server.add_argument(
        "--port",
        type=_port,
        default=env("IMAP_PORT"),
        help="the server's port [IMAP_PORT]; default 993 for tls, 143 otherwise",
    )
    server.add_argument(
        "--security",
        choices=_SECURITIES,
        default=env("IMAP_SECURITY", "tls"),
        help="tls: TLS from the start (default); starttls: upgrade a plain connection, "
        "failing if the server cannot; plain: no encryption, for local servers only "
        "[IMAP_SECURITY]",
    )
    server.add_argument("--user", default=env("IMAP_USER"), help="the user name [IMAP_USER]")
    server.add_argument(
        "--password-env",
        metavar="VAR",
        help=f"read the password from environment variable VAR (default {PASSWORD_VARIABLE}); "
        "when that is not set, it is asked for without echo",
    )
    server.add_argument("--password", nargs="?", action=_RefusePassword, help=argparse.SUPPRESS)
    server.add_argument(
        "--ca-file",
        metavar="FILE",
        default=env("IMAP_CA_FILE"),
        help="trust the CA certificates in FILE (PEM) instead of the system's; "
        "ignored with --security plain [IMAP_CA_FILE]",
    )
    server.add_argument(
        "--insecure",
        action="store_true",
        help="DANGEROUS: do not verify the server's certificate or name (and ignore "
        "--ca-file), so anyone on the path can read the password and mail; for "
        "diagnosing with check",
    )
    server.add_argument(
        "--timeout",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="give up when the server is silent this long (default 30)",
    )
    output = parser.add_argument_group("output")
    output.add_argument("--json", action="store_true", help="write JSON to stdout")
    output.add_argument(
        "--debug",
        action="store_true",
        help="show the IMAP conversation on stderr (passwords as ***), and tracebacks",
    )
    return parser


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """A subcommand that takes only the common options."""


@dataclass(frozen=True)
class Command:
    """A subcommand: its name and help, what it does, and the options of its own."""

    name: str
    help: str
    """One line for the list of commands in ``--help``."""
    description: str
    """What the command does, for its own ``--help``."""
    run: Callable[[argparse.Namespace, Account, Output], Coroutine[object, object, int]]
    """Do it; returns the exit status (failures raise)."""
    add_arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    needs_user: bool = True
    """False when the command can do without logging in (``check``)."""


@dataclass(frozen=True)
class Account:
    """Where to connect, whom to log in as, and with which TLS settings."""

    host: str
    port: int | None
    security: Security
    user: str | None
    password: str | None = None
    ssl_context: ssl.SSLContext | None = None
    timeout: float = 30.0

    def client(self) -> Client:
        """A new client for this account, not yet connected."""
        return Client(
            self.host,
            self.port,
            security=self.security,
            ssl_context=self.ssl_context,
            timeout=self.timeout,
        )

    @property
    def where(self) -> str:
        """The server as the user named it, e.g. ``imap.example.org:993 (tls)``."""
        port = f":{self.port}" if self.port is not None else ""
        return f"{self.host}{port} ({self.security})"


def account_from(args: argparse.Namespace, *, needs_user: bool = True) -> Account:
    """The account the parsed options describe; asks for the password when needed.

    Raises:
        UsageError: No host, no user (when ``needs_user``), an unknown
            ``IMAP_SECURITY``, an unreadable CA file, or no password to be had.
    """
    if not args.host:
        raise UsageError("no server: give --host or set IMAP_HOST")
    if args.security not in _SECURITIES:
        raise UsageError(f"IMAP_SECURITY must be one of {', '.join(_SECURITIES)}")
    if needs_user and not args.user:
        raise UsageError("no user: give --user or set IMAP_USER")
    return Account(
        host=args.host,
        port=args.port,
        security=cast(Security, args.security),  # checked above
        user=args.user,
        password=_password(args) if args.user else None,
        ssl_context=_ssl_context(args),
        timeout=args.timeout,
    )


def _password(args: argparse.Namespace) -> str:
    variable = args.password_env or PASSWORD_VARIABLE
    password = os.environ.get(variable)
    if password is not None:
        return password
    if args.password_env:
        raise UsageError(f"--password-env: environment variable {variable} is not set")
    if not sys.stdin.isatty():
        raise UsageError(
            f"no password: set {PASSWORD_VARIABLE} or use --password-env VAR "
            "(it is asked for only in a terminal)"
        )
    try:
        return getpass.getpass(f"Password for {args.user} at {args.host}: ")
    except EOFError:
        raise UsageError("no password given") from None


def _ssl_context(args: argparse.Namespace) -> ssl.SSLContext | None:
    """The TLS settings: None for the default (the system's CAs) and for plain connections."""
    if args.security == "plain":
        return None
    if args.insecure:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    if args.ca_file:
        try:
            return ssl.create_default_context(cafile=args.ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise UsageError(f"--ca-file {args.ca_file}: {exc}") from None
    return None


@contextlib.asynccontextmanager
async def logged_in(account: Account) -> AsyncIterator[Client]:
    """A connected, logged-in client; logs out when the block ends normally."""
    assert account.user is not None and account.password is not None  # account_from()
    async with account.client() as imap:
        await imap.login(account.user, account.password)
        yield imap
