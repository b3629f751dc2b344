"""Every corpus case through the decoder and the Client's reply parsers, compared as typed.

See README.md in this directory.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import figures
from corpus import (
    cases_fetch,
    cases_mailboxes,
    cases_messages,
    cases_session,
    cases_unsolicited,
)
from corpus.case import GREETING, UNSOLICITED, Case, Raises, assert_matches, run

CASES: list[Case] = [
    *cases_fetch.CASES,
    *cases_mailboxes.CASES,
    *cases_messages.CASES,
    *cases_session.CASES,
    *cases_unsolicited.CASES,
]

_SOURCE = re.compile(r"https?://\S+|[\w.-]+/[\w.-]+:\S+")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: Case) -> None:
    expected = case.expected
    if isinstance(expected, Raises):
        with pytest.raises(expected.error) as raised:
            run(case)
        if expected.code is not None:
            assert getattr(raised.value, "code", None) == expected.code
        return
    result, events = run(case)
    assert_matches(result, expected)
    if case.events is not None:
        assert_matches(events, case.events, "events")


def test_the_corpus_is_large_and_well_labelled() -> None:
    assert len(CASES) >= 150
    figures.record("corpus_responses", len(CASES))
    duplicates = [name for name, count in Counter(case.id for case in CASES).items() if count > 1]
    assert not duplicates
    for case in CASES:
        assert case.server and case.provenance and case.command, case.id
        assert _SOURCE.fullmatch(case.source), f"{case.id}: source {case.source!r}"
        # Whole responses only: the last line is ended (CRLF, or LF for the
        # servers that send bare LF).
        assert case.response.endswith(b"\n"), case.id
        if case.command not in (GREETING, UNSOLICITED):
            assert " " in case.command, f"{case.id}: the command needs its tag"
