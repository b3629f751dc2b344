"""Greetings, CAPABILITY, LOGIN/AUTHENTICATE, ID, ENABLE, QUOTA, LOGOUT and refusals."""

from __future__ import annotations

from imapclient_async import (
    CommandError,
    ConnectionLostError,
    Greeting,
    LoginResult,
    LogoutResult,
    ProtocolError,
    Quota,
    QuotaResource,
    QuotaRoot,
)
from imapclient_async.events import Alert

from .case import GREETING, Case, Raises

CRLF = b"\r\n"


def lines(*parts: bytes) -> bytes:
    """Responses given line by line, each ended with CRLF."""
    return b"".join(item + CRLF for item in parts)


def caps(text: str) -> frozenset[str]:
    return frozenset(text.upper().split())


RFC3501 = "https://www.rfc-editor.org/rfc/rfc3501"
RFC9208 = "https://www.rfc-editor.org/rfc/rfc9208"
RFC2087 = "https://www.rfc-editor.org/rfc/rfc2087"
COURIER_CAPS = (
    "IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA "
    "IDLE ACL ACL2=UNION STARTTLS ENABLE UTF8=ACCEPT"
)
COURIER_LOG = "https://tryhackme.com/room/protocolsandservers2"
SNEAKYMAILER = "https://0xdf.gitlab.io/2020/11/28/htb-sneakymailer.html"
DOVECOT_CAPS = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN"

