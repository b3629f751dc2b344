"""SELECT/EXAMINE, STATUS, LIST/LSUB and NAMESPACE replies."""

from __future__ import annotations

from imapclient_async import Mailbox, MailboxStatus, MessageSet, Namespace, Namespaces

from .case import Case, selected

CRLF = b"\r\n"


def lines(*parts: bytes) -> bytes:
    """Responses given line by line, each ended with CRLF."""
    return b"".join(item + CRLF for item in parts)


def box(
    name: str,
    delimiter: str | None,
    *flags: str,
    special_use: str | None = None,
    raw: bytes | None = None,
    status: MailboxStatus | None = None,
) -> Mailbox:
    """A listed mailbox; ``raw`` is the name's bytes as sent (default: ``name`` in UTF-8)."""
    return Mailbox(
        name=name,
        delimiter=delimiter,
        flags=frozenset(flags),
        special_use=special_use,
        status=status,
        raw_name=name.encode() if raw is None else raw,
    )


RFC3501 = "https://www.rfc-editor.org/rfc/rfc3501"
RFC9051 = "https://www.rfc-editor.org/rfc/rfc9051"
RFC7162 = "https://www.rfc-editor.org/rfc/rfc7162"
RFC2342 = "https://www.rfc-editor.org/rfc/rfc2342"
RFC5258 = "https://www.rfc-editor.org/rfc/rfc5258"
RFC6154 = "https://www.rfc-editor.org/rfc/rfc6154"
SYSTEM_FLAGS = frozenset({"\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"})
COURIER_LOG = "https://tryhackme.com/room/protocolsandservers2"
IMAPCLIENT_TESTS = "mjs/imapclient:tests/test_imapclient.py"
IMAPFLOW_PARSER = "postalsys/imapflow:test/imap-parser-test.js"

