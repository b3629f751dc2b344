"""The events an IDLE session yields, decoded from literal server bytes."""

from __future__ import annotations

import pytest

from imapclient_async import ProtocolError
from imapclient_async._commands.unsolicited import event_for
from imapclient_async._proto import ResponseParser, StatusResponse, UntaggedData
from imapclient_async.events import (
    Alert,
    Bye,
    Event,
    Exists,
    Expunge,
    FlagsChanged,
    Recent,
    Vanished,
)
from imapclient_async.messageset import MessageSet


def parse(data: bytes) -> StatusResponse | UntaggedData:
    parser = ResponseParser()
    parser.feed(data)
    response = parser.next_response()
    assert isinstance(response, (StatusResponse, UntaggedData))
    assert parser.next_response() is None
    return response


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # What Dovecot sends while idling.
        (b"* 4 EXISTS\r\n", Exists(4)),
        (b"* 1 RECENT\r\n", Recent(1)),
        (b"* 2 EXPUNGE\r\n", Expunge(2)),
        (
            b"* 1 FETCH (FLAGS (\\Seen))\r\n",
            FlagsChanged(seq=1, flags=frozenset({"\\Seen"}), uid=None, modseq=None),
        ),
        (
            b"* 3 FETCH (UID 7 MODSEQ (12) FLAGS (\\Seen $Label1))\r\n",
            FlagsChanged(seq=3, flags=frozenset({"\\Seen", "$Label1"}), uid=7, modseq=12),
        ),
        (b"* BYE Server shutting down.\r\n", Bye("Server shutting down.")),
        (b"* OK [ALERT] Disk almost full\r\n", Alert("Disk almost full")),
        (b"* OK Still here\r\n", None),
        # QRESYNC expunges: UIDs, ranges kept as sent.
        (b"* VANISHED 41,43:116\r\n", Vanished(MessageSet("41,43:116"))),
        (b"* VANISHED 5\r\n", Vanished(MessageSet(5))),
        (b"* vanished 1:4294967295\r\n", Vanished(MessageSet("1:4294967295"))),
        # A resynchronisation report answers a command: not news.
        (b"* VANISHED (EARLIER) 300:310,405\r\n", None),
        (b"* VANISHED (earlier) 1\r\n", None),
    ],
)
def test_event_for(data: bytes, expected: Event | None) -> None:
    assert event_for(parse(data)) == expected


def test_vanished_keeps_huge_ranges_as_ranges() -> None:
    event = event_for(parse(b"* VANISHED 1:4000000000\r\n"))
    assert isinstance(event, Vanished)
    assert event.uids.ranges == ((1, 4000000000),)


@pytest.mark.parametrize(
    "data",
    [
        b"* VANISHED\r\n",
        b"* VANISHED NIL\r\n",
        b"* VANISHED 0\r\n",
        b"* VANISHED 1:x\r\n",
        b'* VANISHED "1:3"\r\n',
        b"* VANISHED 1 2\r\n",
    ],
)
def test_malformed_vanished_is_a_protocol_error(data: bytes) -> None:
    with pytest.raises(ProtocolError, match="VANISHED"):
        event_for(parse(data))
