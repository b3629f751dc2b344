"""Token shapes shared by the general reader (``_decoder``) and the FETCH reader (``_msg_att``)."""

from __future__ import annotations

import re

__all__ = ["NIL_WORD", "PLAIN_ATOM", "QUOTED", "unquote"]

QUOTED = rb'"([^"\\\r\n]*(?:\\[\\"][^"\\\r\n]*)*)"'
"""A quoted string; group 1 is what lies between the quotes, still escaped."""

PLAIN_ATOM = rb'[^\x00-\x20\x7f()"{\[\]]+'
"""An atom without brackets, as flags and capability names are."""

NIL_WORD = re.compile(rb"(?:^| )NIL(?: |$)", re.IGNORECASE)
"""NIL, in any case, as one of a run of atoms: it reads as None, not as a word."""

_ESCAPE = re.compile(rb'\\([\\"])')


def unquote(body: bytes) -> bytes:
    """The text between a quoted string's quotes, its ``\\"`` and ``\\\\`` undone."""
    # find(), not "in": for bytes, "in" first tries the operand as an integer
    # and builds (then drops) a TypeError, which costs more than the search.
    return _ESCAPE.sub(rb"\1", body) if body.find(b"\\") >= 0 else body