SELECT_CASES: list[Case] = [
    Case(
        id="rfc3501-select",
        server="RFC",
        provenance="RFC 3501 section 6.3.1 example: SELECT INBOX.",
        source=RFC3501,
        command="A142 SELECT INBOX",
        response=lines(
            b"* 172 EXISTS",
            b"* 1 RECENT",
            b"* OK [UNSEEN 12] Message 12 is first unseen",
            b"* OK [UIDVALIDITY 3857529045] UIDs valid",
            b"* OK [UIDNEXT 4392] Predicted next UID",
            rb"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)",
            rb"* OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited",
            b"A142 OK [READ-WRITE] SELECT completed",
        ),
        expected=selected(
            "INBOX",
            exists=172,
            recent=1,
            flags=SYSTEM_FLAGS,
            permanent_flags=frozenset({"\\Deleted", "\\Seen", "\\*"}),
            uid_validity=3857529045,
            uid_next=4392,
            first_unseen=12,
            text="SELECT completed",
        ),
    ),
    Case(
        id="rfc3501-examine",
        server="RFC",
        provenance="RFC 3501 section 6.3.2 example: EXAMINE blurdybloop, read-only with empty "
        "PERMANENTFLAGS.",
        source=RFC3501,
        command="A932 EXAMINE blurdybloop",
        response=lines(
            b"* 17 EXISTS",
            b"* 2 RECENT",
            b"* OK [UNSEEN 8] Message 8 is first unseen",
            b"* OK [UIDVALIDITY 3857529045] UIDs valid",
            b"* OK [UIDNEXT 4392] Predicted next UID",
            rb"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)",
            b"* OK [PERMANENTFLAGS ()] No permanent flags permitted",
            b"A932 OK [READ-ONLY] EXAMINE completed",
        ),
        expected=selected(
            "blurdybloop",
            exists=17,
            recent=2,
            flags=SYSTEM_FLAGS,
            permanent_flags=frozenset(),
            uid_validity=3857529045,
            uid_next=4392,
            first_unseen=8,
            read_only=True,
            text="EXAMINE completed",
        ),
    ),
    Case(
        id="rfc9051-select-list-status",
        server="RFC",
        provenance="RFC 9051 section 6.3.2 example: IMAP4rev2 SELECT with no RECENT and a "
        "LIST response carrying the mailbox name.",
        source=RFC9051,
        command="A142 SELECT INBOX",
        response=lines(
            b"* 172 EXISTS",
            b"* OK [UIDVALIDITY 3857529045] UIDs valid",
            b"* OK [UIDNEXT 4392] Predicted next UID",
            rb"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)",
            rb"* OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited",
            b'* LIST () "/" INBOX',
            b"A142 OK [READ-WRITE] SELECT completed",
        ),
        expected=selected(
            "INBOX",
            exists=172,
            flags=SYSTEM_FLAGS,
            permanent_flags=frozenset({"\\Deleted", "\\Seen", "\\*"}),
            uid_validity=3857529045,
            uid_next=4392,
            text="SELECT completed",
        ),
    ),
    Case(
        id="rfc7162-select-condstore",
        server="RFC",
        provenance="RFC 7162 section 3.1.8 example: SELECT (CONDSTORE) reports HIGHESTMODSEQ.",
        source=RFC7162,
        command="A142 SELECT INBOX (CONDSTORE)",
        response=lines(
            b"* 172 EXISTS",
            b"* 1 RECENT",
            b"* OK [UNSEEN 12] Message 12 is first unseen",
            b"* OK [UIDVALIDITY 3857529045] UIDs valid",
            b"* OK [UIDNEXT 4392] Predicted next UID",
            rb"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)",
            rb"* OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited",
            b"* OK [HIGHESTMODSEQ 715194045007] Highest",
            b"A142 OK [READ-WRITE] SELECT completed, CONDSTORE is now enabled",
        ),
        expected=selected(
            "INBOX",
            exists=172,
            recent=1,
            flags=SYSTEM_FLAGS,
            permanent_flags=frozenset({"\\Deleted", "\\Seen", "\\*"}),
            uid_validity=3857529045,
            uid_next=4392,
            first_unseen=12,
            highest_modseq=715194045007,
            text="SELECT completed, CONDSTORE is now enabled",
        ),
    ),
    Case(
        id="rfc7162-select-nomodseq",
        server="RFC",
        provenance="RFC 7162 section 3.1.2 example: a mailbox without mod-sequences answers "
        "[NOMODSEQ].",
        source=RFC7162,
        command="A142 SELECT INBOX",
        response=lines(
            b"* 172 EXISTS",
            b"* 1 RECENT",
            b"* OK [UNSEEN 12] Message 12 is first unseen",
            b"* OK [UIDVALIDITY 3857529045] UIDs valid",
            b"* OK [UIDNEXT 4392] Predicted next UID",
            rb"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)",
            rb"* OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited",
            b"* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences",
            b"A142 OK [READ-WRITE] SELECT completed",
        ),
        expected=selected(
            "INBOX",
            exists=172,
            recent=1,
            flags=SYSTEM_FLAGS,
            permanent_flags=frozenset({"\\Deleted", "\\Seen", "\\*"}),
            uid_validity=3857529045,
            uid_next=4392,
            first_unseen=12,
            text="SELECT completed",
        ),
    ),
    Case(
        id="rfc7162-select-qresync-vanished-earlier",
        server="RFC",
        provenance="RFC 7162 section 3.2.5.1 example: SELECT (QRESYNC ...) reports "
        "VANISHED (EARLIER) and flag changes.",
        source=RFC7162,
        command="A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))",
        response=lines(
            b"* 314 EXISTS",
            b"* 15 RECENT",
            b"* OK [UIDVALIDITY 67890007] UIDVALIDITY",
            b"* OK [UIDNEXT 567] Predicted next UID",
            b"* OK [HIGHESTMODSEQ 90060115205545359] Highest mailbox mod-sequence",
            rb"* FLAGS (\Answered \Flagged \Draft \Deleted \Seen)",
            rb"* OK [PERMANENTFLAGS (\Answered \Flagged \Draft \Deleted \Seen \*)] Permanent flags",
            b"* VANISHED (EARLIER) 41,43:116,118,120:211,214:540",
            rb"* 49 FETCH (UID 117 FLAGS (\Seen \Answered) MODSEQ (90060115194045001))",
            rb"* 50 FETCH (UID 119 FLAGS (\Draft $MDNSent) MODSEQ (90060115194045308))",
            rb"* 51 FETCH (UID 541 FLAGS (\Seen $Forwarded) MODSEQ (90060115194045001))",
            b"A02 OK [READ-WRITE] mailbox selected",
        ),
        expected=selected(
            "INBOX",
            exists=314,
            recent=15,
            flags=SYSTEM_FLAGS,
            permanent_flags=SYSTEM_FLAGS | {"\\*"},
            uid_validity=67890007,
            uid_next=567,
            highest_modseq=90060115205545359,
            text="mailbox selected",
            vanished=MessageSet("41,43:116,118,120:211,214:540"),
        ),
    ),
    Case(
        id="gmail-select-throttled-highestmodseq-without-text",
        server="Gmail",
        provenance="modern-email defect 28 (HIGHESTMODSEQ code with no text) and ImapFlow's "
        "parser tests ([THROTTLED] after the text of Gmail's SELECT OK).",
        source="https://github.com/modern-email/defects/issues/28",
        command='F SELECT "[Gmail]/Visi lai&AWE-kai"',
        response=lines(
            rb"* FLAGS (\Answered \Flagged \Draft \Deleted \Seen $NotPhishing $Phishing)",
            rb"* OK [PERMANENTFLAGS (\Answered \Flagged \Draft \Deleted \Seen $NotPhishing "
            rb"$Phishing \*)] Flags permitted.",
            b"* OK [UIDVALIDITY 2] UIDs valid.",
            b"* 3 EXISTS",
            b"* 0 RECENT",
            b"* OK [UIDNEXT 12] Predicted next UID.",
            b"* OK [HIGHESTMODSEQ 1207]",
            "F OK [READ-WRITE] [Gmail]/Visi laiškai selected. (Success) [THROTTLED]".encode(),
        ),
        expected=selected(
            "[Gmail]/Visi lai&AWE-kai",
            exists=3,
            recent=0,
            flags=SYSTEM_FLAGS | {"$NotPhishing", "$Phishing"},
            permanent_flags=SYSTEM_FLAGS | {"$NotPhishing", "$Phishing", "\\*"},
            uid_validity=2,
            uid_next=12,
            highest_modseq=1207,
            text="[Gmail]/Visi laiškai selected. (Success) [THROTTLED]",
        ),
        quirk="code without text; UTF-8 text; [THROTTLED] after the text",
    ),
    Case(
        id="exchange2010-select",
        server="Microsoft Exchange / 365",
        provenance="MailKit issue 1449: Exchange Server 2010 SELECT INBOX, $MDNSent among the "
        "flags.",
        source="https://github.com/jstedfast/MailKit/issues/1449",
        command="A00000009 SELECT INBOX",
        response=lines(
            b"* 4 EXISTS",
            b"* 0 RECENT",
            rb"* FLAGS (\Seen \Answered \Flagged \Deleted \Draft $MDNSent)",
            rb"* OK [PERMANENTFLAGS (\Seen \Answered \Flagged \Deleted \Draft $MDNSent)] "
            rb"Permanent flags",
            b"* OK [UNSEEN 1] Is the first unseen message",
            b"* OK [UIDVALIDITY 7937] UIDVALIDITY value",
            b"* OK [UIDNEXT 67167] The next unique identifier value",
            b"A00000009 OK [READ-WRITE] SELECT completed.",
        ),
        expected=selected(
            "INBOX",
            exists=4,
            recent=0,
            flags=SYSTEM_FLAGS | {"$MDNSent"},
            permanent_flags=SYSTEM_FLAGS | {"$MDNSent"},
            first_unseen=1,
            uid_validity=7937,
            uid_next=67167,
            text="SELECT completed.",
        ),
    ),
    Case(
        id="courier-examine-myrights",
        server="Courier",
        provenance="TryHackMe 'Protocols and Servers 2' transcript of Courier-IMAP: EXAMINE "
        "without UIDNEXT, with a MYRIGHTS code and a bare 'Ok' text.",
        source=COURIER_LOG,
        command="c3 EXAMINE INBOX",
        response=lines(
            rb"* FLAGS (\Draft \Answered \Flagged \Deleted \Seen \Recent)",
            b"* OK [PERMANENTFLAGS ()] No permanent flags permitted",
            b"* 0 EXISTS",
            b"* 0 RECENT",
            b"* OK [UIDVALIDITY 749959532] Ok",
            b'* OK [MYRIGHTS "acdilrsw"] ACL',
            b"c3 OK [READ-ONLY] Ok",
        ),
        expected=selected(
            "INBOX",
            exists=0,
            recent=0,
            flags=SYSTEM_FLAGS | {"\\Recent"},
            permanent_flags=frozenset(),
            uid_validity=749959532,
            read_only=True,
            text="Ok",
        ),
        quirk="no UIDNEXT; \\Recent in FLAGS",
    ),
    Case(
        id="dovecot-select-clientbug-status",
        server="Dovecot",
        provenance="async-imap issue 91: Dovecot SELECT INBOX of an empty mailbox.",
        source="https://github.com/chatmail/async-imap/issues/91",
        command="? SELECT INBOX",
        response=lines(
            rb"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)",
            rb"* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] "
            rb"Flags permitted.",
            b"* 0 EXISTS",
            b"* 0 RECENT",
            b"* OK [UIDVALIDITY 1697802745] UIDs valid",
            b"* OK [UIDNEXT 1] Predicted next UID",
            b"? OK [READ-WRITE] Select completed (0.001 + 0.000 secs).",
        ),
        expected=selected(
            "INBOX",
            exists=0,
            recent=0,
            flags=SYSTEM_FLAGS,
            permanent_flags=SYSTEM_FLAGS | {"\\*"},
            uid_validity=1697802745,
            uid_next=1,
            text="Select completed (0.001 + 0.000 secs).",
        ),
    ),
    Case(
        id="winmail-select-without-uidnext",
        server="Winmail Pro",
        provenance="modern-email defect 43: Winmail Pro's SELECT has no UIDNEXT.",
        source="https://github.com/modern-email/defects/issues/43",
        command="? SELECT INBOX",
        response=lines(
            rb"* FLAGS (\Draft \Answered \Flagged \Deleted \Seen \Recent)",
            rb"* OK [PERMANENTFLAGS (\Draft \Answered \Flagged \Deleted \Seen)] Limited",
            b"* 1 EXISTS",
            b"* 0 RECENT",
            b"* OK [UIDVALIDITY 1697802109] Ok",
            b"? OK [READ-WRITE] Ok SELECT completed",
        ),
        expected=selected(
            "INBOX",
            exists=1,
            recent=0,
            flags=SYSTEM_FLAGS | {"\\Recent"},
            permanent_flags=SYSTEM_FLAGS,
            uid_validity=1697802109,
            text="Ok SELECT completed",
        ),
        quirk="no UIDNEXT",
    ),
    Case(
        id="qq-examine",
        server="QQ Mail",
        provenance="MailKit issue 233 (imap.qq.com): EXAMINE with a bare [UNSEEN 25] code.",
        source="https://github.com/jstedfast/MailKit/issues/233",
        command="A00000003 EXAMINE INBOX",
        response=lines(
            b"* 71 EXISTS",
            b"* 0 RECENT",
            b"* OK [UNSEEN 25]",
            b"* OK [UIDVALIDITY 1316352875] UID validity status",
            b"* OK [UIDNEXT 5790] Predicted next UID",
            rb"* FLAGS (\Answered \Flagged \Deleted \Draft \Seen)",
            b"A00000003 OK [READ-ONLY] EXAMINE completed",
        ),
        expected=selected(
            "INBOX",
            exists=71,
            recent=0,
            flags=SYSTEM_FLAGS,
            first_unseen=25,
            uid_validity=1316352875,
            uid_next=5790,
            read_only=True,
            text="EXAMINE completed",
        ),
        quirk="response code without text",
    ),
    Case(
        id="139mail-select-minimal",
        server="139 Mail (China Mobile)",
        provenance="MailCore2 issue 1592: the 139 mail server's SELECT with no UIDNEXT.",
        source="https://github.com/MailCore/mailcore2/issues/1592",
        command="5 SELECT INBOX",
        response=lines(
            b"* 852 EXISTS",
            b"* 549 RECENT",
            b"* OK [UIDVALIDITY 1] UIDs valid",
            rb"* FLAGS (\Answered \Seen \Deleted \Draft)",
            rb"* OK [PERMANENTFLAGS (\Answered \Seen \Deleted \Draft)] Limited",
            b"5 OK [READ-WRITE] SELECT completed",
        ),
        expected=selected(
            "INBOX",
            exists=852,
            recent=549,
            flags=frozenset({"\\Answered", "\\Seen", "\\Deleted", "\\Draft"}),
            permanent_flags=frozenset({"\\Answered", "\\Seen", "\\Deleted", "\\Draft"}),
            uid_validity=1,
            text="SELECT completed",
        ),
    ),
    Case(
        id="imapclient-select-bracketed-keywords",
        server="IMAPClient test suite",
        provenance="IMAPClient's SELECT test: keywords containing brackets ([foo]/bar) in "
        "FLAGS and PERMANENTFLAGS, and a bare HIGHESTMODSEQ code.",
        source=IMAPCLIENT_TESTS,
        command='A1 SELECT "folder_name"',
        response=lines(
            b"* 3 EXISTS",
            b"* 0 RECENT",
            rb"* FLAGS (\Flagged \Deleted abc [foo]/bar def)",
            rb"* OK [PERMANENTFLAGS (\Flagged \Deleted abc [foo]/bar def \*)] Flags permitted.",
            b"* OK [UIDVALIDITY 631062293] UIDs valid.",
            b"* OK [UIDNEXT 1281] Predicted next UID.",
            b"* OK [HIGHESTMODSEQ 127110]",
            b"A1 OK [READ-WRITE] SELECT completed",
        ),
        expected=selected(
            "folder_name",
            exists=3,
            recent=0,
            flags=frozenset({"\\Flagged", "\\Deleted", "abc", "[foo]/bar", "def"}),
            permanent_flags=frozenset({"\\Flagged", "\\Deleted", "abc", "[foo]/bar", "def", "\\*"}),
            uid_validity=631062293,
            uid_next=1281,
            highest_modseq=127110,
            text="SELECT completed",
        ),
        quirk="brackets in keywords",
    ),
    Case(
        id="imapflow-permanentflags-bracket-keyword",
        server="ImapFlow test suite",
        provenance="ImapFlow's parser tests: PERMANENTFLAGS holding de:hacking and [css3-page] "
        "keywords seen on real servers (only this line is published; the runner ends it).",
        source=IMAPFLOW_PARSER,
        command="A1 SELECT INBOX",
        response=lines(
            rb"* OK [PERMANENTFLAGS (de:hacking $label kt-evalution [css3-page] \*)] "
            rb"Flags permitted."
        ),
        expected=selected(
            "INBOX",
            exists=None,
            flags=None,
            permanent_flags=frozenset(
                {"de:hacking", "$label", "kt-evalution", "[css3-page]", "\\*"}
            ),
            text="done",
        ),
        quirk="brackets and colons in keywords",
        pending="SelectResult.exists/flags None when not sent",
    ),
    Case(
        id="greenmail-select-without-exists",
        server="GreenMail",
        provenance="GreenMail issue 1027: a SELECT reply with FLAGS and PERMANENTFLAGS but no "
        "EXISTS (as published in the report).",
        source="https://github.com/greenmail-mail-test/greenmail/issues/1027",
        command="a4 SELECT INBOX",
        response=lines(
            rb"* FLAGS (\Answered \Deleted \Draft \Flagged \Seen)",
            rb"* OK [PERMANENTFLAGS (\Answered \Deleted \Draft \Flagged \Seen \*)]",
            b"a4 OK [READ-WRITE] SELECT completed.",
        ),
        expected=selected(
            "INBOX",
            exists=None,
            flags=SYSTEM_FLAGS,
            permanent_flags=SYSTEM_FLAGS | {"\\*"},
            text="SELECT completed.",
        ),
        quirk="no EXISTS; code without text",
        pending="SelectResult.exists None when not sent",
    ),
]

