"""Every byte in a segment of its own: results identical to an unfragmented run.

The proxy forwards one byte per write and lets the client's read run between
bytes (every read the client makes is then one byte long), server to client,
client to server, or both. The seed flow and a fetch of 50 messages
(ENVELOPE, FLAGS, BODY.PEEK[]) must give exactly what the same flow gives
through the proxy unfragmented. Only the server's own timing text in tagged
replies, ``(0.001 + 0.000 secs)``, is left out of the comparison: it differs
between any two runs.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

import figures
from dovecot import DovecotServer
from faults.flows import CutRun, Flow, cut_run, fixed_user
from faults.harness import Steps, Watch
from faults.proxy import Direction
from helpers import messages
from imapclient_async import Client

FETCHED = 50
_TIMING = re.compile(r" \(\d+\.\d{3}( \+ \d+\.\d{3})+ secs\)")

FRAGMENTED = {
    "server_to_client": {Direction.SERVER_TO_CLIENT},
    "client_to_server": {Direction.CLIENT_TO_SERVER},
    "both": set(Direction),
}


def without_timing(result: object) -> object:
    """``result`` with Dovecot's timing cut out of its ``text``."""
    text = getattr(result, "text", None)
    if isinstance(text, str) and dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.replace(result, text=_TIMING.sub("", text))
    return result


def seed_flow(user: tuple[str, str]) -> Flow:
    async def flow(client: Client, steps: Steps) -> None:
        steps.start("connect")
        async with client as imap:
            steps.entered()
            steps.start("login")
            login = await imap.login(*user)
            steps.start("select")
            inbox = await imap.select("INBOX")
            steps.start("logout")
            logout = await imap.logout()
            steps.outcome.results += [imap.capabilities, login, inbox, logout, imap.state]

    return flow


def fetch_flow(user: tuple[str, str]) -> Flow:
    async def flow(client: Client, steps: Steps) -> None:
        steps.start("connect")
        async with client as imap:
            steps.entered()
            steps.start("login")
            await imap.login(*user)
            steps.start("select")
            await imap.select("INBOX")
            steps.start("fetch")
            async for message in imap.fetch("1:*", ["ENVELOPE", "FLAGS", "BODY.PEEK[]"]):
                steps.outcome.results.append(message)
            steps.start("logout")
            await imap.logout()

    return flow


async def compare(dovecot: DovecotServer, flow: Flow, fragment: set[Direction]) -> None:
    with Watch() as watch:
        await cut_run(dovecot, watch, flow, None)  # the first SELECT clears \\Recent
        plain = await cut_run(dovecot, watch, flow, None)
        fragmented = await cut_run(dovecot, watch, flow, None, fragment=fragment)
    for one in (plain, fragmented):
        assert one.outcome.error is None, one.label
        assert not one.problems, one.problems
    assert fragmented.session.sent == plain.session.sent or _same_but_timing(plain, fragmented)
    expected = [without_timing(result) for result in plain.outcome.results]
    assert [without_timing(result) for result in fragmented.outcome.results] == expected
    figures.record("fragmentation_runs", 1)


def _same_but_timing(plain: CutRun, fragmented: CutRun) -> bool:
    def bare(run: CutRun) -> dict[Direction, bytes]:
        return {
            direction: re.sub(rb" \(\d+\.\d{3}( \+ \d+\.\d{3})+ secs\)", b"", bytes(data))
            for direction, data in run.session.sent.items()
        }

    return bare(plain) == bare(fragmented)


@pytest.mark.parametrize("fragment", FRAGMENTED.values(), ids=FRAGMENTED.keys())
async def test_seed_flow_fragmented(dovecot: DovecotServer, fragment: set[Direction]) -> None:
    user = fixed_user(dovecot)
    dovecot.seed(user[0], messages(3))
    await compare(dovecot, seed_flow(user), fragment)


@pytest.mark.parametrize("fragment", FRAGMENTED.values(), ids=FRAGMENTED.keys())
async def test_fetch_fragmented(dovecot: DovecotServer, fragment: set[Direction]) -> None:
    user = fixed_user(dovecot)
    dovecot.seed(user[0], messages(FETCHED))
    flow = fetch_flow(user)
    await compare(dovecot, flow, fragment)
