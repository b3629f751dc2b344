"""Quoted strings (RFC 3501 ``quoted``), shared by the general and the FETCH readers."""

from __future__ import annotations

import re

__all__ = ["QUOTED", "unquote"]

QUOTED = rb'"([^"\\\r\n]*(?:\\[\\"][^"\\\r\n]*)*)"'
"""A quoted string; group 1 is what lies between the quotes, still escaped."""

_ESCAPE = re.compile(rb'\\([\\"])')


def unquote(body: bytes) -> bytes:
    """The text between a quoted string's quotes, its ``\\"`` and ``\\\\`` undone."""
    # find(), not "in": for bytes, "in" first tries the operand as an integer
    # and builds (then drops) a TypeError, which costs more than the search.
    return _ESCAPE.sub(rb"\1", body) if body.find(b"\\") >= 0 else body
