"""Reading the BODYSTRUCTURE (and BODY) fetch item into a tree of parts.

Servers differ in the details, so reading is lenient where RFC 3501 leaves
room or real servers stray: NIL where text belongs, numbers sent quoted,
extension data cut short or missing, a multipart with no parts. Only a
structure that is not a list at all is an error.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import unquote_to_bytes

from .._proto import Value
from ..errors import ProtocolError
from ..fetch import BodyStructure, Multipart, SinglePart
from .envelope import decode_words, nstring, parse_envelope

__all__ = ["parse_body_structure"]

# RFC 3501 7.4.2: type, subtype, params, id, description, encoding, size.
_TOKEN = re.compile(rb"[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+")  # RFC 2045 token
_BODY_FIELDS = 7
_WITH_LINES = ("TEXT",)
_ENCAPSULATED = ("RFC822", "GLOBAL")  # message/global: RFC 6532


def parse_body_structure(value: Value) -> BodyStructure:
    """``body`` (RFC 3501 7.4.2) as a tree, every part numbered as for ``BODY[...]``.

    Raises:
        ProtocolError: The value, or one of its parts, is not a list.
    """
    return _body(value, "" if _is_multipart(value) else "1")


def _is_multipart(value: Value) -> bool:
    # A multipart starts with its first part (a list). An empty one (seen in
    # the wild) starts with its subtype, followed by nothing or by its
    # parameter list, where a single part has its subtype (a string).
    if not isinstance(value, list) or not value:
        return False
    return isinstance(value[0], list) or len(value) == 1 or isinstance(value[1], list)


def _body(value: Value, part: str) -> BodyStructure:
    if not isinstance(value, list) or not value:
        raise ProtocolError(f"server sent {value!r:.200} where a body structure should be")
    if _is_multipart(value):
        return _multipart(value, part)
    return _single_part(value, part)


def _child_number(parent: str, index: int) -> str:
    return f"{parent}.{index}" if parent else str(index)


def _multipart(value: list[Value], part: str) -> Multipart:
    count = 0
    while count < len(value) and isinstance(value[count], list):
        count += 1
    children = tuple(
        _body(child, _child_number(part, index)) for index, child in enumerate(value[:count], 1)
    )
    subtype, *extension = value[count:] or [None]
    disposition, disposition_params, language, location, extensions = _disposition_onwards(
        extension[1:]
    )
    return Multipart(
        type="multipart",
        subtype=_lower(subtype, "a multipart subtype"),
        children=children,
        params=_params(extension[0] if extension else None),
        disposition=disposition,
        disposition_params=disposition_params,
        language=language,
        location=location,
        part=part,
        extensions=extensions,
    )


def _single_part(value: list[Value], part: str) -> SinglePart:
    if len(value) < _BODY_FIELDS:
        raise ProtocolError(f"server sent a body part with too few fields: {value!r:.200}")
    media_type, subtype, params, content_id, description, encoding, size = value[:_BODY_FIELDS]
    rest = value[_BODY_FIELDS:]
    type_name, subtype_name = _lower(media_type, "a media type"), _lower(subtype, "a subtype")
    envelope = body = lines = None
    if type_name.upper() in _WITH_LINES:
        lines, rest = _number(rest[0]) if rest else None, rest[1:]
    elif (
        type_name.upper() == "MESSAGE"
        and subtype_name.upper() in _ENCAPSULATED
        and len(rest) >= 3
        and isinstance(rest[0], list)
        and isinstance(rest[1], list)
    ):
        envelope = parse_envelope(rest[0])
        # RFC 3501 6.4.5: a non-multipart enclosed body is part "N.1"; a
        # multipart one's children are "N.1", "N.2", ... so it is "N" itself.
        body = _body(rest[1], part if _is_multipart(rest[1]) else f"{part}.1")
        lines, rest = _number(rest[2]), rest[3:]
    md5 = nstring(rest[0], "a body MD5") if rest else None
    disposition, disposition_params, language, location, extensions = _disposition_onwards(rest[1:])
    parsed_params = _params(params)
    return SinglePart(
        type=type_name,
        subtype=subtype_name,
        params=parsed_params,
        id=nstring(content_id, "a body id"),
        description=nstring(description, "a body description"),
        encoding=None if encoding is None else _lower(encoding, "a body encoding"),
        size=_number(size),
        lines=lines,
        md5=md5,
        disposition=disposition,
        disposition_params=disposition_params,
        language=language,
        location=location,
        filename=parameter_text(disposition_params, "filename")
        or parameter_text(parsed_params, "name"),
        part=part,
        envelope=envelope,
        body=body,
        extensions=extensions,
    )


def _disposition_onwards(
    extension: list[Value],
) -> tuple[str | None, dict[str, str], tuple[str, ...] | None, str | None, tuple[Value, ...]]:
    """``body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]``."""
    padded = extension + [None] * (3 - len(extension))
    disposition, language, location = padded[:3]
    disposition_type: str | None = None
    disposition_params: dict[str, str] = {}
    if isinstance(disposition, list) and disposition:
        disposition_type = _lower(disposition[0], "a disposition")
        disposition_params = _params(disposition[1] if len(disposition) > 1 else None)
    elif isinstance(disposition, (str, bytes)) and _TOKEN.fullmatch(
        disposition if isinstance(disposition, bytes) else disposition.encode()
    ):  # a bare type, without its list; Exchange 2016 puts a description
        # ("S/MIME Encrypted Message") here, which is no disposition at all
        disposition_type = _lower(disposition, "a disposition")
    return (
        disposition_type or None,
        disposition_params,
        _language(language),
        nstring(location, "a body location") if not isinstance(location, list) else None,
        tuple(extension[3:]),
    )


def _lower(value: Value, what: str) -> str:
    """Lower-case text; empty for NIL."""
    if isinstance(value, list):
        raise ProtocolError(f"server sent a list where {what} should be")
    return (nstring(value, what) or "").lower()


def _number(value: Value) -> int | None:
    """A size or line count, also when quoted; None for NIL or junk."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _params(value: Value) -> dict[str, str]:
    """``body-fld-param``: name/value pairs, names lower case; a dangling name is dropped."""
    if not isinstance(value, list):
        return {}
    params: dict[str, str] = {}
    for index in range(0, len(value) - 1, 2):
        name, item = value[index], value[index + 1]
        if isinstance(name, (str, bytes)) and isinstance(item, (str, bytes)):
            params[_lower(name, "a parameter name")] = nstring(item, "a parameter") or ""
    return params


