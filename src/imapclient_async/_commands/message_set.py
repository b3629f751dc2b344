"""Message sets as command arguments.

This module changes when the way messages are named in commands changes.
"""

from __future__ import annotations

from .._proto import Raw
from ..messageset import MessageSet, MessageSetLike

__all__ = ["message_set_argument"]


def message_set_argument(messages: MessageSetLike) -> Raw:
    """A ``sequence-set`` argument, e.g. ``1:3,7:*``.

    Raises:
        ValueError: The set is empty (IMAP has no empty set) or malformed.
        TypeError: ``messages`` is not message-set-like.
    """
    message_set = MessageSet(messages)
    if not message_set:
        raise ValueError("the message set is empty: name at least one message")
    return Raw(str(message_set))
