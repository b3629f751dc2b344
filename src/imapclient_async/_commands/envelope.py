"""Reading the ENVELOPE fetch item: header fields and addresses.

Servers send header text raw: RFC 2047 encoded words are decoded here, and
8-bit text is read as UTF-8 (RFC 6532).
"""

from __future__ import annotations

import email.errors
import email.header

from .._proto import Value
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
    if "=?" not in value:
        return value
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (email.errors.HeaderParseError, LookupError, UnicodeError, ValueError):
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
    return Envelope(
        date=header_date(nstring(date, "the ENVELOPE date")),
        subject=None if subject_text is None else decode_words(subject_text),
        from_=_addresses(from_),
        sender=_addresses(sender),
        reply_to=_addresses(reply_to),
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
    name = nstring(value[0], "an address name")
    return Address(
        name=None if name is None else decode_words(name),
        # value[1] is the SMTP source route (addr-adl), obsolete and always NIL.
        mailbox=nstring(value[2], "an address mailbox"),
        host=nstring(value[3], "an address host"),
    )
