"""LOGIN and AUTHENTICATE: the arguments and continuation answers of each.

Secrets are marked sensitive here, so the wire log shows ``***`` in their place.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from .._proto import Argument, AString, Atom, ContinuationReply, ContinuationRequest
from .._proto._wire_text import HIDDEN
from .._sasl import OAUTHBEARER_FAILURE_ACK, oauthbearer_message, plain_message, xoauth2_message

__all__ = [
    "SaslExchange",
    "authenticate_oauthbearer_exchange",
    "authenticate_plain_exchange",
    "authenticate_xoauth2_exchange",
    "login_arguments",
]

_CANCEL = b"*"
_DETAIL_MAX = 512


def login_arguments(user: str, password: str) -> list[Argument]:
    """``LOGIN user password``, each quoted or sent as a literal as needed.

    Raises:
        TypeError: ``user`` or ``password`` is not a str.
        ValueError: One contains NUL.
    """
    _require_str(user=user, password=password)
    return [AString(user), AString(password, sensitive=True)]


@dataclass(slots=True)
class SaslExchange:
    """One AUTHENTICATE conversation: its arguments and its answers to ``+``.

    The client speaks first in every mechanism here, so the first ``+`` (when
    the message was not sent inline with SASL-IR, RFC 4959) asks for the
    message. A ``+`` after that carries an error (the OAuth mechanisms' JSON):
    it is kept in :attr:`failure_detail` and acknowledged with
    ``failure_ack``, after which the server answers NO; a mechanism without an
    error step (``failure_ack`` None) cancels with ``*`` instead, as it does
    any further ``+``.

    Attributes:
        mechanism: The SASL mechanism name, e.g. ``"PLAIN"``.
        message: The client's base64-encoded message.
        initial_response: Send ``message`` with the command (SASL-IR).
        failure_ack: The raw answer to the server's error challenge, or None.
        failure_detail: The decoded error challenge, once the server sent one.
    """

    mechanism: str
    message: bytes
    initial_response: bool
    failure_ack: bytes | None = None
    failure_detail: str | None = None
    _message_sent: bool = field(default=False, init=False, repr=False)

    @property
    def arguments(self) -> list[Argument]:
        """``mechanism [initial-response]``, the message marked sensitive."""
        arguments: list[Argument] = [Atom(self.mechanism)]
        if self.initial_response:
            arguments.append(AString(self.message, sensitive=True))
        return arguments

    async def respond(self, request: ContinuationRequest) -> ContinuationReply:
        """Answer one ``+`` (a :data:`~imapclient_async._connection.Responder`)."""
        if not self.initial_response and not self._message_sent:
            self._message_sent = True
            return ContinuationReply(self.message, HIDDEN)
        if self.failure_ack is not None and self.failure_detail is None:
            self.failure_detail = _challenge_text(request.text)
            return ContinuationReply(base64.b64encode(self.failure_ack), HIDDEN)
        return ContinuationReply(_CANCEL, HIDDEN)


def authenticate_plain_exchange(
    user: str, password: str, *, initial_response: bool
) -> SaslExchange:
    """``AUTHENTICATE PLAIN`` (RFC 4616): a single message, no error step.

    Raises:
        TypeError: ``user`` or ``password`` is not a str.
        ValueError: One contains NUL.
    """
    _require_str(user=user, password=password)
    return SaslExchange("PLAIN", base64.b64encode(plain_message(user, password)), initial_response)


def authenticate_xoauth2_exchange(
    user: str, access_token: str, *, initial_response: bool
) -> SaslExchange:
    """``AUTHENTICATE XOAUTH2``: an error challenge is answered with an empty line.

    Raises:
        TypeError: ``user`` or ``access_token`` is not a str.
        ValueError: One is empty or holds NUL or ``^A``.
    """
    _require_str(user=user, access_token=access_token)
    message = base64.b64encode(xoauth2_message(user, access_token))
    return SaslExchange("XOAUTH2", message, initial_response, failure_ack=b"")


def authenticate_oauthbearer_exchange(
    user: str,
    access_token: str,
    *,
    host: str | None,
    port: int | None,
    initial_response: bool,
) -> SaslExchange:
    """``AUTHENTICATE OAUTHBEARER`` (RFC 7628): an error challenge is answered with ``^A``.

    Raises:
        TypeError: ``user``, ``access_token`` or ``host`` is not a str, or
            ``port`` not an int.
        ValueError: A field holds NUL or ``^A``, or is out of range.
    """
    _require_str(user=user, access_token=access_token)
    if host is not None:
        _require_str(host=host)
    message = base64.b64encode(oauthbearer_message(user, access_token, host=host, port=port))
    return SaslExchange(
        "OAUTHBEARER", message, initial_response, failure_ack=OAUTHBEARER_FAILURE_ACK
    )


def _challenge_text(challenge: str) -> str:
    """A server's base64 error challenge as printable text for an exception message."""
    try:
        decoded = base64.b64decode(challenge, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        decoded = challenge
    printable = "".join(char if char.isprintable() else " " for char in decoded).strip()
    return printable[:_DETAIL_MAX]


def _require_str(**values: object) -> None:
    for name, value in values.items():
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
