"""Undoing a part's transfer encoding piece by piece (``TransferDecoder``) and reading its text."""

from __future__ import annotations

import base64
import quopri

import pytest

from imapclient_async._transfer import TransferDecoder, part_text
from imapclient_async.fetch import SinglePart

PAYLOAD = "Grüße aus Zürich\r\n".encode("latin-1") + bytes(range(256))
"""Text and every byte value: base64 on the wire."""
TEXT = ("Grüße aus Zürich = 100 %\t" * 9).encode("latin-1") + bytes(range(128, 256))
"""Long lines of text with escapes and tabs: quoted-printable on the wire."""


def decoded(encoding: str, pieces: list[bytes]) -> bytes:
    """What a decoder makes of ``pieces`` fed in turn, then finished."""
    decoder = TransferDecoder(encoding)
    return b"".join(decoder.feed(piece) for piece in pieces) + decoder.finish()


@pytest.mark.parametrize("cut", [1, 3, 7, 64])
def test_transfer_decoding_does_not_care_where_pieces_are_cut(cut: int) -> None:
    lines = base64.encodebytes(PAYLOAD).replace(b"\n", b"\r\n")
    cases = [
        ("base64", lines.rstrip(b"=\r\n") + b"\r\n", PAYLOAD),  # missing "=" is forgiven
        ("quoted-printable", quopri.encodestring(TEXT, quotetabs=True), TEXT),
        ("quoted-printable", b"soft =\r\nbreak\r\nlast", b"soft break\r\nlast"),
        ("7bit", b"as it is\r\n", b"as it is\r\n"),
    ]
    for encoding, data, expected in cases:
        pieces = [data[start : start + cut] for start in range(0, len(data), cut)]
        assert decoded(encoding.upper(), pieces) == expected, encoding


@pytest.mark.parametrize(
    ("encoding", "data", "expected"),
    [
        ("base64", base64.encodebytes(PAYLOAD).replace(b"\n", b"\r\n"), PAYLOAD),
        # Escapes (=FC, =3D), a soft break (=\r\n) and an escaped tab at a line's end.
        (
            "quoted-printable",
            b"Gr=FC=DFe =3D 1=\r\n00 %=09\r\nend=\r\n",
            b"Gr\xfc\xdfe = 100 %\t\r\nend",
        ),
    ],
)
def test_a_split_anywhere_in_two_pieces_decodes_the_same(
    encoding: str, data: bytes, expected: bytes
) -> None:
    for split in range(len(data) + 1):
        assert decoded(encoding, [data[:split], data[split:]]) == expected, split


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"QQ", b"A"),  # "==" missing
        (b"QUI", b"AB"),  # "=" missing
        (b"QUJD", b"ABC"),  # none needed
        (b"QQ==\r\n", b"A"),
        (b"", b""),
        (b"\r\n", b""),
    ],
)
def test_base64_without_its_padding_is_forgiven(data: bytes, expected: bytes) -> None:
    assert decoded("base64", [data]) == expected
    assert decoded("base64", [data[:1], data[1:]]) == expected


def test_unknown_encodings_pass_through_unchanged() -> None:
    data = b"begin 644 x\r\n=3D\r\n"
    assert decoded("x-uuencode", [data[:5], data[5:]]) == data
    assert decoded("binary", [data]) == data
    # Only an unknown one is reported as not undone: the others need nothing undone.
    assert not TransferDecoder("x-uuencode").known
    assert all(
        TransferDecoder(name).known
        for name in ("BASE64", "quoted-printable", "7bit", "8bit", "binary", None)
    )


def test_broken_base64_is_an_error_that_says_so() -> None:
    decoder = TransferDecoder("base64")
    with pytest.raises(ValueError, match="base64 cannot be decoded"):
        decoder.feed(b"QQ=A")


def text_part(encoding: str, charset: str | None) -> SinglePart:
    params = {"charset": charset} if charset else {}
    return SinglePart(
        "text", "plain", params, None, None, encoding, 10, 1, None, None, {}, None, None,
        None, "1", None, None, (),
    )  # fmt: skip


def test_part_text_reads_the_charset_and_survives_unknown_ones() -> None:
    assert part_text(b"Gr=FC=DFe\r\n", text_part("quoted-printable", "latin-1")) == "Grüße\n"
    assert part_text(b"caf\xc3\xa9", text_part("8bit", "x-unknown")) == "café"
    assert part_text(b"caf\xe9", text_part("8bit", None)) == "caf\ufffd"