GREETINGS: list[Case] = [
    Case(
        id="rfc3501-greeting",
        server="RFC",
        provenance="RFC 3501 section 8 sample session: the greeting.",
        source=RFC3501,
        command=GREETING,
        response=lines(b"* OK IMAP4rev1 Service Ready"),
        expected=Greeting("OK", "IMAP4rev1 Service Ready", frozenset()),
    ),
    Case(
        id="rfc3501-preauth-greeting",
        server="RFC",
        provenance="RFC 3501 section 7.1.4 example: PREAUTH greeting.",
        source=RFC3501,
        command=GREETING,
        response=lines(b"* PREAUTH IMAP4rev1 server logged in as Smith"),
        expected=Greeting("PREAUTH", "IMAP4rev1 server logged in as Smith", frozenset()),
    ),
    Case(
        id="rfc3501-bye-greeting",
        server="RFC",
        provenance="RFC 3501 section 7.1.5: a server refusing the connection greets with BYE.",
        source=RFC3501,
        command=GREETING,
        response=lines(b"* BYE Autologout; idle for too long"),
        expected=Raises(ConnectionLostError),
    ),
    Case(
        id="courier-greeting",
        server="Courier",
        provenance="0xdf's HTB SneakyMailer write-up: the Courier-IMAP 2018 greeting with a "
        "CAPABILITY code and two spaces in the text.",
        source=SNEAKYMAILER,
        command=GREETING,
        response=lines(
            b"* OK [CAPABILITY " + COURIER_CAPS.encode() + b"] Courier-IMAP ready. Copyright "
            b"1998-2018 Double Precision, Inc.  See COPYING for distribution information."
        ),
        expected=Greeting(
            "OK",
            "Courier-IMAP ready. Copyright 1998-2018 Double Precision, Inc.  See COPYING for "
            "distribution information.",
            caps(COURIER_CAPS),
        ),
    ),
    Case(
        id="domino-greeting",
        server="HCL Domino",
        provenance="MailKit issue 943: the Domino IMAP4 server's greeting, with a date in the "
        "text.",
        source="https://github.com/jstedfast/MailKit/issues/943",
        command=GREETING,
        response=lines(
            b"* OK Domino IMAP4 Server Release 10.0.1FP3 ready Wed, 30 Oct 2019 09:28:06 +0100"
        ),
        expected=Greeting(
            "OK",
            "Domino IMAP4 Server Release 10.0.1FP3 ready Wed, 30 Oct 2019 09:28:06 +0100",
            frozenset(),
        ),
    ),
    Case(
        id="qq-greeting-capabilities",
        server="QQ Mail",
        provenance="MailKit issue 233: imap.qq.com greets with XAPPLEPUSHSERVICE and IMAP4 "
        "next to IMAP4rev1.",
        source="https://github.com/jstedfast/MailKit/issues/233",
        command=GREETING,
        response=lines(
            b"* OK [CAPABILITY IMAP4 IMAP4rev1 IDLE XAPPLEPUSHSERVICE ID UIDPLUS AUTH=LOGIN "
            b"NAMESPACE] QQMail IMAP4Server ready"
        ),
        expected=Greeting(
            "OK",
            "QQMail IMAP4Server ready",
            caps("IMAP4 IMAP4rev1 IDLE XAPPLEPUSHSERVICE ID UIDPLUS AUTH=LOGIN NAMESPACE"),
        ),
    ),
    Case(
        id="fenix-greeting",
        server="Fenix",
        provenance="Nextcloud Mail issue 882: a greeting whose capability code is followed by "
        "'Fenix ready.'",
        source="https://github.com/nextcloud/mail/issues/882",
        command=GREETING,
        response=lines(
            b"* OK [CAPABILITY IMAP4rev1 UNSELECT ID CHILDREN NAMESPACE IDLE UIDPLUS AUTH=PLAIN] "
            b"Fenix ready."
        ),
        expected=Greeting(
            "OK",
            "Fenix ready.",
            caps("IMAP4rev1 UNSELECT ID CHILDREN NAMESPACE IDLE UIDPLUS AUTH=PLAIN"),
        ),
    ),
    Case(
        id="xeams-greeting",
        server="Xeams",
        provenance="Nextcloud Mail issue 3407: the Synametrics (Xeams) greeting, a date in "
        "the text.",
        source="https://github.com/nextcloud/mail/issues/3407",
        command=GREETING,
        response=lines(b"* OK Synametrics IMAP4rev1 server ready 7/31/20 10:58 AM"),
        expected=Greeting("OK", "Synametrics IMAP4rev1 server ready 7/31/20 10:58 AM", frozenset()),
    ),
    Case(
        id="winmail-greeting",
        server="Winmail Pro",
        provenance="modern-email defect 43: the Winmail Pro greeting.",
        source="https://github.com/modern-email/defects/issues/43",
        command=GREETING,
        response=lines(b"* OK example. Winmail Pro Mail Server IMAP4 ready"),
        expected=Greeting("OK", "example. Winmail Pro Mail Server IMAP4 ready", frozenset()),
    ),
]

