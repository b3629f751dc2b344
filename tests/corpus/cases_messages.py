"""SEARCH/ESEARCH, SORT, THREAD, STORE, COPY/MOVE, APPEND and EXPUNGE replies."""

from __future__ import annotations

from imapclient_async import (
    AppendResult,
    CopyResult,
    ExpungeResult,
    MessageSet,
    SearchResult,
    StoreResult,
    ThreadNode,
    UIDMapping,
)
from imapclient_async.events import Exists, Expunge, FlagsChanged, Recent

from .case import Case

CRLF = b"\r\n"


def lines(*parts: bytes) -> bytes:
    """Responses given line by line, each ended with CRLF."""
    return b"".join(item + CRLF for item in parts)


def found(ids: str, *, uid: bool, modseq: int | None = None) -> SearchResult:
    """The result of a plain SEARCH matching ``ids``."""
    matched = MessageSet(ids) if ids else MessageSet()
    numbers = list(matched)
    return SearchResult(
        ids=matched,
        uid=uid,
        min=numbers[0] if numbers else None,
        max=numbers[-1] if numbers else None,
        count=len(numbers),
        highest_modseq=modseq,
    )


def copied(
    validity: int, source: str, destination: str, runs: list[tuple[int, int, int]]
) -> CopyResult:
    return CopyResult(
        uid_validity=validity,
        source_uids=MessageSet(source),
        destination_uids=MessageSet(destination),
        mapping=UIDMapping(runs),
    )


RFC3501 = "https://www.rfc-editor.org/rfc/rfc3501"
RFC4315 = "https://www.rfc-editor.org/rfc/rfc4315"
RFC4731 = "https://www.rfc-editor.org/rfc/rfc4731"
RFC5256 = "https://www.rfc-editor.org/rfc/rfc5256"
RFC6851 = "https://www.rfc-editor.org/rfc/rfc6851"
RFC7162 = "https://www.rfc-editor.org/rfc/rfc7162"