STATUS_CASES: list[Case] = [
    Case(
        id="rfc3501-status",
        server="RFC",
        provenance="RFC 3501 section 6.3.10 example: STATUS blurdybloop (UIDNEXT MESSAGES).",
        source=RFC3501,
        command="A042 STATUS blurdybloop (UIDNEXT MESSAGES)",
        response=lines(
            b"* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)", b"A042 OK STATUS completed"
        ),
        expected=MailboxStatus("blurdybloop", messages=231, uid_next=44292),
    ),
    Case(
        id="rfc7162-status-highestmodseq",
        server="RFC",
        provenance="RFC 7162 section 3.1.6 example: STATUS with HIGHESTMODSEQ.",
        source=RFC7162,
        command="A042 STATUS blurdybloop (UIDNEXT MESSAGES HIGHESTMODSEQ)",
        response=lines(
            b"* STATUS blurdybloop (MESSAGES 231 UIDNEXT 7500 HIGHESTMODSEQ 7011231777)",
            b"A042 OK STATUS completed",
        ),
        expected=MailboxStatus(
            "blurdybloop", messages=231, uid_next=7500, highest_modseq=7011231777
        ),
    ),
    Case(
        id="rfc8438-status-size",
        server="RFC",
        provenance="RFC 8438 section 3 example: STATUS (MESSAGES SIZE).",
        source="https://www.rfc-editor.org/rfc/rfc8438",
        command="A042 STATUS INBOX (MESSAGES SIZE)",
        response=lines(b"* STATUS INBOX (MESSAGES 231 SIZE 44292)", b"A042 OK STATUS completed"),
        expected=MailboxStatus("INBOX", messages=231, size=44292),
    ),
    Case(
        id="dovecot-status-unquoted-inbox",
        server="Dovecot",
        provenance="rust-imap issue 185: Dovecot's STATUS reply with an unquoted INBOX.",
        source="https://github.com/jonhoo/rust-imap/issues/185",
        command='a2 STATUS "INBOX" (UIDNEXT UIDVALIDITY)',
        response=lines(b"* STATUS INBOX (UIDNEXT 7 UIDVALIDITY 1616297529)"),
        expected=MailboxStatus("INBOX", uid_next=7, uid_validity=1616297529),
    ),
    Case(
        id="dovecot-status-clientbug",
        server="Dovecot",
        provenance="async-imap issue 91: Dovecot answers STATUS of the selected mailbox with a "
        "[CLIENTBUG] code on the tagged OK.",
        source="https://github.com/chatmail/async-imap/issues/91",
        command="? STATUS INBOX (UIDNEXT)",
        response=lines(
            b"* STATUS INBOX (UIDNEXT 1)",
            b"? OK [CLIENTBUG] Status on selected mailbox completed (0.001 + 0.000 secs).",
        ),
        expected=MailboxStatus("INBOX", uid_next=1),
    ),
    Case(
        id="winmail-status-quoted",
        server="Winmail Pro",
        provenance="modern-email defect 43: Winmail Pro's STATUS with a quoted name.",
        source="https://github.com/modern-email/defects/issues/43",
        command="? STATUS INBOX (UIDNEXT)",
        response=lines(b'* STATUS "INBOX" (UIDNEXT 4)', b"? OK STATUS completed"),
        expected=MailboxStatus("INBOX", uid_next=4),
    ),
    Case(
        id="exchange-status-trailing-space",
        server="Microsoft Exchange / 365",
        provenance="modern-email defect 9 (from go-imap issue 540): a STATUS response with a "
        "trailing space, seen behind a Dovecot proxy to Exchange.",
        source="https://github.com/modern-email/defects/issues/9",
        command="A1 STATUS INBOX (MESSAGES)",
        response=lines(b"* STATUS INBOX (MESSAGES 0) "),
        expected=MailboxStatus("INBOX", messages=0),
        quirk="trailing space",
    ),
    Case(
        id="imapclient-status-literal-name",
        server="IMAPClient test suite",
        provenance="IMAPClient's STATUS tests: the mailbox name sent as a literal.",
        source="mjs/imapclient:tests/test_folder_status.py",
        command='A1 STATUS "foo" (UIDNEXT)',
        response=b"* STATUS {3}\r\nfoo (UIDNEXT 4)\r\n",
        expected=MailboxStatus("foo", uid_next=4),
    ),
    Case(
        id="imapclient-status-unquoted-name-with-space",
        server="IMAPClient test suite",
        provenance="IMAPClient's STATUS tests: 'seen in production', a name with a space sent "
        "unquoted.",
        source="mjs/imapclient:tests/test_folder_status.py",
        command='A1 STATUS "My files" (UIDNEXT)',
        response=lines(b"* STATUS My files (UIDNEXT 24369)"),
        expected=MailboxStatus("My files", uid_next=24369),
        quirk="unquoted name with a space",
        pending="STATUS with an unquoted name containing spaces",
    ),
    Case(
        id="imapclient-status-volunteered-other-mailbox",
        server="IMAPClient test suite",
        provenance="IMAPClient's STATUS tests: 'seen in production', STATUS for a mailbox not "
        "asked about before the one asked about.",
        source="mjs/imapclient:tests/test_folder_status.py",
        command="A1 STATUS INBOX (UIDNEXT)",
        response=lines(b"* STATUS sent (UIDNEXT 123)", b"* STATUS INBOX (UIDNEXT 24369)"),
        expected=MailboxStatus("INBOX", uid_next=24369),
        quirk="STATUS for another mailbox volunteered",
    ),
    Case(
        id="wp-status-unquoted-8bit-name",
        server="WP.pl",
        provenance="ImapFlow's parser tests: STATUS naming a folder in raw UTF-8, unquoted; "
        "the Segregator folders are WP.pl's (MailKit issue 974).",
        source=IMAPFLOW_PARSER,
        command="A1 STATUS Segregator/Spo&AUI-eczno&AVs-ci (MESSAGES UIDNEXT UIDVALIDITY)",
        response=lines(
            "* STATUS Segregator/Społeczności (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 1)".encode()
        ),
        expected=MailboxStatus("Segregator/Społeczności", messages=0, uid_next=1, uid_validity=1),
        quirk="8-bit mailbox name without UTF8=ACCEPT",
    ),
]