CAPABILITY_CASES: list[Case] = [
    Case(
        id="rfc3501-capability",
        server="RFC",
        provenance="RFC 3501 section 6.1.1 example: CAPABILITY with STARTTLS and AUTH=GSSAPI.",
        source=RFC3501,
        command="abcd CAPABILITY",
        response=lines(
            b"* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED",
            b"abcd OK CAPABILITY completed",
        ),
        expected=caps("IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED"),
    ),
    Case(
        id="wp-capability-xaol-move",
        server="WP.pl",
        provenance="MailKit issue 974 (imap.wp.pl): CAPABILITY with XLIST and XAOL-MOVE.",
        source="https://github.com/jstedfast/MailKit/issues/974",
        command="A00000000 CAPABILITY",
        response=lines(
            b"* CAPABILITY IMAP4rev1 UIDPLUS LITERAL+ CHILDREN NAMESPACE XLIST ID IDLE MOVE "
            b"XAOL-MOVE AUTH=PLAIN",
            b"A00000000 OK completed",
        ),
        expected=caps(
            "IMAP4rev1 UIDPLUS LITERAL+ CHILDREN NAMESPACE XLIST ID IDLE MOVE XAOL-MOVE AUTH=PLAIN"
        ),
    ),
    Case(
        id="domino-capability",
        server="HCL Domino",
        provenance="MailKit issue 943: Domino's CAPABILITY.",
        source="https://github.com/jstedfast/MailKit/issues/943",
        command="A00000000 CAPABILITY",
        response=lines(
            b"* CAPABILITY IMAP4rev1 AUTH=PLAIN LITERAL+ NAMESPACE QUOTA UIDPLUS",
            b"A00000000 OK CAPABILITY completed",
        ),
        expected=caps("IMAP4rev1 AUTH=PLAIN LITERAL+ NAMESPACE QUOTA UIDPLUS"),
    ),
    Case(
        id="xeams-capability",
        server="Xeams",
        provenance="Nextcloud Mail issue 3407: Xeams' two-item CAPABILITY.",
        source="https://github.com/nextcloud/mail/issues/3407",
        command="1 CAPABILITY",
        response=lines(b"* CAPABILITY IMAP4rev1 IDLE", b"1 OK CAPABILITY completed"),
        expected=caps("IMAP4rev1 IDLE"),
    ),
    Case(
        id="139mail-capability",
        server="139 Mail (China Mobile)",
        provenance="MailCore2 issue 1592: a vendor capability with an underscore.",
        source="https://github.com/MailCore/mailcore2/issues/1592",
        command="1 CAPABILITY",
        response=lines(b"* CAPABILITY IMAP4rev1 XLIST RM_MAIL_TYPE", b"1 OK CAPABILITY completed"),
        expected=caps("IMAP4rev1 XLIST RM_MAIL_TYPE"),
    ),
]

LOGIN_CASES: list[Case] = [
    Case(
        id="rfc3501-login",
        server="RFC",
        provenance="RFC 3501 section 6.2.3 example: LOGIN completed.",
        source=RFC3501,
        command="a001 LOGIN SMITH SESAME",
        response=lines(b"a001 OK LOGIN completed"),
        expected=LoginResult(frozenset(), "LOGIN completed"),
    ),
    Case(
        id="courier-login-alert",
        server="Courier",
        provenance="TryHackMe 'Protocols and Servers 2' transcript of Courier-IMAP: LOGIN "
        "answered with an untagged [ALERT] about FAM/Gamin before the OK.",
        source=COURIER_LOG,
        command="c1 LOGIN frank D2xc9CgD",
        response=lines(
            b"* OK [ALERT] Filesystem notification initialization error -- contact your mail "
            b"administrator (check for configuration errors with the FAM/Gamin library)",
            b"c1 OK LOGIN Ok.",
        ),
        expected=LoginResult(frozenset(), "LOGIN Ok."),
        events=(
            Alert(
                "Filesystem notification initialization error -- contact your mail "
                "administrator (check for configuration errors with the FAM/Gamin library)"
            ),
        ),
    ),
    Case(
        id="qq-authenticate-capability-code",
        server="QQ Mail",
        provenance="MailKit issue 233: AUTHENTICATE LOGIN's two challenges, then an OK whose "
        "CAPABILITY code lists capabilities in another case than the greeting.",
        source="https://github.com/jstedfast/MailKit/issues/233",
        command="A00000000 AUTHENTICATE LOGIN",
        response=lines(
            b"+ VXNlciBOYW1lAA==",
            b"+ UGFzc3dvcmQA",
            b"A00000000 OK [CAPABILITY IMAP4REV1 X-NETSCAPE NAMESPACE MAILBOX-REFERRALS SCAN "
            b"SORT THREAD=REFERENCES THREAD=ORDEREDSUBJECT MULTIAPPEND ID UIDPLUS] User <login> "
            b"authenticated",
        ),
        expected=LoginResult(
            caps(
                "IMAP4REV1 X-NETSCAPE NAMESPACE MAILBOX-REFERRALS SCAN SORT THREAD=REFERENCES "
                "THREAD=ORDEREDSUBJECT MULTIAPPEND ID UIDPLUS"
            ),
            "User <login> authenticated",
        ),
    ),
    Case(
        id="fenix-authenticate-capability-code",
        server="Fenix",
        provenance="Nextcloud Mail issue 882: AUTHENTICATE PLAIN with an empty '+' challenge "
        "and a CAPABILITY code on the OK.",
        source="https://github.com/nextcloud/mail/issues/882",
        command="1 AUTHENTICATE PLAIN",
        response=lines(
            b"+",
            b"1 OK [CAPABILITY IMAP4rev1 UNSELECT STARTTLS ID CHILDREN NAMESPACE IDLE AUTH=PLAIN] "
            b"LOGIN Full IMAP support is enabled",
        ),
        expected=LoginResult(
            caps("IMAP4rev1 UNSELECT STARTTLS ID CHILDREN NAMESPACE IDLE AUTH=PLAIN"),
            "LOGIN Full IMAP support is enabled",
        ),
        quirk="'+' without a space",
    ),
    Case(
        id="wp-authenticate-plain",
        server="WP.pl",
        provenance="MailKit issue 974 (imap.wp.pl): AUTHENTICATE PLAIN, '+ ' then OK.",
        source="https://github.com/jstedfast/MailKit/issues/974",
        command="A00000001 AUTHENTICATE PLAIN",
        response=lines(b"+ ", b"A00000001 OK Login completed"),
        expected=LoginResult(frozenset(), "Login completed"),
    ),
    Case(
        id="imap4d-authenticate-bare-lf",
        server="GNU imap4d",
        provenance="Reported in issue 7: GNU Mailutils imap4d ends the tagged OK after "
        "AUTHENTICATE with a bare LF instead of CRLF (text as reported).",
        source="https://git.savannah.gnu.org/cgit/mailutils.git/tree/imap4d/authenticate.c",
        command="a1 AUTHENTICATE PLAIN",
        response=b"+ \r\na1 OK done\n",
        expected=LoginResult(frozenset(), "done"),
        quirk="bare LF line end",
        pending="LF-only line ends",
    ),
]

