"""Commands in, bytes out: the only place where command text is produced.

Every argument is a typed value that knows its own safe encoding, so no caller
ever concatenates strings into a command:

- :class:`Atom` for command names, keywords and flags: validated, never quoted.
- :class:`AString` for text (user names, passwords, mailbox names): sent as an
  atom when that is safe, else as a quoted string, else as a literal, so a
  value holding ``"``, ``\\``, CR/LF or non-ASCII can never change the command.
- :class:`Number` and :class:`ParenList` for the rest.

A synchronizing literal (``{N}``) must wait for the server's ``+`` before its
bytes are sent, so an encoded command is a list of *chunks*: the connection
writes one, waits for ``+``, writes the next. With LITERAL+ (RFC 7888) every
literal is non-synchronizing and a command is one chunk; with LITERAL- only
literals up to 4096 bytes are.

Values marked ``sensitive`` are replaced by ``***`` in :attr:`EncodedCommand.log_text`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from ._wire_text import HIDDEN, literal_for_log

__all__ = [
    "AString",
    "Argument",
    "Atom",
    "EncodedCommand",
    "Literal",
    "LiteralMode",
    "Number",
    "ParenList",
    "Raw",
    "String",
    "encode_command",
    "utf8",
]

# ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ] -- with a
# leading backslash allowed for system flags such as \Seen.
_ATOM = re.compile(r"\\?[^\x00-\x20\x7f-\U0010ffff(){%*\"\\\]]+\Z")
_COMMAND_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.=-]*(?: [A-Za-z][A-Za-z0-9.=-]*)?\Z")
# ASTRING-CHAR adds "]" to ATOM-CHAR. "[" is an atom char too, but values
# holding it are quoted: lenient server parsers may take it for a section.
_ASTRING_ATOM = re.compile(rb'[^\x00-\x20\x7f-\xff(){%*"\\\[]+\Z')
_QUOTABLE = re.compile(rb"[^\x00\r\n\x80-\xff]*\Z")
_QUOTE_ESCAPE = re.compile(rb'(["\\])')
_RAW = re.compile(r"[\x20-\x7e]+\Z")
_RAW_LITERAL_MARKER = re.compile(r"\{[0-9]+[+-]?\}\Z")

_LITERAL_MINUS_MAX = 4096


def _refuse_nul(value: str | bytes) -> None:
    if ("\x00" in value) if isinstance(value, str) else (b"\x00" in value):
        raise ValueError("IMAP strings cannot contain NUL characters")
    if isinstance(value, str):
        utf8(value, "an IMAP string")


def utf8(text: str, what: str) -> bytes:
    """``text`` as UTF-8, or a ValueError that never holds the text (it may be a password).

    A str can hold an unpaired surrogate (``"\\udcff"``, from a file name or
    ``surrogateescape``), which UTF-8 cannot encode; the UnicodeEncodeError
    Python would raise carries the whole string in ``args`` and ``.object``,
    exactly what error reporters capture.

    Raises:
        ValueError: ``text`` holds an unpaired surrogate; the message gives its
            position only, and the error has no cause or context.

    Example::

        >>> utf8("café", "a name")
        b'caf\\xc3\\xa9'
    """
    if text.isascii():
        return text.encode("ascii")
    position = None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        position = exc.start
    # Raised outside the except block, so the UnicodeEncodeError is not its context.
    raise ValueError(
        f"{what} is not valid Unicode text: it holds an unpaired surrogate at position {position}"
    )


class LiteralMode(enum.Enum):
    """Which literals the server lets us send without waiting for ``+``."""

    SYNCHRONIZING = "synchronizing"
    """No LITERAL+ or LITERAL-: every literal waits for the server's ``+``."""
    LITERAL_PLUS = "LITERAL+"
    """RFC 7888 LITERAL+: no literal waits."""
    LITERAL_MINUS = "LITERAL-"
    """RFC 7888 LITERAL-: literals up to 4096 bytes do not wait."""