LIST_CASES: list[Case] = [
    Case(
        id="rfc3501-list-root",
        server="RFC",
        provenance='RFC 3501 section 6.3.8 example: LIST "" "" gives the delimiter and root.',
        source=RFC3501,
        command='A101 LIST "" ""',
        response=lines(rb'* LIST (\Noselect) "/" ""', b"A101 OK LIST Completed"),
        expected=(box("", "/", "\\Noselect"),),
    ),
    Case(
        id="rfc3501-list-news",
        server="RFC",
        provenance="RFC 3501 section 6.3.8 example: a #news. namespace root, dot-delimited.",
        source=RFC3501,
        command='A102 LIST #news.comp.mail.misc ""',
        response=lines(rb'* LIST (\Noselect) "." #news.', b"A102 OK LIST Completed"),
        expected=(box("#news.", ".", "\\Noselect"),),
    ),
    Case(
        id="rfc3501-list-tilde",
        server="RFC",
        provenance="RFC 3501 section 6.3.8 example: LIST ~/Mail/ %.",
        source=RFC3501,
        command="A202 LIST ~/Mail/ %",
        response=lines(
            rb'* LIST (\Noselect) "/" ~/Mail/foo',
            b'* LIST () "/" ~/Mail/meetings',
            b"A202 OK LIST completed",
        ),
        expected=(box("~/Mail/foo", "/", "\\Noselect"), box("~/Mail/meetings", "/")),
    ),
    Case(
        id="rfc3501-lsub",
        server="RFC",
        provenance="RFC 3501 section 6.3.9 example: LSUB of #news.comp.mail.*.",
        source=RFC3501,
        command='A002 LSUB "#news." "comp.mail.*"',
        response=lines(
            b'* LSUB () "." #news.comp.mail.mime',
            b'* LSUB () "." #news.comp.mail.misc',
            b"A002 OK LSUB completed",
        ),
        # Everything LSUB lists is subscribed: the library says so as LIST-EXTENDED would.
        expected=(
            box("#news.comp.mail.mime", ".", "\\Subscribed"),
            box("#news.comp.mail.misc", ".", "\\Subscribed"),
        ),
    ),
    Case(
        id="rfc6154-list-special-use",
        server="RFC",
        provenance="RFC 6154 section 5.1 example: LIST with special-use attributes.",
        source=RFC6154,
        command='t1 LIST "" "%"',
        response=lines(
            rb'* LIST (\Marked \HasNoChildren) "/" Inbox',
            rb'* LIST (\HasNoChildren) "/" ToDo',
            rb'* LIST (\HasChildren) "/" Projects',
            rb'* LIST (\Sent \HasNoChildren) "/" SentMail',
            rb'* LIST (\Marked \Drafts \HasNoChildren) "/" MyDrafts',
            rb'* LIST (\Trash \HasNoChildren) "/" Trash',
            b"t1 OK done",
        ),
        expected=(
            box("INBOX", "/", "\\Marked", "\\HasNoChildren", raw=b"Inbox"),
            box("ToDo", "/", "\\HasNoChildren"),
            box("Projects", "/", "\\HasChildren"),
            box("SentMail", "/", "\\Sent", "\\HasNoChildren", special_use="\\Sent"),
            box(
                "MyDrafts",
                "/",
                "\\Marked",
                "\\Drafts",
                "\\HasNoChildren",
                special_use="\\Drafts",
            ),
            box("Trash", "/", "\\Trash", "\\HasNoChildren", special_use="\\Trash"),
        ),
        quirk="INBOX spelt Inbox",
    ),
    Case(
        id="rfc5258-list-subscribed",
        server="RFC",
        provenance="RFC 5258 section 5 example 2: LIST (SUBSCRIBED), a lower-case inbox and a "
        "subscribed mailbox that no longer exists.",
        source=RFC5258,
        command='A02 LIST (SUBSCRIBED) "" "*"',
        response=lines(
            rb'* LIST (\Marked \NoInferiors \Subscribed) "/" "inbox"',
            rb'* LIST (\Subscribed) "/" "Fruit/Banana"',
            rb'* LIST (\Subscribed \NonExistent) "/" "Fruit/Peach"',
            rb'* LIST (\Subscribed) "/" "Vegetable"',
            rb'* LIST (\Subscribed) "/" "Vegetable/Broccoli"',
            b"A02 OK done",
        ),
        expected=(
            box("INBOX", "/", "\\Marked", "\\Noinferiors", "\\Subscribed", raw=b"inbox"),
            box("Fruit/Banana", "/", "\\Subscribed"),
            box("Fruit/Peach", "/", "\\Subscribed", "\\NonExistent"),
            box("Vegetable", "/", "\\Subscribed"),
            box("Vegetable/Broccoli", "/", "\\Subscribed"),
        ),
    ),
    Case(
        id="rfc5258-list-childinfo",
        server="RFC",
        provenance="RFC 5258 section 5 example 5: RECURSIVEMATCH reports CHILDINFO extended "
        "data for a parent that is not itself subscribed.",
        source=RFC5258,
        command='A04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"',
        response=lines(
            b'* LIST () "/" "Fruit" ("CHILDINFO" ("SUBSCRIBED"))',
            rb'* LIST (\Subscribed) "/" "Vegetable"',
            b"A04 OK done",
        ),
        expected=(box("Fruit", "/"), box("Vegetable", "/", "\\Subscribed")),
    ),
    Case(
        id="rfc5819-list-status",
        server="RFC",
        provenance="RFC 5819 section 5 example: LIST RETURN (STATUS (MESSAGES UNSEEN)).",
        source="https://www.rfc-editor.org/rfc/rfc5819",
        command='A01 LIST "" % RETURN (STATUS (MESSAGES UNSEEN))',
        response=lines(
            rb'* LIST () "." "INBOX"',
            b'* STATUS "INBOX" (MESSAGES 17 UNSEEN 16)',
            rb'* LIST () "." "foo"',
            b'* STATUS "foo" (MESSAGES 30 UNSEEN 29)',
            rb'* LIST (\NoSelect) "." "bar"',
            b"A01 OK List completed.",
        ),
        expected=(
            box("INBOX", ".", status=MailboxStatus("INBOX", messages=17, unseen=16)),
            box("foo", ".", status=MailboxStatus("foo", messages=30, unseen=29)),
            box("bar", ".", "\\Noselect"),
        ),
        quirk="\\NoSelect spelt with a capital S",
    ),
    Case(
        id="gmail-list-folders",
        server="Gmail",
        provenance="php-imap issue 176: Gmail's LIST with a German account's [Gmail] folders.",
        source="https://github.com/Webklex/php-imap/issues/176",
        command='TAG3 LIST "" "*"',
        response=lines(
            rb'* LIST (\HasNoChildren) "/" "INBOX"',
            rb'* LIST (\HasChildren \Noselect) "/" "[Gmail]"',
            rb'* LIST (\All \HasNoChildren) "/" "[Gmail]/Alle Nachrichten"',
            b"TAG3 OK Success",
        ),
        expected=(
            box("INBOX", "/", "\\HasNoChildren"),
            box("[Gmail]", "/", "\\HasChildren", "\\Noselect"),
            box("[Gmail]/Alle Nachrichten", "/", "\\All", "\\HasNoChildren", special_use="\\All"),
        ),
    ),
    Case(
        id="courier-list-inbox-dot",
        server="Courier",
        provenance="TryHackMe 'Protocols and Servers 2' transcript of Courier-IMAP: LIST under "
        "an INBOX. namespace, \\Unmarked on INBOX.",
        source=COURIER_LOG,
        command='c2 LIST "" "*"',
        response=lines(
            rb'* LIST (\HasNoChildren) "." "INBOX.Trash"',
            rb'* LIST (\HasNoChildren) "." "INBOX.Drafts"',
            rb'* LIST (\HasNoChildren) "." "INBOX.Templates"',
            rb'* LIST (\HasNoChildren) "." "INBOX.Sent"',
            rb'* LIST (\Unmarked \HasChildren) "." "INBOX"',
            b"c2 OK LIST completed",
        ),
        expected=(
            box("INBOX.Trash", ".", "\\HasNoChildren"),
            box("INBOX.Drafts", ".", "\\HasNoChildren"),
            box("INBOX.Templates", ".", "\\HasNoChildren"),
            box("INBOX.Sent", ".", "\\HasNoChildren"),
            box("INBOX", ".", "\\Unmarked", "\\HasChildren"),
        ),
    ),
    Case(
        id="qq-list-inbox",
        server="QQ Mail",
        provenance='MailKit issue 233 (imap.qq.com): LIST "" INBOX.',
        source="https://github.com/jstedfast/MailKit/issues/233",
        command='A00000002 LIST "" "INBOX"',
        response=lines(rb'* LIST (\HasNoChildren) "/" "INBOX"', b"A00000002 OK LIST completed"),
        expected=(box("INBOX", "/", "\\HasNoChildren"),),
    ),
    Case(
        id="139mail-list-empty-root",
        server="139 Mail (China Mobile)",
        provenance='MailCore2 issue 1592: LIST "" "" answered with the root.',
        source="https://github.com/MailCore/mailcore2/issues/1592",
        command='4 LIST "" ""',
        response=lines(rb'* LIST (\Noselect) "/" ""', b"4 OK LIST Completed"),
        expected=(box("", "/", "\\Noselect"),),
    ),
    Case(
        id="imapflow-list-brackets-in-unquoted-name",
        server="ImapFlow test suite",
        provenance="ImapFlow's parser tests: an Airmail folder INBOX.[Airmail].Snooze sent "
        "unquoted, brackets and all.",
        source=IMAPFLOW_PARSER,
        command='A1 LIST "" "*"',
        response=lines(rb'* LIST (\UnMarked) "." INBOX.[Airmail].Snooze'),
        expected=(box("INBOX.[Airmail].Snooze", ".", "\\Unmarked"),),
        quirk="brackets in an atom",
    ),
    Case(
        id="imapflow-list-attributes-without-backslash",
        server="ImapFlow test suite",
        provenance="ImapFlow's parser tests: attributes without their backslash and a name "
        "that is a quote character and a letter.",
        source=IMAPFLOW_PARSER,
        command='A1 LIST "" "*"',
        response=lines(b'* LIST (HasNoChildren UnMarked) "/" \'a'),
        expected=(box("'a", "/", "HasNoChildren", "UnMarked"),),
        quirk="attributes without backslash",
    ),
    Case(
        id="imapclient-list-modified-utf7",
        server="IMAPClient test suite",
        provenance="IMAPClient's LIST tests: a modified UTF-7 name (Hello&AP8-world).",
        source=IMAPCLIENT_TESTS,
        command='A1 LIST "foo" "bar"',
        response=lines(
            rb'* LIST (\HasNoChildren) "/" "A"', rb'* LIST (\HasNoChildren) "/" "Hello&AP8-world"'
        ),
        expected=(
            box("A", "/", "\\HasNoChildren"),
            box("Helloÿworld", "/", "\\HasNoChildren", raw=b"Hello&AP8-world"),
        ),
    ),
    Case(
        id="imapclient-list-unquoted-numeric-name",
        server="IMAPClient test suite",
        provenance="IMAPClient's LIST tests: 'some IMAP implementations' send a numeric name "
        "unquoted.",
        source=IMAPCLIENT_TESTS,
        command='A1 LIST "" "*"',
        response=lines(rb'* LIST (\HasNoChildren) "/" 123'),
        expected=(box("123", "/", "\\HasNoChildren"),),
        quirk="numeric name as an atom",
    ),
    Case(
        id="imapclient-list-quoted-specials",
        server="IMAPClient test suite",
        provenance="IMAPClient's LIST tests: names with escaped quotes and backslashes.",
        source=IMAPCLIENT_TESTS,
        command='A1 LIST "" "*"',
        response=lines(
            rb'* LIST (\HasNoChildren) "/" "Test \"Folder\""',
            rb'* LIST (\HasNoChildren) "/" "Left\\Right"',
        ),
        expected=(
            box('Test "Folder"', "/", "\\HasNoChildren"),
            box("Left\\Right", "/", "\\HasNoChildren"),
        ),
    ),
    Case(
        id="imapclient-list-literal-name",
        server="IMAPClient test suite",
        provenance="IMAPClient's LIST tests: a name sent as a literal, then INBOX.",
        source=IMAPCLIENT_TESTS,
        command='A1 LIST "" "*"',
        response=b'* LIST (\\NoInferiors \\UnMarked) "/" {4}\r\nbang\r\n'
        b'* LIST (\\HasNoChildren \\UnMarked) "/" "INBOX"\r\n',
        expected=(
            box("bang", "/", "\\Noinferiors", "\\Unmarked"),
            box("INBOX", "/", "\\HasNoChildren", "\\Unmarked"),
        ),
    ),
]

