"""Reading the ENVELOPE fetch item: header fields and addresses.

Servers send header text raw: RFC 2047 encoded words are decoded here, and
8-bit text is read as UTF-8 (RFC 6532).
"""

from __future__ import annotations

import binascii
import email.errors
import email.header
import re
from functools import lru_cache

from .._proto import READ_CACHE_SIZE, Value
from ..errors import ProtocolError
from ..fetch import Address, Envelope
from ..message_view import header_date

__all__ = ["decode_words", "nstring", "parse_envelope"]

_ENVELOPE_FIELDS = 10
_ADDRESS_FIELDS = 4


def nstring(value: Value, what: str) -> str | None:
    """An ``nstring`` as text: bytes read as UTF-8, NIL as None.

    Atoms are accepted too: some servers send numbers or words unquoted.

    Raises:
        ProtocolError: The value is a list.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise ProtocolError(f"server sent a list where {what} should be a string")


def decode_words(value: str) -> str:
    """``value`` with RFC 2047 encoded words (``=?utf-8?q?Caf=C3=A9?=``) decoded.

    Text that is not validly encoded is returned unchanged rather than lost.
    """
    return _decoded_words(value) if "=?" in value else value


# Subjects of a thread and correspondents' names repeat: each is decoded once.
@lru_cache(maxsize=READ_CACHE_SIZE)
def _decoded_words(value: str) -> str:
    decoded = _decode_common_words(value)
    return _decode_any_words(value) if decoded is None else decoded


def _decode_any_words(value: str) -> str:
    """Encoded words decoded by the email package, or ``value`` as it is."""
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (email.errors.HeaderParseError, LookupError, UnicodeError, ValueError):
        return value


def _decode_common_words(value: str) -> str | None:
    """The common shape decoded directly: ``[text ]=?cs?q|b?...?=[ =?...?=...][ text]``.

    What nearly every mailer writes: encoded words of one common charset,
    between optional plain ASCII text separated from them by a space. The
    result is what :func:`_decode_any_words` gives (tests/commands/
    test_fast_readers.py compares them); for any other shape this returns
    None and the email package decodes it (about ten times slower).
    """
    parts = _ENCODED_WORD.split(value)
    prefix, suffix = parts[0], parts[-1]
    if (
        len(parts) == 1
        or (prefix and not _PLAIN_BEFORE.fullmatch(prefix))
        or (suffix and not _PLAIN_AFTER.fullmatch(suffix))
    ):
        return None
    charset = parts[1].lower()
    if charset not in _COMMON_CHARSETS:
        return None
    pieces = []
    for index in range(1, len(parts) - 1, 4):
        word_charset, encoding, payload = parts[index : index + 3]
        between = parts[index + 3]
        if word_charset.lower() != charset or (index + 4 < len(parts) - 1 and between.strip(" \t")):
            return None
        data = payload.encode("ascii")
        if encoding in "qQ":
            pieces.append(_QP_ESCAPE.sub(_unhex, data.replace(b"_", b" ")))
        else:
            try:  # padding made up, as the email package does (Postel's law)
                pieces.append(binascii.a2b_base64(data + b"==="[: -len(data) % 4]))
            except binascii.Error:
                return value
    try:
        return prefix + b"".join(pieces).decode(charset) + suffix
    except UnicodeDecodeError:
        return value


def parse_envelope(value: Value) -> Envelope:
    """``envelope`` (RFC 3501 7.4.2) as an :class:`Envelope`.

    Raises:
        ProtocolError: The value is not a ten-field list of the right shapes.
    """
    if not isinstance(value, list) or len(value) < _ENVELOPE_FIELDS:
        raise ProtocolError(f"server sent {value!r:.200} where an ENVELOPE should be")
    date, subject, from_, sender, reply_to, to, cc, bcc, in_reply_to, message_id = value[
        :_ENVELOPE_FIELDS
    ]
    subject_text = nstring(subject, "the ENVELOPE subject")
    from_addresses = _addresses(from_)
    return Envelope(
        date=header_date(nstring(date, "the ENVELOPE date")),
        subject=None if subject_text is None else decode_words(subject_text),
        from_=from_addresses,
        # RFC 3501 has the server fill Sender and Reply-To from From: mostly the same list.
        sender=from_addresses if sender == from_ else _addresses(sender),
        reply_to=from_addresses if reply_to == from_ else _addresses(reply_to),
        to=_addresses(to),
        cc=_addresses(cc),
        bcc=_addresses(bcc),
        in_reply_to=nstring(in_reply_to, "the ENVELOPE in-reply-to"),
        message_id=nstring(message_id, "the ENVELOPE message-id"),
    )


def _addresses(value: Value) -> tuple[Address, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ProtocolError(f"server sent {value!r:.200} where an address list should be")
    # NIL is no address; some servers put one in the list anyway.
    return tuple(_address(item) for item in value if item is not None)


def _address(value: Value) -> Address:
    if not isinstance(value, list) or len(value) != _ADDRESS_FIELDS:
        raise ProtocolError(f"server sent {value!r:.200} where an address should be")
    # value[1] is the SMTP source route (addr-adl), obsolete and always NIL.
    name, _, mailbox, host = value
    if isinstance(name, list) or isinstance(mailbox, list) or isinstance(host, list):
        return _new_address(name, mailbox, host)  # raises: a list where a string belongs
    return _remembered_address(name, mailbox, host)


def _new_address(name: Value, mailbox: Value, host: Value) -> Address:
    name_text = nstring(name, "an address name")
    return Address(
        name=None if name_text is None else decode_words(name_text),
        mailbox=nstring(mailbox, "an address mailbox"),
        host=nstring(host, "an address host"),
    )


# A mailbox repeats its correspondents: each address is read once.
_remembered_address = lru_cache(maxsize=READ_CACHE_SIZE)(_new_address)


_ENCODED_WORD = re.compile(r"=\?([A-Za-z0-9_-]+)\?([QqBb])\?([!->@-~]*)\?=")
_PLAIN_BEFORE = re.compile(r"(?:(?!=\?)[!-~])(?:(?!=\?)[ -~])* ")
_PLAIN_AFTER = re.compile(r" (?:(?!=\?)[ -~])*")
_COMMON_CHARSETS = frozenset(
    [
        "utf-8",
        *(f"iso-8859-{number}" for number in range(1, 16)),
        *(f"windows-{number}" for number in range(1250, 1259)),
    ]
)
_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")


def _unhex(escape: re.Match[bytes]) -> bytes:
    return bytes.fromhex(escape.group(1).decode("ascii"))
