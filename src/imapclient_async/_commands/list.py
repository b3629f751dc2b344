"""LIST and LSUB: which mailboxes exist, with LIST-EXTENDED and LIST-STATUS options.

As RFC 3501 6.3.8-9, RFC 5258 (LIST-EXTENDED), RFC 5819 (LIST-STATUS) and
RFC 6154 (SPECIAL-USE) define them.
"""

from __future__ import annotations

import dataclasses

from .._proto import Argument, AString, Atom, CommandOutcome, ParenList, UntaggedData, Value
from .._proto._log import log
from .._utf7 import decode_mailbox_name, encode_mailbox_name
from ..errors import ProtocolError
from ..mailboxes import Mailbox, MailboxStatus
from .mailbox_name import mailbox_key, received_mailbox_name
from .replies import flag_set
from .status import parse_status, status_item_list

__all__ = ["collect_for", "hierarchy_delimiter", "list_arguments", "list_result", "parse_list"]

# Attributes from RFC 3501, RFC 5258 and RFC 6154, by upper-case name: servers
# differ in case ("\NoSelect"), callers test membership with the RFC spelling.
_KNOWN_ATTRIBUTES = {
    name.upper(): name
    for name in (
        "\\Noinferiors",
        "\\Noselect",
        "\\Marked",
        "\\Unmarked",
        "\\NonExistent",
        "\\Subscribed",
        "\\Remote",
        "\\HasChildren",
        "\\HasNoChildren",
        "\\All",
        "\\Archive",
        "\\Drafts",
        "\\Flagged",
        "\\Junk",
        "\\Sent",
        "\\Trash",
    )
}
_SPECIAL_USES = frozenset(
    {"\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash"}
)


def list_arguments(
    reference: str,
    pattern: str,
    *,
    subscribed: bool,
    status_items: tuple[str, ...] | None,
    special_use: bool = False,
) -> list[Argument]:
    """The arguments of LIST, or of LSUB when neither option is given.

    ``subscribed`` adds the ``(SUBSCRIBED)`` selection option and
    ``status_items`` (validated names) the ``RETURN (STATUS (...))`` option;
    the caller checks the server offers them (LIST-EXTENDED, LIST-STATUS).
    ``special_use`` (the server offers SPECIAL-USE) adds the ``SPECIAL-USE``
    return option whenever either of them makes the LIST extended: servers
    may then leave the roles out unless asked (RFC 6154 5.1; Dovecot does).
    Reference and pattern are encoded in modified UTF-7; the wildcards ``*``
    and ``%`` are ASCII and pass through unchanged (the string is quoted).

    Raises:
        TypeError: ``reference`` or ``pattern`` is not a str.
        ValueError: One of them holds NUL.
    """
    for name, value in (("reference", reference), ("pattern", pattern)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    arguments: list[Argument] = []
    if subscribed:
        arguments.append(ParenList((Atom("SUBSCRIBED"),)))
    arguments += [AString(encode_mailbox_name(reference)), AString(encode_mailbox_name(pattern))]
    options: list[Argument] = []
    if special_use and (subscribed or status_items is not None):
        options.append(Atom("SPECIAL-USE"))
    if status_items is not None:
        options += [Atom("STATUS"), status_item_list(status_items)]
    if options:
        arguments += [Atom("RETURN"), ParenList(tuple(options))]
    return arguments


def collect_for(keyword: str) -> frozenset[str]:
    """The untagged responses LIST or LSUB (``keyword``) collects, with STATUS for LIST-STATUS."""
    return frozenset({keyword, "STATUS"}) if keyword == "LIST" else frozenset({keyword})


def parse_list(response: UntaggedData) -> Mailbox:
    """``* LIST (attributes) delimiter name [extended data]`` as a :class:`Mailbox`.

    LSUB responses have the same shape; every mailbox LSUB lists is
    subscribed, so it gets ``\\Subscribed`` as LIST-EXTENDED would give it.
    Extended data (RFC 5258 CHILDINFO, OLDNAME) is ignored. ``status`` is
    left None.

    Raises:
        ProtocolError: The response is malformed.
    """
    values = response.values
    if len(values) < 3:
        raise ProtocolError(f"malformed {response.keyword} response: {values!r}")
    attributes, delimiter, name = values[0], values[1], values[2]
    flags = frozenset(
        _KNOWN_ATTRIBUTES.get(flag.upper(), flag)
        for flag in flag_set(attributes, f"{response.keyword} attributes")
    )
    if response.keyword == "LSUB":
        flags |= {"\\Subscribed"}
    raw = received_mailbox_name(name, response.keyword)
    special_uses = sorted(flags & _SPECIAL_USES)
    return Mailbox(
        name="INBOX" if mailbox_key(raw) == b"INBOX" else decode_mailbox_name(raw),
        delimiter=hierarchy_delimiter(delimiter),
        flags=flags,
        special_use=special_uses[0] if special_uses else None,
        status=None,
        raw_name=raw,
    )


def hierarchy_delimiter(value: Value) -> str | None:
    """A hierarchy delimiter (one quoted character), or None for NIL (a flat namespace).

    Raises:
        ProtocolError: The value is not one character or NIL.
    """
    if value is None:
        return None
    text = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
    if not isinstance(text, str) or len(text) != 1:
        raise ProtocolError(f"server sent {value!r} where a hierarchy delimiter should be")
    return text


def list_result(outcome: CommandOutcome, keyword: str) -> list[Mailbox]:
    """The mailboxes LIST or LSUB (``keyword``) reported, in the server's order.

    STATUS responses (LIST-STATUS) are matched to the listed mailbox of the
    same raw name; a STATUS for a mailbox not listed is ignored.

    Raises:
        ProtocolError: A response is malformed.
    """
    mailboxes: dict[bytes, Mailbox] = {}
    statuses: dict[bytes, MailboxStatus] = {}
    for response in outcome.untagged:
        if not isinstance(response, UntaggedData):
            continue
        try:
            if response.keyword == keyword:
                mailbox = parse_list(response)
                mailboxes[mailbox_key(mailbox.raw_name)] = mailbox
            elif response.keyword == "STATUS":
                raw, status = parse_status(response)
                statuses[raw] = status
        except ProtocolError as exc:
            # One unreadable line costs only its mailbox, not the whole listing.
            log.warning("%s response left unread: %s", response.keyword, exc)
    return [
        dataclasses.replace(mailbox, status=statuses[raw]) if raw in statuses else mailbox
        for raw, mailbox in mailboxes.items()
    ]