NAMESPACE_CASES: list[Case] = [
    Case(
        id="rfc2342-namespace-personal-only",
        server="RFC",
        provenance="RFC 2342 section 5 example 5.1: only a personal namespace.",
        source=RFC2342,
        command="A001 NAMESPACE",
        response=lines(b'* NAMESPACE (("" "/")) NIL NIL', b"A001 OK NAMESPACE command completed"),
        expected=Namespaces(personal=(Namespace("", "/"),), other=(), shared=()),
    ),
    Case(
        id="rfc2342-namespace-all-three",
        server="RFC",
        provenance="RFC 2342 section 5 example 5.4: personal, other users' and shared.",
        source=RFC2342,
        command="A001 NAMESPACE",
        response=lines(
            b'* NAMESPACE (("" "/")) (("~" "/")) (("#shared/" "/")("#public/" "/")'
            b'("#ftp/" "/")("#news." "."))',
            b"A001 OK NAMESPACE command completed",
        ),
        expected=Namespaces(
            personal=(Namespace("", "/"),),
            other=(Namespace("~", "/"),),
            shared=(
                Namespace("#shared/", "/"),
                Namespace("#public/", "/"),
                Namespace("#ftp/", "/"),
                Namespace("#news.", "."),
            ),
        ),
    ),
    Case(
        id="rfc2342-namespace-inbox-dot",
        server="RFC",
        provenance="RFC 2342 section 5 example 5.6: an INBOX. personal prefix (as Courier and "
        "Cyrus use).",
        source=RFC2342,
        command="A001 NAMESPACE",
        response=lines(
            b'* NAMESPACE (("INBOX." ".")) NIL  NIL', b"A001 OK NAMESPACE command completed"
        ),
        expected=Namespaces(personal=(Namespace("INBOX.", "."),), other=(), shared=()),
        quirk="two spaces between groups",
    ),
    Case(
        id="rfc2342-namespace-extension",
        server="RFC",
        provenance="RFC 2342 section 5 example with a namespace response extension "
        '("X-PARAM" ("FLAG1" "FLAG2")).',
        source=RFC2342,
        command="A001 NAMESPACE",
        response=lines(
            b'* NAMESPACE (("" "/" "X-PARAM" ("FLAG1" "FLAG2"))) NIL NIL',
            b"A001 OK NAMESPACE command completed",
        ),
        expected=Namespaces(personal=(Namespace("", "/"),), other=(), shared=()),
    ),
    Case(
        id="qq-namespace",
        server="QQ Mail",
        provenance="MailKit issue 233 (imap.qq.com): NAMESPACE with one personal namespace.",
        source="https://github.com/jstedfast/MailKit/issues/233",
        command="A00000001 NAMESPACE",
        response=lines(b'* NAMESPACE (("" "/")) NIL NIL', b"A00000001 OK Success"),
        expected=Namespaces(personal=(Namespace("", "/"),), other=(), shared=()),
    ),
    Case(
        id="wp-namespace",
        server="WP.pl",
        provenance="MailKit issue 974 (imap.wp.pl): NAMESPACE.",
        source="https://github.com/jstedfast/MailKit/issues/974",
        command="A00000003 NAMESPACE",
        response=lines(b'* NAMESPACE (("" "/")) NIL NIL', b"A00000003 OK NAMESPACE completed"),
        expected=Namespaces(personal=(Namespace("", "/"),), other=(), shared=()),
    ),
]

CASES: list[Case] = [*SELECT_CASES, *STATUS_CASES, *LIST_CASES, *NAMESPACE_CASES]
