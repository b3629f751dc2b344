"""FETCH data in its common shapes, read a whole item at a time.

A large FETCH is thousands of lines of the same few items (UID, FLAGS,
RFC822.SIZE, INTERNALDATE, MODSEQ, ENVELOPE, body sections). Reading them
token by token costs one trip through the Python loop per token, about 60 for
an ENVELOPE; here one regular expression reads each item's value whole.

The result is exactly the item list the general tokenizer in ``_decoder``
would build (tests/proto/test_msg_att.py checks this on generated and
recorded responses). Anything out of the ordinary (another item, a literal
where a string usually is, lower-case NIL, odd spacing, a malformed value)
makes :func:`read_msg_atts` return None, and the general tokenizer reads the
response instead, with its errors and its leniency.
"""

from __future__ import annotations

import re

from ._quoted import QUOTED, unquote
from ._responses import Value

__all__ = ["read_msg_atts"]

_QUOTED = QUOTED.replace(b"(", b"(?:", 1)  # no group: the readers below take whole strings
_NSTRING = rb"(?:NIL|" + _QUOTED + rb")"
_ADDRESS = rb"\(" + rb" ".join([_NSTRING] * 4) + rb"\)"
_ADDRESS_LIST = rb"(NIL|\((?:" + _ADDRESS + rb")+\))"
_ENVELOPE = re.compile(
    rb"\((" + _NSTRING + rb") (" + _NSTRING + rb") "
    + rb" ".join([_ADDRESS_LIST] * 6)
    + rb" (" + _NSTRING + rb") (" + _NSTRING + rb")\)"
)  # fmt: skip
_ADDRESS_FIELDS = re.compile(rb"\((" + rb") (".join([_NSTRING] * 4) + rb")\)")

# Item names whose value has a reader below; body sections without spaces.
_ITEM = re.compile(
    rb"(UID|RFC822\.SIZE|FLAGS|INTERNALDATE|MODSEQ|ENVELOPE"
    rb"|(?:BODY|BINARY)\[[0-9A-Z.]*\](?:<[0-9]+>)?|RFC822(?:\.HEADER|\.TEXT)?) "
)
_NUMBER = re.compile(rb"[0-9]{1,20}")
_FLAGS = re.compile(rb'\(((?:[^\x00-\x20\x7f()"{\[\]]+(?: [^\x00-\x20\x7f()"{\[\]]+)*)?)\)')
_NIL_FLAG = re.compile(rb"(?:^| )NIL(?: |$)", re.IGNORECASE)
_MODSEQ = re.compile(rb"\(([0-9]{1,20})\)")
_STRING = re.compile(rb"NIL|" + _QUOTED)


def read_msg_atts(segments: list[bytes], literals: list[bytes], pos: int) -> list[Value] | None:
    """The item list of ``* n FETCH (...)``, read from just after its ``(``.

    Args:
        segments, literals: The framed response (see ``Frame``).
        pos: Where the first item starts in ``segments[0]``.

    Returns:
        The items and values as the general tokenizer builds them, or None
        when the response is not made only of the shapes read here.
    """
    items: list[Value] = []
    line = segments[0]
    index = 0
    while True:
        name = _ITEM.match(line, pos)
        if name is None:
            return None
        item = name.group(1)
        pos = name.end()
        value: Value
        if item == b"ENVELOPE":
            envelope = _ENVELOPE.match(line, pos)
            if envelope is None:
                return None
            value = _envelope(envelope.groups())
            pos = envelope.end()
        elif item in (b"UID", b"RFC822.SIZE"):
            found = _NUMBER.match(line, pos)
            if found is None:
                return None
            value = found.group().decode("ascii")
            pos = found.end()
        elif item == b"FLAGS":
            found = _FLAGS.match(line, pos)
            if found is None or _NIL_FLAG.search(found.group(1)):
                return None
            flags = found.group(1)
            value = list(flags.decode("utf-8", "replace").split(" ")) if flags else []
            pos = found.end()
        elif item == b"MODSEQ":
            found = _MODSEQ.match(line, pos)
            if found is None:
                return None
            value = [found.group(1).decode("ascii")]
            pos = found.end()
        elif pos == len(line) and index < len(literals):  # a section's literal
            value = literals[index]
            index += 1
            line = segments[index]
            pos = 0
        else:  # INTERNALDATE or a section, as a string or NIL
            found = _STRING.match(line, pos)
            if found is None:
                return None
            value = _nstring(found.group())
            pos = found.end()
        items += (item.decode("ascii"), value)
        after = line[pos : pos + 1]
        if after == b")":
            last = index == len(literals)
            return items if last and pos + 1 == len(line) else None
        if after != b" ":
            return None
        pos += 1


def _nstring(raw: bytes) -> bytes | None:
    if raw == b"NIL":
        return None
    return unquote(raw[1:-1])


def _envelope(fields: tuple[bytes, ...]) -> list[Value]:
    date, subject, *address_lists, in_reply_to, message_id = fields
    envelope: list[Value] = [_nstring(date), _nstring(subject)]
    previous = b""
    addresses: list[Value] = []
    for text in address_lists:
        if text == b"NIL":
            envelope.append(None)
            continue
        # Sender and Reply-To mostly repeat From (RFC 3501 has the server fill
        # them in): the same list object then, read once. Nothing in a parsed
        # response is ever changed, so sharing it is safe.
        if text != previous:
            previous = text
            if text.find(b"\\") >= 0:
                addresses = [list(map(_nstring, found)) for found in _ADDRESS_FIELDS.findall(text)]
            else:  # no escapes: each string is what lies between its quotes
                addresses = [
                    [None if part == b"NIL" else part[1:-1] for part in found]
                    for found in _ADDRESS_FIELDS.findall(text)
                ]
        envelope.append(addresses)
    envelope += (_nstring(in_reply_to), _nstring(message_id))
    return envelope
