"""``watch``: IDLE on a mailbox and print a line per change until Ctrl-C.

Ctrl-C is the normal way to stop: it ends the IDLE (DONE), logs out and
exits with status 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import signal
from collections.abc import Iterator

from ..client import Client
from ..events import Alert, Bye, Event, Exists, Expunge, FlagsChanged, Recent, Vanished
from ._options import EXIT_OK, Account, Command, logged_in, positive_number
from ._output import Output

__all__ = ["COMMAND"]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-m", "--mailbox", default="INBOX", help="the mailbox to watch (default INBOX)"
    )
    parser.add_argument(
        "--count", type=positive_number, metavar="N", help="stop after N events (default: never)"
    )


def _describe(event: Event) -> dict[str, object]:
    """An event as JSON; its ``text`` is the line people see."""
    if isinstance(event, Exists):
        return {"event": "exists", "count": event.count, "text": f"{event.count} messages"}
    if isinstance(event, Recent):
        return {"event": "recent", "count": event.count, "text": f"{event.count} recent"}
    if isinstance(event, Expunge):
        return {"event": "expunge", "seq": event.seq, "text": f"message {event.seq} removed"}
    if isinstance(event, Vanished):
        uids = str(event.uids)
        return {"event": "vanished", "uids": uids, "text": f"UIDs {uids} removed"}
    if isinstance(event, FlagsChanged):
        flags = sorted(event.flags)
        uid = f" (UID {event.uid})" if event.uid is not None else ""
        return {
            "event": "flags",
            "seq": event.seq,
            "uid": event.uid,
            "flags": flags,
            "text": f"message {event.seq}{uid} flags: {' '.join(flags) or '(none)'}",
        }
    if isinstance(event, Alert):
        return {"event": "alert", "text": f"server alert: {event.text}"}
    assert isinstance(event, Bye)
    return {"event": "bye", "text": f"server closing the connection: {event.text}"}


async def _print_events(imap: Client, args: argparse.Namespace, out: Output) -> None:
    how = "IDLE" if "IDLE" in imap.capabilities else "NOOP every 60 s (no IDLE)"
    async with imap.idle() as events:
        out.note(f"watching {args.mailbox} with {how}; Ctrl-C to stop")
        seen = 0
        async for event in events:
            described = _describe(event)
            now = datetime.datetime.now().astimezone()
            out.line(f"{now:%H:%M:%S}  {described['text']}")
            out.record({"time": now.isoformat(timespec="seconds"), **described})
            seen += 1
            if seen == args.count:
                return


@contextlib.contextmanager
def _ctrl_c_sets(event: asyncio.Event) -> Iterator[None]:
    """Within the block, Ctrl-C sets ``event`` instead of interrupting.

    Where the loop cannot take signals (not the main thread, or not Unix)
    Ctrl-C interrupts as for every other command.
    """
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGINT, event.set)
    except (NotImplementedError, RuntimeError, ValueError):
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)


async def watch(args: argparse.Namespace, account: Account, out: Output) -> int:
    async with logged_in(account) as imap:
        await imap.examine(args.mailbox)
        interrupted = asyncio.Event()
        with _ctrl_c_sets(interrupted):
            printing = asyncio.ensure_future(_print_events(imap, args, out))
            stopping = asyncio.ensure_future(interrupted.wait())
            await asyncio.wait({printing, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if printing.done():
            printing.result()  # raises what ended it early, if anything did
        else:
            printing.cancel()  # leaves the IDLE block (DONE); logging out follows
            with contextlib.suppress(asyncio.CancelledError):
                await printing
    return EXIT_OK


COMMAND = Command(
    name="watch",
    help="print changes to a mailbox as they happen (IDLE)",
    description="Wait for changes to a mailbox with IDLE (or NOOP every minute when "
    "the server lacks IDLE) and print a line for each: new message counts, "
    "expunges, flag changes, alerts. Ctrl-C ends it cleanly (exit status 0).",
    run=watch,
    add_arguments=_add_arguments,
)
