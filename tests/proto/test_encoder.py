"""The command encoder: every argument safe, secrets hidden from the log."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imapclient_async._proto._encoder
from imapclient_async._proto import (
    AString,
    Atom,
    Literal,
    LiteralMode,
    Number,
    ParenList,
    Raw,
    ResponseParser,
    String,
    UntaggedData,
    encode_command,
)


def wire(
    *arguments: AString | Atom | Number | ParenList, mode: LiteralMode = LiteralMode.SYNCHRONIZING
) -> list[bytes]:
    chunks = encode_command("A1", "CMD", arguments, literal_mode=mode).chunks
    return [b"".join(chunk) for chunk in chunks]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("INBOX", b"INBOX"),
        ("a]b", b"a]b"),  # ASTRING-CHAR allows "]"
        ("", b'""'),
        ("two words", b'"two words"'),
        ('q"uote', b'"q\\"uote"'),
        ("back\\slash", b'"back\\\\slash"'),
        ("NIL", b'"NIL"'),  # never ambiguous with NIL
        ("a%b", b'"a%b"'),
        ("a*b", b'"a*b"'),
        ("(x)", b'"(x)"'),
        ("{5}", b'"{5}"'),
        ("[Gmail]/Sent", b'"[Gmail]/Sent"'),
    ],
)
def test_astring_forms(value: str, expected: bytes) -> None:
    assert wire(AString(value)) == [b"A1 CMD " + expected + b"\r\n"]


@pytest.mark.parametrize("value", ["pä", "line\r\nbreak", "lf\nonly", "cr\ronly", b"\xff"])
def test_values_that_need_a_literal(value: str | bytes) -> None:
    data = value.encode() if isinstance(value, str) else value
    assert wire(AString(value)) == [b"A1 CMD {%d}\r\n" % len(data), data + b"\r\n"]
    assert wire(AString(value), mode=LiteralMode.LITERAL_PLUS) == [
        b"A1 CMD {%d+}\r\n" % len(data) + data + b"\r\n"
    ]


def test_literal_minus_only_up_to_4096_bytes() -> None:
    small, large = "ä" * 2048, "ä" * 2049  # 4096 and 4098 bytes
    assert len(wire(AString(small), mode=LiteralMode.LITERAL_MINUS)) == 1
    chunks = wire(AString(large), mode=LiteralMode.LITERAL_MINUS)
    assert chunks[0] == b"A1 CMD {4098}\r\n"
    assert len(chunks) == 2


def test_two_synchronizing_literals_make_three_chunks() -> None:
    chunks = wire(AString("ä"), AString("ö"))
    assert chunks == [b"A1 CMD {2}\r\n", "ä".encode() + b" {2}\r\n", "ö".encode() + b"\r\n"]


@pytest.mark.parametrize("value", ["a\x00b", b"\x00"])
def test_nul_is_refused(value: str | bytes) -> None:
    with pytest.raises(ValueError, match="NUL"):
        AString(value)


def test_sensitive_values_are_hidden_in_the_log() -> None:
    quoted = encode_command("A1", "LOGIN", [AString("bob"), AString("s3cret pw", sensitive=True)])
    assert quoted.log_text == "A1 LOGIN bob ***"
    literal = encode_command("A1", "LOGIN", [AString("bob"), AString("pä\r\nss", sensitive=True)])
    assert literal.log_text == "A1 LOGIN bob ***"
    assert "s3cret" not in quoted.log_text


def test_literals_in_the_log() -> None:
    small = encode_command("A1", "X", [AString("ä")])
    assert small.log_text == "A1 X {2}\r\nä"
    large = encode_command("A1", "X", [AString("ä" * 1000)])
    assert large.log_text == "A1 X {2000 bytes}"


@pytest.mark.parametrize("text", ["\\Seen", "$Forwarded", "FLAGS", "BODY.PEEK"])
def test_valid_atoms(text: str) -> None:
    assert wire(Atom(text)) == [f"A1 CMD {text}\r\n".encode()]


@pytest.mark.parametrize("text", ["", "two words", "a\r\nb", "a(b", 'a"b', "a]b", "ä", "\\", "a*"])
def test_invalid_atoms(text: str) -> None:
    with pytest.raises(ValueError, match="not a valid IMAP atom"):
        Atom(text)


@pytest.mark.parametrize("value", [-1, True, 1.5])
def test_invalid_numbers(value: int) -> None:
    with pytest.raises(ValueError, match="non-negative integer"):
        Number(value)


@pytest.mark.parametrize("name", ["", "LOGIN\r\nX", "A B C", "1X", "X Y\n"])
def test_invalid_command_names(name: str) -> None:
    with pytest.raises(ValueError, match="command name"):
        encode_command("A1", name)


def test_lists_and_numbers() -> None:
    assert wire(ParenList((Atom("CONDSTORE"), Number(7), ParenList(())))) == [
        b"A1 CMD (CONDSTORE 7 ())\r\n"
    ]


@given(st.binary().filter(lambda data: b"\x00" not in data))
def test_any_astring_survives_the_round_trip(data: bytes) -> None:
    """Whatever the value, the server reads back exactly it and nothing more."""
    chunks = encode_command(
        "A1", "X", [AString(data)], literal_mode=LiteralMode.LITERAL_PLUS
    ).chunks
    assert len(chunks) == 1
    # Present the argument the way a server would see it in a response.
    argument = b"".join(chunks[0])[len(b"A1 X ") :].replace(b"+}\r\n", b"}\r\n", 1)
    parser = ResponseParser()
    parser.feed(b"* X " + argument)
    response = parser.next_response()
    assert isinstance(response, UntaggedData)
    (value,) = response.values
    assert (value.encode() if isinstance(value, str) else value) == data
    assert parser.next_response() is None


def test_docstring_examples() -> None:
    assert doctest.testmod(imapclient_async._proto._encoder).failed == 0


def test_literal_payload_is_sent_without_copying() -> None:
    payload = b"From: a@b\r\n\r\n" + b"x" * 100_000
    for mode in LiteralMode:
        chunks = encode_command(
            "A1", "APPEND", [Atom("INBOX"), Literal(payload)], literal_mode=mode
        ).chunks
        assert any(buffer is payload for chunk in chunks for buffer in chunk), mode
    assert wire(Literal(b"short")) == [b"A1 CMD {5}\r\n", b"short\r\n"]
    with pytest.raises(ValueError, match="NUL"):
        Literal(b"a\x00b")
    hidden = encode_command("A1", "X", [Literal(b"secret", sensitive=True)])
    assert hidden.log_text == "A1 X ***"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("INBOX", [b'A1 CMD "INBOX"\r\n']), ("ä", [b"A1 CMD {2}\r\n", "ä".encode() + b"\r\n"])],
)
def test_string_is_never_an_atom(value: str, expected: list[bytes]) -> None:
    assert wire(String(value)) == expected
    with pytest.raises(ValueError, match="NUL"):
        String("a\x00")


def test_each_chunk_has_its_own_log_text() -> None:
    # Chunks after a synchronizing literal are logged only when sent.
    encoded = encode_command("A1", "LOGIN", [AString("bö"), AString("pä", sensitive=True)])
    assert encoded.log_chunks == ["A1 LOGIN {3}", "bö ***", ""]
    assert [b"".join(chunk) for chunk in encoded.chunks] == [
        b"A1 LOGIN {3}\r\n",
        "bö {3}\r\n".encode(),
        "pä\r\n".encode(),
    ]


@pytest.mark.parametrize("text", ["TEXT {5}", "TEXT {12+}", "TEXT ~{5}", "X {0-}", "{1}"])
def test_raw_text_cannot_open_a_literal(text: str) -> None:
    with pytest.raises(ValueError, match="literal marker"):
        Raw(text)


def test_raw_text_may_hold_braces_elsewhere() -> None:
    assert Raw("SUBJECT {5} FROM x").text == "SUBJECT {5} FROM x"


def test_unencodable_text_is_a_value_error_that_never_holds_it() -> None:
    with pytest.raises(ValueError, match="position 3") as caught:
        AString("abc\udcffsecret", sensitive=True)
    assert "secret" not in repr(caught.value.args)
    assert caught.value.__cause__ is None and caught.value.__context__ is None