ID_ENABLE_CASES: list[Case] = [
    Case(
        id="rfc2971-id-cyrus",
        server="RFC",
        provenance="RFC 2971 section 3.2 example: a Cyrus server's ID fields.",
        source="https://www.rfc-editor.org/rfc/rfc2971",
        command="a042 ID NIL",
        response=lines(
            b'* ID ("name" "Cyrus" "version" "1.5" "os" "sunos" "os-version" "5.5" '
            b'"support-url" "mailto:cyrus-bugs+@andrew.cmu.edu")',
            b"a042 OK ID command completed",
        ),
        expected={
            "name": "Cyrus",
            "version": "1.5",
            "os": "sunos",
            "os-version": "5.5",
            "support-url": "mailto:cyrus-bugs+@andrew.cmu.edu",
        },
    ),
    Case(
        id="gmail-id",
        server="Gmail",
        provenance="php-imap issue 176: Gmail's ID answer (GImap, with the client's address "
        "elided by the reporter).",
        source="https://github.com/Webklex/php-imap/issues/176",
        command='TAG2 ID ("name" "php-imap" "version" "3.0.0")',
        response=lines(
            b'* ID ("name" "GImap" "vendor" "Google, Inc." "support-url" '
            b'"https://support.google.com/mail" "version" "gmail_imap_211029.07_p0" '
            b'"remote-host" "<MY_IP>")',
            b"TAG2 OK Success",
        ),
        expected={
            "name": "GImap",
            "vendor": "Google, Inc.",
            "support-url": "https://support.google.com/mail",
            "version": "gmail_imap_211029.07_p0",
            "remote-host": "<MY_IP>",
        },
    ),
    Case(
        id="id-nil",
        server="RFC",
        provenance="RFC 2971 section 3.2 example: a server that gives no information answers "
        "ID NIL.",
        source="https://www.rfc-editor.org/rfc/rfc2971",
        command='a023 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited")',
        response=lines(b"* ID NIL", b"a023 OK ID completed"),
        expected={},
    ),
    Case(
        id="rfc5161-enable",
        server="RFC",
        provenance="RFC 5161 section 4 example: ENABLE of two extensions, one enabled.",
        source="https://www.rfc-editor.org/rfc/rfc5161",
        command="t2 ENABLE CONDSTORE X-GOOD-IDEA",
        response=lines(b"* ENABLED X-GOOD-IDEA", b"t2 OK foo"),
        expected=frozenset({"X-GOOD-IDEA"}),
    ),
    Case(
        id="rfc5161-enable-condstore",
        server="RFC",
        provenance="RFC 5161 section 4 example: ENABLE CONDSTORE confirmed in the tagged text.",
        source="https://www.rfc-editor.org/rfc/rfc5161",
        command="a1 ENABLE CONDSTORE",
        response=lines(b"* ENABLED CONDSTORE", b"a1 OK Conditional Store enabled"),
        expected=frozenset({"CONDSTORE"}),
    ),
    Case(
        id="rfc5161-capability",
        server="RFC",
        provenance="RFC 5161 section 4 example: CAPABILITY advertising ENABLE and X-GOOD-IDEA.",
        source="https://www.rfc-editor.org/rfc/rfc5161",
        command="t1 CAPABILITY",
        response=lines(b"* CAPABILITY IMAP4rev1 ID LITERAL+ ENABLE X-GOOD-IDEA", b"t1 OK foo"),
        expected=frozenset({"IMAP4REV1", "ID", "LITERAL+", "ENABLE", "X-GOOD-IDEA"}),
    ),
]

