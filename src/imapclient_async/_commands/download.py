"""Downloading one body section in pieces: each piece's FETCH items, and reading its reply.

The first piece's FETCH also asks for what describes the section (its
BODYSTRUCTURE part, or its size), so knowing what is being downloaded costs
no round trip of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .._proto import StatusResponse, UntaggedData
from ..errors import ProtocolError
from ..fetch import FetchedMessage, SinglePart
from .fetch import PART_NUMBER, fetched_message, partial_item, section_kind
from .replies import number

__all__ = [
    "Piece",
    "check_options",
    "described_part",
    "downloaded_piece",
    "piece_items",
    "section_name",
    "section_total",
]


def section_name(section: str | SinglePart) -> tuple[str, SinglePart | None]:
    """The section spec to fetch, and the part it names when the caller gave one.

    Raises:
        TypeError: ``section`` is neither a str nor a SinglePart.
    """
    if isinstance(section, SinglePart):
        return section.part, section
    if not isinstance(section, str):
        raise TypeError(
            f"section must be a str such as '2' or a SinglePart, not {type(section).__name__}"
        )
    return section, None


def check_options(section: str, *, decode: bool, binary: bool, offset: int) -> None:
    """Refuse combinations that cannot work, before anything is sent.

    Raises:
        ValueError: ``decode`` with ``binary`` (they do the same), ``decode``
            of a section that is not a part number, or ``decode`` from an
            ``offset`` (decoding must start at the part's start).
    """
    if decode and binary:
        raise ValueError("binary=True already decodes (on the server): pass one of them")
    if decode and not PART_NUMBER.match(section):
        raise ValueError(f"decode=True needs a part number such as '2', not {section[:80]!r}")
    if decode and offset:
        raise ValueError(
            "decode=True starts at the part's start; to resume a decoded download "
            "from an offset, use binary=True (the server decodes)"
        )


def piece_items(
    section: str,
    offset: int,
    length: int,
    capabilities: frozenset[str],
    *,
    binary: bool,
    first: bool,
    described: bool,
) -> list[str]:
    """The FETCH items for the piece at ``offset``; the first also asks what the section is.

    Raises:
        TypeError, ValueError, CapabilityError: As :func:`.fetch.partial_item`.
    """
    items = [partial_item(section, offset, length, capabilities, binary=binary)]
    if first:
        if binary:
            items.append(f"BINARY.SIZE[{section}]")
        elif section == "":
            items.append("RFC822.SIZE")
        if not described and PART_NUMBER.match(section):
            items.append("BODYSTRUCTURE")
    return items


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of a download, and every FETCH response about its message."""

    data: bytes
    about: tuple[FetchedMessage, ...]


def downloaded_piece(
    responses: Sequence[StatusResponse | UntaggedData],
    message: int,
    *,
    uid: bool,
    binary: bool,
    offset: int,
) -> Piece | None:
    """The piece of a partial fetch in the reply about ``message``; None if there is none.

    A NIL section counts as empty; other messages' FETCH responses (flag
    updates the server mixes in) are skipped, and so are responses about
    ``message`` that carry only other items (a flag update).

    Raises:
        ProtocolError: A FETCH response is malformed, or the server answered
            about ``message`` but never with the section asked for.
    """
    about = tuple(
        fetched
        for response in responses
        if isinstance(response, UntaggedData) and response.keyword == "FETCH"
        for fetched in (fetched_message(response),)
        if (fetched.uid if uid else fetched.seq) == message
    )
    kind = "BINARY" if binary else "BODY"
    answered: list[str] = []
    for fetched in about:
        pieces = fetched.binary if binary else fetched.sections
        for key, data in pieces.items():
            if key.endswith(f"<{offset}>") or "<" not in key:
                return Piece(data or b"", about)
        # GNU imap4d answers a range past the end with the item's name and no value.
        if any(
            problem.data is None and section_kind(problem.item) == kind
            for problem in fetched.problems
        ):
            return Piece(b"", about)
        answered += (*pieces, *fetched.raw)
    if answered:
        raise ProtocolError(
            f"server answered about message {message} without the section asked for "
            f"(it sent {', '.join(answered)[:200]})"
        )
    return None


def described_part(about: Sequence[FetchedMessage], section: str) -> SinglePart | None:
    """The single part numbered ``section`` in the BODYSTRUCTURE among ``about``, if any."""
    for fetched in about:
        if fetched.body_structure is not None:
            for part in fetched.body_structure.walk():
                if isinstance(part, SinglePart) and part.part == section:
                    return part
    return None


def section_total(
    about: Sequence[FetchedMessage], section: str, part: SinglePart | None, *, binary: bool
) -> int | None:
    """The section's size in the unit the pieces come in; None when the server did not say.

    Raises:
        ProtocolError: The server's BINARY.SIZE is not a number.
    """
    if binary:
        key = f"BINARY.SIZE[{section}]"
        for fetched in about:
            if key in fetched.raw:
                return number(fetched.raw[key], key)
        return None
    if section == "":
        return next((fetched.size for fetched in about if fetched.size is not None), None)
    return part.size if part is not None else None
