"""The library's two loggers and how the wire conversation is rendered for them.

- ``imapclient_async``: connection lifecycle at INFO (connected, TLS
  established, closed and why) and server alerts at WARNING.
- ``imapclient_async.wire``: every line at DEBUG, as ``C: ...`` for what the
  client sends and ``S: ...`` for what the server sends. Passwords and SASL
  payloads are already ``***`` in the text the encoder hands over; literals
  over 1 KiB are shown as ``{N bytes}``.

Turn the wire log on with::

    logging.basicConfig()
    logging.getLogger("imapclient_async.wire").setLevel(logging.DEBUG)
"""

from __future__ import annotations

import logging

from ._decoder import Frame
from ._wire_text import literal_for_log

__all__ = ["log", "log_client", "log_server", "wire_log"]

log = logging.getLogger("imapclient_async")
wire_log = logging.getLogger("imapclient_async.wire")


def log_client(text: str) -> None:
    """Log text the client sent (already redacted), one record per line."""
    for line in text.split("\r\n"):
        wire_log.debug("C: %s", line)


def log_server(frame: Frame) -> None:
    """Log one framed server response, one record per line."""
    parts: list[str] = []
    for index, segment in enumerate(frame.segments):
        parts.append(segment.decode("utf-8", "replace"))
        if index < len(frame.literals):
            literal = frame.literals[index]
            parts.append(literal_for_log(f"{{{len(literal)}}}", literal))
    for line in "".join(parts).split("\r\n"):
        wire_log.debug("S: %s", line)
