"""Size limits on what the server may send, with the reasoning for each default."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Limits"]

_KIB = 1024
_MIB = 1024 * _KIB


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on server data, so a hostile or broken server cannot exhaust memory.

    Data over a limit raises :class:`~imapclient_async.errors.MalformedResponseError` and
    closes the connection. Pass a custom instance as ``Client(..., limits=...)``
    when a server legitimately needs more.

    Attributes:
        max_line_length: Longest line (the text between literals) in bytes.
            8 MiB holds a ``* SEARCH`` result listing about a million message
            numbers, far beyond everyday mailboxes, while still bounding a line
            that never ends.
        max_literal_size: Largest single literal (``{N}``) in bytes. 256 MiB is
            above the message size limits of large providers (150 MiB is the
            largest common one), so any real message fits.
        max_nesting_depth: Deepest parenthesised list. 64 is far deeper than a
            real BODYSTRUCTURE of nested ``message/rfc822`` parts, and stops a
            stack exhaustion from ``((((...``.

    Example::

        client = Client("imap.example.org", limits=Limits(max_literal_size=1024**3))
    """

    max_line_length: int = 8 * _MIB
    max_literal_size: int = 256 * _MIB
    max_nesting_depth: int = 64

    def __post_init__(self) -> None:
        for name in ("max_line_length", "max_literal_size", "max_nesting_depth"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive int, not {value!r}")
