"""Turning untagged responses nobody asked for into typed events."""

from __future__ import annotations

from .._proto import StatusResponse, UntaggedData
from ..events import Alert, Bye, Event, Exists, Expunge, FlagsChanged, Recent, Vanished
from .fetch import fetched_message
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
        return _flags_changed(response)
    return None


def _flags_changed(response: UntaggedData) -> FlagsChanged | None:
    message = fetched_message(response)
    if message.flags is None:
        return None
    return FlagsChanged(
        seq=message.seq, flags=message.flags, uid=message.uid, modseq=message.modseq
    )