@dataclass(frozen=True, slots=True)
class Atom:
    """A bare protocol word: a keyword, flag or code. Validated on construction.

    Raises:
        ValueError: The text is empty or holds a character atoms may not hold.
    """

    text: str

    def __post_init__(self) -> None:
        if not _ATOM.match(self.text):
            raise ValueError(f"not a valid IMAP atom: {self.text[:64]!r}")


@dataclass(frozen=True, slots=True)
class AString:
    """Text the server reads as an astring (RFC 3501 ``astring``).

    Attributes:
        value: The text; ``str`` is sent as UTF-8.
        sensitive: Hide the value in wire logs (passwords, tokens).

    Raises:
        ValueError: The value contains NUL, which no IMAP string may carry.
    """

    value: str | bytes
    sensitive: bool = False

    def __post_init__(self) -> None:
        _refuse_nul(self.value)


@dataclass(frozen=True, slots=True)
class String:
    """Text the server reads as a ``string``: quoted, or a literal; never an atom.

    For grammar positions that accept no atom (ID's field values, for one).

    Raises:
        ValueError: The value contains NUL.
    """

    value: str | bytes
    sensitive: bool = False

    def __post_init__(self) -> None:
        _refuse_nul(self.value)


@dataclass(frozen=True, slots=True)
class Literal:
    """Bytes always sent as a literal, e.g. the message of APPEND.

    Attributes:
        data: The payload; sent as given, never copied by the encoder.
        sensitive: Hide the payload in wire logs.

    Raises:
        ValueError: The data contains NUL, which only literal8 may carry.
    """

    data: bytes
    sensitive: bool = False

    def __post_init__(self) -> None:
        if b"\x00" in self.data:
            raise ValueError("IMAP literals cannot contain NUL bytes")


@dataclass(frozen=True, slots=True)
class Raw:
    """Protocol text sent exactly as given: a fetch item list, a search the caller wrote.

    Only for text whose syntax the caller vouches for; it cannot break out of
    the command line, since CR, LF, NUL and non-ASCII are refused, and nor can
    it open a literal: text ending in a literal marker (``{5}``, ``{5+}``,
    ``~{5}``) would make the server wait for bytes nobody sends, or, with
    LITERAL+, swallow the next command as the literal.

    Raises:
        ValueError: The text is empty, holds a character outside printable
            ASCII, or ends in a literal marker.
    """

    text: str

    def __post_init__(self) -> None:
        if not _RAW.match(self.text):
            raise ValueError(
                f"raw IMAP text must be printable ASCII without CR or LF: {self.text[:64]!r}"
            )
        if _RAW_LITERAL_MARKER.search(self.text):
            raise ValueError(
                f"raw IMAP text must not end in a literal marker such as {{5}}: "
                f"{self.text[-64:]!r}; pass values through Query, which sends them safely"
            )


@dataclass(frozen=True, slots=True)
class Number:
    """A non-negative integer argument (``number`` / ``nz-number``)."""

    value: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 0:
            raise ValueError(f"not a non-negative integer: {self.value!r}")


@dataclass(frozen=True, slots=True)
class ParenList:
    """A parenthesised list of arguments, e.g. ``(CONDSTORE)``."""

    items: tuple[Argument, ...]


Argument: TypeAlias = Atom | AString | String | Literal | Number | ParenList | Raw


@dataclass(slots=True)
class EncodedCommand:
    """A command ready for the wire.

    Attributes:
        chunks: What to write, in order: each chunk is a list of buffers
            written back to back; every chunk but the last ends with a
            synchronizing literal's ``{N}\\r\\n``, so the server's ``+``
            must be awaited before writing the next one. Literal payloads are
            the caller's own objects, not copies, so a large message is never
            duplicated on its way out.
        log_chunks: Each chunk as the wire log shows it, with sensitive
            values replaced by ``***`` and long literals summarised; logged
            as each chunk is written, so the log shows only what was sent.
    """

    chunks: list[list[bytes]] = field(default_factory=list)
    log_chunks: list[str] = field(default_factory=list)

    @property
    def log_text(self) -> str:
        """The whole command as the wire log shows it."""
        return "\r\n".join(text for text in self.log_chunks if text)


