"""Whatever a hostile server sends, the client raises ProtocolError and nothing else.

Any other exception (IndexError, TypeError, RecursionError, ...) escaping a
parser would surface as a crash in the connection's reader instead of a clean
failure of the waiting commands, so these properties generate arbitrary and
response-shaped data and feed it to the decoder and to every reply parser.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import outcome
from imapclient_async import ProtocolError
from imapclient_async._commands import (
    copy,
    expunge,
    extensions,
    fetch,
    namespace,
    quota,
    search,
    select,
    status,
    store,
    unsolicited,
)
from imapclient_async._commands import list as list_command
from imapclient_async._connection import CommandOutcome
from imapclient_async._proto import Limits, ResponseParser, StatusResponse, UntaggedData
from imapclient_async.mailboxes import SelectResult
from imapclient_async.messageset import MessageSet

# Pieces that real responses are made of, so generated data gets past the
# first token often enough to reach the parsers' deeper branches.
_TOKENS = [
    b" ", b"(", b")", b"NIL", b'"x"', b'"\\"q"', b"{3}\r\nabc", b"~{2}\r\nab", b"1", b"42",
    b"4294967296", b"*", b"1:*", b"\\Seen", b"FLAGS", b"UID", b"BODY[]", b"BODY[1.2]<0>",
    b"ENVELOPE", b"BODYSTRUCTURE", b"INTERNALDATE", b'"24-Nov-2026 10:00:00 +0000"',
    b"RFC822.SIZE", b"MODSEQ", b"[", b"]", b"<", b">", b"TEXT", b"ALL", b"MIN", b"COUNT",
    b"EARLIER", b"\xc3\xa9", b"\x00", b"-1", b"(TAG \"A1\")", b"UIDNEXT", b"COPYUID",
]  # fmt: skip
_KEYWORDS = [
    b"FETCH", b"LIST", b"LSUB", b"STATUS", b"NAMESPACE", b"SEARCH", b"ESEARCH", b"SORT",
    b"THREAD", b"ID", b"ENABLED", b"QUOTA", b"QUOTAROOT", b"EXISTS", b"EXPUNGE", b"VANISHED",
    b"FLAGS", b"RECENT", b"CAPABILITY",
]  # fmt: skip
_CODES = [b"UIDNEXT", b"UIDVALIDITY", b"PERMANENTFLAGS", b"HIGHESTMODSEQ", b"COPYUID",
          b"APPENDUID", b"MODIFIED", b"READ-ONLY", b"ALERT", b"UNSEEN"]  # fmt: skip

_body = st.lists(st.sampled_from(_TOKENS), max_size=25).map(b"".join)
_untagged_line = st.one_of(
    st.tuples(st.sampled_from(_KEYWORDS), _body).map(lambda kv: b"* " + kv[0] + b" " + kv[1]),
    st.tuples(st.integers(0, 5), st.sampled_from(_KEYWORDS), _body).map(
        lambda nkv: b"* %d " % nkv[0] + nkv[1] + b" " + nkv[2]
    ),
    st.tuples(st.sampled_from(_CODES), _body).map(
        lambda cv: b"* OK [" + cv[0] + b" " + cv[1] + b"] x"
    ),
)
_reply = st.tuples(
    st.lists(_untagged_line, max_size=4),
    st.tuples(st.sampled_from(_CODES), _body).map(
        lambda cv: b"A1 OK [" + cv[0] + b" " + cv[1] + b"] x"
    ),
)


def _parse(untagged: bytes, tagged: bytes) -> CommandOutcome | None:
    try:
        return outcome(untagged, tagged)
    except (ProtocolError, AssertionError):
        return None  # not even a well-framed reply: the decoder's own property covers it


_PARSERS: list[Callable[[CommandOutcome], object]] = [
    lambda reply: [fetch.fetched_message(r) for r in reply.untagged if isinstance(r, UntaggedData)],
    lambda reply: list_command.list_result(reply, "LIST"),
    lambda reply: status.status_result(reply, b"INBOX"),
    namespace.namespace_result,
    lambda reply: search.search_result(reply, uid=True),
    search.sort_result,
    search.thread_result,
    extensions.id_from_outcome,
    extensions.enabled_from_outcome,
    lambda reply: quota.quota_root_from_outcome("INBOX", reply),
    lambda reply: quota.quota_from_outcome("", reply),
    copy.copy_result,
    lambda reply: store.store_result(reply, MessageSet("1:*"), uid=True, conditional=True),
    lambda reply: expunge.expunge_result(reply, qresync=True),
    lambda reply: select.select_result("INBOX", reply, readonly=False),
    lambda reply: [
        unsolicited.event_for(r)
        for r in reply.untagged
        if isinstance(r, (StatusResponse, UntaggedData))
    ],
]


@settings(max_examples=300)
@given(st.binary(max_size=300), st.lists(st.integers(1, 50), max_size=10))
def test_decoder_on_arbitrary_bytes(data: bytes, cuts: list[int]) -> None:
    parser = ResponseParser(Limits(max_line_length=200, max_literal_size=100, max_nesting_depth=8))
    position = 0
    try:
        for size in [*cuts, len(data)]:
            parser.feed(data[position : position + size])
            position += size
            while parser.next_response() is not None:
                pass
    except ProtocolError:
        pass


@settings(max_examples=500)
@given(_reply, st.integers(0, len(_PARSERS) - 1))
def test_reply_parsers_on_response_shaped_data(
    reply: tuple[list[bytes], bytes], which: int
) -> None:
    untagged, tagged = reply
    parsed = _parse(b"".join(line + b"\r\n" for line in untagged), tagged + b"\r\n")
    if parsed is None:
        return
    with contextlib.suppress(ProtocolError):
        _PARSERS[which](parsed)


@settings(max_examples=300)
@given(st.lists(_untagged_line, max_size=6))
def test_selected_state_updates_on_response_shaped_data(lines: list[bytes]) -> None:
    parsed = _parse(b"".join(line + b"\r\n" for line in lines), b"A1 OK done\r\n")
    if parsed is None:
        return
    selected = SelectResult("INBOX", 3, None, frozenset(), None, None, None, None, None, False, "")
    for response in parsed.untagged:
        with contextlib.suppress(ProtocolError):
            selected = select.apply_update(selected, response)
