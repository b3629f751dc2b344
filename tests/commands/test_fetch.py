"""FETCH items in, FETCH responses out (ENVELOPE, BODYSTRUCTURE ...), without a server."""

from __future__ import annotations

import datetime
import pydoc

import pytest

from helpers import untagged
from imapclient_async import CapabilityError, ProtocolError
from imapclient_async._commands.bodystructure import parameter_text
from imapclient_async._commands.envelope import decode_words
from imapclient_async._commands.fetch import (
    fetch_arguments,
    fetched_message,
    parse_internal_date,
    partial_item,
)
from imapclient_async._proto import ResponseParser, UntaggedData, encode_command
from imapclient_async.fetch import (
    Address,
    BodyStructure,
    Envelope,
    FetchedMessage,
    Multipart,
    SinglePart,
)

ALL_EXTENSIONS = frozenset(
    {"IMAP4REV1", "BINARY", "CONDSTORE", "X-GM-EXT-1", "PREVIEW", "OBJECTID", "SAVEDATE"}
)


def wire(
    items: list[str],
    *,
    uid: bool = True,
    changed_since: int | None = None,
    capabilities: frozenset[str] = ALL_EXTENSIONS,
) -> bytes:
    arguments = fetch_arguments("1:*", items, capabilities, uid=uid, changed_since=changed_since)
    name = "UID FETCH" if uid else "FETCH"
    return b"".join(
        part for chunk in encode_command("A1", name, arguments).chunks for part in chunk
    )


def fetched(data: bytes) -> FetchedMessage:
    """Parse one server response line (with its literals) into a FetchedMessage."""
    parser = ResponseParser()
    parser.feed(data)
    response = parser.next_response()
    assert isinstance(response, UntaggedData)
    return fetched_message(response)


def parse_envelope(data: bytes) -> Envelope:
    """``* 1 FETCH (ENVELOPE <data>)`` through the decoder and the reader."""
    envelope = fetched(b"* 1 FETCH (ENVELOPE " + data + b")\r\n").envelope
    assert envelope is not None
    return envelope


def structure(data: bytes) -> BodyStructure:
    """``* 1 FETCH (BODYSTRUCTURE <data>)`` through the decoder and the reader."""
    body = fetched(b"* 1 FETCH (BODYSTRUCTURE " + data + b")\r\n").body_structure
    assert body is not None
    return body


# -- items -------------------------------------------------------------------------


def test_items_are_sent_upper_case_with_uid_added() -> None:
    assert wire(["flags", "Envelope", "BODY.PEEK[header.fields (from subject)]"]) == (
        b"A1 UID FETCH 1:* (FLAGS ENVELOPE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)] UID)\r\n"
    )
    assert wire(["UID", "FLAGS"]) == b"A1 UID FETCH 1:* (UID FLAGS)\r\n"
    assert wire(["FLAGS"], uid=False) == b"A1 FETCH 1:* (FLAGS)\r\n"


def test_changed_since() -> None:
    assert wire(["FLAGS"], changed_since=12345) == (
        b"A1 UID FETCH 1:* (FLAGS UID) (CHANGEDSINCE 12345)\r\n"
    )
    with pytest.raises(CapabilityError, match="CONDSTORE"):
        wire(["FLAGS"], changed_since=5, capabilities=frozenset({"IMAP4REV1"}))
    with pytest.raises(ValueError, match="positive"):
        wire(["FLAGS"], changed_since=0)
    with pytest.raises(TypeError):
        wire(["FLAGS"], changed_since=True)


@pytest.mark.parametrize(
    "item",
    [
        "ENVELOPE",
        "FLAGS",
        "INTERNALDATE",
        "RFC822",
        "RFC822.HEADER",
        "RFC822.SIZE",
        "RFC822.TEXT",
        "BODY",
        "BODYSTRUCTURE",
        "UID",
        "MODSEQ",
        "BODY[]",
        "BODY.PEEK[]",
        "BODY.PEEK[HEADER]",
        "BODY.PEEK[TEXT]",
        "BODY.PEEK[1]",
        "BODY.PEEK[1.2.3]",
        "BODY.PEEK[1.2.MIME]",
        "BODY.PEEK[3.HEADER]",
        "BODY.PEEK[3.TEXT]",
        "BODY.PEEK[HEADER.FIELDS (FROM)]",
        "BODY.PEEK[HEADER.FIELDS.NOT (X-SPAM LIST-ID)]",
        "BODY.PEEK[2.HEADER.FIELDS (SUBJECT)]",
        "BODY.PEEK[1.2]<0.1024>",
        "BODY[]<4294967295.4294967295>",
        "BINARY[1]",
        "BINARY.PEEK[1.2]<10.20>",
        "BINARY.PEEK[]",
        "BINARY.SIZE[2]",
        "X-GM-LABELS",
        "X-GM-MSGID",
        "PREVIEW",
        "EMAILID",
        "THREADID",
        "SAVEDATE",
        "X-VENDOR.ITEM_2",
    ],
)
def test_valid_items(item: str) -> None:
    assert wire([item.lower()]) == f"A1 UID FETCH 1:* ({item} UID)\r\n".encode().replace(
        b"(UID UID)", b"(UID)"
    )


