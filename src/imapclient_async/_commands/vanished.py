"""VANISHED (RFC 7162 QRESYNC): UIDs the server says are gone.

Both UID EXPUNGE's result and unsolicited updates read it.
"""

from __future__ import annotations

from .._proto import UntaggedData
from ..errors import ProtocolError
from ..messageset import MessageSet

__all__ = ["parse_vanished"]


def parse_vanished(response: UntaggedData) -> tuple[MessageSet, bool]:
    """``* VANISHED [(EARLIER)] uid-set`` as (the UIDs, whether EARLIER was given).

    EARLIER marks UIDs expunged before this session looked (a QRESYNC
    resynchronisation), as opposed to expunged just now.

    Raises:
        ProtocolError: The response is malformed.
    """
    values = list(response.values)
    earlier = False
    if values and isinstance(values[0], list):
        earlier = [str(item).upper() for item in values[0]] == ["EARLIER"]
        values = values[1:]
    if len(values) != 1 or not isinstance(values[0], str):
        raise ProtocolError(f"malformed VANISHED response: {values!r}")
    try:
        return MessageSet(values[0]), earlier
    except ValueError as exc:
        raise ProtocolError(f"malformed VANISHED UID set: {values[0]!r}") from exc
