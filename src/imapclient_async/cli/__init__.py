"""The command line: ``imapclient-async`` (or ``python -m imapclient_async``).

Subcommands ``check``, ``ls``, ``search``, ``show``, ``download`` and
``watch``, each in a module of its own; the options they share, the
credentials and the exit statuses are in ``_options``. docs/cli.md is the
user's guide.

.. code-block:: text

    $ IMAP_PASSWORD=... imapclient-async ls --host imap.example.org --user me --json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import traceback
from collections.abc import Coroutine, Sequence

from .. import __version__
from ..errors import (
    AuthenticationError,
    ConnectionLostError,
    IMAPError,
    IMAPTimeoutError,
    SecurityError,
)
from . import _check, _download, _ls, _search, _show, _watch
from ._options import (
    EXIT_CONNECTION,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Command,
    CommandLineError,
    account_from,
    common_options,
)
from ._output import Output

__all__ = ["main"]


class _Interrupted(Exception):
    """Ctrl-C cancelled the command (raised out of the loop as an ordinary error)."""


async def _interruptible(work: Coroutine[object, object, int]) -> int:
    """Run ``work`` so that Ctrl-C cancels it, as asyncio.run does from Python 3.11.

    On 3.10 a Ctrl-C becomes a KeyboardInterrupt inside whatever task runs,
    which asyncio then also reports as "Task exception was never retrieved".
    Where the loop cannot take signals (not Unix, not the main thread) Ctrl-C
    interrupts as Python does by default.
    """
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    interrupted = False

    def interrupt() -> None:
        nonlocal interrupted
        interrupted = True
        task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, interrupt)
    except (NotImplementedError, RuntimeError, ValueError):
        return await work
    try:
        return await work
    except asyncio.CancelledError:
        if not interrupted:
            raise
        raise _Interrupted from None
    finally:
        loop.remove_signal_handler(signal.SIGINT)


PROG = "imapclient-async"

_EPILOG = """\
The password is never an option (the command line is visible to others):
it is read from IMAP_PASSWORD, or from the variable --password-env names,
or asked for without echo.

exit status:
  0    success
  1    the server refused a command, or a file could not be written
  2    wrong usage: unknown option, no host or user, no password
  3    the server could not be reached, TLS failed, the login was refused,
       or the connection was lost
  130  interrupted by Ctrl-C (watch ends with 0)

Run '%(prog)s COMMAND --help' for a command's options.
"""

_COMMANDS = (
    _check.COMMAND,
    _ls.COMMAND,
    _search.COMMAND,
    _show.COMMAND,
    _download.COMMAND,
    _watch.COMMAND,
)
_CONNECTION_FAILURES = (AuthenticationError, SecurityError, ConnectionLostError, IMAPTimeoutError)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Talk to an IMAP server from the shell: check a connection, list "
        "mailboxes, search, show and download messages, watch for new mail.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    common = common_options()
    for command in _COMMANDS:
        subparser = subparsers.add_parser(
            command.name,
            parents=[common],
            allow_abbrev=False,
            help=command.help,
            description=command.description,
        )
        command.add_arguments(subparser)
        subparser.set_defaults(command=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: this process's arguments); return the exit status.

    Results go to stdout, errors and progress to stderr; nothing is raised,
    not even for Ctrl-C (status 130).

    Example::

        import sys

        from imapclient_async.cli import main

        status = main(["--version"])  # prints the version, e.g. "imapclient-async 0.1.0"
        sys.exit(status)
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error already printed
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    library_log = logging.getLogger("imapclient_async")
    wire_log = logging.getLogger("imapclient_async.wire")
    levels = library_log.level, wire_log.level
    if args.debug:
        library_log.addHandler(handler)
        library_log.setLevel(logging.INFO)
        wire_log.setLevel(logging.DEBUG)
    try:
        command: Command = args.command
        account = account_from(args, needs_user=command.needs_user)
        status = asyncio.run(_interruptible(command.run(args, account, Output(json=args.json))))
    except (KeyboardInterrupt, _Interrupted):
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader left early (| head): stop quietly, as other tools do, and keep
        # Python from complaining when it flushes stdout at exit.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except (CommandLineError, IMAPError, OSError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        if isinstance(exc, CommandLineError):
            return exc.status
        return EXIT_CONNECTION if isinstance(exc, _CONNECTION_FAILURES) else EXIT_ERROR
    finally:
        library_log.removeHandler(handler)
        library_log.setLevel(levels[0])
        wire_log.setLevel(levels[1])
    return status
