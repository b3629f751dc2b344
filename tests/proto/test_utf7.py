"""Tests for IMAP modified UTF-7 mailbox-name encoding (RFC 3501 section 5.1.3)."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imapclient_async._utf7 import decode_mailbox_name, encode_mailbox_name

# (Unicode name, canonical modified UTF-7), checked in both directions.
KNOWN_PAIRS: list[tuple[str, str]] = [
    ("", ""),
    ("INBOX", "INBOX"),
    ("Sent Items", "Sent Items"),
    # RFC 3501 section 5.1.3 example (Chinese, then Japanese).
    ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
    # The RFC 2060 ordering of the same example.
    ("~peter/mail/日本語/台北", "~peter/mail/&ZeVnLIqe-/&U,BTFw-"),
    ("Entwürfe", "Entw&APw-rfe"),
    ("&", "&-"),
    ("A&B", "A&-B"),
    ("&&", "&-&-"),
    ("R&D-", "R&-D-"),
    # Astral character: a UTF-16 surrogate pair inside one section.
    ("😀", "&2D3eAA-"),
    ("a😀b", "a&2D3eAA-b"),
    ("😀ä", "&2D3eAADk-"),
    # All non-ASCII: one section.
    ("日本語", "&ZeVnLIqe-"),
    ("äöü", "&AOQA9gD8-"),
    # Mixed runs, including "&" between two non-ASCII runs.
    ("ä&ö", "&AOQ-&-&APY-"),
    ("&ä", "&-&AOQ-"),
    ("€uro/Ω-x", "&IKw-uro/&A6k--x"),
    # Ending in non-ASCII: the name must still end with "-".
    ("café", "caf&AOk-"),
    ("ä-", "&AOQ--"),
    # Control characters and DEL are not printable: they are encoded.
    ("a\tb", "a&AAk-b"),
    ("\x7f", "&AH8-"),
]


@pytest.mark.parametrize(("name", "encoded"), KNOWN_PAIRS)
def test_encode_known_pairs(name: str, encoded: str) -> None:
    assert encode_mailbox_name(name) == encoded


@pytest.mark.parametrize(("name", "encoded"), KNOWN_PAIRS)
def test_decode_known_pairs(name: str, encoded: str) -> None:
    assert decode_mailbox_name(encoded) == name
    assert decode_mailbox_name(encoded.encode("ascii")) == name


# --- encode errors ---------------------------------------------------------


def test_encode_rejects_nul() -> None:
    with pytest.raises(ValueError, match=r"NUL \(U\+0000\) at index 3") as info:
        encode_mailbox_name("abc\x00def")
    assert "abc" not in str(info.value)


def test_encode_nul_message_does_not_echo_long_input() -> None:
    name = "x" * 10_000 + "\x00"
    with pytest.raises(ValueError, match="NUL") as info:
        encode_mailbox_name(name)
    message = str(info.value)
    assert "xxx" not in message
    assert len(message) < 200


def test_encode_rejects_lone_surrogate() -> None:
    with pytest.raises(ValueError, match=r"lone surrogate U\+D83D at index 2"):
        encode_mailbox_name("ab\ud83dc")


# --- decode of malformed input: never raises, keeps what it cannot decode ---

MALFORMED: list[tuple[bytes | str, str]] = [
    # "&" that does not start a terminated section is kept literally.
    ("&", "&"),
    ("Tom & Jerry", "Tom & Jerry"),
    ("R&D", "R&D"),
    ("&Jjo", "&Jjo"),
    ("&U,BTFw", "&U,BTFw"),  # valid base64 but no closing "-"
    ("&&-", "&&"),
    ("&abc &AOQ-", "&abc ä"),
    # Character outside the modified base64 alphabet.
    ("&A!-", "&A!-"),
    ("&AO/Q-", "&AO/Q-"),  # plain base64 "/" instead of ","
    ("&AOQ=-", "&AOQ=-"),  # "=" padding is not allowed
    # Bad base64 length (6 stray bits).
    ("&A-", "&A-"),
    ("&AOQAB-", "&AOQAB-"),
    # Odd number of octets: not whole UTF-16 code units.
    ("&AB-", "&AB-"),
    ("&AOQA-", "&AOQA-"),
    # Non-zero padding bits ("AOQ" is canonical for U+00E4).
    ("&AOR-", "&AOR-"),
    # Lone, reversed, or unpaired surrogates.
    ("&2D0-", "&2D0-"),
    ("&3gA-", "&3gA-"),
    ("&3gDYPQ-", "&3gDYPQ-"),
    ("&2D0A5A-", "&2D0A5A-"),
    # Printable ASCII must represent itself, so encoding it is not canonical
    # (and could make one name look like another).
    ("&AGE-", "&AGE-"),
    ("&AEkATgBCAE8AWA-", "&AEkATgBCAE8AWA-"),
    ("&ACY-", "&ACY-"),  # "&" must be "&-"
    # Encoded NUL is never produced by the encoder.
    ("&AAA-", "&AAA-"),
    # One run is one section: a section right after another is kept, whether
    # that one was decoded or not...
    ("&AOQ-&APY-", "ä&APY-"),
    ("&AOQ-&APY-&AOQ-", "ä&APY-&AOQ-"),
    ("&AGE-&AOQ-", "&AGE-&AOQ-"),
    # ("&-" is not a base64 section: "&-&AOQ-" is canonical, see KNOWN_PAIRS.)
    # Raw 8-bit UTF-8 from a non-conforming server.
    ("Entwürfe".encode(), "Entwürfe"),
    (b"Entw\xc3\xbcrfe/&ZeVnLIqe-", "Entwürfe/日本語"),
    ("Entwürfe", "Entwürfe"),
    # Bytes that are not UTF-8 become U+FFFD.
    (b"Caf\xe9", "Caf\ufffd"),
    (b"\xff&AOQ-", "\ufffdä"),
    # NUL and lone surrogates never appear in the result.
    (b"a\x00b", "a\ufffdb"),
    ("a\x00b", "a\ufffdb"),
    ("a\udcffb", "a\ufffdb"),
    # Unencoded control characters are kept as they are.
    ("a\tb", "a\tb"),
]


@pytest.mark.parametrize(("raw", "expected"), MALFORMED)
def test_decode_malformed(raw: bytes | str, expected: str) -> None:
    assert decode_mailbox_name(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), MALFORMED)
def test_malformed_does_not_round_trip(raw: bytes | str, expected: str) -> None:
    # A malformed name cannot be recovered from its decoding: callers must keep
    # the raw name to address the mailbox.
    raw_text = raw if isinstance(raw, str) else raw.decode("utf-8", errors="replace")
    assert encode_mailbox_name(decode_mailbox_name(raw)) != raw_text


def test_decode_large_adversarial_inputs_are_linear() -> None:
    # A quadratic scan would not finish on these.
    n = 200_000
    assert decode_mailbox_name("&" * n) == "&" * n
    assert decode_mailbox_name("&A" * n) == "&A" * n
    assert decode_mailbox_name("&" + "A" * n) == "&" + "A" * n
    assert decode_mailbox_name("&AOQ-" * n) == "ä" + "&AOQ-" * (n - 1)
    assert decode_mailbox_name("&AOQ-x" * n) == "äx" * n
    assert encode_mailbox_name("ä" * 3 * n) == "&" + "AOQA5ADk" * n + "-"


# --- properties --------------------------------------------------------------

# Unicode scalar values other than NUL: everything encode_mailbox_name accepts.
names = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))

# Text biased towards the interesting parts of the syntax.
syntaxy = st.text(st.sampled_from("&-,+/=AEQaz09 äx\x00\udc80"))


def _reference_decode(encoded: str) -> str:
    """Decode canonical modified UTF-7 with the stdlib UTF-7 codec."""

    def section(match: re.Match[str]) -> str:
        body = match.group(1)
        if not body:
            return "&"
        return codecs.decode(("+" + body.replace(",", "/") + "-").encode("ascii"), "utf-7")

    return re.sub(r"&([A-Za-z0-9+,]*)-", section, encoded)


@given(names)
def test_round_trip(name: str) -> None:
    encoded = encode_mailbox_name(name)
    assert decode_mailbox_name(encoded) == name
    assert decode_mailbox_name(encoded.encode("ascii")) == name
    assert encode_mailbox_name(decode_mailbox_name(encoded)) == encoded


@given(names)
def test_encode_output_is_printable_ascii(name: str) -> None:
    encoded = encode_mailbox_name(name)
    assert encoded.isascii()
    assert re.fullmatch(r"[\x20-\x7e]*", encoded)


@given(names)
def test_encode_agrees_with_stdlib_utf7(name: str) -> None:
    assert _reference_decode(encode_mailbox_name(name)) == name


@given(names)
def test_ascii_names_without_ampersand_are_unchanged(name: str) -> None:
    printable = "".join(c for c in name if " " <= c <= "~" and c != "&")
    assert encode_mailbox_name(printable) == printable
    assert decode_mailbox_name(printable) == printable


def _assert_showable(decoded: str) -> None:
    assert "\x00" not in decoded
    decoded.encode("utf-8")  # no surrogates
    encode_mailbox_name(decoded)  # always encodable again


@given(st.binary())
def test_decode_never_raises_on_bytes(raw: bytes) -> None:
    _assert_showable(decode_mailbox_name(raw))


@given(st.text())
def test_decode_never_raises_on_text(raw: str) -> None:
    _assert_showable(decode_mailbox_name(raw))


@given(syntaxy)
def test_decode_never_raises_on_syntax_soup(raw: str) -> None:
    decoded = decode_mailbox_name(raw)
    _assert_showable(decoded)
    # encode(decode(raw)) == raw exactly when raw is canonical, and then the
    # stdlib UTF-7 codec agrees on the meaning.
    if encode_mailbox_name(decoded) == raw:
        assert _reference_decode(raw) == decoded


@given(syntaxy.map(lambda s: s.replace("\x00", "").replace("\udc80", "")))
def test_text_without_ampersand_decodes_to_itself(raw: str) -> None:
    raw = raw.replace("&", "")
    assert decode_mailbox_name(raw) == raw
