"""LOGIN and AUTHENTICATE: the arguments and continuation answers of each.

This module changes when a way to authenticate is added or changed. Secrets
are marked sensitive here, so the wire log shows ``***`` in their place.
"""

from __future__ import annotations

import base64

from .._connection import ContinuationReply, Responder
from .._proto import Argument, AString, Atom, ContinuationRequest
from .._proto._wire_text import HIDDEN
from .._sasl import plain_message

__all__ = ["authenticate_plain_arguments", "login_arguments"]

_CANCEL = b"*"


def login_arguments(user: str, password: str) -> list[Argument]:
    """``LOGIN user password``, each quoted or sent as a literal as needed.

    Raises:
        TypeError: ``user`` or ``password`` is not a str.
        ValueError: One contains NUL.
    """
    _require_str(user=user, password=password)
    return [AString(user), AString(password, sensitive=True)]


def authenticate_plain_arguments(
    user: str, password: str, *, initial_response: bool
) -> tuple[list[Argument], Responder]:
    """``AUTHENTICATE PLAIN`` with the credentials inline (SASL-IR) or after ``+``.

    Returns the arguments and the responder for the server's continuation
    requests: the credentials once when not sent inline, then ``*`` (cancel) to
    anything more, since PLAIN has a single step.

    Raises:
        TypeError: ``user`` or ``password`` is not a str.
        ValueError: One contains NUL.
    """
    _require_str(user=user, password=password)
    encoded = base64.b64encode(plain_message(user, password))
    pending = [] if initial_response else [encoded]

    async def respond(_request: ContinuationRequest) -> ContinuationReply:
        return ContinuationReply(pending.pop() if pending else _CANCEL, HIDDEN)

    arguments: list[Argument] = [Atom("PLAIN")]
    if initial_response:
        arguments.append(AString(encoded, sensitive=True))
    return arguments, respond


def _require_str(**values: object) -> None:
    for name, value in values.items():
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