@pytest.mark.parametrize(
    "item",
    [
        "",
        "ALL",
        "FAST",
        "FULL",
        "X GM",
        "1ABC",
        "X_[",
        "FLAGS UID",
        "FLAGS)",
        "(FLAGS",
        "BODY[",
        "BODY.PEEK[0]",
        "BODY.PEEK[01]",
        "BODY.PEEK[1.]",
        "BODY.PEEK[MIME]",
        "BODY.PEEK[1.2]<0>",
        "BODY.PEEK[1]<0.0>",
        "BODY.PEEK[1]<4294967296.1>",
        "BODY.PEEK[1]<-1.5>",
        "BODY.PEEK[HEADER.FIELDS ()]",
        "BODY.PEEK[HEADER.FIELDS (FROM  TO)]",
        "BODY.PEEK[HEADER.FIELDS (FROM\r\nA2 DELETE INBOX)]",
        'BODY.PEEK[HEADER.FIELDS ("FROM")]',
        "BODY.PEEK[HEADER.FIELDS (FROM:)]",
        "BODY.PEEK[HEADER.FIELDS (FROM)] FLAGS",
        "BODY.PEEK[1]<0.5> BODY[2]",
        "BODY.PEEK[TEXT]\n",
        "BINARY.PEEK[HEADER]",
        "BINARY.PEEK[1.MIME]",
        "BINARY.SIZE[1]<0.5>",
        "FLAGS\x00",
        "ENVELOPE ",
        "\u017fLAGS",  # long s upper-cases to "SLAGS"; non-ASCII is refused outright
    ],
)
def test_invalid_items(item: str) -> None:
    with pytest.raises(ValueError, match=r"not a fetch item|out of bounds"):
        wire([item])


