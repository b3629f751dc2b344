"""Mailbox names as command arguments.

This module changes when the way a mailbox name goes on the wire changes
(modified UTF-7 today; UTF-8 once UTF8=ACCEPT is enabled).
"""

from __future__ import annotations

from .._proto import AString
from .._utf7 import encode_mailbox_name

__all__ = ["mailbox_argument"]


def mailbox_argument(mailbox: str) -> AString:
    """A mailbox name as an argument: modified UTF-7, then quoted or a literal.

    ``INBOX`` is case-insensitive (RFC 3501 5.1) and always sent upper case.

    Raises:
        TypeError: ``mailbox`` is not a str.
        ValueError: It is empty or contains NUL.
    """
    if not isinstance(mailbox, str):
        raise TypeError(f"mailbox must be a str, not {type(mailbox).__name__}")
    if not mailbox:
        raise ValueError("mailbox name must not be empty")
    if mailbox.upper() == "INBOX":
        return AString("INBOX")
    return AString(encode_mailbox_name(mailbox))