QUOTA_CASES: list[Case] = [
    Case(
        id="rfc2087-getquotaroot",
        server="RFC",
        provenance="RFC 2087 section 4.3 example: GETQUOTAROOT INBOX.",
        source=RFC2087,
        command="A003 GETQUOTAROOT INBOX",
        response=lines(
            b'* QUOTAROOT INBOX ""',
            b'* QUOTA "" (STORAGE 10 512)',
            b"A003 OK Getquota completed",
        ),
        expected=QuotaRoot("INBOX", ("",), (Quota("", (QuotaResource("STORAGE", 10, 512),)),)),
    ),
    Case(
        id="rfc2087-getquota",
        server="RFC",
        provenance="RFC 2087 section 4.2 example: GETQUOTA of the empty root.",
        source=RFC2087,
        command='A003 GETQUOTA ""',
        response=lines(b'* QUOTA "" (STORAGE 10 512)', b"A003 OK Getquota completed"),
        expected=Quota("", (QuotaResource("STORAGE", 10, 512),)),
    ),
    Case(
        id="rfc9208-getquotaroot-two-roots",
        server="RFC",
        provenance="RFC 9208 section 4.3.2 example: a mailbox under two quota roots, each "
        "with its resources.",
        source=RFC9208,
        command="G0002 GETQUOTAROOT INBOX",
        response=lines(
            b'* QUOTAROOT INBOX "#user/alice" "!partition/sda4"',
            b'* QUOTA "#user/alice" (MESSAGE 42 1000)',
            b'* QUOTA "!partition/sda4" (STORAGE 104 10923847)',
            b"G0002 OK Getquotaroot complete",
        ),
        expected=QuotaRoot(
            "INBOX",
            ("#user/alice", "!partition/sda4"),
            (
                Quota("#user/alice", (QuotaResource("MESSAGE", 42, 1000),)),
                Quota("!partition/sda4", (QuotaResource("STORAGE", 104, 10923847),)),
            ),
        ),
    ),
    Case(
        id="rfc9208-getquota",
        server="RFC",
        provenance="RFC 9208 section 4.2.1 example: GETQUOTA of a partition root.",
        source=RFC9208,
        command='G0001 GETQUOTA "!partition/sda4"',
        response=lines(
            b'* QUOTA "!partition/sda4" (STORAGE 104 10923847)',
            b"G0001 OK Getquota complete",
        ),
        expected=Quota("!partition/sda4", (QuotaResource("STORAGE", 104, 10923847),)),
    ),
    Case(
        id="dovecot-user-quota",
        server="Dovecot",
        provenance="SnappyMail issue 198: Dovecot's 'User quota' root in a GETQUOTAROOT reply.",
        source="https://github.com/the-djmaze/snappymail/issues/198",
        command='TAG4 GETQUOTAROOT "INBOX"',
        response=lines(
            b'* QUOTAROOT INBOX "User quota"',
            b'* QUOTA "User quota" (STORAGE 1294477 2097152)',
        ),
        expected=QuotaRoot(
            "INBOX",
            ("User quota",),
            (Quota("User quota", (QuotaResource("STORAGE", 1294477, 2097152),)),),
        ),
    ),
    Case(
        id="cyrus-getquota-unquoted-root",
        server="Fastmail / Cyrus",
        provenance="node-imap PR 294: a Cyrus GETQUOTA answer whose root user/test is an atom.",
        source="https://github.com/mscdex/node-imap/pull/294",
        command="A1 GETQUOTA user/test",
        response=lines(b"* QUOTA user/test (STORAGE 12 56320)", b"A1 OK Completed"),
        expected=Quota("user/test", (QuotaResource("STORAGE", 12, 56320),)),
    ),
    Case(
        id="cyrus-getquota-empty-list",
        server="Fastmail / Cyrus",
        provenance="IMAPClient issue 67: a Cyrus administrator documents a root without "
        "limits answered with an empty list; the root name is the one of node-imap PR 294.",
        source="https://github.com/mjs/imapclient/issues/67",
        command="A1 GETQUOTA user/test",
        response=lines(b"* QUOTA user/test ()", b"A1 OK Completed"),
        expected=Quota("user/test", ()),
    ),
    Case(
        id="courier-quota-without-list",
        server="Courier",
        provenance="Reported in issue 7 from a Courier-IMAP session: a root without limits "
        'answered as * QUOTA "ROOT" with no resource list; no public transcript found.',
        source="https://www.courier-mta.org/imap/",
        command='A1 GETQUOTA "ROOT"',
        response=lines(b'* QUOTA "ROOT"', b"A1 OK GETQUOTA Ok."),
        expected=Quota("ROOT", ()),
        quirk="no resource list",
        pending="QUOTA without a resource list",
    ),
    Case(
        id="greenmail-quotaroot-without-root",
        server="GreenMail",
        provenance="GreenMail issue 497: QUOTAROOT naming no root, followed by the QUOTA of "
        "the root it meant.",
        source="https://github.com/greenmail-mail-test/greenmail/issues/497",
        command="S01 GETQUOTAROOT mybox",
        response=lines(
            b"* QUOTAROOT mybox", b"* QUOTA someroot (STORAGE 10 1000)", b"S01 OK completed"
        ),
        expected=QuotaRoot(
            "mybox", (), (Quota("someroot", (QuotaResource("STORAGE", 10, 1000),)),)
        ),
        quirk="QUOTAROOT without roots",
    ),
]

