"""Bytes from the server in, typed responses out: framing and tokenizing.

It does no I/O: :class:`ResponseParser` is fed whatever arrives and hands back
complete responses, so it is tested from byte strings alone (sans-IO, as in h11).

Two stages, each linear in the size of its input:

1. Framing (:meth:`ResponseParser.next_frame`) cuts the byte stream into whole
   responses: lines ending in CRLF (or a bare LF, which some servers send, e.g.
   GNU imap4d after AUTHENTICATE), where a line ending in ``{N}`` announces a
   literal of exactly N bytes after which the response continues. The search
   for the line end resumes where the last one stopped, so data arriving in
   small pieces is never rescanned, and limits are checked before anything is kept.
2. Parsing (:func:`parse_frame`) turns one frame into a typed response,
   reading tokens with regular expressions anchored at the current position.

Decoder functions are named after the ABNF rules of RFC 3501 / RFC 9051.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

from ..errors import MalformedResponseError
from ._lexical import NIL_WORD, PLAIN_ATOM, QUOTED, unquote
from ._limits import Limits
from ._msg_att import read_msg_atts
from ._responses import (
    ContinuationRequest,
    Response,
    ResponseCode,
    StatusResponse,
    TaggedResponse,
    UntaggedData,
    Value,
)

__all__ = ["Frame", "ResponseParser", "parse_frame"]

_LF = b"\n"
# Status and continuation lines carry free text, which may end in "{5}" without
# that being a literal; only other untagged responses can hold literals.
_NO_LITERAL_LINE = re.compile(rb"\+|\* (?:OK|NO|BAD|BYE|PREAUTH)(?: |$)|[^*]", re.IGNORECASE)
_LITERAL_MARKER = re.compile(rb"~?\{([0-9]{1,20})\}\Z")

# An atom, allowing "[...]" sections so that BODY[HEADER.FIELDS (TO)]<0> is one
# token; a "[" without its "]" is an ordinary atom char. Inside a response code
# "]" ends the code, so it is not an atom char there.
_ATOM_CHARS = rb'(?:[^\x00-\x20\x7f()"{\[]+|\[[^\[\]]*\]|\[)+'
_CODE_ATOM_CHARS = rb'(?:[^\x00-\x20\x7f()"{\[\]]+|\[[^\[\]]*\]|\[)+'
_ATOM = re.compile(_ATOM_CHARS)
_CODE_ATOM = re.compile(_CODE_ATOM_CHARS)
_QUOTED = re.compile(QUOTED)


def _token_pattern(atom: bytes, code_end: bytes) -> re.Pattern[bytes]:
    """One token and the spaces after it; the group that matched says which kind.

    Every alternative consumes at least one byte and the trailing spaces never
    need backtracking, so reading a line is linear in its length.
    """
    return re.compile(
        rb"(?:(\()|(\))|" + QUOTED + rb"|(" + atom + rb")|(" + code_end + rb")|( +)|(.)) *",
        re.DOTALL,
    )


_TOKEN = _token_pattern(_ATOM_CHARS, rb"(?!)")  # outside a code "]" is an atom char
_CODE_TOKEN = _token_pattern(_CODE_ATOM_CHARS, rb"\]")
_OPEN_TOKEN, _CLOSE_TOKEN, _QUOTED_TOKEN, _ATOM_TOKEN, _CODE_END_TOKEN, _SPACES_TOKEN = range(1, 7)
_FLAT_ATOMS = re.compile(PLAIN_ATOM + rb"(?: " + PLAIN_ATOM + rb")*")
_NIL_TEXT = frozenset(map("".join, itertools.product(*zip("NIL", "nil", strict=True))))  # any case
_NIL = frozenset(word.encode() for word in _NIL_TEXT)
_NUMBER = re.compile(rb"[0-9]{1,20}")
_TAG = re.compile(rb'[^\x00-\x20\x7f-\xff(){%*"\\+]+')  # ASCII only, like every tag we send
# A FETCH item whose section is still open where its token ended: the section
# goes on past a space or a literal (``BODY[HEADER.FIELDS ({7}`` CRLF ``SUBJECT)]``).
_OPEN_SECTION = re.compile(rb"(?:BODY|BINARY)(?:\.PEEK|\.SIZE)?\[[^\]]*\Z", re.IGNORECASE)
# What a literal inside a section may hold: header field names, nothing that
# could end the section or the line.
_SECTION_LITERAL = re.compile(rb"[!-Z^-~]+")
# Message data must start with a message number (``* 3 EXISTS``); a word there
# instead (``* foo EXISTS``) would otherwise pass for an unknown response and
# be dropped without a word.
_MESSAGE_DATA = re.compile(rb"[^ ]+ (?:(?:EXISTS|RECENT|EXPUNGE)\Z|FETCH \()", re.IGNORECASE)
# Responses whose first argument is a name, which may be any word.
_FETCH_HEAD = re.compile(rb"\* ([0-9]{1,20}) FETCH \(")
_NAME_FIRST = frozenset({"STATUS", "LIST", "LSUB", "QUOTA", "QUOTAROOT", "METADATA", "ACL"})

_CR = ord("\r")
# What an unreadable token should have been, by its first byte.
_EXPECTED_INSTEAD = {ord('"'): "a closed quoted string", ord("]"): "')'"}


@dataclass(slots=True)
class Frame:
    """One whole response as framed, before parsing.

    Attributes:
        segments: The text pieces of the response, without CRLF and without
            the ``{N}`` markers; segment ``i`` is followed by ``literals[i]``.
        literals: The literal payloads, one fewer than ``segments``.
    """

    segments: list[bytes] = field(default_factory=list)
    literals: list[bytes] = field(default_factory=list)
    size: int = 0
    """Bytes on the wire: lines with their line ends, and literals."""


class ResponseParser:
    """Incremental framer and parser for the server's side of an IMAP connection.

    Example::

        from imapclient_async._proto import ResponseParser, UntaggedData

        parser = ResponseParser()
        parser.feed(b"* 3 EXI")
        assert parser.next_response() is None
        parser.feed(b"STS\\r\\n")
        assert parser.next_response() == UntaggedData("EXISTS", 3, ())
    """

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits if limits is not None else Limits()
        self._buffer = bytearray()
        self._start = 0  # first byte not yet consumed
        self._scan_from = 0  # where the search for the next CRLF resumes
        self._frame = Frame()
        # The pieces of the literal being received, or None outside literals.
        self._literal: list[bytes] | None = None
        self._literal_missing = 0

    def feed(self, data: bytes) -> None:
        """Add bytes received from the server."""
        if self._literal is not None and self._start == len(self._buffer):
            # Inside a literal with nothing else buffered: keep the received
            # object itself rather than copy it through the line buffer, so a
            # large literal costs one copy (the final join), not four.
            take = min(len(data), self._literal_missing)
            self._literal.append(data if take == len(data) else data[:take])
            self._literal_missing -= take
            data = data[take:]
        self._buffer += data

    def discard_buffered(self) -> int:
        """Drop everything received but not yet framed; returns how many bytes.

        Used right after the server accepts STARTTLS: bytes that arrived before
        the TLS handshake were not protected by it and must not be believed.
        """
        dropped = len(self._buffer) - self._start
        self._buffer.clear()
        self._start = self._scan_from = 0
        return dropped

    def next_response(self) -> Response | None:
        """The next complete response, or None until more data is fed.

        Raises:
            MalformedResponseError: The data is malformed or over a limit.
        """
        frame = self.next_frame()
        return None if frame is None else parse_frame(frame, self.limits)

    def next_frame(self) -> Frame | None:
        """The next complete response, framed but not parsed, or None.

        Raises:
            MalformedResponseError: A line or literal is over its limit.
        """
        buffer = self._buffer
        while True:
            if self._literal is not None:
                if not self._collect_literal():
                    return None
                continue
            end = buffer.find(_LF, self._scan_from)
            if end < 0:
                pending = len(buffer) - self._start
                if pending > self.limits.max_line_length:
                    raise MalformedResponseError(
                        f"server line longer than {self.limits.max_line_length} bytes"
                    )
                self._scan_from = len(buffer)
                self._compact()
                return None
            # CRLF is the rule; a bare LF is read as the same line end.
            line_end = end - 1 if end > self._start and buffer[end - 1] == _CR else end
            line = bytes(buffer[self._start : line_end])
            frame = self._frame
            frame.size += end + 1 - self._start
            self._start = self._scan_from = end + 1
            if len(line) > self.limits.max_line_length:
                raise MalformedResponseError(
                    f"server line longer than {self.limits.max_line_length} bytes"
                )
            if frame.size > self.limits.max_response_size:
                self._check_response_size(frame, 0)
            marker = None
            if line.endswith(b"}") and (frame.segments or not _NO_LITERAL_LINE.match(line)):
                marker = _LITERAL_MARKER.search(line)
            if marker is None:
                frame.segments.append(line)
                self._frame = Frame()
                self._compact()
                return frame
            size = int(marker.group(1))
            if size > self.limits.max_literal_size:
                raise MalformedResponseError(
                    f"server literal of {size} bytes is over the limit of "
                    f"{self.limits.max_literal_size} bytes"
                )
            if len(frame.literals) >= self.limits.max_response_literals:
                raise MalformedResponseError(
                    f"server response holds more than {self.limits.max_response_literals} literals"
                )
            # Checked before the literal arrives: nothing over the limit is kept.
            self._check_response_size(frame, size)
            frame.size += size
            frame.segments.append(line[: marker.start()])
            self._literal = []
            self._literal_missing = size

    def _check_response_size(self, frame: Frame, coming: int) -> None:
        if frame.size + coming > self.limits.max_response_size:
            raise MalformedResponseError(
                f"server response longer than {self.limits.max_response_size} bytes"
            )

    def reset(self) -> None:
        """Drop everything received and half-framed (the session is over)."""
        self.discard_buffered()
        self._frame = Frame()
        self._literal = None
        self._literal_missing = 0

    def _collect_literal(self) -> bool:
        """Move literal bytes out of the line buffer; True once it is complete."""
        assert self._literal is not None
        available = len(self._buffer) - self._start
        take = min(available, self._literal_missing)
        if take:
            self._literal.append(bytes(self._buffer[self._start : self._start + take]))
            self._start += take
            self._literal_missing -= take
        self._scan_from = self._start
        self._compact()
        if self._literal_missing:
            return False
        pieces = self._literal
        self._frame.literals.append(pieces[0] if len(pieces) == 1 else b"".join(pieces))
        self._literal = None
        return True

    def _compact(self) -> None:
        # Drop consumed bytes only when they are at least half of the buffer, so
        # each byte is moved a bounded number of times: linear overall.
        start = self._start
        if start and start * 2 >= len(self._buffer):
            del self._buffer[:start]
            self._scan_from -= start
            self._start = 0


def parse_frame(frame: Frame, limits: Limits | None = None) -> Response:
    """Parse one framed response.

    Raises:
        MalformedResponseError: The response does not follow the grammar.
    """
    first = frame.segments[0]
    fetch = _FETCH_HEAD.match(first)
    if fetch is not None:  # most of a large reply: skip the general reading
        items = read_msg_atts(frame.segments, frame.literals, fetch.end())
        if items is not None:
            return UntaggedData("FETCH", int(fetch.group(1)), (items,))
    cursor = _Cursor(frame, (limits or Limits()).max_nesting_depth)
    if first[:1] == b"+":
        return ContinuationRequest(_text(first[2:] if first[1:2] == b" " else first[1:]))
    if first[:2] == b"* ":
        return cursor.response_untagged()
    return cursor.response_tagged()


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


class _Cursor:
    """A read position inside one frame; methods read one grammar rule each."""

    __slots__ = ("_index", "_line", "_literals", "_max_depth", "_pos", "_segments")

    def __init__(self, frame: Frame, max_depth: int) -> None:
        self._segments = frame.segments
        self._literals = frame.literals
        self._max_depth = max_depth
        self._index = 0
        self._line = frame.segments[0]
        self._pos = 0

    # -- errors -------------------------------------------------------------

    def _error(self, expected: str) -> MalformedResponseError:
        snippet = self._line[self._pos : self._pos + 40]
        return MalformedResponseError(
            f"malformed server response: expected {expected} at {snippet!r} in {self._line[:80]!r}"
        )

    # -- primitives ---------------------------------------------------------

    def _at_end_of_line(self) -> bool:
        return self._pos >= len(self._line)

    def _at_end(self) -> bool:
        return self._at_end_of_line() and self._index >= len(self._literals)

    def _sp(self) -> None:
        if self._line[self._pos : self._pos + 1] != b" ":
            raise self._error("SP")
        self._pos += 1

    def _match(self, pattern: re.Pattern[bytes], expected: str) -> bytes:
        found = pattern.match(self._line, self._pos)
        if found is None:
            raise self._error(expected)
        self._pos = found.end()
        return found.group()

    def _atom(self) -> str:
        return self._match(_ATOM, "atom").decode("utf-8", "replace")

    def _number(self) -> int:
        return int(self._match(_NUMBER, "number"))

    def _rest_of_line(self) -> bytes:
        rest = self._line[self._pos :]
        self._pos = len(self._line)
        return rest

    # -- responses ------------------------------------------------------------

    def response_tagged(self) -> TaggedResponse:
        tag = self._match(_TAG, "tag").decode("ascii")
        self._sp()
        status = self._atom().upper()
        if status not in ("OK", "NO", "BAD"):
            raise self._error("OK, NO or BAD")
        code, text = self._resp_text()
        return TaggedResponse(tag, _STATUS_NAMES[status], code, text)

    def response_untagged(self) -> StatusResponse | UntaggedData:
        self._pos = 2
        number: int | None = None
        if _NUMBER.match(self._line, self._pos):
            number = self._number()
            self._sp()
        keyword = self._atom().upper()
        if number is None:
            if keyword in _UNTAGGED_STATUS:
                code, text = self._resp_text()
                return StatusResponse(_UNTAGGED_STATUS[keyword], code, text)
            if keyword not in _NAME_FIRST and _MESSAGE_DATA.match(self._line, 2):
                self._pos = 2
                raise self._error("a message number")
        elif keyword == "EXPUNGED":
            keyword = "EXPUNGE"  # GNU imap4d writes "* 3 EXPUNGED" for "* 3 EXPUNGE"
        if self._at_end():
            return UntaggedData(keyword, number, ())
        self._sp()
        if keyword == "STATUS":
            mailbox = self._status_mailbox()
            return UntaggedData(keyword, number, (mailbox, *self._values(in_code=False)))
        return UntaggedData(keyword, number, tuple(self._values(in_code=False)))

    def _status_mailbox(self) -> Value:
        """STATUS's mailbox name, also when a server sends it unquoted with spaces.

        GNU imap4d (and others) write ``* STATUS My files (MESSAGES 3)``: the
        name is then everything up to the item list, which is the last ``(``.
        """
        line, pos = self._line, self._pos
        if line[pos : pos + 1] == b'"' or pos >= len(line):
            return self._string()
        end = line.rfind(b" (", pos)
        if end <= pos:
            raise self._error("a mailbox name and a STATUS item list")
        self._pos = end
        return line[pos:end].decode("utf-8", "replace")

    def _string(self) -> bytes:
        """One quoted string or literal at the current position."""
        if self._pos >= len(self._line):
            if self._index >= len(self._literals):
                raise self._error("a mailbox name")
            literal = self._literals[self._index]
            self._index += 1
            self._line = self._segments[self._index]
            self._pos = 0
            return literal
        quoted = _QUOTED.match(self._line, self._pos)
        if quoted is None:
            raise self._error("a closed quoted string")
        self._pos = quoted.end()
        return unquote(quoted.group(1))

    def _resp_text(self) -> tuple[ResponseCode | None, str]:
        """``resp-text = ["[" resp-text-code "]" SP] text``; lenient about the SP."""
        if self._at_end_of_line():
            return None, ""
        self._sp()
        code = None
        if self._line[self._pos : self._pos + 1] == b"[":
            code = self._resp_text_code()
            if self._line[self._pos : self._pos + 1] == b" ":
                self._pos += 1
        return code, _text(self._rest_of_line())

    def _resp_text_code(self) -> ResponseCode:
        self._pos += 1
        name = self._match(_CODE_ATOM, "response code").decode("ascii", "replace").upper()
        args: tuple[Value, ...] = ()
        args_start = self._pos
        if self._line[self._pos : self._pos + 1] == b" ":
            self._pos += 1
            args_start = self._pos
            try:
                args = tuple(self._values(in_code=True))
            except MalformedResponseError:
                # Free-form code data (e.g. a REFERRAL URL with odd characters):
                # keep it raw rather than failing the whole response.
                args = ()
                self._pos = self._line.find(b"]", args_start)
                if self._pos < 0:
                    raise self._error("']' closing the response code") from None
        if self._line[self._pos : self._pos + 1] != b"]":
            raise self._error("']' closing the response code")
        raw = _text(self._line[args_start : self._pos])
        self._pos += 1
        return ResponseCode(name, args, raw)

    # -- generic values -------------------------------------------------------

    def _values(self, *, in_code: bool) -> list[Value]:
        """SP-separated values up to the end of the response (or of the code).

        One regular expression reads each token (and the spaces after it),
        so the Python loop runs once per token, not once per character.
        Iterative with an explicit stack, so nesting depth is a checked limit
        rather than Python's recursion limit.
        """
        flat = self._flat_atoms(in_code=in_code)
        if flat is not None:
            return flat
        tokens = _CODE_TOKEN if in_code else _TOKEN
        stack: list[list[Value]] = []
        current: list[Value] = []
        line, pos = self._line, self._pos
        while True:
            for token in tokens.finditer(line, pos):
                kind = token.lastindex
                if kind == _ATOM_TOKEN:
                    raw = token.group(kind)
                    if not in_code and raw.find(b"[") >= 0 and _OPEN_SECTION.match(raw):
                        self._pos = token.end(kind)
                        current.append(self._rest_of_section(raw).decode("utf-8", "replace"))
                        line, pos = self._line, self._pos
                        break  # the section ended elsewhere: tokenize on from there
                    current.append(None if raw in _NIL else raw.decode("utf-8", "replace"))
                elif kind == _QUOTED_TOKEN:
                    current.append(unquote(token.group(kind)))
                elif kind == _OPEN_TOKEN:
                    if len(stack) >= self._max_depth:
                        raise MalformedResponseError(
                            f"server response nests lists deeper than {self._max_depth}"
                        )
                    child: list[Value] = []
                    current.append(child)
                    stack.append(current)
                    current = child
                elif kind == _CLOSE_TOKEN:
                    if not stack:
                        self._pos = token.start()
                        raise self._error("a value, not ')'")
                    current = stack.pop()
                elif kind == _CODE_END_TOKEN and not stack:
                    self._pos = token.start()
                    return current
                elif kind != _SPACES_TOKEN:
                    self._pos = token.start()
                    raise self._error(_EXPECTED_INSTEAD.get(line[self._pos], "a value"))
            else:
                if self._index < len(self._literals):
                    current.append(self._literals[self._index])
                    self._index += 1
                    line = self._line = self._segments[self._index]
                    pos = self._pos = 0
                    continue
                self._pos = len(line)
                if stack:
                    raise self._error("')'")
                return current

    def _flat_atoms(self, *, in_code: bool) -> list[Value] | None:
        """The values when they are only atoms with single spaces between; else None.

        Capability lists, SEARCH results and flag lists are long runs of
        atoms: one split reads them at C speed.
        """
        line, pos = self._line, self._pos
        if in_code:
            end = line.find(b"]", pos)
            if end < 0:
                return None
        elif self._index < len(self._literals):
            return None
        else:
            end = len(line)
        flat = line[pos:end]
        if not _FLAT_ATOMS.fullmatch(flat):
            return None
        self._pos = end
        words: list[Value] = list(flat.decode("utf-8", "replace").split(" "))
        if NIL_WORD.search(flat):
            words = [None if word in _NIL_TEXT else word for word in words]
        return words

    def _rest_of_section(self, start: bytes) -> bytes:
        """A FETCH item name whose section holds spaces or literals, read to its ``]``.

        Header field names are astrings, so a server may send them as literals
        (``BODY[HEADER.FIELDS ({7}`` CRLF ``SUBJECT)]``); they are spliced back
        into the name. A literal that could not be a field name breaks the
        grammar: that is a MalformedResponseError, never a guess.
        """
        pieces = [start]
        while True:
            line, pos = self._line, self._pos
            close = line.find(b"]", pos)
            if close >= 0:
                pieces.append(line[pos : close + 1])
                self._pos = close + 1
                partial = _ATOM.match(line, self._pos)  # e.g. the <0> of BODY[...]<0>
                if partial is not None:
                    pieces.append(partial.group())
                    self._pos = partial.end()
                return b"".join(pieces)
            if self._index >= len(self._literals):
                raise self._error("']' closing the section")
            literal = self._literals[self._index]
            if not _SECTION_LITERAL.fullmatch(literal):
                raise self._error("a header field name in the section's literal")
            pieces += (line[pos:], literal)
            self._index += 1
            self._line = self._segments[self._index]
            self._pos = 0


_STATUS_NAMES: dict[str, Literal["OK", "NO", "BAD"]] = {"OK": "OK", "NO": "NO", "BAD": "BAD"}
_UNTAGGED_STATUS: dict[str, Literal["OK", "NO", "BAD", "PREAUTH", "BYE"]] = {
    "OK": "OK",
    "NO": "NO",
    "BAD": "BAD",
    "PREAUTH": "PREAUTH",
    "BYE": "BYE",
}
