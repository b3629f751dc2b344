"""A streamed fetch() of 200 whole messages, cut at a spread of offsets inside it.

Inside means within the UID FETCH command (client to server) or within its
reply, from the first ``* 1 FETCH`` to the tagged OK (server to client), edges
included. Besides the invariants of every cut, what the loop handed out before
the error must be exactly the messages the uncut run got first: whole, in
order, none twice.
"""

from __future__ import annotations

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
    whole_bodies,
)
from faults.harness import Steps, Watch
from faults.proxy import Cut, Direction
from helpers import messages
from imapclient_async import Client, FetchedMessage

COUNT = 200
EARLY = 10
"""Where the loops that leave early break out."""


def fetch_flow(user: tuple[str, str], into: list[FetchedMessage], leave: str) -> Flow:
    """Log in, select, stream BODY.PEEK[] of every message into ``into``, log out.

    ``leave``: "end" iterates to the end; "break" breaks out after EARLY
    messages and drops the stream (the rest is discarded in the background);
    "async with" breaks out likewise inside ``async with imap.fetch(...)``,
    which waits for the rest to be discarded.
    """

    async def flow(client: Client, steps: Steps) -> None:
        into.clear()
        steps.start("connect")
        async with client as imap:
            steps.entered()
            steps.start("login")
            await imap.login(*user)
            steps.start("select")
            await imap.select("INBOX")
            steps.start("fetch")
            if leave == "async with":
                async with imap.fetch("1:*", ["BODY.PEEK[]"]) as stream:
                    async for message in stream:
                        into.append(message)
                        if len(into) == EARLY:
                            break
            else:
                async for message in imap.fetch("1:*", ["BODY.PEEK[]"]):
                    into.append(message)
                    if leave == "break" and len(into) == EARLY:
                        break
            steps.start("logout")
            await imap.logout()

    return flow


@pytest.mark.parametrize(
    ("direction", "leave"),
    [
        (Direction.CLIENT_TO_SERVER, "end"),
        (Direction.SERVER_TO_CLIENT, "end"),
        (Direction.SERVER_TO_CLIENT, "break"),
        (Direction.SERVER_TO_CLIENT, "async with"),
    ],
    ids=[
        "client_to_server",
        "server_to_client",
        "server_to_client-break",
        "server_to_client-async_with",
    ],
)
async def test_fetch_cut_inside(dovecot: DovecotServer, direction: Direction, leave: str) -> None:
    user = fixed_user(dovecot)
    dovecot.seed(user[0], messages(COUNT))
    got: list[FetchedMessage] = []
    flow = fetch_flow(user, got, leave)
    with Watch() as watch:
        await cut_run(dovecot, watch, flow, None)  # the first SELECT clears \\Recent
        reference = await cut_run(dovecot, watch, flow, None)
        assert reference.outcome.error is None, reference.label
        assert not reference.problems, reference.problems
        expected = whole_bodies(got)
        assert len(expected) == (COUNT if leave == "end" else EARLY)
        assert all(body for _, body in expected)
        sent = reference.session.sent
        start, end, tag = command_span(bytes(sent[Direction.CLIENT_TO_SERVER]), b"UID FETCH")
        if direction is Direction.SERVER_TO_CLIENT:
            start, end = reply_span(bytes(sent[direction]), tag, b"* 1 FETCH")
        offsets = spread(start, end)
        runs: list[CutRun] = []
        failures: list[str] = []
        for k in offsets:
            one = await cut_run(dovecot, watch, flow, Cut(direction, k))
            runs.append(one)
            failures += one.invariant_failures()
            handed_out = whole_bodies(got)
            if handed_out != expected[: len(handed_out)]:
                failures.append(f"{one.label}: the loop handed out messages the server never sent")
            if one.outcome.error is None and handed_out != expected:
                failures.append(f"{one.label}: succeeded with {len(handed_out)} messages")
            one.outcome.results.append(len(handed_out))
    print(f"\n{direction.value} {leave}: offsets {start}..{end}\n{summary(runs)}")
    print(
        "  messages handed out:",
        [(one.cut.after, one.outcome.results[0]) for one in runs if one.cut],
    )
    assert not failures, "\n".join(failures[:40])
    figures.record(
        "fetch_cut_offsets" if leave == "end" else "fetch_early_exit_cut_offsets", len(offsets)
    )
