"""SASL mechanisms (RFC 4422) for AUTHENTICATE, as pure functions of their inputs.

Mechanisms do no I/O: they turn credentials into the bytes the server expects.
"""

from __future__ import annotations

from ._checks import require_int
from ._proto import utf8

__all__ = ["OAUTHBEARER_FAILURE_ACK", "oauthbearer_message", "plain_message", "xoauth2_message"]

OAUTHBEARER_FAILURE_ACK = b"\x01"
"""The client's answer to an OAUTHBEARER error challenge (RFC 7628 3.2.3): a lone ``kvsep``."""

_SEPARATOR = "\x01"  # RFC 7628 kvsep, also used by XOAUTH2


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
    return utf8("\x00".join(fields), "a SASL PLAIN credential")


def xoauth2_message(user: str, access_token: str) -> bytes:
    """The XOAUTH2 message (Google, Microsoft): ``user=U ^A auth=Bearer T ^A ^A``.

    Example::

        >>> xoauth2_message("bob@example.com", "ya29.token")
        b'user=bob@example.com\\x01auth=Bearer ya29.token\\x01\\x01'

    Raises:
        ValueError: ``user`` or ``access_token`` is empty or holds NUL or ``^A``.
    """
    _check_oauth_fields(user=user, access_token=access_token)
    message = f"user={user}{_SEPARATOR}auth=Bearer {access_token}{_SEPARATOR}{_SEPARATOR}"
    return utf8(message, "an XOAUTH2 user or token")


def oauthbearer_message(
    user: str, access_token: str, *, host: str | None = None, port: int | None = None
) -> bytes:
    """The OAUTHBEARER initial client response (RFC 7628 3.1).

    A GS2 header naming ``user`` as the authorization identity (``,`` and ``=``
    escaped as RFC 5801 requires; no ``a=`` part when ``user`` is empty), then
    ``host``, ``port`` (each only when given) and ``auth`` key-value pairs, each
    ended by ``^A``, and a final ``^A``.

    Example::

        >>> oauthbearer_message("bob", "T0k", host="imap.example.com", port=993)
        b'n,a=bob,\\x01host=imap.example.com\\x01port=993\\x01auth=Bearer T0k\\x01\\x01'


    Raises:
        ValueError: A field holds NUL or ``^A`` (``host`` also CR or LF),
            ``access_token`` or a given ``host`` is empty, or ``port`` is out of range.
        TypeError: ``port`` is not an int.
    """
    _check_oauth_fields(access_token=access_token)
    _check_no_separator(user=user)
    authorization = "a=" + user.replace("=", "=3D").replace(",", "=2C") if user else ""
    pairs = []
    if host is not None:
        _check_oauth_fields(host=host)
        if "\r" in host or "\n" in host:
            raise ValueError("host cannot contain CR or LF")
        pairs.append(f"host={host}")
    if port is not None:
        require_int(port=port)
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, not {port}")
        pairs.append(f"port={port}")
    pairs.append(f"auth=Bearer {access_token}")
    fields = "".join(pair + _SEPARATOR for pair in pairs)
    return utf8(
        f"n,{authorization},{_SEPARATOR}{fields}{_SEPARATOR}", "an OAUTHBEARER user or token"
    )


def _check_oauth_fields(**fields: str) -> None:
    _check_no_separator(**fields)
    for name, value in fields.items():
        if not value:
            raise ValueError(f"{name} must not be empty")


def _check_no_separator(**fields: str) -> None:
    for name, value in fields.items():
        if "\x00" in value or _SEPARATOR in value:
            raise ValueError(f"{name} cannot contain NUL or \\x01 characters")