def test_item_sequence_types() -> None:
    with pytest.raises(TypeError, match="not a str"):
        wire("FLAGS")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        wire([b"FLAGS"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="at least one"):
        wire([])


@pytest.mark.parametrize(
    "item",
    [
        "BINARY.PEEK[1]",
        "BINARY.SIZE[1]",
        "MODSEQ",
        "X-GM-LABELS",
        "X-GM-THRID",
        "PREVIEW",
        "EMAILID",
        "THREADID",
        "SAVEDATE",
    ],
)
def test_items_needing_an_extension(item: str) -> None:
    extensions = "BINARY|CONDSTORE|X-GM-EXT-1|PREVIEW|OBJECTID|SAVEDATE"
    with pytest.raises(CapabilityError, match=rf"needs the ({extensions}) extension"):
        wire([item], capabilities=frozenset({"IMAP4REV1"}))


def test_partial_item() -> None:
    assert partial_item("1.2", 0, 1024, ALL_EXTENSIONS, binary=False) == "BODY.PEEK[1.2]<0.1024>"
    assert partial_item("text", 5, 10, ALL_EXTENSIONS, binary=False) == "BODY.PEEK[TEXT]<5.10>"
    assert partial_item("", 0, 1, ALL_EXTENSIONS, binary=False) == "BODY.PEEK[]<0.1>"
    assert partial_item("2", 0, 9, ALL_EXTENSIONS, binary=True) == "BINARY.PEEK[2]<0.9>"
    with pytest.raises(ValueError, match="not a fetch item"):
        partial_item("TEXT", 0, 9, ALL_EXTENSIONS, binary=True)
    with pytest.raises(ValueError, match="not a fetch item"):
        partial_item("1]<0.1> BODY[2", 0, 9, ALL_EXTENSIONS, binary=False)
    with pytest.raises(ValueError, match="out of bounds"):
        partial_item("1", 0, 0, ALL_EXTENSIONS, binary=False)
    with pytest.raises(TypeError):
        partial_item(1, 0, 9, ALL_EXTENSIONS, binary=False)  # type: ignore[arg-type]
    with pytest.raises(CapabilityError):
        partial_item("1", 0, 9, frozenset(), binary=True)


# -- responses -----------------------------------------------------------------------


def test_dovecot_fetch_response() -> None:
    message = fetched(
        b'* 12 FETCH (UID 4827 FLAGS (\\Seen $Forwarded) INTERNALDATE "24-Nov-2026 14:05:49 +0000" '
        b"RFC822.SIZE 1251 MODSEQ (87) BODYSTRUCTURE "
        b'("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 7 1 NIL NIL NIL NIL) '
        b'ENVELOPE (NIL "Hi" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n'
    )
    assert message.seq == 12 and message.uid == 4827
    assert message.flags == frozenset({"\\Seen", "$Forwarded"})
    assert message.internal_date == datetime.datetime(
        2026, 11, 24, 14, 5, 49, tzinfo=datetime.timezone.utc
    )
    assert (message.size, message.modseq) == (1251, 87)
    assert isinstance(message.body_structure, SinglePart)
    assert message.body_structure.part == "1"
    assert message.envelope is not None and message.envelope.subject == "Hi"
    assert (message.sections, message.binary, message.raw) == ({}, {}, {})


def test_flags_only() -> None:
    message = fetched(b"* 3 FETCH (FLAGS ())\r\n")
    assert message == FetchedMessage(
        seq=3,
        uid=None,
        flags=frozenset(),
        internal_date=None,
        size=None,
        envelope=None,
        body_structure=None,
        sections={},
        binary={},
        modseq=None,
        raw={},
    )


def test_sections_keyed_by_section() -> None:
    message = fetched(
        b"* 1 FETCH (UID 7 BODY[] {8}\r\nA: b\r\n\r\n BODY[HEADER] {5}\r\nh\r\n\r\n"
        b' BODY[HEADER.FIELDS ("From"  "Subject")] {12}\r\nSubject: x\r\n'
        b' BODY[1.2]<0> "abc" body[1.mime] NIL BODY[TEXT] ""'
        b" RFC822.TEXT {2}\r\nzz)\r\n"
    )
    assert message.sections == {
        "": b"A: b\r\n\r\n",
        "HEADER": b"h\r\n\r\n",
        "HEADER.FIELDS (FROM SUBJECT)": b"Subject: x\r\n",
        "1.2<0>": b"abc",
        "1.MIME": None,
        "TEXT": b"zz",  # RFC822.TEXT is BODY[TEXT]; the later one wins
    }


def test_literal8_binary_sections() -> None:
    message = fetched(
        b"* 1 FETCH (BINARY[2] ~{4}\r\n\x00\x01\r\n BINARY[3]<0> ~{1}\r\n\xff "
        b"BINARY.SIZE[2] 4 UID 9)\r\n"
    )
    assert message.binary == {"2": b"\x00\x01\r\n", "3<0>": b"\xff"}
    assert message.raw == {"BINARY.SIZE[2]": "4"}
    assert message.uid == 9


def test_vendor_items_are_typed_and_kept_raw() -> None:
    message = fetched(
        b'* 1 FETCH (X-GM-LABELS ("\\\\Inbox" Work) EMAILID (M6d99ac3275bb4e) '
        b'X-GM-MSGID 1278455344230334865 PREVIEW "Hello there" UID 3)\r\n'
    )
    assert message.raw == {
        "X-GM-LABELS": [b"\\Inbox", "Work"],
        "EMAILID": ["M6d99ac3275bb4e"],
        "X-GM-MSGID": "1278455344230334865",
        "PREVIEW": b"Hello there",
    }
    assert message.gmail_labels == frozenset({"\\Inbox", "Work"})
    assert message.email_id == "M6d99ac3275bb4e"
    assert message.gmail_message_id == 1278455344230334865
    assert message.preview == "Hello there"
    assert message.uid == 3 and message.problems == ()


def test_rfc822_is_the_whole_message() -> None:
    raw = b"Subject: =?utf-8?q?Caf=C3=A9?=\r\nFrom: a@b.c\r\n\r\nBody\r\n"
    message = fetched(b"* 1 FETCH (RFC822 {%d}\r\n%s)\r\n" % (len(raw), raw))
    assert message.sections == {"": raw}
    parsed = message.message()
    assert parsed["Subject"] == "Café"
    assert parsed.get_content().rstrip() == "Body"


def test_message_needs_the_whole_message() -> None:
    with pytest.raises(ValueError, match=r"BODY\.PEEK\[\]"):
        fetched(b'* 1 FETCH (BODY[HEADER] "x")\r\n').message()
    with pytest.raises(ValueError, match="not fetched"):
        fetched(b"* 1 FETCH (BODY[] NIL)\r\n").message()
    with pytest.raises(ValueError, match="not fetched"):
        fetched(b'* 1 FETCH (BODY[]<0> "x")\r\n').message()


@pytest.mark.parametrize(
    ("text", "offset_minutes"),
    [
        ("17-Jul-1996 02:44:25 -0700", -7 * 60),
        (" 7-Jul-1996 02:44:25 +0000", 0),
        ("7-jul-1996 02:44:25 +0530", 5 * 60 + 30),
        ("01-Jan-2000 00:00:00 -1200", -12 * 60),
        ("31-Dec-1999 23:59:59 +1400", 14 * 60),
    ],
)
def test_internal_dates(text: str, offset_minutes: int) -> None:
    parsed = parse_internal_date(text.encode())
    zone = datetime.timezone(datetime.timedelta(minutes=offset_minutes))
    assert parsed.tzinfo is not None
    assert parsed.utcoffset() == zone.utcoffset(None)
    assert parsed.strftime("%d-%b-%Y %H:%M:%S %z").lstrip("0") == text.strip().lstrip("0").replace(
        "jul", "Jul"
    )


@pytest.mark.parametrize(
    "value",
    [
        b"",
        b"17-Jul-1996",
        b"17-Foo-1996 02:44:25 -0700",
        b"31-Feb-1996 02:44:25 -0700",
        b"17-Jul-1996 25:44:25 -0700",
        b"17-Jul-1996 02:44:25 +2400",
        b"17-Jul-1996 02:44:25",
        None,
    ],
)
def test_bad_internal_dates(value: bytes | None) -> None:
    with pytest.raises(ProtocolError, match="INTERNALDATE"):
        parse_internal_date(value)


@pytest.mark.parametrize(
    "data",
    [
        b"* FETCH (FLAGS ())\r\n",
        b"* 1 FETCH FLAGS\r\n",
        b"* 1 FETCH (FLAGS (\\Seen) UID 5) extra\r\n",
    ],
)
def test_unreadable_fetch_responses(data: bytes) -> None:
    # Without a message number and one item list nothing can be attributed.
    with pytest.raises(ProtocolError):
        fetched(data)


@pytest.mark.parametrize(
    ("item", "data", "field"),
    [
        ("FLAGS", b'FLAGS ("quoted")', "flags"),
        ("UID", b"UID x", "uid"),
        ("BODY[]", b"BODY[] (a b)", None),
        ("RFC822.SIZE", b"RFC822.SIZE -5", "size"),
        ("INTERNALDATE", b'INTERNALDATE "yesterday"', "internal_date"),
        ("MODSEQ", b"MODSEQ (x)", "modseq"),
        ("ENVELOPE", b"ENVELOPE NIL", "envelope"),
        ("ENVELOPE", b'ENVELOPE "text"', "envelope"),
        ("ENVELOPE", b"ENVELOPE (NIL NIL NIL)", "envelope"),
        (
            "ENVELOPE",
            b'ENVELOPE (NIL NIL ("not an address") NIL NIL NIL NIL NIL NIL NIL)',
            "envelope",
        ),
        ("ENVELOPE", b'ENVELOPE (NIL NIL ((NIL NIL "a")) NIL NIL NIL NIL NIL NIL NIL)', "envelope"),
        ("ENVELOPE", b'ENVELOPE (NIL NIL "a@b" NIL NIL NIL NIL NIL NIL NIL)', "envelope"),
        ("ENVELOPE", b"ENVELOPE (NIL (a b) NIL NIL NIL NIL NIL NIL NIL NIL)", "envelope"),
        ("BODYSTRUCTURE", b"BODYSTRUCTURE NIL", "body_structure"),
        ("BODYSTRUCTURE", b'BODYSTRUCTURE "text"', "body_structure"),
        ("BODYSTRUCTURE", b"BODYSTRUCTURE ()", "body_structure"),
        ("BODYSTRUCTURE", b'BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit")', "body_structure"),
        ("BODYSTRUCTURE", b'BODYSTRUCTURE (("text" "plain" NIL) "mixed")', "body_structure"),
        ("X-GM-MSGID", b"X-GM-MSGID abc", "gmail_message_id"),
        ("X-GM-LABELS", b"X-GM-LABELS \\Inbox", "gmail_labels"),
        ("EMAILID", b"EMAILID NIL", "email_id"),
        ("SAVEDATE", b'SAVEDATE "tomorrow"', "save_date"),
    ],
)
def test_a_malformed_item_costs_only_that_item(
    item: str, data: bytes, field: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    message = fetched(b"* 7 FETCH (X-BEFORE 1 " + data + b" X-AFTER 2)\r\n")
    assert [problem.item for problem in message.problems] == [item]
    # The items around it are still read; the bad one keeps its value in raw.
    assert message.raw == {"X-BEFORE": "1", item: message.problems[0].data, "X-AFTER": "2"}
    if field is not None:
        assert getattr(message, field) is None
    assert message.seq == 7 and message.sections == {}
    warning = [record for record in caplog.records if record.levelname == "WARNING"]
    assert len(warning) == 1 and item in warning[0].getMessage()
    assert "message 7" in warning[0].getMessage()


def test_items_without_the_outer_parentheses() -> None:
    # GNU imap4d's unsolicited flag updates.
    message = fetched(b"* 3 FETCH FLAGS (\\Seen \\Deleted)\r\n")
    assert message.seq == 3 and message.flags == frozenset({"\\Seen", "\\Deleted"})
    assert message.problems == ()


def test_a_trailing_item_name_without_value_is_a_problem() -> None:
    message = fetched(b"* 1 FETCH (UID 5 FLAGS)\r\n")
    assert message.uid == 5 and message.flags is None
    assert [(problem.item, problem.data) for problem in message.problems] == [("FLAGS", None)]


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        # RFC 7162 writes MODSEQ (n); IMAPClient users met servers sending MODSEQ n.
        (b"MODSEQ 4", "modseq", 4),
        (b"MODSEQ (4)", "modseq", 4),
        (b"INTERNALDATE NIL", "internal_date", None),
        (b'"UID" 5', "uid", 5),
        (b"X-GM-MSGID 1278455344230334865", "gmail_message_id", 1278455344230334865),
        (b"X-GM-THRID 1266894439832287888", "gmail_thread_id", 1266894439832287888),
        (
            b'X-GM-LABELS (\\Inbox \\Sent "&ANw-berweisungen" Work)',
            "gmail_labels",
            frozenset({"\\Inbox", "\\Sent", "\u00dcberweisungen", "Work"}),
        ),
        (b"X-GM-LABELS ()", "gmail_labels", frozenset()),
        (b'PREVIEW "Hello there"', "preview", "Hello there"),
        (b"PREVIEW NIL", "preview", None),
        # RFC 8474 puts the id in parentheses; a bare atom is read the same.
        (b"EMAILID (M6d99ac3275bb4e)", "email_id", "M6d99ac3275bb4e"),
        (b"EMAILID M6d99ac3275bb4e", "email_id", "M6d99ac3275bb4e"),
        (b"THREADID (T64b478a75b7ea9)", "thread_id", "T64b478a75b7ea9"),
        (b"THREADID T64b478a75b7ea9", "thread_id", "T64b478a75b7ea9"),
        (b"THREADID NIL", "thread_id", None),
        (
            b'SAVEDATE "04-Dec-2026 10:30:00 +0100"',
            "save_date",
            datetime.datetime(
                2026, 12, 4, 10, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
            ),
        ),
        (b"SAVEDATE NIL", "save_date", None),
    ],
)
def test_items_read_liberally(data: bytes, field: str, expected: object) -> None:
    message = fetched(b"* 1 FETCH (" + data + b")\r\n")
    assert getattr(message, field) == expected


