"""The IDLE, with a NOOP-polling fallback commands of :class:`~imapclient_async.Client`.

This module changes when one of these commands is added or changed.
"""

from __future__ import annotations

from .._session import Session

__all__ = ["IdleCommands"]


class IdleCommands(Session):
    """IDLE, with a NOOP-polling fallback."""
