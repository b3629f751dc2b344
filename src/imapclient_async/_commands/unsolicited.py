"""Turning untagged responses nobody asked for into typed events.

This module changes when a new kind of unsolicited update becomes an event.
"""

from __future__ import annotations

from .._proto import StatusResponse, UntaggedData
from ..errors import ProtocolError
from ..events import Alert, Bye, Event, Exists, Expunge, FlagsChanged, Recent, Vanished
from .replies import flag_set, number
from .vanished import parse_vanished

__all__ = ["event_for"]


def event_for(response: StatusResponse | UntaggedData) -> Event | None:
    """The event an unsolicited response stands for, or None.

    Raises:
        ProtocolError: The response's data is malformed.
    """
    if isinstance(response, StatusResponse):
        if response.status == "BYE":
            return Bye(response.text)
        if response.code is not None and response.code.name == "ALERT":
            return Alert(response.text)
        return None
    if response.keyword == "VANISHED":
        uids, earlier = parse_vanished(response)
        return None if earlier else Vanished(uids)
    count = response.number
    if count is None:
        return None
    keyword = response.keyword
    if keyword == "EXISTS":
        return Exists(count)
    if keyword == "RECENT":
        return Recent(count)
    if keyword == "EXPUNGE":
        return Expunge(count)
    if keyword == "FETCH":
        return _flags_changed(count, response)
    return None


def _flags_changed(seq: int, response: UntaggedData) -> FlagsChanged | None:
    items = response.values[0] if response.values else None
    if not isinstance(items, list) or len(items) % 2:
        raise ProtocolError(f"server sent a malformed FETCH response for message {seq}")
    fields = {str(items[index]).upper(): items[index + 1] for index in range(0, len(items), 2)}
    if "FLAGS" not in fields:
        return None
    uid = fields.get("UID")
    modseq = fields.get("MODSEQ")
    return FlagsChanged(
        seq=seq,
        flags=flag_set(fields["FLAGS"], "FLAGS"),
        uid=None if uid is None else number(uid, "UID"),
        modseq=None if not isinstance(modseq, list) or not modseq else number(modseq[0], "MODSEQ"),
    )
