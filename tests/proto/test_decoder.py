"""The sans-IO response decoder, driven from byte strings alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imapclient_async import Limits, ProtocolError
from imapclient_async._proto import (
    ContinuationRequest,
    Response,
    ResponseCode,
    ResponseParser,
    StatusResponse,
    TaggedResponse,
    UntaggedData,
)

# (server bytes, the responses they decode to)
CASES: list[tuple[bytes, list[Response]]] = [
    (
        b"* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n",
        [
            StatusResponse(
                "OK",
                ResponseCode(
                    "CAPABILITY",
                    ("IMAP4rev1", "LITERAL+", "AUTH=PLAIN"),
                    "IMAP4rev1 LITERAL+ AUTH=PLAIN",
                ),
                "Dovecot ready.",
            )
        ],
    ),
    (
        b"* 3 EXISTS\r\n* 0 RECENT\r\n",
        [UntaggedData("EXISTS", 3, ()), UntaggedData("RECENT", 0, ())],
    ),
    (
        b"* FLAGS (\\Answered \\Seen $Forwarded)\r\n",
        [UntaggedData("FLAGS", None, (["\\Answered", "\\Seen", "$Forwarded"],))],
    ),
    (
        b"* OK [PERMANENTFLAGS (\\Seen \\*)] Flags permitted.\r\n",
        [
            StatusResponse(
                "OK",
                ResponseCode("PERMANENTFLAGS", (["\\Seen", "\\*"],), "(\\Seen \\*)"),
                "Flags permitted.",
            )
        ],
    ),
    (
        b"a1 OK [READ-WRITE] Select completed.\r\n",
        [TaggedResponse("a1", "OK", ResponseCode("READ-WRITE", (), ""), "Select completed.")],
    ),
    (b"a2 no Nope\r\n", [TaggedResponse("a2", "NO", None, "Nope")]),
    (b"a3 BAD\r\n", [TaggedResponse("a3", "BAD", None, "")]),
    (b"A4 OK [ALERT]\r\n", [TaggedResponse("A4", "OK", ResponseCode("ALERT", (), ""), "")]),
    (b"+ \r\n", [ContinuationRequest("")]),
    (b"+\r\n", [ContinuationRequest("")]),
    (b"+ YmFzZTY0\r\n", [ContinuationRequest("YmFzZTY0")]),
    # Free text may look like a literal or hold an unbalanced quote: it is text.
    (
        b'* OK [ALERT] Say "hi {5}\r\n',
        [StatusResponse("OK", ResponseCode("ALERT", (), ""), 'Say "hi {5}')],
    ),
    (b"a5 NO it {3}\r\n", [TaggedResponse("a5", "NO", None, "it {3}")]),
    (b"* BYE Server shutting down\r\n", [StatusResponse("BYE", None, "Server shutting down")]),
    (b"* PREAUTH Hi\r\n", [StatusResponse("PREAUTH", None, "Hi")]),
    (
        b"* NO [REFERRAL imap://u@h/INBOX;UID=1] go there\r\n",
        [
            StatusResponse(
                "NO",
                ResponseCode("REFERRAL", ("imap://u@h/INBOX;UID=1",), "imap://u@h/INBOX;UID=1"),
                "go there",
            )
        ],
    ),
    (
        b"* 12 FETCH (UID 5 BODY[HEADER.FIELDS (FROM TO)]<0> {5}\r\nhello FLAGS (\\Seen))\r\n",
        [
            UntaggedData(
                "FETCH",
                12,
                (["UID", "5", "BODY[HEADER.FIELDS (FROM TO)]<0>", b"hello", "FLAGS", ["\\Seen"]],),
            )
        ],
    ),
    (
        b"* 1 FETCH (BODY[] {0}\r\n BODY[1] {2}\r\n\r\n)\r\n",
        [UntaggedData("FETCH", 1, (["BODY[]", b"", "BODY[1]", b"\r\n"],))],
    ),
    (
        b'* LIST (\\HasNoChildren) "/" "a\\"b\\\\c"\r\n',
        [UntaggedData("LIST", None, (["\\HasNoChildren"], b"/", b'a"b\\c'))],
    ),
    (
        b"* LIST () NIL foo]bar\r\n",
        [UntaggedData("LIST", None, ([], None, "foo]bar"))],
    ),
    (b"* SEARCH\r\n", [UntaggedData("SEARCH", None, ())]),
    (
        b"* LIST () NIL [a [Gmail]/x\r\n",
        [UntaggedData("LIST", None, ([], None, "[a", "[Gmail]/x"))],
    ),
    (b"* SEARCH 2 3 5\r\n", [UntaggedData("SEARCH", None, ("2", "3", "5"))]),
    (b"* ID nil\r\n", [UntaggedData("ID", None, (None,))]),
    (b'* X "caf\xc3\xa9"\r\n', [UntaggedData("X", None, (b"caf\xc3\xa9",))]),
    (b"* X ~{3}\r\na\x00b\r\n", [UntaggedData("X", None, (b"a\x00b",))]),
    (b"* X (((a)) b)\r\n", [UntaggedData("X", None, ([[["a"]], "b"],))]),
    (b"* OK\r\n", [StatusResponse("OK", None, "")]),
    (
        b"* OK [UIDNEXT 4392]\r\n",
        [StatusResponse("OK", ResponseCode("UIDNEXT", ("4392",), "4392"), "")],
    ),
    (
        b"* OK [HIGHESTMODSEQ 9]done\r\n",
        [StatusResponse("OK", ResponseCode("HIGHESTMODSEQ", ("9",), "9"), "done")],
    ),
    (
        b'* OK [BADCHARSET (UTF-8 "x y")] no\r\n',
        [
            StatusResponse(
                "OK", ResponseCode("BADCHARSET", (["UTF-8", b"x y"],), '(UTF-8 "x y")'), "no"
            )
        ],
    ),
    # A bare LF ends a line too (GNU imap4d after AUTHENTICATE); CR inside stays.
    (b"a1 OK done\n", [TaggedResponse("a1", "OK", None, "done")]),
    (
        b"* 2 EXISTS\n* X {2}\n\r\n\n",
        [UntaggedData("EXISTS", 2, ()), UntaggedData("X", None, (b"\r\n",))],
    ),
    # STATUS names sent unquoted with spaces (imap4d): the name runs to the item list.
    (
        b"* STATUS My files (UIDNEXT 24369)\r\n",
        [UntaggedData("STATUS", None, ("My files", ["UIDNEXT", "24369"]))],
    ),
    (
        b"* STATUS Old (2019) (MESSAGES 1)\r\n",
        [UntaggedData("STATUS", None, ("Old (2019)", ["MESSAGES", "1"]))],
    ),
    (
        b'* STATUS "a \\"b\\"" (MESSAGES 1)\r\n',
        [UntaggedData("STATUS", None, (b'a "b"', ["MESSAGES", "1"]))],
    ),
    (
        b"* STATUS {3}\r\na b (MESSAGES 1)\r\n",
        [UntaggedData("STATUS", None, (b"a b", ["MESSAGES", "1"]))],
    ),
    # GNU imap4d writes EXPUNGED for EXPUNGE.
    (b"* 3 EXPUNGED\r\n", [UntaggedData("EXPUNGE", 3, ())]),
    (b"* EXPUNGED\r\n", [UntaggedData("EXPUNGED", None, ())]),
    # A mailbox may be called EXISTS: only message data needs a number.
    (
        b"* STATUS EXISTS (MESSAGES 1)\r\n",
        [UntaggedData("STATUS", None, ("EXISTS", ["MESSAGES", "1"]))],
    ),
    # Header field names are astrings: a literal inside a section is spliced back.
    (
        b'* 1 FETCH (BODY[HEADER.FIELDS ({7}\r\nSUBJECT)] "Hi")\r\n',
        [UntaggedData("FETCH", 1, (["BODY[HEADER.FIELDS (SUBJECT)]", b"Hi"],))],
    ),
]


def drain(parser: ResponseParser) -> list[Response]:
    responses = []
    while (response := parser.next_response()) is not None:
        responses.append(response)
    return responses


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_whole(data: bytes, expected: list[Response]) -> None:
    parser = ResponseParser()
    parser.feed(data)
    assert drain(parser) == expected


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_split_at_every_boundary(data: bytes, expected: list[Response]) -> None:
    for cut in range(1, len(data)):
        parser = ResponseParser()
        parser.feed(data[:cut])
        got = drain(parser)
        parser.feed(data[cut:])
        got += drain(parser)
        assert got == expected, cut


def test_one_byte_at_a_time() -> None:
    everything = b"".join(data for data, _ in CASES)
    parser = ResponseParser()
    got: list[Response] = []
    for index in range(len(everything)):
        parser.feed(everything[index : index + 1])
        got += drain(parser)
    assert got == [response for _, expected in CASES for response in expected]


@given(st.lists(st.integers(min_value=1, max_value=40), max_size=30))
def test_arbitrary_chunking(cuts: list[int]) -> None:
    everything = b"".join(data for data, _ in CASES)
    parser = ResponseParser()
    got: list[Response] = []
    position = 0
    for size in cuts:
        parser.feed(everything[position : position + size])
        position += size
        got += drain(parser)
    parser.feed(everything[position:])
    got += drain(parser)
    assert got == [response for _, expected in CASES for response in expected]


def test_large_literal_in_small_pieces_is_linear() -> None:
    # Quadratic buffering would copy ~16 GB here and never finish in CI.
    size = 8 * 1024 * 1024
    parser = ResponseParser()
    parser.feed(b"* 1 FETCH (BODY[] {%d}\r\n" % size)
    chunk = b"x" * 1024
    for _ in range(size // len(chunk)):
        parser.feed(chunk)
        assert parser.next_response() is None
    parser.feed(b")\r\n")
    response = parser.next_response()
    assert isinstance(response, UntaggedData)
    assert response.values[0][1] == b"x" * size  # type: ignore[index]


def test_many_lines_in_one_feed() -> None:
    parser = ResponseParser()
    parser.feed(b"".join(b"* %d EXISTS\r\n" % n for n in range(50_000)))
    assert [r.number for r in drain(parser)] == list(range(50_000))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "data",
    [
        b"* X (a b\r\n",  # unclosed list
        b"* X a)\r\n",  # stray ')'
        b'* X "abc\r\n',  # unclosed quote
        b"* X {3 \r\n",  # '{' that is not a literal
        b"a1 MAYBE done\r\n",  # not OK/NO/BAD
        b"a1\r\n",
        b"* OK [UIDNEXT 5 done\r\n",  # unclosed code
        b"(a1 OK x\r\n",  # bad tag
        b"a\xc3\xa9 OK x\r\n",  # non-ASCII tag
        b"* 3\r\n",
        b"* foo EXISTS\r\n",  # a message number that is not a number
        b"* abc FETCH (FLAGS ())\r\n",
        b"* -1 EXPUNGE\r\n",
        b"* STATUS (MESSAGES 1)\r\n",  # no mailbox name
        b"* 1 FETCH (BODY[HEADER.FIELDS ({3}\r\n)] )] NIL)\r\n",  # literal breaks the section
        b"* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT) NIL)\r\n",  # section never closed
    ],
)
def test_malformed(data: bytes) -> None:
    parser = ResponseParser()
    parser.feed(data)
    with pytest.raises(ProtocolError, match="malformed"):
        parser.next_response()


def test_line_limit_without_crlf() -> None:
    parser = ResponseParser(Limits(max_line_length=100))
    parser.feed(b"* " + b"x" * 98)
    assert parser.next_response() is None  # exactly at the limit: still waiting
    parser.feed(b"x")
    with pytest.raises(ProtocolError, match="longer than 100"):
        parser.next_response()


def test_line_limit_with_crlf() -> None:
    parser = ResponseParser(Limits(max_line_length=10))
    parser.feed(b"* 1 EXISTS\r\n")  # 10 bytes: allowed
    assert parser.next_response() == UntaggedData("EXISTS", 1, ())
    parser.feed(b"* 10 EXISTS\r\n")
    with pytest.raises(ProtocolError, match="longer than 10"):
        parser.next_response()


def test_literal_limit_checked_before_buffering() -> None:
    parser = ResponseParser(Limits(max_literal_size=10))
    parser.feed(b"* X {10}\r\n0123456789\r\n")
    assert parser.next_response() == UntaggedData("X", None, (b"0123456789",))
    parser.feed(b"* X {11}\r\n")
    with pytest.raises(ProtocolError, match="over the limit of 10"):
        parser.next_response()


def test_response_size_counts_lines_and_literals_before_buffering() -> None:
    parser = ResponseParser(Limits(max_response_size=40))
    parser.feed(b"* X {10}\r\n0123456789 Y\r\n")  # 10 + 10 + 4 bytes
    assert parser.next_response() == UntaggedData("X", None, (b"0123456789", "Y"))
    # The announced literal would pass the limit: refused before its bytes come.
    parser.feed(b"* X {10}\r\n0123456789 {20}\r\n")
    with pytest.raises(ProtocolError, match="response longer than 40 bytes"):
        parser.next_response()


def test_literal_count_limit() -> None:
    parser = ResponseParser(Limits(max_response_literals=2))
    parser.feed(b"* X {1}\r\na {1}\r\nb\r\n")
    assert parser.next_response() == UntaggedData("X", None, (b"a", b"b"))
    parser.feed(b"* X {1}\r\na {1}\r\nb {1}\r\n")
    with pytest.raises(ProtocolError, match="more than 2 literals"):
        parser.next_response()


def test_reset_drops_a_half_received_response() -> None:
    parser = ResponseParser()
    parser.feed(b"* X {100}\r\nhalf")
    assert parser.next_response() is None
    parser.reset()
    parser.feed(b"* 2 EXISTS\r\n")
    assert parser.next_response() == UntaggedData("EXISTS", 2, ())


def test_nesting_limit() -> None:
    parser = ResponseParser(Limits(max_nesting_depth=3))
    parser.feed(b"* X (((a)))\r\n* X ((((a))))\r\n")
    assert parser.next_response() == UntaggedData("X", None, ([[["a"]]],))
    with pytest.raises(ProtocolError, match="deeper than 3"):
        parser.next_response()


def test_deep_nesting_never_hits_recursion_limit() -> None:
    parser = ResponseParser(Limits(max_nesting_depth=100_000))
    parser.feed(b"* X " + b"(" * 50_000 + b")" * 50_000 + b"\r\n")
    response = parser.next_response()
    assert isinstance(response, UntaggedData)


def test_discard_buffered() -> None:
    parser = ResponseParser()
    parser.feed(b"a1 OK Begin TLS\r\n* OK injected\r\n* 1 EXI")
    assert parser.next_response() == TaggedResponse("a1", "OK", None, "Begin TLS")
    assert parser.discard_buffered() == len(b"* OK injected\r\n* 1 EXI")
    assert parser.next_response() is None
    parser.feed(b"* 2 EXISTS\r\n")
    assert parser.next_response() == UntaggedData("EXISTS", 2, ())


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"max_line_length": 0}, "max_line_length"),
        ({"max_literal_size": -1}, "max_literal_size"),
        ({"max_nesting_depth": True}, "max_nesting_depth"),
        ({"max_response_size": 0}, "max_response_size"),
        ({"max_response_literals": -5}, "max_response_literals"),
        ({"max_collected_size": 1.5}, "max_collected_size"),
        ({"max_collected_responses": None}, "max_collected_responses"),
    ],
)
def test_limits_validate(limits: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Limits(**limits)