def test_vendor_items_stay_in_raw_too() -> None:
    message = fetched(b"* 1 FETCH (X-GM-THRID 12 X-GM-LABELS (\\Inbox) X-VENDOR 3)\r\n")
    assert message.raw == {"X-GM-THRID": "12", "X-GM-LABELS": ["\\Inbox"], "X-VENDOR": "3"}
    assert message.problems == ()


def test_a_literal_inside_a_section_spec_is_spliced_back() -> None:
    message = fetched(
        b'* 1 FETCH (BODY[HEADER.FIELDS ({7}\r\nSUBJECT)] "Hello" '
        b"BODY[HEADER.FIELDS (FROM {2}\r\nTO)]<0> {3}\r\nabc)\r\n"
    )
    assert message.sections == {
        "HEADER.FIELDS (SUBJECT)": b"Hello",
        "HEADER.FIELDS (FROM TO)<0>": b"abc",
    }
    assert message.raw == {} and message.problems == ()


# -- ENVELOPE ------------------------------------------------------------------------


def test_dovecot_envelope() -> None:
    envelope = parse_envelope(
        b'("Mon, 23 Nov 2026 10:00:00 +0100" "=?utf-8?q?Caf=C3=A9?= meeting" '
        b'(("=?utf-8?q?Chlo=C3=A9_Durand?=" NIL "chloe" "example.fr")) '
        b'(("=?utf-8?q?Chlo=C3=A9_Durand?=" NIL "chloe" "example.fr")) '
        b'(("=?utf-8?q?Chlo=C3=A9_Durand?=" NIL "chloe" "example.fr")) '
        b'(("Bob" NIL "bob" "example.org")(NIL NIL "carol" "example.org")) '
        b'NIL NIL "<parent@example.org>" "<id1@example.org>")'
    )
    assert envelope == Envelope(
        date=datetime.datetime(
            2026, 11, 23, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
        ),
        subject="Café meeting",
        from_=(Address("Chloé Durand", "chloe", "example.fr"),),
        sender=(Address("Chloé Durand", "chloe", "example.fr"),),
        reply_to=(Address("Chloé Durand", "chloe", "example.fr"),),
        to=(Address("Bob", "bob", "example.org"), Address(None, "carol", "example.org")),
        cc=(),
        bcc=(),
        in_reply_to="<parent@example.org>",
        message_id="<id1@example.org>",
    )
    assert envelope.from_[0].email == "chloe@example.fr"
    assert str(envelope.from_[0]) == "Chloé Durand <chloe@example.fr>"
    assert str(envelope.to[1]) == "carol@example.org"


