"""Several tasks' commands in flight on one client when the connection is cut.

After login and SELECT, five tasks call at once: NOOP, CAPABILITY, STATUS of
another mailbox, a small fetch_all() and a SEARCH; the client pipelines what
may run together. The cut comes at a spread of offsets over those commands
(client to server) and over their replies (server to client). Every task
still waiting must fail with ConnectionLostError at once, and nothing may be
left behind; gather() is how a user waits for them.
"""

from __future__ import annotations

import asyncio

import pytest

import figures
from dovecot import DovecotServer
from faults.flows import CutRun, Flow, cut_run, fixed_user, spread, summary
from faults.harness import EXPECTED_ERRORS, Steps, Watch, describe
from faults.proxy import Cut, Direction
from helpers import messages
from imapclient_async import Client, Query

COUNT = 20


def pipelined_flow(user: tuple[str, str], results: list[object]) -> Flow:
    async def flow(client: Client, steps: Steps) -> None:
        results.clear()
        steps.start("connect")
        async with client as imap:
            steps.entered()
            steps.start("login")
            await imap.login(*user)
            steps.start("select")
            await imap.select("INBOX")
            steps.start("gather")
            results.extend(
                await asyncio.gather(
                    imap.noop(),
                    imap.capability(),
                    imap.status("Other", ["MESSAGES"]),
                    imap.fetch_all("1:*", ["FLAGS", "RFC822.SIZE"]),
                    imap.search(Query.all()),
                    return_exceptions=True,
                )
            )
            failed = [result for result in results if isinstance(result, BaseException)]
            if failed:
                raise failed[0]
            steps.start("logout")
            await imap.logout()

    return flow


@pytest.mark.parametrize("direction", list(Direction), ids=lambda d: d.value)
async def test_pipelined_commands_cut(dovecot: DovecotServer, direction: Direction) -> None:
    user = fixed_user(dovecot)
    dovecot.seed(user[0], messages(COUNT))
    dovecot.seed(user[0], messages(2), mailbox="Other")
    results: list[object] = []
    flow = pipelined_flow(user, results)
    with Watch() as watch:
        await cut_run(dovecot, watch, flow, None)  # the first SELECT clears \\Recent
        reference = await cut_run(dovecot, watch, flow, None)
        assert reference.outcome.error is None, reference.label
        assert not reference.problems, reference.problems
        stream = bytes(reference.session.sent[direction])
        # From the end of SELECT's reply (server) or command (client) to LOGOUT.
        if direction is Direction.SERVER_TO_CLIENT:
            start = stream.index(b"\r\n", stream.index(b"A2 OK")) + 2
            end = stream.index(b"* BYE")
        else:
            start = stream.index(b"\r\n", stream.index(b"A2 SELECT")) + 2
            end = stream.rindex(b"\r\n", 0, stream.index(b" LOGOUT")) + 2
        offsets = spread(start, end)
        runs: list[CutRun] = []
        failures: list[str] = []
        for k in offsets:
            one = await cut_run(dovecot, watch, flow, Cut(direction, k))
            runs.append(one)
            failures += one.invariant_failures()
            odd = [
                describe(result)
                for result in results
                if isinstance(result, BaseException) and not isinstance(result, EXPECTED_ERRORS)
            ]
            if odd:
                failures.append(f"{one.label}: tasks failed otherwise: {odd}")
    print(f"\n{direction.value}: offsets {start}..{end}\n{summary(runs)}")
    assert not failures, "\n".join(failures[:40])
    figures.record("pipelined_cut_offsets", len(offsets))
