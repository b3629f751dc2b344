"""How protocol data is shown in the wire log, shared by both directions."""

from __future__ import annotations

__all__ = ["HIDDEN", "literal_for_log"]

HIDDEN = "***"
"""Stands in the wire log for a password, token or SASL payload."""

_LITERAL_SHOWN_MAX = 1024


def literal_for_log(marker: str, data: bytes) -> str:
    """A literal as the wire log shows it: in full up to 1 KiB, else its size.

    Example::

        >>> literal_for_log("{5}", b"hello")
        '{5}\\r\\nhello'
        >>> literal_for_log("{2000}", bytes(2000))
        '{2000 bytes}'
    """
    if len(data) > _LITERAL_SHOWN_MAX:
        return f"{{{len(data)} bytes}}"
    return f"{marker}\r\n{data.decode('utf-8', 'replace')}"
