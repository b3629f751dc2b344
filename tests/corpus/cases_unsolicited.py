"""Responses nobody asked for: new mail, expunges, flag changes, alerts, BYE."""

from __future__ import annotations

from imapclient_async import MessageSet, ProtocolError
from imapclient_async.events import Alert, Bye, Exists, Expunge, FlagsChanged, Recent, Vanished

from .case import UNSOLICITED, Case, Raises

CRLF = b"\r\n"


def lines(*parts: bytes) -> bytes:
    """Responses given line by line, each ended with CRLF."""
    return b"".join(item + CRLF for item in parts)


RFC3501 = "https://www.rfc-editor.org/rfc/rfc3501"
RFC2177 = "https://www.rfc-editor.org/rfc/rfc2177"
RFC7162 = "https://www.rfc-editor.org/rfc/rfc7162"

CASES: list[Case] = [
    Case(
        id="rfc2177-idle-exists",
        server="RFC",
        provenance="RFC 2177 section 3 example: during IDLE, new mail arrives.",
        source=RFC2177,
        command=UNSOLICITED,
        response=lines(b"* 4 EXISTS"),
        expected=(Exists(4),),
    ),
    Case(
        id="rfc2177-idle-expunge-exists",
        server="RFC",
        provenance="RFC 2177 section 3 example: during IDLE, an expunge then the new count.",
        source=RFC2177,
        command=UNSOLICITED,
        response=lines(b"* 2 EXPUNGE", b"* 3 EXISTS"),
        expected=(Expunge(2), Exists(3)),
    ),
    Case(
        id="rfc3501-exists-recent",
        server="RFC",
        provenance="RFC 3501 section 7.3.1/7.3.2 examples: EXISTS and RECENT.",
        source=RFC3501,
        command=UNSOLICITED,
        response=lines(b"* 23 EXISTS", b"* 5 RECENT"),
        expected=(Exists(23), Recent(5)),
    ),
    Case(
        id="rfc3501-fetch-flags-update",
        server="RFC",
        provenance="RFC 3501 section 7.4.2: an unsolicited FETCH reporting flag changes.",
        source=RFC3501,
        command=UNSOLICITED,
        response=lines(rb"* 12 FETCH (FLAGS (\Seen \Deleted))"),
        expected=(
            FlagsChanged(seq=12, flags=frozenset({"\\Seen", "\\Deleted"}), uid=None, modseq=None),
        ),
    ),
    Case(
        id="rfc3501-alert",
        server="RFC",
        provenance="RFC 3501 section 7.1 example: an ALERT the user must see.",
        source=RFC3501,
        command=UNSOLICITED,
        response=lines(b"* OK [ALERT] System shutdown in 10 minutes"),
        expected=(Alert("System shutdown in 10 minutes"),),
    ),
    Case(
        id="rfc3501-bye",
        server="RFC",
        provenance="RFC 3501 section 7.1.5 example: the server closes an idle session.",
        source=RFC3501,
        command=UNSOLICITED,
        response=lines(b"* BYE Autologout; idle for too long"),
        expected=(Bye("Autologout; idle for too long"),),
    ),
    Case(
        id="rfc7162-vanished",
        server="RFC",
        provenance="RFC 7162 section 3.2.10 example: an unsolicited VANISHED after QRESYNC.",
        source=RFC7162,
        command=UNSOLICITED,
        response=lines(b"* VANISHED 405,407,410,425"),
        expected=(Vanished(MessageSet("405,407,410,425")),),
    ),
    Case(
        id="rfc7162-fetch-modseq-update",
        server="RFC",
        provenance="RFC 7162 section 3.2.4: an unsolicited FETCH with UID, FLAGS and MODSEQ.",
        source=RFC7162,
        command=UNSOLICITED,
        response=lines(rb"* 50 FETCH (UID 119 FLAGS (\Draft $MDNSent) MODSEQ (90060115194045308))"),
        expected=(
            FlagsChanged(
                seq=50, flags=frozenset({"\\Draft", "$MDNSent"}), uid=119, modseq=90060115194045308
            ),
        ),
    ),
    Case(
        id="rfc7162-vanished-earlier-no-event",
        server="RFC",
        provenance="RFC 7162 section 3.2.5.1: VANISHED (EARLIER) answers a command and is "
        "no event.",
        source=RFC7162,
        command=UNSOLICITED,
        response=lines(b"* VANISHED (EARLIER) 41,43:116,118,120:211,214:540"),
        expected=(),
    ),
    Case(
        id="aioimaplib-fetch-flags-twice",
        server="aioimaplib test suite",
        provenance="aioimaplib's protocol tests: two FETCH flag updates for one sequence "
        "number with different UIDs.",
        source="bamthomas/aioimaplib:tests/test_aioimaplib.py",
        command=UNSOLICITED,
        response=lines(b"* 1 FETCH (UID 10 FLAGS (FOO))", b"* 1 FETCH (UID 15 FLAGS (BAR))"),
        expected=(
            FlagsChanged(seq=1, flags=frozenset({"FOO"}), uid=10, modseq=None),
            FlagsChanged(seq=1, flags=frozenset({"BAR"}), uid=15, modseq=None),
        ),
    ),
    Case(
        id="aioimaplib-expunge",
        server="aioimaplib test suite",
        provenance="aioimaplib's protocol tests: an EXPUNGE arriving just before a tagged OK.",
        source="bamthomas/aioimaplib:tests/test_aioimaplib.py",
        command=UNSOLICITED,
        response=lines(b"* 123 EXPUNGE"),
        expected=(Expunge(123),),
    ),
    Case(
        id="courier-alert-fam",
        server="Courier",
        provenance="0xdf's HTB SneakyMailer write-up: Courier's [ALERT] about FAM/Gamin.",
        source="https://0xdf.gitlab.io/2020/11/28/htb-sneakymailer.html",
        command=UNSOLICITED,
        response=lines(
            b"* OK [ALERT] Filesystem notification initialization error -- contact your mail "
            b"administrator (check for configuration errors with the FAM/Gamin library)"
        ),
        expected=(
            Alert(
                "Filesystem notification initialization error -- contact your mail "
                "administrator (check for configuration errors with the FAM/Gamin library)"
            ),
        ),
    ),
    Case(
        id="exchange2010-bye",
        server="Microsoft Exchange / 365",
        provenance="MailKit issue 1449: Exchange 2010's BYE text.",
        source="https://github.com/jstedfast/MailKit/issues/1449",
        command=UNSOLICITED,
        response=lines(b"* BYE Microsoft Exchange Server 2010 IMAP4 server signing off."),
        expected=(Bye("Microsoft Exchange Server 2010 IMAP4 server signing off."),),
    ),
    Case(
        id="imapclient-non-numeric-exists",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests reject a message number that is a word; here on "
        "EXISTS.",
        source="mjs/imapclient:tests/test_response_parser.py",
        command=UNSOLICITED,
        response=lines(b"* foo EXISTS"),
        expected=Raises(ProtocolError),
        quirk="non-numeric message number",
        pending="non-numeric message numbers refused by the decoder",
    ),
    Case(
        id="greenmail-store-flags-keyword",
        server="GreenMail",
        provenance="GreenMail issue 1027: a FETCH reporting a custom keyword after STORE.",
        source="https://github.com/greenmail-mail-test/greenmail/issues/1027",
        command=UNSOLICITED,
        response=lines(b"* 1 FETCH (FLAGS (MyKeyword))"),
        expected=(FlagsChanged(seq=1, flags=frozenset({"MyKeyword"}), uid=None, modseq=None),),
    ),
]