def test_envelope_nil_everywhere() -> None:
    envelope = parse_envelope(b"(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)")
    assert envelope == Envelope(None, None, (), (), (), (), (), (), None, None)


def test_group_addresses_keep_their_markers() -> None:
    # RFC 3501 7.4.2: "Team: a@x.org, b@y.org;" and the empty "undisclosed-recipients:;".
    envelope = parse_envelope(
        b'(NIL NIL NIL NIL NIL ((NIL NIL "Team" NIL)(NIL NIL "a" "x.org")'
        b'(NIL NIL "b" "y.org")(NIL NIL NIL NIL)(NIL NIL "c" "z.org")) '
        b'((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) NIL NIL NIL)'
    )
    start, first, second, end, outside = envelope.to
    assert start.is_group_start and start.mailbox == "Team" and start.email is None
    assert str(start) == "Team:"
    assert [first.email, second.email, outside.email] == ["a@x.org", "b@y.org", "c@z.org"]
    assert not first.is_group_start and not first.is_group_end
    assert end.is_group_end and not end.is_group_start and end.email is None
    assert str(end) == ";"
    assert [address.is_group_end for address in envelope.cc] == [False, True]


def test_envelope_non_ascii_literal_and_raw_utf8() -> None:
    # Servers pass 8-bit header text through, quoted or as a literal (RFC 6532).
    envelope = parse_envelope(
        b"(NIL {11}\r\nGr\xc3\xbc\xc3\x9fe aus "
        b'((" J\xc3\xb6rg " NIL "j\xc3\xb6rg" "b\xc3\xbccher.de"))'
        b" NIL NIL NIL NIL NIL NIL NIL)"
    )
    assert envelope.subject == "Grüße aus"
    assert envelope.from_ == (Address(" Jörg ", "jörg", "bücher.de"),)


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    envelope = parse_envelope(b'(NIL "caf\xe9" NIL NIL NIL NIL NIL NIL NIL NIL)')
    assert envelope.subject == "caf\ufffd"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain text", "plain text"),
        ("=?ISO-8859-1?Q?Caf=E9?=", "Café"),
        ("=?utf-8?b?R3LDvMOfZQ==?= =?utf-8?q?_aus_Z=C3=BCrich?=", "Grüße aus Zürich"),
        ("Re: =?utf-8?q?Caf=C3=A9?=", "Re: Café"),
        ("=?x-unknown?q?abc?=", "=?x-unknown?q?abc?="),
        ("=?utf-8?b?not base64!?=", "=?utf-8?b?not base64!?="),
    ],
)
def test_encoded_words(raw: str, expected: str) -> None:
    assert decode_words(raw) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (
            b'"Tue, 1 Jul 2003 10:52:37 +0200"',
            datetime.datetime(
                2003, 7, 1, 10, 52, 37, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
            ),
        ),
        (
            b'"1 Jul 2003 10:52:37 -0000"',
            datetime.datetime(2003, 7, 1, 10, 52, 37, tzinfo=datetime.timezone.utc),
        ),
        (
            b'"Tue, 1 Jul 2003 10:52 EST"',
            datetime.datetime(
                2003, 7, 1, 10, 52, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
            ),
        ),
        (b'"next Tuesday"', None),
        (b'""', None),
    ],
)
def test_envelope_dates(date: bytes, expected: datetime.datetime | None) -> None:
    envelope = parse_envelope(b"(" + date + b" NIL NIL NIL NIL NIL NIL NIL NIL NIL)")
    assert envelope.date == expected
    assert envelope.date is None or envelope.date.tzinfo is not None


