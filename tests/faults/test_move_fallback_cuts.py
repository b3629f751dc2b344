"""MOVE without the MOVE capability (UID COPY, UID STORE \\Deleted, UID EXPUNGE) cut at a
spread of offsets over the three commands and their replies.

Dovecot runs without MOVE (UIDPLUS stays), so ``move()`` falls back to
copying. INBOX holds six messages; the five with UIDs 1:2,4:6 move to Target,
which already holds one. Before the move another client flags UID 3
``\\Deleted``: someone else's message, which must survive whatever the cut.
After each run a fresh connection, straight to Dovecot, reads both
mailboxes: every moved message is in INBOX or Target or both (never in
neither); nothing outside the moved set left INBOX (UID 3 still there, still
flagged); Target holds no message twice and keeps the one it had; and when
move() returned, only UID 3 is left in INBOX.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

import figures
from dovecot import WITHOUT_MOVE, DovecotServer, ensure_installed
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

MOVED_UIDS = "1:2,4:6"
KEPT_UID = 3
"""Another client's message, flagged \\Deleted before the move: it is not moved."""
_DELETED = "\\Deleted"


@pytest.fixture(scope="module")
def without_move() -> Iterator[DovecotServer]:
    """A Dovecot of this module's own that does not advertise MOVE."""
    ensure_installed()
    with DovecotServer(capabilities=WITHOUT_MOVE) as server:
        yield server


def move_flow(user: tuple[str, str]) -> Flow:
    async def flow(client: Client, steps: Steps) -> None:
        steps.start("connect")
        async with client as imap:
            steps.entered()
            steps.start("login")
            await imap.login(*user)
            assert "MOVE" not in imap.capabilities
            steps.start("select")
            await imap.select("INBOX")
            steps.start("move")
            await imap.move(MOVED_UIDS, "Target")
            steps.start("logout")
            await imap.logout()

    return flow


class Seeded:
    """A fresh user: six messages in INBOX, one in Target, UID 3 flagged by someone else."""

    def __init__(self, dovecot: DovecotServer) -> None:
        self.user = fixed_user(dovecot)
        inbox = messages(6)
        target = messages(1)
        dovecot.seed(self.user[0], inbox)
        dovecot.seed(self.user[0], target, mailbox="Target")
        ids = [message_id(one) for one in inbox]
        self.kept = ids.pop(KEPT_UID - 1)
        self.moved = sorted(ids)
        self.already = message_id(target[0])

    async def flag_kept(self, dovecot: DovecotServer) -> None:
        """Another client flags UID 3 \\Deleted, and leaves without expunging."""
        async with Client(dovecot.host, dovecot.port, security="plain", timeout=10) as other:
            await other.login(*self.user)
            await other.select("INBOX")
            await other.add_flags(KEPT_UID, _DELETED)
            await other.logout()


def check(seeded: Seeded, held: dict[str, list[tuple[bytes, bool]]]) -> list[str]:
    """What the run broke of the invariants above (not the "move() returned" one)."""
    failures: list[str] = []
    inbox = Counter(one for one, _ in held["INBOX"])
    target = Counter(one for one, _ in held["Target"])
    neither = [one for one in seeded.moved if not inbox[one] and not target[one]]
    if neither:
        failures.append(f"{len(neither)} moved messages in neither mailbox")
    if (seeded.kept, True) not in held["INBOX"]:
        failures.append("the other client's \\Deleted message left INBOX (or lost its flag)")
    strangers = set(inbox) - {seeded.kept, *seeded.moved}
    if strangers or any(count > 1 for count in inbox.values()):
        failures.append(f"INBOX gained messages: {held['INBOX']}")
    doubled = [one for one, count in target.items() if count > 1]
    if doubled:
        failures.append(f"{len(doubled)} messages more than once in Target")
    if not target[seeded.already] or set(target) - {seeded.already, *seeded.moved}:
        failures.append(f"Target lost its message or gained a stranger: {held['Target']}")
    return failures


@pytest.mark.parametrize("direction", list(Direction), ids=lambda d: d.value)
async def test_move_fallback_cut_inside(without_move: DovecotServer, direction: Direction) -> None:
    dovecot = without_move
    with Watch() as watch:
        seeded = Seeded(dovecot)
        await seeded.flag_kept(dovecot)
        reference = await cut_run(dovecot, watch, move_flow(seeded.user), None)
        assert reference.outcome.error is None, reference.label
        assert not reference.problems, reference.problems
        assert await holdings(dovecot, seeded.user) == {
            "INBOX": [(seeded.kept, True)],
            "Target": sorted((one, False) for one in [seeded.already, *seeded.moved]),
        }
        sent = reference.session.sent
        client_stream = bytes(sent[Direction.CLIENT_TO_SERVER])
        start, _, copy_tag = command_span(client_stream, b"UID COPY")
        _, end, expunge_tag = command_span(client_stream, b"UID EXPUNGE")
        if direction is Direction.SERVER_TO_CLIENT:
            server_stream = bytes(sent[direction])
            start = reply_span(server_stream, copy_tag)[0]
            end = reply_span(server_stream, expunge_tag)[1]
        offsets = spread(start, end)
        runs: list[CutRun] = []
        failures: list[str] = []
        where: list[str] = []
        for k in offsets:
            seeded = Seeded(dovecot)
            await seeded.flag_kept(dovecot)
            one = await cut_run(dovecot, watch, move_flow(seeded.user), Cut(direction, k))
            runs.append(one)
            failures += one.invariant_failures()
            held = await holdings(dovecot, seeded.user)
            failures += [f"{one.label}: {failure}" for failure in check(seeded, held)]
            returned = one.outcome.step not in ("connect", "login", "select", "move")
            if returned and held["INBOX"] != [(seeded.kept, True)]:
                failures.append(f"{one.label}: move() returned, INBOX still holds {held['INBOX']}")
            flagged = sum(deleted for _, deleted in held["INBOX"]) - 1
            where.append(
                f"k={k}: INBOX {len(held['INBOX']) - 1} (flagged {flagged}), "
                f"Target {len(held['Target']) - 1}"
            )
    print(f"\n{direction.value}: offsets {start}..{end}\n{summary(runs)}")
    print("  " + "\n  ".join(where))
    assert not failures, "\n".join(failures[:40])
    figures.record("move_fallback_cut_offsets", len(offsets))
