"""APPEND of a 1 MiB message, cut at a spread of offsets inside the command and its reply.

After each run a fresh connection, straight to Dovecot, looks at what the
server kept: the message stored once, or not at all, never twice nor in part;
and stored whenever append() returned. What append() raised is printed per
offset (``-s``): a ConnectionLostError does not say whether the message was
stored.
"""

from __future__ import annotations

from typing import Literal

import pytest

import figures
from dovecot import DovecotServer
from faults.flows import (
    CutRun,
    Flow,
    command_span,
    cut_run,
    fixed_user,
    reply_span,
    spread,
    summary,
)
from faults.harness import EXPECTED_ERRORS, Steps, Watch
from faults.proxy import Cut, Direction
from helpers import message
from imapclient_async import AppendOutcomeUnknownError, Client

SIZE = 1024 * 1024


def big_message() -> bytes:
    """A message of exactly 1 MiB: a header, then lines of 78 characters."""
    head = message("One mebibyte", "")
    line = b"0123456789" * 7 + b"abcdefgh\r\n"
    body = line * ((SIZE - len(head)) // len(line) + 1)
    return head + body[: SIZE - len(head) - 2] + b"\r\n"


def append_flow(user: tuple[str, str], data: bytes) -> Flow:
    async def flow(client: Client, steps: Steps) -> None:
        steps.start("connect")
        async with client as imap:
            steps.entered()
            steps.start("login")
            await imap.login(*user)
            steps.start("append")
            await imap.append("INBOX", data)
            steps.start("logout")
            await imap.logout()

    return flow


async def stored(dovecot: DovecotServer, user: tuple[str, str], data: bytes) -> tuple[int, int]:
    """(messages in the user's INBOX, how many of them are exactly ``data``)."""
    async with Client(dovecot.host, dovecot.port, security="plain", timeout=10) as imap:
        await imap.login(*user)
        inbox = await imap.select("INBOX")
        assert inbox.exists is not None
        if not inbox.exists:
            return 0, 0
        found = await imap.fetch_all("1:*", ["BODY.PEEK[]"])
        return inbox.exists, sum(1 for one in found if one.sections.get("") == data)


@pytest.mark.parametrize(
    ("direction", "how"),
    [
        (Direction.CLIENT_TO_SERVER, "close"),
        (Direction.SERVER_TO_CLIENT, "close"),
        # A reset while the client still writes the literal: its writes fail.
        (Direction.CLIENT_TO_SERVER, "reset"),
    ],
    ids=["client_to_server", "server_to_client", "client_to_server-reset"],
)
async def test_append_cut_inside(
    dovecot: DovecotServer, direction: Direction, how: Literal["close", "reset"]
) -> None:
    data = big_message()
    assert len(data) == SIZE
    with Watch() as watch:
        user = fixed_user(dovecot)
        reference = await cut_run(dovecot, watch, append_flow(user, data), None)
        assert reference.outcome.error is None, reference.label
        assert not reference.problems, reference.problems
        assert await stored(dovecot, user, data) == (1, 1)
        sent = reference.session.sent
        start, end, tag = command_span(bytes(sent[Direction.CLIENT_TO_SERVER]), b"APPEND")
        if direction is Direction.SERVER_TO_CLIENT:
            start, end = reply_span(bytes(sent[direction]), tag)
        offsets = spread(start, end)
        runs: list[CutRun] = []
        failures: list[str] = []
        kept: list[str] = []
        for k in offsets:
            user = fixed_user(dovecot)  # an empty INBOX for each run
            one = await cut_run(dovecot, watch, append_flow(user, data), Cut(direction, k, how))
            runs.append(one)
            failures += one.invariant_failures()
            exists, copies = await stored(dovecot, user, data)
            kept.append(f"k={k}: {copies} stored, append {one.outcome.step or 'ok'}")
            if exists != copies or copies > 1:
                failures.append(f"{one.label}: INBOX holds {exists} messages, {copies} whole")
            appended = one.outcome.step not in ("connect", "login", "append")
            if appended and copies != 1:
                failures.append(f"{one.label}: append() returned but {copies} stored")
            error = one.outcome.error
            if (
                one.outcome.step == "append"
                and isinstance(error, EXPECTED_ERRORS)
                and not isinstance(error, AppendOutcomeUnknownError)
                and copies
            ):
                # The documented promise: a plain ConnectionLostError (or a
                # timeout) from append() means nothing was stored.
                failures.append(f"{one.label}: yet the message was stored")
    print(f"\n{direction.value} {how}: offsets {start}..{end}\n{summary(runs)}")
    print("  " + "\n  ".join(kept))
    assert not failures, "\n".join(failures[:40])
    figures.record("append_cut_offsets" if how == "close" else "append_reset_offsets", len(offsets))