# -- BODYSTRUCTURE -------------------------------------------------------------------


# Dovecot 2.3's answer for text+html alternative, a base64 attachment with an
# RFC 2231 file name, and an attached message.
DOVECOT_MIXED = (
    b'((("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 7 1 NIL NIL NIL NIL)'
    b'("text" "html" ("charset" "utf-8") NIL NIL "7bit" 14 1 NIL NIL NIL NIL) "alternative" '
    b'("boundary" "===============5471760807678247257==") NIL NIL NIL)'
    b'("application" "octet-stream" NIL NIL NIL "base64" 30 NIL '
    b'("attachment" ("filename*" "utf-8\'\'d%C3%A4t%C3%A4.bin")) NIL NIL)'
    b'("message" "rfc822" NIL NIL NIL "8bit" 138 (NIL "inner" ((NIL NIL "x" "y.z")) '
    b'((NIL NIL "x" "y.z")) ((NIL NIL "x" "y.z")) NIL NIL NIL NIL NIL) '
    b'("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 12 1 NIL NIL NIL NIL) 7 NIL '
    b'("attachment" NIL) NIL NIL) "mixed" ("boundary" "===============56090537==") NIL NIL NIL)'
)


def test_dovecot_multipart_tree() -> None:
    body = structure(DOVECOT_MIXED)
    assert isinstance(body, Multipart)
    assert (body.content_type, body.part, body.params) == (
        "multipart/mixed",
        "",
        {"boundary": "===============56090537=="},
    )
    assert [(part.part, part.content_type) for part in body.walk()] == [
        ("", "multipart/mixed"),
        ("1", "multipart/alternative"),
        ("1.1", "text/plain"),
        ("1.2", "text/html"),
        ("2", "application/octet-stream"),
        ("3", "message/rfc822"),
        ("3.1", "text/plain"),
    ]
    alternative, attachment, attached = body.children
    assert isinstance(alternative, Multipart)
    plain = alternative.children[0]
    assert plain == SinglePart(
        type="text",
        subtype="plain",
        params={"charset": "utf-8"},
        id=None,
        description=None,
        encoding="7bit",
        size=7,
        lines=1,
        md5=None,
        disposition=None,
        disposition_params={},
        language=None,
        location=None,
        filename=None,
        part="1.1",
        envelope=None,
        body=None,
        extensions=(),
    )
    assert isinstance(attachment, SinglePart)
    assert (attachment.disposition, attachment.filename, attachment.lines) == (
        "attachment",
        "dätä.bin",
        None,
    )
    assert isinstance(attached, SinglePart)
    assert attached.lines == 7 and attached.size == 138
    assert attached.envelope is not None and attached.envelope.subject == "inner"
    assert attached.envelope.from_ == (Address(None, "x", "y.z"),)
    assert isinstance(attached.body, SinglePart) and attached.body.part == "3.1"


