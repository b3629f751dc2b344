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
from functools import lru_cache

from ._lexical import NIL_WORD, PLAIN_ATOM, QUOTED, unquote
from ._limits import READ_CACHE_SIZE
from ._responses import Value

__all__ = ["read_msg_atts"]

_QUOTED = QUOTED.replace(b"(", b"(?:", 1)  # no group: the readers below take whole strings
_NSTRING = rb"(?:NIL|" + _QUOTED + rb")"
_ADDRESS = rb"\(" + rb" ".join([_NSTRING] * 4) + rb"\)"
_ADDRESS_LIST = rb"(NIL|\((?:" + _ADDRESS + rb")+\))"
_ENVELOPE = (
    rb"\((" + _NSTRING + rb") (" + _NSTRING + rb") "
    + rb" ".join([_ADDRESS_LIST] * 6)
    + rb" (" + _NSTRING + rb") (" + _NSTRING + rb")\)"
)  # fmt: skip
_ADDRESS_FIELDS = re.compile(rb"\((" + rb") (".join([_NSTRING] * 4) + rb")\)")
_SECTION = rb"(?:BODY|BINARY)\[[0-9A-Z.]*\](?:<[0-9]+>)?|RFC822(?:\.HEADER|\.TEXT)?"

# One item and its value per match; which group matched says which shape.
_ITEM = re.compile(
    rb"(?:(UID|RFC822\.SIZE) ([0-9]{1,20})"
    rb"|FLAGS \(((?:" + PLAIN_ATOM + rb"(?: " + PLAIN_ATOM + rb")*)?)\)"
    rb"|MODSEQ \(([0-9]{1,20})\)"
    rb"|(INTERNALDATE|" + _SECTION + rb") (NIL|" + _QUOTED + rb")"
    rb"|(" + _SECTION + rb") \Z"  # the section's literal follows the line
    rb"|ENVELOPE " + _ENVELOPE + rb")"
)  # fmt: skip
_NUMBER_ITEM, _FLAGS_ITEM, _MODSEQ_ITEM, _STRING_ITEM, _LITERAL_ITEM = 2, 3, 4, 6, 7


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
        found = _ITEM.match(line, pos)
        if found is None:
            return None
        kind = found.lastindex
        pos = found.end()
        if kind == _NUMBER_ITEM:
            items += (found.group(1).decode("ascii"), found.group(2).decode("ascii"))
        elif kind == _FLAGS_ITEM:
            flags = found.group(3)
            if NIL_WORD.search(flags):
                return None
            words: list[Value] = []
            if flags:
                words += flags.decode("utf-8", "replace").split(" ")
            items += ("FLAGS", words)
        elif kind == _MODSEQ_ITEM:
            items += ("MODSEQ", [found.group(4).decode("ascii")])
        elif kind == _STRING_ITEM:
            items += (found.group(5).decode("ascii"), _nstring(found.group(6)))
        elif kind == _LITERAL_ITEM:
            if index == len(literals):
                return None
            items += (found.group(7).decode("ascii"), literals[index])
            index += 1
            line = segments[index]
            pos = 0
        else:  # the envelope's groups follow the others'
            items += ("ENVELOPE", _envelope(found.groups()[_LITERAL_ITEM:]))
        after = line[pos : pos + 1]
        if after == b")":
            return items if index == len(literals) and pos + 1 == len(line) else None
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
    for text in address_lists:
        if text == b"NIL":
            envelope.append(None)
            continue
        envelope.append([list(address) for address in _address_list(text)])
    envelope += (_nstring(in_reply_to), _nstring(message_id))
    return envelope


# A mailbox repeats its correspondents, and Sender and Reply-To mostly repeat
# From: an address list is read once, kept as tuples and handed out as fresh
# lists.
@lru_cache(maxsize=READ_CACHE_SIZE)
def _address_list(text: bytes) -> tuple[tuple[bytes | None, ...], ...]:
    return tuple(tuple(map(_nstring, found)) for found in _ADDRESS_FIELDS.findall(text))
