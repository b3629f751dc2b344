"""IMAP modified UTF-7, the mailbox-name encoding of RFC 3501 section 5.1.3.

This module's one reason to change is the modified UTF-7 format itself: how a
Unicode mailbox name is written on the wire, and how a name a server sends is
read back. RFC 9051 (IMAP4rev2) keeps this encoding for sessions that have not
enabled ``UTF8=ACCEPT``; deciding *when* to use it belongs to the caller.

The format in brief: printable US-ASCII (0x20-0x7e) other than ``&`` stands for
itself; ``&`` is written ``&-``; every other run of characters is written as
UTF-16BE (astral characters as surrogate pairs) in a modified base64 -- ``,``
instead of ``/`` and no ``=`` padding -- between ``&`` and ``-``.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = ["decode_mailbox_name", "encode_mailbox_name"]

# A maximal run of characters that cannot stand for themselves, or a lone "&".
# "&" (0x26) is inside 0x20-0x7e, so it needs its own alternative.
_ENCODE_RUN = re.compile(r"[^\x20-\x7e]+|&")

# A candidate shift sequence. The class excludes "&" and "-", so successive
# candidates never overlap and a failed attempt only rescans up to the next
# "&": matching the whole name stays linear.
_SECTION = re.compile(r"&([A-Za-z0-9+,]*)-")

# Characters no decoded base64 section may yield: printable ASCII must stand
# for itself (RFC 3501 forbids encoding it), and NUL is never a mailbox name
# character (encode_mailbox_name refuses it).
_NOT_ENCODABLE_IN_SECTION = re.compile(r"[\x00\x20-\x7e]")

# Code points decode_mailbox_name never returns: NUL and surrogates (a str
# holding a surrogate cannot be printed or encoded as UTF-8).
_UNSHOWABLE = re.compile("[\x00\ud800-\udfff]")

_B64_ALTCHARS = b"+,"


def encode_mailbox_name(name: str) -> str:
    """Encode a Unicode mailbox name as IMAP modified UTF-7.

    The result is the canonical encoding: printable ASCII other than ``&``
    stands for itself, ``&`` becomes ``&-``, and each maximal run of other
    characters becomes one ``&<modified base64 of UTF-16BE>-`` section.

    Args:
        name: The mailbox name as text.

    Returns:
        The encoded name; it only contains characters 0x20-0x7e.

    Raises:
        ValueError: ``name`` contains NUL (U+0000), which no IMAP mailbox name
            may contain, or a lone surrogate code point (U+D800-U+DFFF), which
            is not a Unicode character and has no UTF-16 encoding. The message
            gives the offending position, not the name.

    Example::

        >>> encode_mailbox_name("~peter/mail/台北/日本語")
        '~peter/mail/&U,BTFw-/&ZeVnLIqe-'
        >>> encode_mailbox_name("R&D")
        'R&-D'
    """
    nul = name.find("\x00")
    if nul != -1:
        raise ValueError(
            f"mailbox name contains NUL (U+0000) at index {nul}; "
            "IMAP mailbox names cannot contain NUL"
        )
    return _ENCODE_RUN.sub(_encode_run, name)


def decode_mailbox_name(raw: bytes | str) -> str:
    """Decode a mailbox name sent by the server in IMAP modified UTF-7.

    Well-formed input decodes exactly: for every name ``n`` that
    :func:`encode_mailbox_name` accepts,
    ``decode_mailbox_name(encode_mailbox_name(n)) == n``.

    Decoding never raises, even for a name that is not valid modified UTF-7.
    Servers do send such names (a stray ``&`` in a name created by a non-conforming client, raw
    UTF-8 from servers that ignore the RFC), and a caller listing mailboxes
    still needs something to show. The result is the most faithful reading
    that decodes nothing the sender did not unambiguously encode:

    * ``bytes`` input is read as UTF-8, undecodable bytes becoming U+FFFD,
      so raw 8-bit UTF-8 names come out as their intended text. A ``str`` is
      taken as already-decoded characters.
    * A section ``&<base64>-`` is decoded only when it is exactly what
      :func:`encode_mailbox_name` would write for the text it holds: a
      whole number of UTF-16 code units with zero padding bits, surrogates
      correctly paired, no printable ASCII or NUL inside, and not directly
      after another ``&<base64>-`` section (the encoder merges runs; ``&-``
      does not count). Any other section is kept literally, as it appeared.
      Rejecting non-canonical forms stops a server from showing one name
      (say ``INBOX`` as ``&AEkATgBCAE8AWA-``) for another.
    * An ``&`` that does not start such a section (unterminated, or followed
      by a character outside the base64 alphabet) is kept literally.
    * Every other character, including non-ASCII and control characters that
      should have been encoded, is kept as it is, except that NUL and
      surrogate code points become U+FFFD, so the result can always be
      printed, encoded as UTF-8, and passed to :func:`encode_mailbox_name`.

    The result is meant for display and for matching against names the
    caller encodes itself. Because a malformed name decodes to text that
    encodes differently (for a ``str`` ``raw``,
    ``encode_mailbox_name(decode_mailbox_name(raw)) == raw`` holds exactly
    when ``raw`` is canonical modified UTF-7), a
    caller that must address a mailbox whose name was malformed should send
    back the raw name the server sent, not a re-encoding of this result.

    Args:
        raw: The name as received: bytes from the wire, or text.

    Returns:
        The decoded name. The call is linear in the input length and never
        raises.

    Example::

        >>> decode_mailbox_name(b"~peter/mail/&U,BTFw-/&ZeVnLIqe-")
        '~peter/mail/台北/日本語'
        >>> decode_mailbox_name("Tom & Jerry")  # malformed "&" kept as is
        'Tom & Jerry'
    """
    text = raw if isinstance(raw, str) else raw.decode("utf-8", errors="replace")
    text = _UNSHOWABLE.sub("\ufffd", text)
    if "&" not in text:
        return text

    parts: list[str] = []
    pos = 0
    section_end = -1  # end index of the last base64 section, decoded or not
    for match in _SECTION.finditer(text):
        start = match.start()
        parts.append(text[pos:start])
        body = match.group(1)
        if not body:
            parts.append("&")
        else:
            # A canonical encoder writes one section per maximal run, so a
            # section right after another one is never canonical.
            chars = None if start == section_end else _decode_section(body)
            parts.append(match.group() if chars is None else chars)
            section_end = match.end()
        pos = match.end()
    parts.append(text[pos:])
    return "".join(parts)


def _encode_run(match: re.Match[str]) -> str:
    run = match.group()
    if run == "&":
        return "&-"
    try:
        utf16 = run.encode("utf-16-be")
    except UnicodeEncodeError as exc:
        index = match.start() + exc.start
        raise ValueError(
            f"mailbox name contains a lone surrogate U+{ord(run[exc.start]):04X} "
            f"at index {index}; only Unicode characters can be encoded"
        ) from None
    return "&" + _b64encode(utf16) + "-"


def _b64encode(data: bytes) -> str:
    return base64.b64encode(data, altchars=_B64_ALTCHARS).rstrip(b"=").decode("ascii")


def _decode_section(body: str) -> str | None:
    """Decode the base64 between ``&`` and ``-``, or None if not canonical."""
    if len(body) % 4 == 1:  # 6 stray bits: no whole octet
        return None
    try:
        utf16 = base64.b64decode(
            body + "=" * (-len(body) % 4), altchars=_B64_ALTCHARS, validate=True
        )
    except binascii.Error:  # pragma: no cover - _SECTION admits only the alphabet
        return None
    if len(utf16) % 2:
        return None
    # Equal only if the unused low bits of the last character were zero.
    if _b64encode(utf16) != body:
        return None
    try:
        chars = utf16.decode("utf-16-be")
    except UnicodeDecodeError:  # a lone or reversed surrogate
        return None
    if _NOT_ENCODABLE_IN_SECTION.search(chars):
        return None
    return chars