def test_single_part_message_is_part_one() -> None:
    body = structure(b'("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92)')
    assert isinstance(body, SinglePart)
    # Lower case like the email package; values keep their case.
    assert (body.type, body.subtype, body.params, body.encoding) == (
        "text",
        "plain",
        {"charset": "US-ASCII"},
        "7bit",
    )
    assert (body.part, body.size, body.lines) == ("1", 3028, 92)
    # No extension data at all (the BODY item, or a terse server).
    assert (body.md5, body.disposition, body.language, body.location) == (None,) * 4


def test_rfc822_enclosing_multipart_numbers_children_under_it() -> None:
    body = structure(
        b'("text" "plain" NIL NIL NIL "7bit" 2 1)'
        b'("message" "rfc822" NIL NIL NIL "7bit" 500 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) '
        b'(("text" "plain" NIL NIL NIL "7bit" 2 1)("image" "png" ("name" "a.png") "<img@x>" '
        b'"A picture" "base64" 100) "related") 20) "mixed"'.join([b"(", b")"])
    )
    assert [(part.part, part.content_type) for part in body.walk()] == [
        ("", "multipart/mixed"),
        ("1", "text/plain"),
        ("2", "message/rfc822"),
        ("2", "multipart/related"),
        ("2.1", "text/plain"),
        ("2.2", "image/png"),
    ]
    image = body.walk()[-1]
    assert isinstance(image, SinglePart)
    assert (image.id, image.description, image.filename) == ("<img@x>", "A picture", "a.png")


def test_nested_rfc822_inside_rfc822() -> None:
    inner = (
        b'("message" "rfc822" NIL NIL NIL "7bit" 50 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) '
        b'("text" "plain" NIL NIL NIL "7bit" 5 1) 3)'
    )
    body = structure(
        b'("message" "rfc822" NIL NIL NIL "7bit" 90 (NIL "outer" NIL NIL NIL NIL NIL NIL NIL NIL) '
        + inner
        + b" 6)"
    )
    assert [part.part for part in body.walk()] == ["1", "1.1", "1.1.1"]


def test_body_structure_nil_everywhere() -> None:
    body = structure(b"(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)")
    assert isinstance(body, SinglePart)
    assert (body.type, body.subtype, body.params, body.encoding, body.size) == (
        "",
        "",
        {},
        None,
        None,
    )
    assert body.disposition is None and body.disposition_params == {}