END_CASES: list[Case] = [
    Case(
        id="rfc3501-logout",
        server="RFC",
        provenance="RFC 3501 section 6.1.3 example: BYE then the tagged OK.",
        source=RFC3501,
        command="A023 LOGOUT",
        response=lines(b"* BYE IMAP4rev1 Server logging out", b"A023 OK LOGOUT completed"),
        expected=LogoutResult("LOGOUT completed"),
    ),
    Case(
        id="exchange2010-logout",
        server="Microsoft Exchange / 365",
        provenance="MailKit issue 1449: Exchange 2010 signs off with BYE before the OK.",
        source="https://github.com/jstedfast/MailKit/issues/1449",
        command="A00000011 LOGOUT",
        response=lines(
            b"* BYE Microsoft Exchange Server 2010 IMAP4 server signing off.",
            b"A00000011 OK LOGOUT completed.",
        ),
        expected=LogoutResult("LOGOUT completed."),
    ),
    Case(
        id="courier-logout",
        server="Courier",
        provenance="TryHackMe 'Protocols and Servers 2' transcript of Courier-IMAP: LOGOUT.",
        source=COURIER_LOG,
        command="c4 LOGOUT",
        response=lines(b"* BYE Courier-IMAP server shutting down", b"c4 OK LOGOUT completed"),
        expected=LogoutResult("LOGOUT completed"),
    ),
    Case(
        id="exchange-throttled-bad",
        server="Microsoft Exchange / 365",
        provenance="ImapFlow's parser tests: Microsoft 365 throttling answered with BAD and a "
        "backoff time.",
        source="postalsys/imapflow:test/imap-parser-test.js",
        command="X UID FETCH 1:* (FLAGS)",
        response=lines(b"X BAD Request is throttled. Suggested Backoff Time: 92415 milliseconds"),
        expected=Raises(ProtocolError),
    ),
    Case(
        id="exchange-server-unavailable-no",
        server="Microsoft Exchange / 365",
        provenance="ImapFlow's parser tests: Exchange's 'Server Unavailable. 15' NO.",
        source="postalsys/imapflow:test/imap-parser-test.js",
        command="X SELECT INBOX",
        response=lines(b"X NO Server Unavailable. 15"),
        expected=Raises(CommandError),
    ),
    Case(
        id="yahoo-fetch-server-error",
        server="Yahoo",
        provenance="MailKit issue 358: Yahoo refuses a FETCH for one broken message with NO.",
        source="https://github.com/jstedfast/MailKit/issues/358",
        command="A1 FETCH 9980 (BODY.PEEK[])",
        response=lines(b"A1 NO FETCH Server error while fetching messages"),
        expected=Raises(CommandError),
    ),
    Case(
        id="icloud-service-unavailable",
        server="iCloud",
        provenance="mail-archiver issue 414: iCloud answers FETCH with NO 'Service temporarily "
        "unavailable'.",
        source="https://github.com/s1t5/mail-archiver/issues/414",
        command="A9 UID FETCH 77 (BODY.PEEK[])",
        response=lines(b"A9 NO Service temporarily unavailable"),
        expected=Raises(CommandError),
    ),
    Case(
        id="greenmail-getquota-no-such-root",
        server="GreenMail",
        provenance="GreenMail issue 1024: GETQUOTA of an unknown root refused with NO.",
        source="https://github.com/greenmail-mail-test/greenmail/issues/1024",
        command="a2 GETQUOTA neverset",
        response=lines(b"a2 NO GETQUOTA failed. No such quota root: neverset"),
        expected=Raises(CommandError),
    ),
    Case(
        id="greenmail-getquota-answers-other-root",
        server="GreenMail",
        provenance="GreenMail issue 1024: GETQUOTA whatever answered with the quota of the "
        'root "" instead: there is no quota for the root asked about.',
        source="https://github.com/greenmail-mail-test/greenmail/issues/1024",
        command="a3 GETQUOTA whatever",
        response=lines(b'* QUOTA "" (STORAGE 0 111)', b"a3 OK GETQUOTA completed."),
        expected=Raises(ProtocolError),
    ),
]

CASES: list[Case] = [
    *GREETINGS,
    *CAPABILITY_CASES,
    *LOGIN_CASES,
    *ID_ENABLE_CASES,
    *QUOTA_CASES,
    *END_CASES,
]
