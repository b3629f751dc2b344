"""A download's FETCH items and the reading of each piece's reply, without a server."""

from __future__ import annotations

import pytest

from helpers import untagged
from imapclient_async import CapabilityError, ProtocolError
from imapclient_async._commands.download import (
    check_options,
    described_part,
    downloaded_piece,
    piece_items,
    section_name,
    section_total,
)
from imapclient_async.fetch import SinglePart

BINARY = frozenset({"IMAP4REV1", "BINARY"})

# A multipart message: a text part, then a base64 PDF.
STRUCTURE = (
    b'* 1 FETCH (UID 7 BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 6 1)'
    b'("APPLICATION" "PDF" ("NAME" "a.pdf") NIL NIL "BASE64" 1372) "MIXED") '
    b"BODY[2]<0> {4}\r\nJVBE)\r\n"
)


def test_the_first_piece_also_asks_what_the_section_is() -> None:
    def items(section: str, *, binary: bool = False, first: bool = True) -> list[str]:
        return piece_items(section, 0, 1024, BINARY, binary=binary, first=first, described=False)

    assert items("2") == ["BODY.PEEK[2]<0.1024>", "BODYSTRUCTURE"]
    assert items("2", binary=True) == ["BINARY.PEEK[2]<0.1024>", "BINARY.SIZE[2]", "BODYSTRUCTURE"]
    assert items("") == ["BODY.PEEK[]<0.1024>", "RFC822.SIZE"]
    assert items("TEXT") == ["BODY.PEEK[TEXT]<0.1024>"]
    assert items("2", first=False) == ["BODY.PEEK[2]<0.1024>"]
    # A part the caller described needs no BODYSTRUCTURE.
    assert piece_items("2", 5, 9, BINARY, binary=False, first=True, described=True) == [
        "BODY.PEEK[2]<5.9>"
    ]
    with pytest.raises(CapabilityError, match="BINARY"):
        piece_items("2", 0, 9, frozenset(), binary=True, first=True, described=False)


def test_options_that_cannot_work_are_refused() -> None:
    check_options("1.2", decode=True, binary=False, offset=0)
    check_options("TEXT", decode=False, binary=False, offset=99)
    with pytest.raises(ValueError, match="already decodes"):
        check_options("2", decode=True, binary=True, offset=0)
    with pytest.raises(ValueError, match="needs a part number"):
        check_options("TEXT", decode=True, binary=False, offset=0)
    with pytest.raises(ValueError, match="needs a part number"):
        check_options("", decode=True, binary=False, offset=0)
    with pytest.raises(ValueError, match="binary=True"):
        check_options("2", decode=True, binary=False, offset=10)


def test_section_name_takes_a_part_or_a_spec() -> None:
    piece = downloaded_piece(untagged(STRUCTURE), 7, uid=True, binary=False, offset=0)
    assert piece is not None
    part = described_part(piece.about, "2")
    assert isinstance(part, SinglePart)
    assert section_name(part) == ("2", part)
    assert section_name("1.2") == ("1.2", None)
    with pytest.raises(TypeError, match="SinglePart"):
        section_name(2)  # type: ignore[arg-type]


def test_the_part_and_its_size_come_from_the_first_reply() -> None:
    piece = downloaded_piece(untagged(STRUCTURE), 7, uid=True, binary=False, offset=0)
    assert piece is not None and piece.data == b"JVBE"
    part = described_part(piece.about, "2")
    assert part is not None and (part.content_type, part.encoding) == ("application/pdf", "base64")
    assert section_total(piece.about, "2", part, binary=False) == 1372
    assert described_part(piece.about, "3") is None
    assert described_part(piece.about, "1.1") is None
    assert section_total(piece.about, "TEXT", None, binary=False) is None

    whole = downloaded_piece(
        untagged(b"* 1 FETCH (UID 7 RFC822.SIZE 2048 BODY[]<0> {2}\r\nab)\r\n"),
        7,
        uid=True,
        binary=False,
        offset=0,
    )
    assert whole is not None
    assert section_total(whole.about, "", None, binary=False) == 2048

    decoded = downloaded_piece(
        untagged(b"* 1 FETCH (UID 7 BINARY.SIZE[2] 1000 BINARY[2]<0> ~{2}\r\nab)\r\n"),
        7,
        uid=True,
        binary=True,
        offset=0,
    )
    assert decoded is not None and decoded.data == b"ab"
    assert section_total(decoded.about, "2", None, binary=True) == 1000
    assert section_total(decoded.about, "3", None, binary=True) is None
    broken = untagged(b"* 1 FETCH (UID 7 BINARY.SIZE[2] (1) BINARY[2]<0> NIL)\r\n")
    piece = downloaded_piece(broken, 7, uid=True, binary=True, offset=0)
    assert piece is not None and piece.data == b""
    with pytest.raises(ProtocolError, match=r"BINARY\.SIZE\[2\]"):
        section_total(piece.about, "2", None, binary=True)


def test_downloaded_piece_is_the_asked_messages() -> None:
    responses = untagged(
        b"* 2 FETCH (FLAGS (\\Seen))\r\n"
        b"* 1 FETCH (UID 7 BODY[2]<4096> {3}\r\nabc)\r\n"
        b"* 3 FETCH (UID 9 BINARY[2]<0> NIL)\r\n"
    )

    def data(message: int, *, uid: bool = True, binary: bool = False, offset: int = 0) -> bytes:
        piece = downloaded_piece(responses, message, uid=uid, binary=binary, offset=offset)
        assert piece is not None
        return piece.data

    assert data(7, offset=4096) == b"abc"
    assert data(1, uid=False, offset=4096) == b"abc"
    with pytest.raises(ProtocolError, match=r"about message 7 without the section .*2<4096>"):
        downloaded_piece(responses, 7, uid=True, binary=False, offset=0)
    assert data(9, binary=True) == b""
    assert downloaded_piece(responses, 2, uid=False, binary=False, offset=0) is None
    assert downloaded_piece(responses, 8, uid=True, binary=False, offset=0) is None


def test_downloaded_piece_past_the_end_without_a_value_is_empty() -> None:
    # GNU imap4d answers a range past the end with the item's name alone.
    responses = untagged(b"* 1 FETCH (UID 1 BODY[])\r\n")
    piece = downloaded_piece(responses, 1, uid=True, binary=False, offset=2889861)
    assert piece is not None and piece.data == b""
    with pytest.raises(ProtocolError, match="without the section"):
        downloaded_piece(responses, 1, uid=True, binary=True, offset=2889861)


def test_downloaded_piece_with_only_an_unexpected_item_is_a_protocol_error() -> None:
    responses = untagged(b"* 1 FETCH (UID 7 X-UNEXPECTED 1)\r\n")
    with pytest.raises(ProtocolError, match="X-UNEXPECTED"):
        downloaded_piece(responses, 7, uid=True, binary=False, offset=0)
