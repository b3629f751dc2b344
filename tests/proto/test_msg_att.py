"""The fast FETCH reader reads exactly what the general tokenizer reads, or declines.

``read_msg_atts`` (``_proto/_msg_att.py``) reads the common FETCH shapes a
whole item at a time; anything else must be left to the general tokenizer.
Each test compares the two on the same frame: the fast result, when there is
one, must equal the general one, and for the shapes it is built for there
must be one (else the fast path would silently never run).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from corpus.test_corpus import CASES
from imapclient_async._proto import Frame, ResponseParser, UntaggedData
from imapclient_async._proto._decoder import _FETCH_HEAD, _Cursor, parse_frame
from imapclient_async._proto._msg_att import read_msg_atts
from imapclient_async._proto._responses import Value

DEPTH = 32


def general(frame: Frame) -> UntaggedData:
    """The frame read by the general tokenizer alone."""
    response = _Cursor(frame, DEPTH).response_untagged()
    assert isinstance(response, UntaggedData)
    return response


def fast(frame: Frame) -> list[Value] | None:
    """The item list as parse_frame reads it fast; None where it does not."""
    head = _FETCH_HEAD.match(frame.segments[0])
    return None if head is None else read_msg_atts(frame.segments, frame.literals, head.end())


def frames(data: bytes) -> list[Frame]:
    parser = ResponseParser()
    parser.feed(data)
    found = []
    while (frame := parser.next_frame()) is not None:
        found.append(frame)
    return found


# -- generated FETCH responses ---------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\r\n\x00"), max_size=12).map(
    lambda text: text.encode()
)


def quoted(data: bytes) -> bytes:
    return b'"' + data.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


_NSTRING = st.one_of(st.just(b"NIL"), _TEXT.filter(lambda data: b"\\" not in data).map(quoted))
_ESCAPING_NSTRING = st.one_of(_NSTRING, _TEXT.map(quoted))
_ADDRESS = st.tuples(*[_ESCAPING_NSTRING] * 4).map(lambda parts: b"(" + b" ".join(parts) + b")")
_ADDRESSES = st.one_of(
    st.just(b"NIL"),
    st.lists(_ADDRESS, min_size=1, max_size=3).map(lambda found: b"(" + b"".join(found) + b")"),
)
_ENVELOPE = st.tuples(
    _ESCAPING_NSTRING, _ESCAPING_NSTRING, *[_ADDRESSES] * 6, _NSTRING, _NSTRING
).map(lambda fields: b"(" + b" ".join(fields) + b")")
_FLAG = st.from_regex(rb"\\?[A-Za-z$][A-Za-z0-9$_-]{0,8}", fullmatch=True).filter(
    lambda flag: flag.upper() != b"NIL"
)
_NUMBER = st.integers(0, 2**40).map(lambda number: str(number).encode())
_SECTION = st.sampled_from([b"BODY[]", b"BODY[HEADER]", b"BODY[1.2]", b"BINARY[1]", b"BODY[]<0>"])

# Item generators: each gives (text before a literal, the literal or None, text after it).
_ITEMS = [
    _NUMBER.map(lambda number: (b"UID " + number, None)),
    _NUMBER.map(lambda number: (b"RFC822.SIZE " + number, None)),
    st.lists(_FLAG, max_size=4).map(lambda flags: (b"FLAGS (" + b" ".join(flags) + b")", None)),
    st.just((b'INTERNALDATE "17-Jul-1996 02:44:25 -0700"', None)),
    _NUMBER.map(lambda number: (b"MODSEQ (" + number + b")", None)),
    _ENVELOPE.map(lambda envelope: (b"ENVELOPE " + envelope, None)),
    st.tuples(_SECTION, _NSTRING).map(lambda item: (item[0] + b" " + item[1], None)),
    st.tuples(_SECTION, st.binary(max_size=20)).map(lambda item: (item[0] + b" ", item[1])),
]


@st.composite
def fetch_responses(draw: st.DrawFn) -> bytes:
    """``* n FETCH (...)`` with 1 to 5 items of the shapes the fast reader knows."""
    items = draw(st.lists(st.one_of(_ITEMS), min_size=1, max_size=5))
    text = b"* " + draw(_NUMBER) + b" FETCH ("
    for index, (item, literal) in enumerate(items):
        text += (b" " if index else b"") + item
        if literal is not None:
            text += b"{%d}\r\n" % len(literal) + literal
    return text + b")\r\n"


@given(fetch_responses())
def test_the_common_shapes_are_read_fast_and_the_same(data: bytes) -> None:
    [frame] = frames(data)
    items = fast(frame)
    assert items is not None, data
    assert UntaggedData("FETCH", general(frame).number, (items,)) == general(frame)
    assert parse_frame(frame) == general(frame)


# Changes that take a response out of the common shapes (or out of the grammar).
_SPOILERS = [
    (b" (", b"  ("),  # two spaces
    (b"NIL", b"nil"),
    (b"FLAGS (", b"FLAGS (NIL "),
    (b")\r\n", b") \r\n"),
    (b")\r\n", b")x\r\n"),
    (b"UID ", b"UID x"),
    (b"ENVELOPE (", b"ENVELOPE (("),
]


@given(fetch_responses(), st.sampled_from(_SPOILERS))
def test_anything_else_is_left_to_the_general_reader(
    data: bytes, spoiler: tuple[bytes, bytes]
) -> None:
    old, new = spoiler
    spoiled = data.replace(old, new, 1)
    [frame] = frames(spoiled)
    items = fast(frame)
    try:
        expected = general(frame)
    except Exception:  # malformed: the fast reader must not have read it either
        assert items is None
        return
    assert items is None or UntaggedData("FETCH", expected.number, (items,)) == expected


def test_every_recorded_fetch_response_reads_the_same_either_way() -> None:
    read_fast = 0
    for case in CASES:
        for frame in frames(case.response):
            if b" FETCH " not in frame.segments[0].upper():
                continue
            items = fast(frame)
            try:
                expected = general(frame)
            except Exception:
                assert items is None, case.id
                continue
            if items is not None:
                read_fast += 1
                assert UntaggedData("FETCH", expected.number, (items,)) == expected, case.id
    assert read_fast >= 10  # the corpus holds many ordinary FETCH responses
