"""SASL mechanisms (RFC 4422) for AUTHENTICATE, as pure functions of their inputs.

This module changes when a SASL mechanism is added or changed. Mechanisms do no
I/O: they turn credentials into the bytes the server expects.
"""

from __future__ import annotations

__all__ = ["plain_message"]


def plain_message(user: str, password: str, authorization_id: str = "") -> bytes:
    """The PLAIN mechanism's single message (RFC 4616): ``authzid NUL user NUL password``.

    Example::

        >>> plain_message("bob", "secret")
        b'\\x00bob\\x00secret'

    Raises:
        ValueError: A field contains NUL, which would shift the fields.
    """
    fields = (authorization_id, user, password)
    if any("\x00" in field for field in fields):
        raise ValueError("SASL PLAIN credentials cannot contain NUL characters")
    return "\x00".join(fields).encode("utf-8")