def encode_command(
    tag: str,
    name: str,
    arguments: Sequence[Argument] = (),
    *,
    literal_mode: LiteralMode = LiteralMode.SYNCHRONIZING,
) -> EncodedCommand:
    """Encode ``tag name arguments...`` into chunks for the wire.

    Example::

        >>> encode_command("A1", "LOGIN", [AString("bob"), AString('p"w', sensitive=True)]).chunks
        [[b'A1 LOGIN bob "p\\\\"w"\\r\\n']]

    Raises:
        ValueError: ``name`` is not a command name.
    """
    if not _COMMAND_NAME.match(name):
        raise ValueError(f"not a valid IMAP command name: {name[:64]!r}")
    builder = _Builder(literal_mode)
    builder.text(f"{tag} {name}")
    for argument in arguments:
        builder.text(" ")
        builder.argument(argument)
    return builder.finish()


class _Builder:
    __slots__ = ("_chunks", "_literal_mode", "_log", "_log_chunks", "_parts", "_pending")

    def __init__(self, literal_mode: LiteralMode) -> None:
        self._literal_mode = literal_mode
        self._chunks: list[list[bytes]] = []
        self._log_chunks: list[str] = []
        self._parts: list[bytes] = []  # buffers of the chunk being built
        self._pending = bytearray()  # small text not yet moved into _parts
        self._log: list[str] = []  # log text of the chunk being built

    def text(self, text: str) -> None:
        self._pending += text.encode("ascii")
        self._log.append(text)

    def _flush(self) -> None:
        if self._pending:
            self._parts.append(bytes(self._pending))
            self._pending = bytearray()

    def _end_chunk(self) -> None:
        self._flush()
        self._chunks.append(self._parts)
        self._parts = []
        self._log_chunks.append("".join(self._log))
        self._log = []

    def argument(self, argument: Argument) -> None:
        if isinstance(argument, (Atom, Raw)):
            self.text(argument.text)
        elif isinstance(argument, Number):
            self.text(str(argument.value))
        elif isinstance(argument, Literal):
            self._literal(argument.data, sensitive=argument.sensitive)
        elif isinstance(argument, ParenList):
            self.text("(")
            for index, item in enumerate(argument.items):
                if index:
                    self.text(" ")
                self.argument(item)
            self.text(")")
        else:
            self._string(argument, allow_atom=isinstance(argument, AString))

    def _string(self, argument: AString | String, *, allow_atom: bool) -> None:
        value = argument.value
        data = utf8(value, "an IMAP string") if isinstance(value, str) else value
        if allow_atom and _ASTRING_ATOM.match(data) and data.upper() != b"NIL":
            encoded = data
        elif _QUOTABLE.match(data):
            encoded = b'"' + _QUOTE_ESCAPE.sub(rb"\\\1", data) + b'"'
        else:
            self._literal(data, sensitive=argument.sensitive)
            return
        self._pending += encoded
        self._log.append(HIDDEN if argument.sensitive else encoded.decode("ascii"))

    def _literal(self, data: bytes, *, sensitive: bool) -> None:
        size = len(data)
        synchronizing = self._literal_mode is LiteralMode.SYNCHRONIZING or (
            self._literal_mode is LiteralMode.LITERAL_MINUS and size > _LITERAL_MINUS_MAX
        )
        marker = f"{{{size}}}" if synchronizing else f"{{{size}+}}"
        self._pending += marker.encode("ascii") + b"\r\n"
        shown = HIDDEN if sensitive else literal_for_log(marker, data)
        if synchronizing:
            # The marker ends this chunk; the data starts the next, which is
            # sent (and logged) only once the server asks for it.
            marker_shown, _, data_shown = shown.partition("\r\n")
            self._log.append(marker_shown)
            self._end_chunk()
            self._log.append(data_shown)
        else:
            self._log.append(shown)
        self._flush()
        self._parts.append(data)

    def finish(self) -> EncodedCommand:
        self._pending += b"\r\n"
        self._end_chunk()
        return EncodedCommand(self._chunks, self._log_chunks)
