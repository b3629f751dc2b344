"""MOVE (Dovecot has it) cut at a spread of offsets inside the command and its reply.

Five messages move from INBOX to Target, which already holds one. After each
run a fresh connection, straight to Dovecot, reads the Message-IDs of both
mailboxes: each of the six messages must be in exactly one of them, whatever
the cut; all five in Target when move() returned.
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
    holdings,
    message_id,
    reply_span,
    spread,
    summary,
)
from faults.harness import Steps, Watch
from faults.proxy import Cut, Direction
from helpers import messages
from imapclient_async import Client

MOVED = 5


def move_flow(user: tuple[str, str]) -> Flow:
    async def flow(client: Client, steps: Steps) -> None:
        steps.start("connect")
        async with client as imap:
            steps.entered()
            steps.start("login")
            await imap.login(*user)
            steps.start("select")
            await imap.select("INBOX")
            steps.start("move")
            await imap.move("1:*", "Target")
            steps.start("logout")
            await imap.logout()

    return flow


def seeded(dovecot: DovecotServer) -> tuple[tuple[str, str], list[bytes], bytes]:
    """A fresh user with MOVED messages in INBOX and one in Target; their Message-IDs."""
    user = fixed_user(dovecot)
    inbox = messages(MOVED)
    target = messages(1)
    dovecot.seed(user[0], inbox)
    dovecot.seed(user[0], target, mailbox="Target")
    return user, [message_id(one) for one in inbox], message_id(target[0])


async def message_ids(dovecot: DovecotServer, user: tuple[str, str]) -> dict[str, list[bytes]]:
    """The Message-IDs in INBOX and in Target, as a fresh connection sees them."""
    held = await holdings(dovecot, user)
    return {mailbox: [one for one, _ in entries] for mailbox, entries in held.items()}


@pytest.mark.parametrize("direction", list(Direction), ids=lambda d: d.value)
async def test_move_cut_inside(dovecot: DovecotServer, direction: Direction) -> None:
    with Watch() as watch:
        user, ids, already = seeded(dovecot)
        reference = await cut_run(dovecot, watch, move_flow(user), None)
        assert reference.outcome.error is None, reference.label
        assert not reference.problems, reference.problems
        assert await message_ids(dovecot, user) == {"INBOX": [], "Target": sorted([already, *ids])}
        sent = reference.session.sent
        start, end, tag = command_span(bytes(sent[Direction.CLIENT_TO_SERVER]), b"UID MOVE")
        if direction is Direction.SERVER_TO_CLIENT:
            start, end = reply_span(bytes(sent[direction]), tag, b"* OK [COPYUID")
        offsets = spread(start, end)
        runs: list[CutRun] = []
        failures: list[str] = []
        where: list[str] = []
        for k in offsets:
            user, ids, already = seeded(dovecot)
            one = await cut_run(dovecot, watch, move_flow(user), Cut(direction, k))
            runs.append(one)
            failures += one.invariant_failures()
            held = await message_ids(dovecot, user)
            everything = sorted([*held["INBOX"], *held["Target"]])
            where.append(f"k={k}: INBOX {len(held['INBOX'])}, Target {len(held['Target'])}")
            if everything != sorted([already, *ids]):
                failures.append(f"{one.label}: messages lost or doubled: {held}")
            elif held["INBOX"] not in ([], sorted(ids)):
                failures.append(f"{one.label}: moved in part: {held}")
            if one.outcome.step not in ("connect", "login", "select", "move") and held["INBOX"]:
                failures.append(f"{one.label}: move() returned, INBOX still holds {held['INBOX']}")
    print(f"\n{direction.value}: offsets {start}..{end}\n{summary(runs)}")
    print("  " + "\n  ".join(where))
    assert not failures, "\n".join(failures[:40])
    figures.record("move_cut_offsets", len(offsets))
