"""Reading FETCH data fast: the common date form, remembered values, one-step messages.

The shortcuts in ``_commands/envelope.py`` must give what the general
readers give: email.utils for dates, a fresh Address for every address.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import datetime
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imapclient_async import FetchedMessage, ProtocolError
from imapclient_async._commands import envelope as _envelope
from imapclient_async._commands.envelope import parse_envelope
from imapclient_async._commands.replies import flag_set
from imapclient_async._proto import READ_CACHE_SIZE
from imapclient_async.message_view import _any_header_date, header_date

_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@st.composite
def common_dates(draw: st.DrawFn) -> str:
    """RFC 5322 dates in the common form, with out-of-range parts mixed in."""
    weekday = draw(st.sampled_from(["", *(f"{day}, " for day in _DAYS)]))
    day = draw(st.integers(0, 39))
    month = draw(st.sampled_from(_MONTHS))
    year = draw(st.integers(0, 9999))
    hour, minute, second = (
        draw(st.integers(0, 29)),
        draw(st.integers(0, 69)),
        draw(st.integers(0, 69)),
    )
    seconds = draw(st.sampled_from(["", f":{second:02d}"]))
    zone = draw(st.sampled_from("+-")) + f"{draw(st.integers(0, 9999)):04d}"
    return f"{weekday}{day} {month} {year:04d} {hour:02d}:{minute:02d}{seconds} {zone}"


@given(common_dates())
def test_the_common_date_form_reads_as_email_utils_reads_it(text: str) -> None:
    fast = header_date(text)
    general = _any_header_date(text)
    assert fast == general
    if fast is not None and general is not None:
        assert fast.utcoffset() == general.utcoffset()
        assert fast.replace(tzinfo=None) == general.replace(tzinfo=None)


@pytest.mark.parametrize(
    "text",
    [
        "Mon, 5 Jan 2026 08:30:00 -0000",  # UTC, sender's zone unknown
        "5 Jan 26 08:30 +0100",  # two-digit year
        "Mon, 05 jan 2026 08:30:00 EST",  # zone name
        "Mon, 05 Jan 0099 08:30:00 +0000",  # email.utils reads 0099 as 1999
    ],
)
def test_other_date_forms_go_to_email_utils(text: str) -> None:
    assert header_date(text) == _any_header_date(text)
    assert header_date(text) is not None


def address(name: bytes | None, mailbox: bytes, host: bytes) -> list[bytes | None]:
    return [name, None, mailbox, host]


def envelope_value(from_: list[object], sender: list[object]) -> list[object]:
    return [
        b"Mon, 05 Jan 2026 08:30:00 +0000",
        b"Hi",
        from_,
        sender,
        from_,
        None,
        None,
        None,
        None,
        None,
    ]


def test_sender_and_reply_to_equal_to_from_are_the_same_tuple() -> None:
    alice = [address(b"=?utf-8?q?Al=C3=AFce?=", b"alice", b"example.org")]
    parsed = parse_envelope(envelope_value(alice, [list(part) for part in alice]))  # type: ignore[arg-type]
    assert parsed.from_[0].name == "Alïce"
    assert parsed.sender is parsed.from_ and parsed.reply_to is parsed.from_
    bob = [address(None, b"bob", b"example.org")]
    parsed = parse_envelope(envelope_value(alice, bob))  # type: ignore[arg-type]
    assert parsed.sender[0].email == "bob@example.org"
    assert parsed.from_[0].email == "alice@example.org"


def test_remembered_addresses_and_words_stay_bounded() -> None:
    for index in range(READ_CACHE_SIZE + 10):
        host = b"host%d.example" % index
        parse_envelope(envelope_value([address(b"=?utf-8?q?N=C3=A9?= %d" % index, b"x", host)], []))  # type: ignore[arg-type]
    for cache in (_envelope._remembered_address, _envelope._decoded_words):
        assert 0 < cache.cache_info().currsize <= READ_CACHE_SIZE
    latest = parse_envelope(envelope_value([address(b"n", b"x", b"host1.example")], []))  # type: ignore[arg-type]
    assert latest.from_[0].name == "n"  # a changed name is a different address


def test_a_message_built_from_its_items_behaves_as_one_built_by_its_constructor() -> None:
    built = FetchedMessage._from_items(
        {
            "seq": 3,
            "uid": 7,
            "flags": frozenset({"\\Seen"}),
            "sections": {},
            "binary": {},
            "raw": {},
        }
    )
    constructed = FetchedMessage(3, uid=7, flags=frozenset({"\\Seen"}))
    assert built == constructed
    assert repr(built) == repr(constructed)
    assert built.envelope is None and built.problems == ()
    assert dataclasses.replace(built, uid=8) == FetchedMessage(
        3, uid=8, flags=frozenset({"\\Seen"})
    )
    assert pickle.loads(pickle.dumps(built)) == built  # noqa: S301 - our own bytes
    assert copy.deepcopy(built) == built
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.uid = 9  # type: ignore[misc]
    assert dataclasses.asdict(built)["size"] is None


def test_a_date_in_a_fetched_envelope_is_aware() -> None:
    parsed = parse_envelope(envelope_value([], []))  # type: ignore[arg-type]
    assert parsed.date == datetime.datetime(2026, 1, 5, 8, 30, tzinfo=datetime.timezone.utc)


def test_a_flag_set_seen_before_is_the_same_object_and_bad_ones_still_fail() -> None:
    first = flag_set(["\\Seen", "$Label"], "FLAGS")
    assert first == frozenset({"\\Seen", "$Label"})
    assert flag_set(["\\Seen", "$Label"], "FLAGS") is first
    for bad in (["\\Seen", ["nested"]], ["\\Seen", b"quoted"], ["\\Seen", None], "\\Seen"):
        with pytest.raises(ProtocolError):
            flag_set(bad, "FLAGS")


_CHARSETS = st.sampled_from(
    ["utf-8", "UTF-8", "iso-8859-1", "ISO-8859-15", "windows-1252", "koi8-r", "us-ascii"]
)


@st.composite
def encoded_words(draw: st.DrawFn, charset: str) -> str:
    text = draw(st.text(max_size=8))
    try:
        data = text.encode(charset.lower())
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    data += draw(st.binary(max_size=2))  # sometimes not valid in the charset
    if draw(st.booleans()):
        payload = base64.b64encode(data).decode().rstrip("=" * draw(st.integers(0, 2)))
        return f"=?{charset}?{draw(st.sampled_from('bB'))}?{payload}?="
    payload = "".join(
        chr(byte) if chr(byte).isalnum() and byte < 128 else f"={byte:02X}" for byte in data
    ).replace("=20", "_")
    return f"=?{charset}?{draw(st.sampled_from('qQ'))}?{payload}?="


@st.composite
def headers_with_encoded_words(draw: st.DrawFn) -> str:
    charset = draw(_CHARSETS)
    words = draw(st.lists(encoded_words(charset), min_size=1, max_size=3))
    separators = [draw(st.sampled_from([" ", "  ", "\t", "", " x "])) for _ in words[1:]]
    text = words[0] + "".join(sep + word for sep, word in zip(separators, words[1:], strict=True))
    plain = st.text(st.characters(min_codepoint=32, max_codepoint=0x7E), max_size=6)
    before = draw(st.sampled_from(["", "Re: ", " x ", "Re:", "=?x "])) + draw(plain) * 0
    after = draw(st.sampled_from(["", " (3)", "(3)", " Durand ", " =?"])) + draw(plain)
    return before + text + after


@settings(max_examples=1000)  # shapes differ in small ways; a few hundred catch them
@given(headers_with_encoded_words())
def test_common_encoded_words_decode_as_the_email_package_decodes_them(value: str) -> None:
    fast = _envelope._decode_common_words(value)
    if fast is not None:
        assert fast == _envelope._decode_any_words(value)


def test_the_common_encoded_shapes_do_take_the_fast_way() -> None:
    for value in (
        "Re: =?utf-8?q?Gr=C3=BC=C3=9Fe_aus_Z=C3=BCrich?= (9986)",
        "=?utf-8?q?Chlo=C3=A9?= Durand",
        "=?UTF-8?B?Q2Fmw6k=?=",
        "=?iso-8859-1?q?Andr=E9?= =?iso-8859-1?q?_Pirard?=",
    ):
        assert _envelope._decode_common_words(value) == _envelope._decode_any_words(value)
        assert _envelope._decode_common_words(value) is not None