def _language(value: Value) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    return tuple(tag for tag in (nstring(item, "a language") for item in items) if tag)


def parameter_text(params: dict[str, str], name: str) -> str | None:
    """A parameter's value, RFC 2231 or RFC 2047 encoding undone; None if absent.

    The server passes RFC 2231 forms through as sent: ``name*`` (encoded) or
    ``name*0``, ``name*1*`` ... (continuations, each possibly encoded).
    """
    if name in params:
        return decode_words(params[name])
    segments: list[tuple[str, bool]] = []
    if f"{name}*" in params:
        segments.append((params[f"{name}*"], True))
    else:
        for index in itertools.count():
            if (encoded := params.get(f"{name}*{index}*")) is not None:
                segments.append((encoded, True))
            elif (plain := params.get(f"{name}*{index}")) is not None:
                segments.append((plain, False))
            else:
                break
    if not segments:
        return None
    charset = "us-ascii"
    first, first_encoded = segments[0]
    if first_encoded and first.count("'") >= 2:
        charset, _language_tag, first = first.split("'", 2)
        segments[0] = (first, True)
    data = b"".join(
        unquote_to_bytes(value) if encoded else value.encode() for value, encoded in segments
    )
    try:
        return data.decode(charset or "us-ascii", "replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", "replace")