SEARCH_CASES: list[Case] = [
    Case(
        id="rfc3501-search",
        server="RFC",
        provenance="RFC 3501 section 6.4.4 example: SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM.",
        source=RFC3501,
        command='A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"',
        response=lines(b"* SEARCH 2 84 882", b"A282 OK SEARCH completed"),
        expected=found("2,84,882", uid=False),
    ),
    Case(
        id="rfc3501-search-nothing",
        server="RFC",
        provenance="RFC 3501 section 6.4.4 example: a SEARCH matching nothing, empty SEARCH.",
        source=RFC3501,
        command='A283 SEARCH TEXT "string not in mailbox"',
        response=lines(b"* SEARCH", b"A283 OK SEARCH completed"),
        expected=found("", uid=False),
    ),
    Case(
        id="rfc4731-esearch-min-count",
        server="RFC",
        provenance="RFC 4731 section 3.1 example: ESEARCH with MIN and COUNT.",
        source=RFC4731,
        command="A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM Smith",
        response=lines(b'* ESEARCH (TAG "A282") MIN 2 COUNT 3', b"A282 OK SEARCH completed"),
        expected=SearchResult(ids=MessageSet(), uid=False, min=2, max=None, count=3),
    ),
    Case(
        id="rfc4731-esearch-all",
        server="RFC",
        provenance="RFC 4731 section 3.1 example: ESEARCH ALL as a sequence set.",
        source=RFC4731,
        command="A283 SEARCH RETURN (ALL) FLAGGED SINCE 1-Feb-1994 NOT FROM Smith",
        response=lines(b'* ESEARCH (TAG "A283") ALL 2,10:11', b"A283 OK SEARCH completed"),
        expected=SearchResult(ids=MessageSet("2,10:11"), uid=False, min=2, max=11, count=3),
    ),
    Case(
        id="rfc4731-esearch-empty",
        server="RFC",
        provenance="RFC 4731 section 3.1 example: ESEARCH when nothing matched: only the tag.",
        source=RFC4731,
        command='A284 SEARCH RETURN (MIN COUNT) TEXT "string not in mailbox"',
        response=lines(b'* ESEARCH (TAG "A284")', b"A284 OK SEARCH completed"),
        expected=SearchResult(ids=MessageSet(), uid=False, min=None, max=None, count=0),
    ),
    Case(
        id="rfc4731-esearch-uid",
        server="RFC",
        provenance="RFC 4731 section 3.1 example: UID SEARCH RETURN (MIN MAX COUNT ALL) with "
        "the UID indicator.",
        source=RFC4731,
        command="A285 UID SEARCH RETURN (MIN MAX) 1:5000",
        response=lines(b'* ESEARCH (TAG "A285") UID MIN 7 MAX 3800', b"A285 OK SEARCH completed"),
        expected=SearchResult(ids=MessageSet(), uid=True, min=7, max=3800, count=0),
    ),
    Case(
        id="rfc7162-search-modseq",
        server="RFC",
        provenance="RFC 7162 section 3.1.5 example: SEARCH MODSEQ returns the highest "
        "mod-sequence after the numbers.",
        source=RFC7162,
        command="a SEARCH MODSEQ 620162338",
        response=lines(
            b"* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)", b"a OK Search complete"
        ),
        expected=found("2,5:7,11:12,18:20,23", uid=False, modseq=917162500),
    ),
    Case(
        id="imapclient-search-modseq-no-space",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: a server that glues (MODSEQ n) to the last number.",
        source="mjs/imapclient:tests/test_response_parser.py",
        command="A1 SEARCH MODSEQ 1",
        response=lines(b"* SEARCH 1 2 3(modseq 999)"),
        expected=found("1:3", uid=False, modseq=999),
        quirk="no space before (MODSEQ n); lower case",
    ),
    Case(
        id="dovecot-uid-search-with-unilateral-fetch",
        server="Dovecot",
        provenance="IMAPClient issue 334: Dovecot answers UID SEARCH UNFLAGGED and slips in a "
        "FETCH flag update for another message before the OK.",
        source="https://github.com/mjs/imapclient/issues/334",
        command="GLLL125 UID SEARCH UNFLAGGED",
        response=lines(
            b"* SEARCH 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 29 33",
            rb"* 28 FETCH (FLAGS (\Seen))",
            b"GLLL125 OK Search completed (0.000 secs).",
        ),
        expected=found("1:26,29,33", uid=True),
        events=(FlagsChanged(seq=28, flags=frozenset({"\\Seen"}), uid=None, modseq=None),),
    ),
    Case(
        id="rfc5256-sort",
        server="RFC",
        provenance="RFC 5256 section 4 example: SORT (DATE) UTF-8 SINCE 1-Feb-1994.",
        source=RFC5256,
        command="A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994",
        response=lines(b"* SORT 2 84 882", b"A282 OK SORT completed"),
        expected=(2, 84, 882),
    ),
    Case(
        id="rfc5256-sort-reverse",
        server="RFC",
        provenance="RFC 5256 section 4 example: SORT (REVERSE DATE) in the server's order.",
        source=RFC5256,
        command="A283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL",
        response=lines(b"* SORT 5 3 4 1 2", b"A283 OK SORT completed"),
        expected=(5, 3, 4, 1, 2),
    ),
    Case(
        id="rfc5256-thread-orderedsubject",
        server="RFC",
        provenance="RFC 5256 section 4 example: THREAD ORDEREDSUBJECT.",
        source=RFC5256,
        command="A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000",
        response=lines(
            b"* THREAD (166)(167)(168)(169)(172)(170)(171)(173)(174 (175)(176)(178)(181)(180))"
            b"(179)(177 (183)(182)(188)(184)(185)(186)(187)(189))(190)(191)(192)(193)(194 195)"
            b"(196 (197)(198))(199)(200 202)(201)(203)(204)(205)(206 207)(208)",
            b"A283 OK THREAD completed",
        ),
        expected=(
            ThreadNode(166),
            ThreadNode(167),
            ThreadNode(168),
            ThreadNode(169),
            ThreadNode(172),
            ThreadNode(170),
            ThreadNode(171),
            ThreadNode(173),
            ThreadNode(
                174,
                (
                    ThreadNode(175),
                    ThreadNode(176),
                    ThreadNode(178),
                    ThreadNode(181),
                    ThreadNode(180),
                ),
            ),
            ThreadNode(179),
            ThreadNode(
                177,
                (
                    ThreadNode(183),
                    ThreadNode(182),
                    ThreadNode(188),
                    ThreadNode(184),
                    ThreadNode(185),
                    ThreadNode(186),
                    ThreadNode(187),
                    ThreadNode(189),
                ),
            ),
            ThreadNode(190),
            ThreadNode(191),
            ThreadNode(192),
            ThreadNode(193),
            ThreadNode(194, (ThreadNode(195),)),
            ThreadNode(196, (ThreadNode(197), ThreadNode(198))),
            ThreadNode(199),
            ThreadNode(200, (ThreadNode(202),)),
            ThreadNode(201),
            ThreadNode(203),
            ThreadNode(204),
            ThreadNode(205),
            ThreadNode(206, (ThreadNode(207),)),
            ThreadNode(208),
        ),
    ),
    Case(
        id="rfc5256-thread-references-placeholder",
        server="RFC",
        provenance="RFC 5256 section 4 example: THREAD REFERENCES with a missing parent "
        "(a list starting with a list).",
        source=RFC5256,
        command="A284 THREAD REFERENCES UTF-8 SINCE 1-Jan-2000",
        response=lines(b"* THREAD (2)(3 6 (4 23)(44 7 96))", b"A284 OK Thread completed"),
        expected=(
            ThreadNode(2),
            ThreadNode(
                3,
                (
                    ThreadNode(
                        6,
                        (
                            ThreadNode(4, (ThreadNode(23),)),
                            ThreadNode(44, (ThreadNode(7, (ThreadNode(96),)),)),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Case(
        id="rfc5256-thread-nested-unknown-parent",
        server="RFC",
        provenance="RFC 5256 section 4 example: ((3)(5)) groups siblings whose parent is not "
        "in the mailbox.",
        source=RFC5256,
        command="A285 THREAD REFERENCES UTF-8 ALL",
        response=lines(b"* THREAD ((3)(5))", b"A285 OK Thread completed"),
        expected=(ThreadNode(None, (ThreadNode(3), ThreadNode(5))),),
    ),
]

STORE_CASES: list[Case] = [
    Case(
        id="rfc3501-store",
        server="RFC",
        provenance="RFC 3501 section 6.4.6 example: STORE 2:4 +FLAGS (\\Deleted).",
        source=RFC3501,
        command=r"A003 STORE 2:4 +FLAGS (\Deleted)",
        response=lines(
            rb"* 2 FETCH (FLAGS (\Deleted \Seen))",
            rb"* 3 FETCH (FLAGS (\Deleted))",
            rb"* 4 FETCH (FLAGS (\Deleted \Flagged \Seen))",
            b"A003 OK STORE completed",
        ),
        expected=StoreResult(
            flags={
                2: frozenset({"\\Deleted", "\\Seen"}),
                3: frozenset({"\\Deleted"}),
                4: frozenset({"\\Deleted", "\\Flagged", "\\Seen"}),
            },
            skipped=None,
        ),
    ),
    Case(
        id="rfc7162-store-unchangedsince-modified",
        server="RFC",
        provenance="RFC 7162 section 3.1.3 example: conditional STORE with [MODIFIED 7,9].",
        source=RFC7162,
        command=r"d105 STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\Deleted)",
        response=lines(
            b"* 5 FETCH (MODSEQ (320162350))",
            b"d105 OK [MODIFIED 7,9] Conditional STORE failed",
        ),
        expected=StoreResult(flags={}, skipped=MessageSet("7,9")),
    ),
    Case(
        id="rfc7162-uid-store-modseq-flags",
        server="RFC",
        provenance="RFC 7162 section 3.1.3 example: UID STORE reporting new flags and MODSEQ.",
        source=RFC7162,
        command=r"a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\Deleted)",
        response=lines(
            rb"* 1 FETCH (UID 4 MODSEQ (12121231000))",
            rb"* 2 FETCH (UID 6 MODSEQ (12121230852))",
            rb"* 4 FETCH (UID 8 MODSEQ (12121230956))",
            b"a103 OK Conditional Store completed",
        ),
        expected=StoreResult(flags={}, skipped=MessageSet()),
    ),
]

COPY_APPEND_EXPUNGE_CASES: list[Case] = [
    Case(
        id="rfc4315-copyuid",
        server="RFC",
        provenance="RFC 4315 section 3 example: COPY 2:4 answered with [COPYUID].",
        source=RFC4315,
        command="A003 COPY 2:4 MEETING",
        response=lines(b"A003 OK [COPYUID 38505 304,319:320 3956:3958] Done"),
        expected=copied(38505, "304,319:320", "3956:3958", [(304, 3956, 1), (319, 3957, 2)]),
    ),
    Case(
        id="rfc4315-appenduid",
        server="RFC",
        provenance="RFC 4315 section 3 example: APPEND answered with [APPENDUID].",
        source=RFC4315,
        command="A003 APPEND saved-messages (\\Seen) {297}",
        response=lines(
            b"+ Ready for literal data", b"A003 OK [APPENDUID 38505 3955] APPEND completed"
        ),
        expected=AppendResult(uid_validity=38505, uid=3955),
    ),
    Case(
        id="rfc3501-append-no-uidplus",
        server="RFC",
        provenance="RFC 3501 section 6.3.11 example: APPEND without UIDPLUS.",
        source=RFC3501,
        command="A003 APPEND saved-messages (\\Seen) {310}",
        response=lines(b"A003 OK APPEND completed"),
        expected=AppendResult(uid_validity=None, uid=None),
    ),
    Case(
        id="rfc6851-move",
        server="RFC",
        provenance="RFC 6851 section 4.3 example: MOVE reports COPYUID untagged, then EXPUNGEs.",
        source=RFC6851,
        command="a UID MOVE 42:69 foo",
        response=lines(
            b"* OK [COPYUID 432432 42:69 1202:1229]",
            b"* 22 EXPUNGE",
            b"* 22 EXPUNGE",
            b"a OK Done",
        ),
        expected=copied(432432, "42:69", "1202:1229", [(42, 1202, 28)]),
        events=(Expunge(22), Expunge(22)),
    ),
    Case(
        id="imapflow-copyuid-large-uids",
        server="ImapFlow test suite",
        provenance="ImapFlow's parser tests: COPYUID with ten-digit UIDs.",
        source="postalsys/imapflow:test/imap-parser-test.js",
        command="TAG1 UID COPY 1417051618:1417051620 Archive",
        response=lines(
            b"TAG1 OK [COPYUID 4 1417051618:1417051620 1421730687:1421730689] COPY completed"
        ),
        expected=copied(
            4, "1417051618:1417051620", "1421730687:1421730689", [(1417051618, 1421730687, 3)]
        ),
    ),
    Case(
        id="rfc3501-expunge",
        server="RFC",
        provenance="RFC 3501 section 6.4.3 example: EXPUNGE reporting 3, 3, 5, 8.",
        source=RFC3501,
        command="A202 EXPUNGE",
        response=lines(
            b"* 3 EXPUNGE",
            b"* 3 EXPUNGE",
            b"* 5 EXPUNGE",
            b"* 8 EXPUNGE",
            b"A202 OK EXPUNGE completed",
        ),
        expected=ExpungeResult(sequence_numbers=(3, 3, 5, 8), uids=None),
    ),
    Case(
        id="rfc7162-expunge-vanished",
        server="RFC",
        provenance="RFC 7162 section 3.2.10 example: with QRESYNC, EXPUNGE reports VANISHED.",
        source=RFC7162,
        command="A202 EXPUNGE",
        response=lines(b"* VANISHED 405,407,410,425", b"A202 OK Expunged"),
        expected=ExpungeResult(sequence_numbers=None, uids=MessageSet("405,407,410,425")),
    ),
    Case(
        id="rfc4315-uid-expunge",
        server="RFC",
        provenance="RFC 4315 section 2.1 example: UID EXPUNGE 3000:3002.",
        source=RFC4315,
        command="A003 UID EXPUNGE 3000:3002",
        response=lines(
            b"* 3 EXPUNGE", b"* 3 EXPUNGE", b"* 3 EXPUNGE", b"A003 OK UID EXPUNGE completed"
        ),
        expected=ExpungeResult(sequence_numbers=(3, 3, 3), uids=None),
    ),
    Case(
        id="rfc3501-noop-updates",
        server="RFC",
        provenance="RFC 3501 section 6.1.2 example: NOOP answered with new mail and expunges.",
        source=RFC3501,
        command="a047 NOOP",
        response=lines(
            b"* 22 EXPUNGE",
            b"* 23 EXISTS",
            b"* 3 RECENT",
            rb"* 14 FETCH (FLAGS (\Seen \Deleted))",
            b"a047 OK NOOP completed",
        ),
        expected=None,
        events=(
            Expunge(22),
            Exists(23),
            Recent(3),
            FlagsChanged(seq=14, flags=frozenset({"\\Seen", "\\Deleted"}), uid=None, modseq=None),
        ),
    ),
]

CASES: list[Case] = [*SEARCH_CASES, *STORE_CASES, *COPY_APPEND_EXPUNGE_CASES]
