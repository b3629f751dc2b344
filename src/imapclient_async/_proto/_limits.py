"""Size limits on what the server may send, with the reasoning for each default."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["READ_CACHE_SIZE", "Limits"]

_KIB = 1024
_MIB = 1024 * _KIB


READ_CACHE_SIZE = 4096
"""How many values each cache of read values keeps (functools.lru_cache).

A large FETCH repeats the same flag sets, correspondents and thread subjects:
each is read once and handed out again (the values are immutable, so sharing
them is safe), in a memory bounded whatever the server sends."""


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
        max_response_size: Largest single response in bytes, lines and
            literals together, checked while it is still arriving. 320 MiB
            holds the largest literal plus its item names and envelope, and
            stops one endless response of chained literals (each under the
            literal limit) from growing without end.
        max_response_literals: Most literals in one response. A FETCH of a
            message's every part as its own section is the most a real
            reply needs; 4,096 is far above that, and bounds the per-literal
            bookkeeping of a response made of millions of tiny literals.
        max_collected_size: Most bytes (as sent) the responses a command
            collects before its final reply may add up to (``list()``,
            ``search()``, ``fetch_all()``...; a streamed ``fetch()`` hands
            responses on and is bounded by backpressure instead). Decoded
            into Python objects a response costs up to about 5 times its
            wire size (literals about once), so 128 MiB bounds a collected
            reply to well under 1 GiB of memory, while being far more than an
            account's folder list or a search; a ``fetch_all()`` of whole
            bodies beyond it should stream with ``fetch()``.
        max_collected_responses: Most responses a command may collect. Each
            costs about 200 bytes of Python objects however small it is on
            the wire, so 500,000 (a FLAGS fetch of half a million messages)
            bounds that overhead to about 100 MiB; stream bigger replies.

    Example::

        client = Client("imap.example.org", limits=Limits(max_literal_size=1024**3))
    """

    max_line_length: int = 8 * _MIB
    max_literal_size: int = 256 * _MIB
    max_nesting_depth: int = 64
    max_response_size: int = 320 * _MIB
    max_response_literals: int = 4096
    max_collected_size: int = 128 * _MIB
    max_collected_responses: int = 500_000

    def __post_init__(self) -> None:
        for name in (
            "max_line_length",
            "max_literal_size",
            "max_nesting_depth",
            "max_response_size",
            "max_response_literals",
            "max_collected_size",
            "max_collected_responses",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive int, not {value!r}")
