"""The seed flow (connect, LOGIN, SELECT, LOGOUT) cut at every byte offset, each way.

The proxy closes the client's side with a FIN at every offset of each
direction, and resets it (SO_LINGER 0) at a spread of offsets. Each time the
pending call must fail with ConnectionLostError (or IMAPTimeoutError, which
here would mean a missed close and is reported as a hang), promptly, leaving
no task, socket, unretrieved exception or ResourceWarning behind; a flow
succeeds only when the cut comes after the server's BYE.
"""

from __future__ import annotations

import re
from typing import Literal

import pytest

import figures
from dovecot import DovecotServer
from faults.flows import CutRun, Flow, cut_run, fixed_user, longest_form, spread, summary
from faults.harness import Steps, Watch
from faults.proxy import Cut, Direction
from helpers import messages
from imapclient_async import Client

SEEDED = 3


def seed_flow(user: tuple[str, str]) -> Flow:
    """The seed program: connect, log in, select INBOX, log out."""

    async def flow(client: Client, steps: Steps) -> None:
        steps.start("connect")
        async with client as imap:
            steps.entered()
            steps.start("login")
            await imap.login(*user)
            steps.start("select")
            inbox = await imap.select("INBOX")
            assert inbox.exists == SEEDED
            steps.start("logout")
            await imap.logout()

    return flow


async def sweep(
    dovecot: DovecotServer,
    direction: Direction,
    how: Literal["close", "reset"],
    *,
    every: int | None,
) -> tuple[int, list[CutRun]]:
    """Cut the seed flow at offsets of ``direction``: with ``every`` (0 or 1),
    at every even or odd one; else at a spread of them. Returns the runs."""
    user = fixed_user(dovecot)
    dovecot.seed(user[0], messages(SEEDED))
    flow = seed_flow(user)
    with Watch() as watch:
        await cut_run(dovecot, watch, flow, None)  # the first SELECT clears \\Recent
        reference = await cut_run(dovecot, watch, flow, None)
        assert reference.outcome.error is None, reference.label
        assert not reference.problems, reference.problems
        stream = bytes(reference.session.sent[direction])
        end = longest_form(stream)
        offsets = range(every, end + 1, 2) if every is not None else spread(0, end)
        runs = [await cut_run(dovecot, watch, flow, Cut(direction, k, how)) for k in offsets]
    print(f"\n{direction.value} {how}: {len(stream)} bytes\n{summary(runs)}")
    return len(offsets), runs


_BYE = re.compile(rb"(?:^|\r\n)\* BYE [^\r\n]*\r\n")


def check(runs: list[CutRun]) -> None:
    failures = [failure for one in runs for failure in one.invariant_failures()]
    for one in runs:
        # LOGOUT succeeds exactly when the server's BYE got through before the cut.
        bye = _BYE.search(one.session.sent[Direction.SERVER_TO_CLIENT]) is not None
        if (one.outcome.error is None) != bye:
            failures.append(f"{one.label}: should have {'succeeded' if bye else 'failed'}")
    assert not failures, "\n".join(failures[:40])


@pytest.mark.parametrize("half", [0, 1], ids=["even", "odd"])
@pytest.mark.parametrize("direction", list(Direction), ids=lambda d: d.value)
async def test_seed_flow_cut_at_every_offset(
    dovecot: DovecotServer, direction: Direction, half: int
) -> None:
    # Even and odd offsets in two tests: each stays far below conftest's hang deadline.
    count, runs = await sweep(dovecot, direction, "close", every=half)
    check(runs)
    figures.record("seed_flow_cut_offsets", count)


@pytest.mark.parametrize("direction", list(Direction), ids=lambda d: d.value)
async def test_seed_flow_reset_at_spread_offsets(
    dovecot: DovecotServer, direction: Direction
) -> None:
    count, runs = await sweep(dovecot, direction, "reset", every=None)
    check(runs)
    figures.record("seed_flow_reset_offsets", count)
