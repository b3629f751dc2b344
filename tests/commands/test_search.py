"""Search queries on the wire, and SEARCH/ESEARCH/SORT/THREAD replies from literal bytes."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

import pytest

from imapclient_async import ProtocolError
from imapclient_async._commands import search as commands
from imapclient_async._connection import CommandOutcome
from imapclient_async._proto import (
    Argument,
    LiteralMode,
    ResponseParser,
    StatusResponse,
    TaggedResponse,
    UntaggedData,
    encode_command,
)
from imapclient_async.messageset import MessageSet
from imapclient_async.search import Query, SearchCriteria, SearchResult, ThreadNode

DAY = datetime.date(2026, 1, 1)


def chunks(
    name: str, arguments: Sequence[Argument], mode: LiteralMode = LiteralMode.SYNCHRONIZING
) -> list[bytes]:
    """The command's chunks, each up to a synchronizing literal's ``{N}``, as bytes."""
    encoded = encode_command("A1", name, arguments, literal_mode=mode)
    return [b"".join(chunk) for chunk in encoded.chunks]


def wire(arguments: Sequence[Argument]) -> bytes:
    """The whole UID SEARCH command as sent with LITERAL+."""
    return b"".join(chunks("UID SEARCH", arguments, LiteralMode.LITERAL_PLUS))


def search_wire(criteria: SearchCriteria, *, esearch: bool = False, utf8: bool = False) -> bytes:
    return wire(commands.search_arguments(criteria, esearch=esearch, utf8_accepted=utf8))


def outcome(data: bytes, tag: str = "A5") -> CommandOutcome:
    parser = ResponseParser()
    parser.feed(data + f"{tag} OK done\r\n".encode())
    untagged: list[StatusResponse | UntaggedData] = []
    while (response := parser.next_response()) is not None:
        if isinstance(response, TaggedResponse):
            return CommandOutcome(response, untagged)
        assert isinstance(response, (StatusResponse, UntaggedData))
        untagged.append(response)
    raise AssertionError("no tagged response")


# -- query encoding -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [
        (Query.all(), "ALL"),
        (Query.from_("alice"), "FROM alice"),
        (Query.to("bob@example.org"), "TO bob@example.org"),
        (Query.cc("team"), "CC team"),
        (Query.bcc("archive"), "BCC archive"),
        (Query.subject("hello world"), 'SUBJECT "hello world"'),
        (Query.body("invoice"), "BODY invoice"),
        (Query.text("report"), "TEXT report"),
        (Query.header("List-Id", "dev.example"), "HEADER List-Id dev.example"),
        (Query.header("X-Empty", ""), 'HEADER X-Empty ""'),
        (Query.since(DAY), "SINCE 1-Jan-2026"),
        (Query.before(datetime.date(2025, 12, 31)), "BEFORE 31-Dec-2025"),
        (Query.on(datetime.date(2026, 3, 9)), "ON 9-Mar-2026"),
        (Query.sent_since(datetime.date(999, 5, 17)), "SENTSINCE 17-May-0999"),
        (Query.sent_before(DAY), "SENTBEFORE 1-Jan-2026"),
        (Query.sent_on(datetime.date(2026, 7, 4)), "SENTON 4-Jul-2026"),
        (Query.seen(), "SEEN"),
        (Query.unseen(), "UNSEEN"),
        (Query.flagged(), "FLAGGED"),
        (Query.unflagged(), "UNFLAGGED"),
        (Query.answered(), "ANSWERED"),
        (Query.unanswered(), "UNANSWERED"),
        (Query.deleted(), "DELETED"),
        (Query.undeleted(), "UNDELETED"),
        (Query.draft(), "DRAFT"),
        (Query.undraft(), "UNDRAFT"),
        (Query.keyword("$Forwarded"), "KEYWORD $Forwarded"),
        (Query.unkeyword("Work"), "UNKEYWORD Work"),
        (Query.larger(1024), "LARGER 1024"),
        (Query.smaller(0), "SMALLER 0"),
        (Query.uid([7, 1, 2, 3]), "UID 1:3,7"),
        (Query.uid("100:*"), "UID 100:*"),
        (Query.messages(range(1, 11)), "1:10"),
        (Query.modseq(917), "MODSEQ 917"),
        (Query.new(), "NEW"),
        (Query.old(), "OLD"),
        (Query.recent(), "RECENT"),
    ],
)
def test_every_key_encodes(query: Query, text: str) -> None:
    assert str(query) == text
    assert search_wire(query) == f"A1 UID SEARCH {text}\r\n".encode()
    assert not query.non_ascii


def test_and_or_not_nest_with_parentheses() -> None:
    alice, bob, seen = Query.from_("alice"), Query.from_("bob"), Query.seen()
    assert str(alice & ~seen) == "FROM alice NOT SEEN"
    assert str(alice | bob) == "OR FROM alice FROM bob"
    assert str((alice | bob) & ~seen) == "OR FROM alice FROM bob NOT SEEN"
    # Multi-key operands of OR and NOT must stay one key each.
    assert str((alice & seen) | bob) == "OR (FROM alice SEEN) FROM bob"
    assert str(~(alice & seen)) == "NOT (FROM alice SEEN)"
    assert str(alice | (bob | Query.to("carol"))) == "OR FROM alice OR FROM bob TO carol"
    assert str(~~seen) == "NOT NOT SEEN"
    assert str(~((alice | bob) & (seen | Query.flagged()))) == (
        "NOT (OR FROM alice FROM bob OR SEEN FLAGGED)"
    )
    query = alice
    query &= seen
    assert query == alice & seen
    assert alice == Query.from_("alice")
    assert alice != bob
    assert repr(alice) == "<Query 'FROM alice'>"
    assert repr(Query.subject("a\r\nb")) == "<Query 'SUBJECT {4}\\r\\na\\r\\nb'>"


def test_combining_with_other_types_is_refused() -> None:
    with pytest.raises(TypeError):
        Query.seen() & "FROM alice"  # type: ignore[operator]
    with pytest.raises(TypeError):
        Query.seen() | 1  # type: ignore[operator]


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        ('say "hi"', b'"say \\"hi\\""'),
        ("back\\slash", b'"back\\\\slash"'),
        ("NIL", b'"NIL"'),
        ("", b'""'),
        ("x) ALL (", b'"x) ALL ("'),
    ],
)
def test_special_characters_are_quoted(value: str, sent: bytes) -> None:
    assert search_wire(Query.subject(value)) == b"A1 UID SEARCH SUBJECT " + sent + b"\r\n"


def test_cr_lf_go_in_a_literal_and_cannot_end_the_command() -> None:
    query = Query.subject("x\r\nA2 DELETE INBOX")
    arguments = commands.search_arguments(query, esearch=False, utf8_accepted=False)
    assert chunks("UID SEARCH", arguments) == [
        b"A1 UID SEARCH SUBJECT {18}\r\n",
        b"x\r\nA2 DELETE INBOX\r\n",
    ]
    plus = wire(arguments)
    assert plus == b"A1 UID SEARCH SUBJECT {18+}\r\nx\r\nA2 DELETE INBOX\r\n"


def test_non_ascii_is_a_literal_with_charset_utf8() -> None:
    query = Query.subject("Grüße") & Query.seen()
    assert query.non_ascii
    assert (Query.seen() | Query.from_("Zoë")).non_ascii
    assert (~Query.header("X-Tag", "é")).non_ascii
    literal = "Grüße".encode()
    expected = b"A1 UID SEARCH CHARSET UTF-8 SUBJECT {%d+}\r\n%s SEEN\r\n" % (
        len(literal),
        literal,
    )
    assert search_wire(query) == expected
    # UTF8=ACCEPT (RFC 6855) makes UTF-8 the charset without naming it.
    assert search_wire(query, utf8=True) == expected.replace(b"CHARSET UTF-8 ", b"")


def test_esearch_asks_for_ranges_before_the_charset() -> None:
    assert search_wire(Query.unseen(), esearch=True) == (
        b"A1 UID SEARCH RETURN (MIN MAX COUNT ALL) UNSEEN\r\n"
    )
    assert search_wire(Query.text("ü"), esearch=True).startswith(
        b"A1 UID SEARCH RETURN (MIN MAX COUNT ALL) CHARSET UTF-8 TEXT {2+}"
    )


def test_raw_criteria_are_sent_as_given() -> None:
    assert search_wire("UNSEEN FROM alice") == b"A1 UID SEARCH UNSEEN FROM alice\r\n"
    for bad in ("SUBJECT x\r\nA2 LOGOUT", "SUBJECT ü", ""):
        with pytest.raises(ValueError, match="printable ASCII"):
            commands.search_arguments(bad, esearch=False, utf8_accepted=False)
    with pytest.raises(TypeError, match="Query or a str"):
        commands.search_arguments(b"ALL", esearch=False, utf8_accepted=False)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "keyword", ["", "two words", 'quo"te', "par(en", "100%", "star*", "br]acket", "ü", "a\r\n"]
)
def test_invalid_keywords_are_refused(keyword: str) -> None:
    with pytest.raises(ValueError, match="atom"):
        Query.keyword(keyword)
    with pytest.raises(ValueError, match="atom"):
        Query.unkeyword(keyword)


def test_system_flags_are_not_keywords() -> None:
    with pytest.raises(ValueError, match="system flag"):
        Query.keyword("\\Seen")


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: Query.from_(b"alice"), TypeError),  # type: ignore[arg-type]
        (lambda: Query.subject(None), TypeError),  # type: ignore[arg-type]
        (lambda: Query.body("nul\x00"), ValueError),
        (lambda: Query.header("", "x"), ValueError),
        (lambda: Query.header("Bad Name", "x"), ValueError),
        (lambda: Query.header("Subject:", "x"), ValueError),
        (lambda: Query.header("Über", "x"), ValueError),
        (lambda: Query.header("X-A", 5), TypeError),  # type: ignore[arg-type]
        (lambda: Query.since(datetime.datetime(2026, 1, 1, 12, 0)), TypeError),
        (lambda: Query.before("1-Jan-2026"), TypeError),  # type: ignore[arg-type]
        (lambda: Query.larger(-1), ValueError),
        (lambda: Query.larger(2**63), ValueError),
        (lambda: Query.smaller(True), TypeError),
        (lambda: Query.modseq(1.5), TypeError),  # type: ignore[arg-type]
        (lambda: Query.uid(0), ValueError),
        (lambda: Query.messages("1:x"), ValueError),
        (lambda: Query.keyword(7), TypeError),  # type: ignore[arg-type]
    ],
)
def test_bad_values_are_refused_before_any_io(build: object, error: type[Exception]) -> None:
    assert callable(build)
    with pytest.raises(error):
        build()


# -- SORT and THREAD arguments ----------------------------------------------------------


def test_sort_criteria() -> None:
    assert commands.sort_criteria(["reverse", "Date"]) == ("REVERSE", "DATE")
    assert commands.sort_criteria("REVERSE SUBJECT arrival") == ("REVERSE", "SUBJECT", "ARRIVAL")
    assert commands.sort_criteria(("DISPLAYFROM",)) == ("DISPLAYFROM",)
    arguments = commands.sort_arguments(("REVERSE", "DATE"), Query.subject("ü"))
    assert chunks("UID SORT", arguments) == [
        b"A1 UID SORT (REVERSE DATE) UTF-8 SUBJECT {2}\r\n",
        b"\xc3\xbc\r\n",
    ]
    arguments = commands.sort_arguments(("SIZE",), "ALL")
    assert chunks("SORT", arguments) == [b"A1 SORT (SIZE) UTF-8 ALL\r\n"]


@pytest.mark.parametrize(
    ("criteria", "error", "match"),
    [
        ([], ValueError, "at least one"),
        ("", ValueError, "at least one"),
        (["REVERSE"], ValueError, "followed"),
        (["REVERSE", "REVERSE", "DATE"], ValueError, "followed"),
        (["DATE", "REVERSE"], ValueError, "followed"),
        (["DATE)", "ALL"], ValueError, "not a sort key"),
        (["NEWEST"], ValueError, "not a sort key"),
        ([b"DATE"], TypeError, "sequence of str"),
        (None, TypeError, "sequence of str"),
    ],
)
def test_bad_sort_criteria(criteria: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        commands.sort_criteria(criteria)  # type: ignore[arg-type]


def test_thread_arguments() -> None:
    algorithm = commands.thread_algorithm("references")
    arguments = commands.thread_arguments(algorithm, Query.unseen())
    assert chunks("UID THREAD", arguments) == [b"A1 UID THREAD REFERENCES UTF-8 UNSEEN\r\n"]
    with pytest.raises(ValueError, match="atom"):
        commands.thread_algorithm("REFERENCES UTF-8 ALL) (")
    with pytest.raises(TypeError):
        commands.thread_algorithm(None)  # type: ignore[arg-type]


# -- SEARCH and ESEARCH replies -----------------------------------------------------------------


def test_plain_search() -> None:
    result = commands.search_result(outcome(b"* SEARCH 5 2 3\r\n"), uid=True)
    assert result == SearchResult(MessageSet("2:3,5"), uid=True, min=2, max=5, count=3)
    assert result.to_tuple() == (2, 3, 5)
    assert list(result.ids) == [2, 3, 5]


def test_plain_search_empty() -> None:
    for data in (b"* SEARCH\r\n", b""):
        result = commands.search_result(outcome(data), uid=False)
        assert result == SearchResult(MessageSet(), uid=False, min=None, max=None, count=0)
        assert result.to_tuple() == ()


def test_plain_search_with_modseq_and_split_responses() -> None:
    result = commands.search_result(
        outcome(b"* SEARCH 2 3 5 (MODSEQ 917)\r\n* search 9 (modseq 12)\r\n"), uid=True
    )
    assert result.to_tuple() == (2, 3, 5, 9)
    assert result.highest_modseq == 917
    assert result.count == 4


def test_esearch_as_dovecot_sends_it() -> None:
    data = b'* ESEARCH (TAG "A5") UID MIN 2 MAX 5 COUNT 3 ALL 2:3,5 MODSEQ 917\r\n'
    result = commands.search_result(outcome(data), uid=True)
    assert result == SearchResult(
        MessageSet("2:3,5"), uid=True, min=2, max=5, count=3, highest_modseq=917
    )


def test_esearch_big_range_is_not_expanded() -> None:
    data = b'* ESEARCH (TAG "A5") UID MIN 1 MAX 4000000000 COUNT 4000000000 ALL 1:4000000000\r\n'
    result = commands.search_result(outcome(data), uid=True)
    assert result.ids.ranges == ((1, 4_000_000_000),)
    assert result.count == 4_000_000_000
    assert 3_999_999_999 in result.ids


def test_esearch_no_match_has_only_count() -> None:
    for data in (b'* ESEARCH (TAG "A5") UID COUNT 0\r\n', b'* ESEARCH (TAG "A5")\r\n'):
        result = commands.search_result(outcome(data), uid=True)
        assert result == SearchResult(MessageSet(), uid=True, min=None, max=None, count=0)


def test_esearch_quirks() -> None:
    # Without a correlator, atom tag, odd case, unknown return data, missing MIN/MAX/COUNT.
    data = b"* ESEARCH ALL 4,7:8 relevancy (1 2 3)\r\n"
    result = commands.search_result(outcome(data), uid=False)
    assert result == SearchResult(MessageSet("4,7:8"), uid=False, min=4, max=8, count=3)
    data = b"* ESEARCH (tag A5) uid count 2 all 1:2\r\n"
    assert commands.search_result(outcome(data), uid=True).count == 2


def test_esearch_for_another_tag_is_ignored() -> None:
    data = b'* ESEARCH (TAG "A4") UID ALL 1:9\r\n* SEARCH 3\r\n'
    assert commands.search_result(outcome(data), uid=True).to_tuple() == (3,)


@pytest.mark.parametrize(
    "data",
    [
        b"* SEARCH 2 x\r\n",
        b"* SEARCH 0\r\n",
        b"* SEARCH 4294967296\r\n",
        b"* SEARCH 2 (HIGHESTMODSEQ 9)\r\n",
        b"* SEARCH 2 (MODSEQ x)\r\n",
        b"* SEARCH NIL\r\n",
        b'* ESEARCH (TAG "A5") UID MIN\r\n',
        b'* ESEARCH (TAG "A5") UID ALL 1:*\r\n',
        b'* ESEARCH (TAG "A5") UID ALL (1 2)\r\n',
        b'* ESEARCH (TAG "A5") UID ALL 3:x\r\n',
        b'* ESEARCH (TAG "A5") UID COUNT many\r\n',
        b'* ESEARCH (TAG "A5") UID (MIN) 2\r\n',
        b'* ESEARCH (CORRELATOR "A5") COUNT 1\r\n',
        b'* ESEARCH (TAG "A5") COUNT 1\r\n* ESEARCH (TAG "A5") COUNT 2\r\n',
    ],
)
def test_malformed_search_replies(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        commands.search_result(outcome(data), uid=True)


# -- SORT and THREAD replies ------------------------------------------------------------------


def test_sort_keeps_the_server_order() -> None:
    assert commands.sort_result(outcome(b"* SORT 5 3 4 1 2\r\n")) == (5, 3, 4, 1, 2)
    assert commands.sort_result(outcome(b"* SORT\r\n")) == ()
    assert commands.sort_result(outcome(b"")) == ()
    # CONDSTORE appends the highest mod-sequence; a second response continues the list.
    data = b"* SORT 9 1 (MODSEQ 44)\r\n* sort 2\r\n"
    assert commands.sort_result(outcome(data)) == (9, 1, 2)
    with pytest.raises(ProtocolError):
        commands.sort_result(outcome(b"* SORT 1 NIL\r\n"))


def test_thread_rfc5256_example() -> None:
    data = b"* THREAD (2)(3 6 (4 23)(44 7 96))\r\n"
    assert commands.thread_result(outcome(data)) == (
        ThreadNode(2),
        ThreadNode(
            3,
            (
                ThreadNode(
                    6,
                    (
                        ThreadNode(4, (ThreadNode(23),)),
                        ThreadNode(44, (ThreadNode(7, (ThreadNode(96),)),)),
                    ),
                ),
            ),
        ),
    )
    assert [list(root.walk()) for root in commands.thread_result(outcome(data))] == [
        [2],
        [3, 6, 4, 23, 44, 7, 96],
    ]


def test_thread_with_missing_parent_and_empty() -> None:
    data = b"* THREAD ((3)(5 8))(1)\r\n"
    assert commands.thread_result(outcome(data)) == (
        ThreadNode(None, (ThreadNode(3), ThreadNode(5, (ThreadNode(8),)))),
        ThreadNode(1),
    )
    assert list(commands.thread_result(outcome(data))[0].walk()) == [3, 5, 8]
    assert commands.thread_result(outcome(b"* THREAD\r\n")) == ()
    assert commands.thread_result(outcome(b"")) == ()


def test_long_reply_chain_needs_no_recursion() -> None:
    chain = " ".join(str(number) for number in range(1, 5001))
    (root,) = commands.thread_result(outcome(f"* THREAD ({chain})\r\n".encode()))
    assert list(root.walk()) == list(range(1, 5001))


@pytest.mark.parametrize(
    "data",
    [b"* THREAD ()\r\n", b"* THREAD 1 2\r\n", b"* THREAD (1 x)\r\n", b"* THREAD (1 NIL)\r\n"],
)
def test_malformed_thread_replies(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        commands.thread_result(outcome(data))


def test_vendor_and_objectid_keys() -> None:
    query = (
        Query.gmail_raw("has:attachment in:sent")
        & Query.gmail_message_id(2**64 - 1)
        & Query.gmail_thread_id(1266894439832287888)
        & Query.email_id("M6d99ac3275bb4e")
        & Query.thread_id("T64b478a75b7ea9")
    )
    assert str(query) == (
        'X-GM-RAW "has:attachment in:sent" X-GM-MSGID 18446744073709551615 '
        "X-GM-THRID 1266894439832287888 EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9"
    )
    assert Query.gmail_raw("Grüße").non_ascii


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: Query.gmail_message_id(2**64), ValueError),
        (lambda: Query.gmail_thread_id(-1), ValueError),
        (lambda: Query.gmail_message_id("1"), TypeError),
        (lambda: Query.email_id("M1 OR ALL"), ValueError),
        (lambda: Query.thread_id(""), ValueError),
        (lambda: Query.thread_id("x" * 256), ValueError),
        (lambda: Query.email_id(5), TypeError),
        (lambda: Query.gmail_raw(None), TypeError),
    ],
)
def test_vendor_and_objectid_keys_refuse_bad_values(
    build: Callable[[], Query], error: type[Exception]
) -> None:
    with pytest.raises(error):
        build()


def test_queries_name_the_extensions_they_need() -> None:
    assert Query.seen().extensions == frozenset()
    assert Query.modseq(5).extensions == {"CONDSTORE"}
    combined = (Query.modseq(5) | Query.email_id("M1")) & ~Query.gmail_raw("x")
    assert combined.extensions == {"CONDSTORE", "OBJECTID", "X-GM-EXT-1"}
    assert commands.extensions_needed(combined) == combined.extensions
    assert commands.extensions_needed("MODSEQ 5") == frozenset()  # raw text is the caller's