def test_empty_multipart() -> None:
    body = structure(b'("mixed" ("boundary" "x") NIL NIL NIL)')
    assert isinstance(body, Multipart)
    assert (body.subtype, body.children, body.params) == ("mixed", (), {"boundary": "x"})


def test_quoted_and_over_long_numbers() -> None:
    body = structure(
        b'("application" "octet-stream" NIL NIL NIL "base64" "1234" NIL NIL NIL NIL)'
        b'("text" "plain" NIL NIL NIL "7bit" 99999999999999999999 "7")'
        b'("text" "plain" NIL NIL NIL "7bit" -1 NIL) "mixed"'.join([b"(", b")"])
    )
    assert isinstance(body, Multipart)
    sizes = [(part.size, part.lines) for part in body.children if isinstance(part, SinglePart)]
    assert sizes == [(1234, None), (99999999999999999999, 7), (None, None)]


def test_full_extension_data() -> None:
    body = structure(
        b'("text" "html" ("charset" "utf-8" "format" "flowed") "<id@x>" "Page" "quoted-printable" '
        b'420 12 "Q2hlY2sgSW50ZWdyaXR5IQ==" ("inline" ("filename" "page.html" "size" "420")) '
        b'("en" "de") "http://example.org/page" "future-extension" (1 2))'
    )
    assert isinstance(body, SinglePart)
    assert body.params == {"charset": "utf-8", "format": "flowed"}
    assert body.md5 == "Q2hlY2sgSW50ZWdyaXR5IQ=="
    assert body.disposition == "inline"
    assert body.disposition_params == {"filename": "page.html", "size": "420"}
    assert body.language == ("en", "de")
    assert body.location == "http://example.org/page"
    assert body.extensions == (b"future-extension", ["1", "2"])


def test_quirky_extension_shapes() -> None:
    # A language as one string, a disposition without its list, an odd parameter list.
    body = structure(b'("image" "jpeg" ("name") NIL NIL "base64" 10 NIL "ATTACHMENT" "fr")')
    assert isinstance(body, SinglePart)
    assert (body.params, body.disposition, body.language) == ({}, "attachment", ("fr",))


def test_multipart_extension_data() -> None:
    body = structure(
        b'(("text" "plain" NIL NIL NIL "7bit" 1 1) "MIXED" ("BOUNDARY" "b") ("inline" NIL) "en" '
        b'"loc")'
    )
    assert isinstance(body, Multipart)
    assert (body.subtype, body.params, body.disposition, body.language, body.location) == (
        "mixed",
        {"boundary": "b"},
        "inline",
        ("en",),
        "loc",
    )


def test_message_rfc822_without_envelope_is_read_as_basic() -> None:
    body = structure(b'("message" "rfc822" NIL NIL NIL "7bit" 42)')
    assert isinstance(body, SinglePart)
    assert (body.envelope, body.body, body.lines, body.size) == (None, None, None, 42)


def test_non_ascii_parameter_values() -> None:
    body = structure(b'("text" "plain" ("name" "gr\xc3\xbc\xc3\x9fe.txt") NIL NIL "8bit" 5 1)')
    assert isinstance(body, SinglePart)
    assert body.filename == "grüße.txt"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"filename": "a.pdf"}, "a.pdf"),
        ({"filename": "=?utf-8?q?r=C3=A9sum=C3=A9.pdf?="}, "résumé.pdf"),
        ({"filename*": "utf-8''r%C3%A9sum%C3%A9.pdf"}, "résumé.pdf"),
        ({"filename*": "iso-8859-1'fr'r%E9sum%E9.pdf"}, "résumé.pdf"),
        (
            {"filename*0*": "utf-8''r%C3%A9", "filename*1": "sum", "filename*2*": "%C3%A9.pdf"},
            "résumé.pdf",
        ),
        ({"filename*0": "long", "filename*1": "name.txt"}, "longname.txt"),
        ({"filename*": "x-nonexistent''abc"}, "abc"),
        ({"name": "a.pdf"}, None),
    ],
)
def test_parameter_text(params: dict[str, str], expected: str | None) -> None:
    assert parameter_text(params, "filename") == expected


def test_help_on_body_structure_explains_the_alias() -> None:
    # Up to Python 3.13 a typing.Union takes a docstring (from 3.14 it cannot).
    text = pydoc.render_doc(BodyStructure, renderer=pydoc.plaintext)
    assert "MIME structure: a SinglePart or a Multipart" in text
    assert "walk()" in text
    (response,) = untagged(b'* 1 FETCH (BODY ("text" "plain" NIL NIL NIL "7bit" 5 1))\r\n')
    assert isinstance(response, UntaggedData)
    assert isinstance(fetched_message(response).body_structure, BodyStructure)
