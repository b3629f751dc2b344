"""The sans-IO IMAP protocol core: bytes in, typed responses out; commands in, bytes out.

Nothing in this package performs I/O or imports asyncio, so every rule of the
wire format and of the session (tags, admission, routing, state) is testable
from byte strings alone. The asyncio connection in
``imapclient_async._connection`` drives it.
"""

from ._client_protocol import (
    ClientProtocol,
    ClientState,
    Closed,
    Command,
    CommandOutcome,
    Completed,
    ContinuationReply,
    ContinuationRequested,
    Event,
    Greeted,
    Stage,
    Streamed,
    Untagged,
    check_allowed,
)
from ._decoder import Frame, ResponseParser, parse_frame
from ._encoder import (
    Argument,
    AString,
    Atom,
    EncodedCommand,
    Literal,
    LiteralMode,
    Number,
    ParenList,
    Raw,
    String,
    encode_command,
    utf8,
)
from ._limits import READ_CACHE_SIZE, Limits
from ._responses import (
    ContinuationRequest,
    Response,
    ResponseCode,
    StatusResponse,
    TaggedResponse,
    UntaggedData,
    Value,
)

__all__ = [
    "READ_CACHE_SIZE",
    "AString",
    "Argument",
    "Atom",
    "ClientProtocol",
    "ClientState",
    "Closed",
    "Command",
    "CommandOutcome",
    "Completed",
    "ContinuationReply",
    "ContinuationRequest",
    "ContinuationRequested",
    "EncodedCommand",
    "Event",
    "Frame",
    "Greeted",
    "Limits",
    "Literal",
    "LiteralMode",
    "Number",
    "ParenList",
    "Raw",
    "Response",
    "ResponseCode",
    "ResponseParser",
    "Stage",
    "StatusResponse",
    "Streamed",
    "String",
    "TaggedResponse",
    "Untagged",
    "UntaggedData",
    "Value",
    "check_allowed",
    "encode_command",
    "parse_frame",
    "utf8",
]
