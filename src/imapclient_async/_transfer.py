"""Undoing a body part's Content-Transfer-Encoding as its pieces arrive, and reading its text."""

from __future__ import annotations

import binascii
import codecs
import re

from .fetch import SinglePart

__all__ = ["TransferDecoder", "part_text"]

_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]")
# RFC 2045 6.1; none (NIL) means 7bit. Only the first two change the bytes.
_KNOWN = frozenset({"base64", "quoted-printable", "7bit", "8bit", "binary", ""})


class TransferDecoder:
    """Decodes base64 or quoted-printable piece by piece; other encodings pass unchanged.

    Pieces may split the encoded text anywhere (a download arrives in
    chunks): base64 is decoded in whole 4-character groups, quoted-printable
    in whole lines, and the rest is kept for the next piece.

    Args:
        encoding: The part's Content-Transfer-Encoding (any case); None,
            ``7bit``, ``8bit``, ``binary`` or an unknown one pass the bytes
            through as they are.

    Raises:
        ValueError: (from :meth:`feed`, :meth:`finish`) base64 text that is
            not base64.
    """

    def __init__(self, encoding: str | None) -> None:
        self._encoding = (encoding or "").lower()
        self._pending = b""
        self.known = self._encoding in _KNOWN
        """False for an encoding this cannot undo (``x-uuencode``): its bytes pass unchanged."""

    def feed(self, data: bytes) -> bytes:
        """The decoded bytes that ``data`` (after earlier pieces) completes."""
        if self._encoding == "base64":
            text = self._pending + _NOT_BASE64.sub(b"", data)
            whole = len(text) - len(text) % 4
            self._pending = text[whole:]
            return _base64(text[:whole])
        if self._encoding == "quoted-printable":
            text = self._pending + data
            end = text.rfind(b"\n") + 1
            self._pending = text[end:]
            return binascii.a2b_qp(text[:end])
        return data

    def finish(self) -> bytes:
        """What is left once every piece was fed: a last unterminated line, say."""
        rest, self._pending = self._pending, b""
        if self._encoding == "base64":
            # A missing "=" padding is common enough to forgive.
            return _base64(rest + b"=" * (-len(rest) % 4)) if rest.strip(b"=") else b""
        if self._encoding == "quoted-printable":
            return binascii.a2b_qp(rest)
        return rest


def _base64(text: bytes) -> bytes:
    try:
        return binascii.a2b_base64(text)
    except binascii.Error as exc:
        raise ValueError(f"the part's base64 cannot be decoded: {exc}") from None


def part_text(data: bytes, part: SinglePart) -> str:
    """A text part's content as a str: transfer encoding undone, then its charset; ``\n`` lines.

    A charset Python does not know is read as UTF-8; bytes that do not fit
    the charset become U+FFFD rather than an error.
    """
    decoder = TransferDecoder(part.encoding)
    content = decoder.feed(data) + decoder.finish()
    charset = part.params.get("charset") or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    # Lines end in CRLF on the wire; in a str for a terminal or JSON they end in "\n".
    return content.decode(charset, errors="replace").replace("\r\n", "\n")
