"""The FETCH, streamed and collected commands of :class:`~imapclient_async.Client`.

This module changes when one of these commands is added or changed.
"""

from __future__ import annotations

from .._session import Session

__all__ = ["FetchCommands"]


class FetchCommands(Session):
    """FETCH, streamed and collected."""
