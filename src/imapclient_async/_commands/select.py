"""SELECT and EXAMINE, and how later untagged updates change the selected mailbox.

The same :func:`apply_update` builds the SELECT result from SELECT's own
responses and keeps it current afterwards, so the two can never disagree.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .._proto import Argument, Atom, CommandOutcome, Number, ParenList, StatusResponse, UntaggedData
from ..errors import ProtocolError
from ..mailboxes import MailboxLike, QResync, SelectResult
from ..messageset import MessageSet, message_set_argument
from .mailbox_name import mailbox_argument
from .replies import code_number, flag_set
from .vanished import parse_vanished

__all__ = ["COLLECT", "apply_update", "select_arguments", "select_result", "vanished_earlier"]

COLLECT = frozenset({"FLAGS", "EXISTS", "RECENT", "EXPUNGE", "VANISHED", "OK"})
"""The untagged responses SELECT and EXAMINE collect.

FETCH is left out on purpose: the flag changes a QRESYNC SELECT reports reach
the event handlers as unsolicited updates.
"""


def select_arguments(
    mailbox: MailboxLike, *, condstore: bool, qresync: QResync | None
) -> list[Argument]:
    """``mailbox [(CONDSTORE)]`` or ``mailbox (QRESYNC (uidvalidity modseq [known-uids]))``.

    RFC 7162: QRESYNC implies CONDSTORE, so only one of the two is sent.

    Raises:
        TypeError, ValueError: ``mailbox`` is not a usable name, or ``qresync``
            is not a :class:`QResync`.
    """
    arguments: list[Argument] = [mailbox_argument(mailbox)]
    if qresync is not None:
        if not isinstance(qresync, QResync):
            raise TypeError(f"qresync must be a QResync, not {type(qresync).__name__}")
        known: tuple[Argument, ...] = ()
        if qresync.known_uids is not None:
            known = (message_set_argument(qresync.known_uids),)
        state = ParenList((Number(qresync.uid_validity), Number(qresync.highest_modseq), *known))
        arguments.append(ParenList((Atom("QRESYNC"), state)))
    elif condstore:
        arguments.append(ParenList((Atom("CONDSTORE"),)))
    return arguments


def vanished_earlier(outcome: CommandOutcome) -> MessageSet | None:
    """The UIDs a QRESYNC SELECT reported expunged since the client's saved state.

    That is the union of its ``* VANISHED (EARLIER)`` responses; None when it
    sent none.

    Raises:
        ProtocolError: A VANISHED response is malformed.
    """
    sets = [
        str(uids)
        for uids, earlier in (
            parse_vanished(response)
            for response in outcome.untagged
            if isinstance(response, UntaggedData) and response.keyword == "VANISHED"
        )
        if earlier
    ]
    # Joining the ranges and parsing them once merges them without expanding.
    return MessageSet(",".join(sets)) if sets else None


def select_result(mailbox: str, outcome: CommandOutcome, *, readonly: bool) -> SelectResult:
    """Fold SELECT's untagged responses and tagged OK into a :class:`SelectResult`."""
    fields: dict[str, Any] = {
        "mailbox": mailbox,
        "exists": None,
        "recent": None,
        "flags": None,
        "permanent_flags": None,
        "uid_validity": None,
        "uid_next": None,
        "first_unseen": None,
        "highest_modseq": None,
        "read_only": readonly,
        "text": outcome.tagged.text,
    }
    for response in outcome.untagged:
        fields.update(_changes(fields["exists"], response))
    code = outcome.tagged.code
    if code is not None and code.name in ("READ-ONLY", "READ-WRITE"):
        fields["read_only"] = code.name == "READ-ONLY"
    return SelectResult(**fields, vanished=vanished_earlier(outcome))


def apply_update(selected: SelectResult, response: StatusResponse | UntaggedData) -> SelectResult:
    """The selected mailbox after one untagged response (unchanged if unrelated).

    Raises:
        ProtocolError: The response's data is malformed.
    """
    changes = _changes(selected.exists, response)
    return dataclasses.replace(selected, **changes) if changes else selected


def _changes(exists: int | None, response: StatusResponse | UntaggedData) -> dict[str, Any]:
    """The SelectResult fields one untagged response changes, given ``exists`` so far.

    Raises:
        ProtocolError: The response's data is malformed.
    """
    if isinstance(response, StatusResponse):
        code = response.code
        if response.status != "OK" or code is None:
            return {}
        if code.name == "PERMANENTFLAGS":
            flags = flag_set(code.args[0] if code.args else None, "PERMANENTFLAGS")
            return {"permanent_flags": flags}
        if code.name == "NOMODSEQ":
            return {"highest_modseq": None}
        field = _CODE_FIELDS.get(code.name)
        return {} if field is None else {field: code_number(code)}
    keyword = response.keyword
    if keyword == "EXISTS" and response.number is not None:
        return {"exists": response.number}
    if keyword == "RECENT" and response.number is not None:
        return {"recent": response.number}
    if keyword == "EXPUNGE" and response.number is not None and exists is not None:
        return {"exists": max(exists - 1, 0)}
    if keyword == "VANISHED":
        return _after_vanished(exists, response)
    if keyword == "FLAGS" and response.number is None:
        return {"flags": flag_set(response.values[0] if response.values else None, "FLAGS")}
    return {}


# Response codes whose number is a SelectResult field as it is.
_CODE_FIELDS = {
    "UIDVALIDITY": "uid_validity",
    "UIDNEXT": "uid_next",
    "UNSEEN": "first_unseen",
    "HIGHESTMODSEQ": "highest_modseq",
}


def _after_vanished(exists: int | None, response: UntaggedData) -> dict[str, Any]:
    uids, earlier = parse_vanished(response)
    if earlier:
        # RFC 7162 3.2.10: (EARLIER) UIDs were never counted in EXISTS.
        return {}
    if uids.has_star:
        raise ProtocolError(f"server sent VANISHED {uids} with '*', which names no UIDs")
    if exists is None:
        return {}
    return {"exists": max(exists - len(uids), 0)}
