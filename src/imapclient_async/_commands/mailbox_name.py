"""Mailbox names as command arguments, and as the server sends them back.

Names go on the wire in modified UTF-7 (RFC 3501 5.1.3); UTF8=ACCEPT, which
would send them as UTF-8, is not supported yet.
"""

from __future__ import annotations

from .._proto import AString, Value
from .._utf7 import encode_mailbox_name
from ..errors import ProtocolError
from ..mailboxes import Mailbox, MailboxLike

__all__ = ["mailbox_argument", "mailbox_key", "received_mailbox_name", "wire_mailbox_name"]


def wire_mailbox_name(mailbox: MailboxLike) -> bytes:
    """The bytes that name ``mailbox`` on the wire, before quoting.

    A str is encoded in modified UTF-7 (``INBOX``, case-insensitive by
    RFC 3501 5.1, is sent upper case); a :class:`Mailbox` from LIST is named
    by the exact bytes the server sent, so even a name that is not valid
    modified UTF-7 can be addressed.

    Raises:
        TypeError: ``mailbox`` is neither a str nor a Mailbox.
        ValueError: It is empty. (NUL is refused by the AString that carries
            the name, as for every argument.)
    """
    if isinstance(mailbox, Mailbox):
        raw = mailbox.raw_name
    elif isinstance(mailbox, str):
        raw = b"INBOX" if mailbox.upper() == "INBOX" else encode_mailbox_name(mailbox).encode()
    else:
        raise TypeError(f"mailbox must be a str or a Mailbox, not {type(mailbox).__name__}")
    if not raw:
        raise ValueError("mailbox name must not be empty")
    return raw


def mailbox_argument(mailbox: MailboxLike) -> AString:
    """A mailbox name as an argument: quoted or a literal, as its bytes need.

    Raises:
        TypeError, ValueError: As :func:`wire_mailbox_name`.
    """
    return AString(wire_mailbox_name(mailbox))


def received_mailbox_name(value: Value, what: str) -> bytes:
    """A mailbox name in a server response, as the exact bytes sent.

    Raises:
        ProtocolError: The value is not a string (a list, or NIL).
    """
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):  # an atom
        return value.encode()
    raise ProtocolError(f"server sent {value!r:.80} where {what} should be a mailbox name")


def mailbox_key(raw: bytes) -> bytes:
    """``raw`` as compared with other names: ``INBOX`` in any case is one mailbox."""
    return b"INBOX" if raw.upper() == b"INBOX" else raw
