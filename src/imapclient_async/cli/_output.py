"""Where results go (text or JSON on stdout, notes on stderr) and how values are written."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from ..fetch import Address, BodyStructure, Envelope, Multipart, SinglePart

__all__ = [
    "Output",
    "address_text",
    "addresses_json",
    "date_text",
    "envelope_json",
    "iso",
    "plural",
    "size_text",
    "structure_json",
    "structure_lines",
]


class Output:
    """The results of one command: text lines, or JSON, on stdout; notes on stderr.

    With ``json`` set, :meth:`line` writes nothing, so each command describes
    its results once for people and once as data without testing the mode
    everywhere.
    """

    def __init__(self, *, json: bool, stdout: TextIO | None = None) -> None:
        self.json = json
        self._stdout = stdout

    @property
    def stdout(self) -> TextIO:
        # Looked up at each use: tests (and callers) may replace sys.stdout meanwhile.
        return self._stdout or sys.stdout

    def line(self, text: str = "") -> None:
        """Write a line of text for people; nothing in JSON mode."""
        if not self.json:
            print(text, file=self.stdout, flush=True)

    def document(self, value: object) -> None:
        """Write the command's whole result as one JSON document (JSON mode only)."""
        if self.json:
            print(json.dumps(value, ensure_ascii=False, indent=2), file=self.stdout, flush=True)

    def record(self, value: object) -> None:
        """Write one JSON object on a line of its own, at once (JSON mode only)."""
        if self.json:
            print(json.dumps(value, ensure_ascii=False), file=self.stdout, flush=True)

    def note(self, text: str) -> None:
        """Tell the user something on stderr, whatever the mode: it is not a result."""
        print(text, file=sys.stderr, flush=True)


def iso(moment: datetime.datetime | None) -> str | None:
    """A datetime as ISO 8601 text for JSON; None stays None."""
    return moment.isoformat() if moment is not None else None


def date_text(moment: datetime.datetime | None) -> str:
    """A date for people, ``2026-03-04 09:15``, in the offset it was given in; ``-`` for none."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "-"


def plural(count: int, noun: str) -> str:
    """``1 message``, ``2 messages``, ``0 messages``: a count with its noun (``-s`` plurals)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def size_text(octets: int | None) -> str:
    """A size for people: ``512 B``, ``12.3 KiB``, ``27.4 MiB``; ``?`` when unknown."""
    if octets is None:
        return "?"
    size = float(octets)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{octets} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")  # pragma: no cover - the loop always returns


def address_text(addresses: Iterable[Address]) -> str:
    """Addresses as a header shows them, comma-separated."""
    return ", ".join(str(address) for address in addresses)


def addresses_json(addresses: Iterable[Address]) -> list[dict[str, str | None]]:
    """Addresses as JSON objects with ``name`` and ``email``, group markers left out."""
    return [
        {"name": address.name, "email": address.email}
        for address in addresses
        if address.email is not None
    ]


def envelope_json(envelope: Envelope | None) -> dict[str, object] | None:
    """An envelope's fields as JSON; None when the server sent none."""
    if envelope is None:
        return None
    return {
        "date": iso(envelope.date),
        "subject": envelope.subject,
        "from": addresses_json(envelope.from_),
        "to": addresses_json(envelope.to),
        "cc": addresses_json(envelope.cc),
        "reply_to": addresses_json(envelope.reply_to),
        "message_id": envelope.message_id,
        "in_reply_to": envelope.in_reply_to,
    }


def _children(part: BodyStructure) -> tuple[BodyStructure, ...]:
    if isinstance(part, Multipart):
        return part.children
    return (part.body,) if part.body is not None else ()  # an attached message's structure


def structure_json(part: BodyStructure) -> dict[str, object]:
    """A body structure as nested JSON objects, one per part."""
    described: dict[str, object] = {"part": part.part, "content_type": part.content_type}
    if isinstance(part, SinglePart):
        described.update(
            size=part.size,
            encoding=part.encoding,
            charset=part.params.get("charset"),
            filename=part.filename,
            disposition=part.disposition,
        )
    described["children"] = [structure_json(child) for child in _children(part)]
    return described


def structure_lines(part: BodyStructure, first: str = "", rest: str = "") -> list[str]:
    """A body structure as a tree for people, one line per part.

    ``first`` goes before this part's line, ``rest`` before the lines below it.
    """
    lines = [first + _label(part)]
    children = _children(part)
    for index, child in enumerate(children):
        last = index == len(children) - 1
        lines += structure_lines(
            child, rest + ("└─ " if last else "├─ "), rest + ("   " if last else "│  ")
        )
    return lines


def _label(part: BodyStructure) -> str:
    """``1.2 text/plain  utf-8  base64  2.1 KiB``: what a part is, in one line."""
    details = [f"{part.part} {part.content_type}".strip()]
    if isinstance(part, SinglePart):
        if part.filename:
            details.append(json.dumps(part.filename, ensure_ascii=False))
        details += [part.params.get("charset") or "", part.encoding or "", size_text(part.size)]
        details.append(part.disposition or "")
    return "  ".join(detail for detail in details if detail)
