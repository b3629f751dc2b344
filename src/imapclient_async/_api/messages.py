"""The STORE, COPY, MOVE, APPEND and EXPUNGE commands of :class:`~imapclient_async.Client`.

This module changes when one of these commands is added or changed.
"""

from __future__ import annotations

from .._session import Session

__all__ = ["MessageCommands"]


class MessageCommands(Session):
    """STORE, COPY, MOVE, APPEND and EXPUNGE."""
