"""FETCH replies: envelopes, body structures, sections, vendor items, and malformed items."""

from __future__ import annotations

import datetime

from imapclient_async import Multipart, ProtocolError

from .case import Case, Raises, address, envelope, message, part

CRLF = b"\r\n"


def lines(*parts: bytes) -> bytes:
    """Responses given line by line, each ended with CRLF."""
    return b"".join(item + CRLF for item in parts)


def zone(hours: int, minutes: int = 0) -> datetime.timezone:
    sign = -1 if hours < 0 else 1
    return datetime.timezone(sign * datetime.timedelta(hours=abs(hours), minutes=minutes))


UTC = datetime.timezone.utc
RFC3501 = "https://www.rfc-editor.org/rfc/rfc3501"
RFC7162 = "https://www.rfc-editor.org/rfc/rfc7162"
GMAIL_EXTENSIONS = "https://developers.google.com/gmail/imap/imap-extensions"
IMAPCLIENT_PARSER_TESTS = "mjs/imapclient:tests/test_response_parser.py"

TERRY = address("Terry Gray", "gray", "cac.washington.edu")
RFC3501_ENVELOPE = envelope(
    datetime.datetime(1996, 7, 17, 2, 23, 25, tzinfo=zone(-7)),
    "IMAP4rev1 WG mtg summary and minutes",
    from_=(TERRY,),
    sender=(TERRY,),
    reply_to=(TERRY,),
    to=(address(None, "imap", "cac.washington.edu"),),
    cc=(
        address(None, "minutes", "CNRI.Reston.VA.US"),
        address("John Klensin", "KLENSIN", "MIT.EDU"),
    ),
    message_id="<B27397-0100000@cac.washington.edu>",
)
RFC3501_HEADER = (
    b"Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n"
    b"From: Terry Gray <gray@cac.washington.edu>\r\n"
    b"Subject: IMAP4rev1 WG mtg summary and minutes\r\n"
    b"To: imap@cac.washington.edu\r\n"
    b"cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n"
    b"Message-Id: <B27397-0100000@cac.washington.edu>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
    b"\r\n"
)

MVELOPES = address("Mvelopes", "no-reply", "finicity.com")
GROUPON = address("Groupon", "noreply", "r.groupon.com")
EICHIN = address("Mark Eichin", "eichin", "gmail.com")
INVOICE_EML = "Tellimuse Microsoft 365 Business Standard arve vaatamine.eml"
MICROSOFT = address("Microsoft", "microsoft-noreply", "microsoft.com")
GAP = address("c p", "---.---87", "gmail.com")

CASES: list[Case] = [
    # -- RFC examples ------------------------------------------------------------------
    Case(
        id="rfc3501-fetch-full-macro",
        server="RFC",
        provenance="RFC 3501 section 6.4.5 example: FETCH FULL of the WG-minutes message.",
        source=RFC3501,
        command="A654 FETCH 12 FULL",
        response=lines(
            rb'* 12 FETCH (FLAGS (\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" '
            rb'RFC822.SIZE 4286 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" '
            rb'"IMAP4rev1 WG mtg summary and minutes" '
            rb'(("Terry Gray" NIL "gray" "cac.washington.edu")) '
            rb'(("Terry Gray" NIL "gray" "cac.washington.edu")) '
            rb'(("Terry Gray" NIL "gray" "cac.washington.edu")) '
            rb'((NIL NIL "imap" "cac.washington.edu")) '
            rb'((NIL NIL "minutes" "CNRI.Reston.VA.US")'
            rb'("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL '
            rb'"<B27397-0100000@cac.washington.edu>") '
            rb'BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))',
            b"A654 OK FETCH completed",
        ),
        expected=message(
            12,
            flags=frozenset({"\\Seen"}),
            internal_date=datetime.datetime(1996, 7, 17, 2, 44, 25, tzinfo=zone(-7)),
            size=4286,
            envelope=RFC3501_ENVELOPE,
            body_structure=part(
                "text",
                "plain",
                "1",
                params={"charset": "US-ASCII"},
                encoding="7bit",
                size=3028,
                lines=92,
            ),
        ),
    ),
    Case(
        id="rfc3501-fetch-header-literal",
        server="RFC",
        provenance="RFC 3501 section 6.4.5 example: BODY[HEADER] returned as a 342-octet literal.",
        source=RFC3501,
        command="A654 FETCH 12 (BODY[HEADER])",
        response=b"* 12 FETCH (BODY[HEADER] {342}\r\n"
        + RFC3501_HEADER
        + b")\r\nA654 OK FETCH completed\r\n",
        expected=message(12, sections={"HEADER": RFC3501_HEADER}),
    ),
    Case(
        id="rfc3501-uid-fetch-flags",
        server="RFC",
        provenance="RFC 3501 section 6.4.8 example: UID FETCH of FLAGS over a UID range.",
        source=RFC3501,
        command="A999 UID FETCH 4827313:4828442 FLAGS",
        response=lines(
            rb"* 23 FETCH (FLAGS (\Seen) UID 4827313)",
            rb"* 24 FETCH (FLAGS (\Seen) UID 4827943)",
            rb"* 25 FETCH (FLAGS (\Seen) UID 4828442)",
            b"A999 OK UID FETCH completed",
        ),
        expected=(
            message(23, uid=4827313, flags=frozenset({"\\Seen"})),
            message(24, uid=4827943, flags=frozenset({"\\Seen"})),
            message(25, uid=4828442, flags=frozenset({"\\Seen"})),
        ),
    ),
    Case(
        id="rfc3501-fetch-size",
        server="RFC",
        provenance="RFC 3501 section 7.4.2 example of FETCH data: flags and RFC822.SIZE.",
        source=RFC3501,
        command="A1 FETCH 23 (FLAGS RFC822.SIZE)",
        response=lines(rb"* 23 FETCH (FLAGS (\Seen) RFC822.SIZE 44827)"),
        expected=message(23, flags=frozenset({"\\Seen"}), size=44827),
    ),
    Case(
        id="rfc7162-changedsince",
        server="RFC",
        provenance="RFC 7162 section 3.1.4.1 example: UID FETCH (FLAGS) (CHANGEDSINCE 12345).",
        source=RFC7162,
        command="s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)",
        response=lines(
            rb"* 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\Seen))",
            rb"* 2 FETCH (UID 6 MODSEQ (75403) FLAGS (\Deleted))",
            rb"* 4 FETCH (UID 8 MODSEQ (29738) FLAGS ($NoJunk $AutoJunk $MDNSent))",
            b"s100 OK FETCH completed",
        ),
        expected=(
            message(1, uid=4, modseq=65402, flags=frozenset({"\\Seen"})),
            message(2, uid=6, modseq=75403, flags=frozenset({"\\Deleted"})),
            message(4, uid=8, modseq=29738, flags=frozenset({"$NoJunk", "$AutoJunk", "$MDNSent"})),
        ),
    ),
    Case(
        id="rfc7162-fetch-modseq",
        server="RFC",
        provenance="RFC 7162 section 3.1.4 example: FETCH 1:3 (MODSEQ).",
        source=RFC7162,
        command="a FETCH 1:3 (MODSEQ)",
        response=lines(
            b"* 1 FETCH (MODSEQ (624140003))",
            b"* 2 FETCH (MODSEQ (624140007))",
            b"* 3 FETCH (MODSEQ (624140005))",
            b"a OK Fetch complete",
        ),
        expected=(
            message(1, modseq=624140003),
            message(2, modseq=624140007),
            message(3, modseq=624140005),
        ),
    ),
    Case(
        id="rfc8474-emailid-threadid",
        server="RFC",
        provenance="RFC 8474 (OBJECTID, from Fastmail/Cyrus) section 7 example: EMAILID and "
        "THREADID as parenthesised object ids.",
        source="https://www.rfc-editor.org/rfc/rfc8474",
        command="3 FETCH 1:* (EMAILID THREADID)",
        response=lines(
            b"* 1 FETCH (EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9))",
            b"* 2 FETCH (EMAILID (M288836c4c7a762) THREADID (T64b478a75b7ea9))",
            b"* 3 FETCH (EMAILID (M5fdc09b49ea703) THREADID (T11863d02dd95b5))",
            b"3 OK Completed (0.000 sec)",
        ),
        expected=(
            message(
                1,
                raw={"EMAILID": ["M6d99ac3275bb4e"], "THREADID": ["T64b478a75b7ea9"]},
                email_id="M6d99ac3275bb4e",
                thread_id="T64b478a75b7ea9",
            ),
            message(
                2,
                raw={"EMAILID": ["M288836c4c7a762"], "THREADID": ["T64b478a75b7ea9"]},
                email_id="M288836c4c7a762",
                thread_id="T64b478a75b7ea9",
            ),
            message(
                3,
                raw={"EMAILID": ["M5fdc09b49ea703"], "THREADID": ["T11863d02dd95b5"]},
                email_id="M5fdc09b49ea703",
                thread_id="T11863d02dd95b5",
            ),
        ),
        pending="EMAILID/THREADID typed fields",
    ),
    Case(
        id="rfc8474-threadid-nil",
        server="RFC",
        provenance="RFC 8474 section 5.2: a server without threading answers THREADID NIL.",
        source="https://www.rfc-editor.org/rfc/rfc8474",
        command="3 FETCH 2 (EMAILID THREADID)",
        response=lines(b"* 2 FETCH (EMAILID (M5fdc09b49ea703) THREADID NIL)"),
        expected=message(
            2,
            raw={"EMAILID": ["M5fdc09b49ea703"], "THREADID": None},
            email_id="M5fdc09b49ea703",
            thread_id=None,
        ),
        quirk="THREADID NIL",
        pending="EMAILID/THREADID typed fields",
    ),
    Case(
        id="rfc8514-savedate",
        server="RFC",
        provenance="RFC 8514 section 4 example: FETCH SAVEDATE of message 998.",
        source="https://www.rfc-editor.org/rfc/rfc8514",
        command="A282 FETCH 998 (SAVEDATE)",
        response=lines(
            b'* 998 FETCH (SAVEDATE "01-Jan-2015 18:50:53 +0100")', b"A282 OK FETCH completed"
        ),
        expected=message(
            998,
            raw={"SAVEDATE": b"01-Jan-2015 18:50:53 +0100"},
            save_date=datetime.datetime(2015, 1, 1, 18, 50, 53, tzinfo=zone(1)),
        ),
        pending="SAVEDATE typed field",
    ),
    Case(
        id="rfc8514-savedate-nil",
        server="RFC",
        provenance="RFC 8514 section 4: a mailbox that keeps no save dates answers SAVEDATE NIL.",
        source="https://www.rfc-editor.org/rfc/rfc8514",
        command="A283 FETCH 999 (SAVEDATE)",
        response=lines(b"* 999 FETCH (SAVEDATE NIL)"),
        expected=message(999, raw={"SAVEDATE": None}, save_date=None),
        quirk="SAVEDATE NIL",
        pending="SAVEDATE typed field",
    ),
    Case(
        id="rfc8970-preview",
        server="RFC",
        provenance="RFC 8970 section 5 example 1: FETCH PREVIEW as a quoted string.",
        source="https://www.rfc-editor.org/rfc/rfc8970",
        command="A2 FETCH 1 (PREVIEW)",
        response=lines(b'* 1 FETCH (PREVIEW "Preview text!")', b"A2 OK FETCH complete."),
        expected=message(1, raw={"PREVIEW": b"Preview text!"}, preview="Preview text!"),
        pending="PREVIEW typed field",
    ),
    Case(
        id="rfc8970-preview-empty",
        server="RFC",
        provenance='RFC 8970 section 5 example 2: PREVIEW "" says no preview can be made.',
        source="https://www.rfc-editor.org/rfc/rfc8970",
        command="A3 FETCH 2 (PREVIEW)",
        response=lines(b'* 2 FETCH (PREVIEW "")'),
        expected=message(2, raw={"PREVIEW": b""}, preview=""),
        pending="PREVIEW typed field",
    ),
    Case(
        id="rfc8970-preview-lazy-nil",
        server="RFC",
        provenance="RFC 8970 section 3.1: with PREVIEW (LAZY) a server may answer NIL (not "
        "generated yet).",
        source="https://www.rfc-editor.org/rfc/rfc8970",
        command="B1 FETCH 1 (PREVIEW (LAZY))",
        response=lines(b"* 1 FETCH (PREVIEW NIL)"),
        expected=message(1, raw={"PREVIEW": None}, preview=None),
        quirk="PREVIEW NIL",
        pending="PREVIEW typed field",
    ),
    # -- Gmail -------------------------------------------------------------------------
    Case(
        id="gmail-x-gm-msgid",
        server="Gmail",
        provenance="Google's IMAP extensions page: FETCH X-GM-MSGID, a 64-bit message id.",
        source=GMAIL_EXTENSIONS,
        command="a011 FETCH 1 (X-GM-MSGID)",
        response=lines(b"* 1 FETCH (X-GM-MSGID 1278455344230334865)", b"a011 OK FETCH (Success)"),
        expected=message(
            1,
            raw={"X-GM-MSGID": "1278455344230334865"},
            gmail_message_id=1278455344230334865,
        ),
        pending="X-GM-MSGID typed field",
    ),
    Case(
        id="gmail-x-gm-thrid",
        server="Gmail",
        provenance="Google's IMAP extensions page: FETCH X-GM-THRID for four messages, three "
        "in one thread.",
        source=GMAIL_EXTENSIONS,
        command="a008 FETCH 1:4 (X-GM-THRID)",
        response=lines(
            b"* 1 FETCH (X-GM-THRID 1278455344230334865)",
            b"* 2 FETCH (X-GM-THRID 1266894439832287888)",
            b"* 3 FETCH (X-GM-THRID 1266894439832287888)",
            b"* 4 FETCH (X-GM-THRID 1266894439832287888)",
            b"a008 OK FETCH (Success)",
        ),
        expected=(
            message(
                1,
                raw={"X-GM-THRID": "1278455344230334865"},
                gmail_thread_id=1278455344230334865,
            ),
            message(
                2,
                raw={"X-GM-THRID": "1266894439832287888"},
                gmail_thread_id=1266894439832287888,
            ),
            message(
                3,
                raw={"X-GM-THRID": "1266894439832287888"},
                gmail_thread_id=1266894439832287888,
            ),
            message(
                4,
                raw={"X-GM-THRID": "1266894439832287888"},
                gmail_thread_id=1266894439832287888,
            ),
        ),
        pending="X-GM-THRID typed field",
    ),
    Case(
        id="gmail-x-gm-labels",
        server="Gmail",
        provenance="Google's IMAP extensions page: FETCH X-GM-LABELS with system labels, an "
        "atom, a quoted label with a space, and an empty list.",
        source=GMAIL_EXTENSIONS,
        command="a010 FETCH 1:4 (X-GM-LABELS)",
        response=lines(
            rb'* 1 FETCH (X-GM-LABELS (\Inbox \Sent Important "Muy Importante"))',
            b"* 2 FETCH (X-GM-LABELS (foo))",
            b"* 3 FETCH (X-GM-LABELS ())",
            rb"* 4 FETCH (X-GM-LABELS (\Drafts))",
            b"a010 OK FETCH (Success)",
        ),
        expected=(
            message(
                1,
                raw={"X-GM-LABELS": ["\\Inbox", "\\Sent", "Important", b"Muy Importante"]},
                gmail_labels=frozenset({"\\Inbox", "\\Sent", "Important", "Muy Importante"}),
            ),
            message(2, raw={"X-GM-LABELS": ["foo"]}, gmail_labels=frozenset({"foo"})),
            message(3, raw={"X-GM-LABELS": []}, gmail_labels=frozenset()),
            message(4, raw={"X-GM-LABELS": ["\\Drafts"]}, gmail_labels=frozenset({"\\Drafts"})),
        ),
        pending="X-GM-LABELS typed field",
    ),
    Case(
        id="gmail-x-gm-labels-bracket-atom",
        server="Gmail",
        provenance="MailKit issue 51: Gmail sends a label named [Mailbox] unquoted, though "
        "brackets are not atom characters.",
        source="https://github.com/jstedfast/MailKit/issues/51",
        command="A1 FETCH 1 (X-GM-LABELS)",
        response=lines(b"* 1 FETCH (X-GM-LABELS ([Mailbox]))"),
        expected=message(
            1, raw={"X-GM-LABELS": ["[Mailbox]"]}, gmail_labels=frozenset({"[Mailbox]"})
        ),
        quirk="label with [] sent as an atom",
        pending="X-GM-LABELS typed field",
    ),
    Case(
        id="gmail-envelope-imapclient-28",
        server="Gmail",
        provenance="IMAPClient issue 28: an ENVELOPE from Gmail that an early parser could "
        "not read (the reporter elided one address as ...).",
        source="https://github.com/mjs/imapclient/issues/28",
        command="A1 FETCH 1 (ENVELOPE)",
        response=lines(
            b'* 1 FETCH (UID 1 ENVELOPE ("Fri, 16 Jul 2004 15:59:43 -0400" "on my way" '
            b'(("Mark Eichin" NIL "eichin" "gmail.com")) '
            b'(("Mark Eichin" NIL "eichin" "gmail.com")) '
            b'(("Mark Eichin" NIL "eichin" "gmail.com")) '
            b'(("Other Person" NIL "..." "...")) NIL NIL NIL '
            b'"<f2e30b5f04071612593d641920@mail.gmail.com>"))'
        ),
        expected=message(
            1,
            uid=1,
            envelope=envelope(
                datetime.datetime(2004, 7, 16, 15, 59, 43, tzinfo=zone(-4)),
                "on my way",
                from_=(EICHIN,),
                sender=(EICHIN,),
                reply_to=(EICHIN,),
                to=(address("Other Person", "...", "..."),),
                message_id="<f2e30b5f04071612593d641920@mail.gmail.com>",
            ),
        ),
    ),
    Case(
        id="gmail-empty-multipart-in-report",
        server="Gmail",
        provenance="MailKit issue 1841: Gmail describes the body of an enclosed message as "
        '("ALTERNATIVE"), a multipart with no parts, inside a delivery report.',
        source="https://github.com/jstedfast/MailKit/issues/1841",
        command="A1 FETCH 51 (MODSEQ BODY)",
        response=lines(
            b'* 51 FETCH (MODSEQ (18812) BODY (("TEXT" "PLAIN" ("CHARSET" "windows-1252") '
            b'NIL NIL "QUOTED-PRINTABLE" 211 5)("MESSAGE" "DELIVERY-STATUS" NIL NIL NIL '
            b'"7BIT" 344)("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 2942 '
            b'("Sat, 3 Jan 2015 19:26:15 +0100" "Re: MPG" (("c p" NIL "---.---87" "gmail.com")) '
            b'(("c p" NIL "---.---87" "gmail.com")) (("c p" NIL "---.---87" "gmail.com")) '
            b'(("am sa[cft]" NIL "sm" "cft.ce.fr")) NIL NIL '
            b'"<D3CAD328B4CFD24E83DD07E8923DFEE902FA8F1B@PRDGCE8P4523.sigce.ce.fr>" '
            b'"<D4A-8A32-4DC3-AC6C-98429154@gmail.com>") ("ALTERNATIVE") 51) "REPORT"))'
        ),
        expected=message(
            51,
            modseq=18812,
            body_structure=Multipart(
                type="multipart",
                subtype="report",
                children=(
                    part(
                        "text",
                        "plain",
                        "1",
                        params={"charset": "windows-1252"},
                        encoding="quoted-printable",
                        size=211,
                        lines=5,
                    ),
                    part("message", "delivery-status", "2", encoding="7bit", size=344),
                    part(
                        "message",
                        "rfc822",
                        "3",
                        encoding="7bit",
                        size=2942,
                        lines=51,
                        envelope=envelope(
                            datetime.datetime(2015, 1, 3, 19, 26, 15, tzinfo=zone(1)),
                            "Re: MPG",
                            from_=(GAP,),
                            sender=(GAP,),
                            reply_to=(GAP,),
                            to=(address("am sa[cft]", "sm", "cft.ce.fr"),),
                            in_reply_to=(
                                "<D3CAD328B4CFD24E83DD07E8923DFEE902FA8F1B@PRDGCE8P4523.sigce.ce.fr>"
                            ),
                            message_id="<D4A-8A32-4DC3-AC6C-98429154@gmail.com>",
                        ),
                        body=Multipart(
                            type="multipart",
                            subtype="alternative",
                            children=(),
                            params={},
                            disposition=None,
                            disposition_params={},
                            language=None,
                            location=None,
                            part="3",
                            extensions=(),
                        ),
                    ),
                ),
                params={},
                disposition=None,
                disposition_params={},
                language=None,
                location=None,
                part="",
                extensions=(),
            ),
        ),
        quirk="empty multipart",
    ),
    # -- Microsoft Exchange / 365 ------------------------------------------------------
    Case(
        id="exchange2016-multipart-description-as-disposition",
        server="Microsoft Exchange / 365",
        provenance="JavaMail issue 278: Exchange 2016 puts the S/MIME description where the "
        "multipart's disposition belongs.",
        source="https://github.com/javaee/javamail/issues/278",
        command="A6 FETCH 1 (BODYSTRUCTURE)",
        response=lines(
            b'* 1 FETCH (BODYSTRUCTURE (("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" '
            b'21 0 NIL ("inline" NIL) NIL NIL)("application" "octet-stream" ("name" '
            b'"private.txt") NIL NIL "base64" 690 NIL ("attachment" ("filename" "private.txt")) '
            b'NIL NIL) "mixed" ("boundary" "----=_Part_0_-1731707885.1504253815584") '
            b'"S/MIME Encrypted Message" NIL))'
        ),
        expected=message(
            1,
            body_structure=Multipart(
                type="multipart",
                subtype="mixed",
                children=(
                    part(
                        "text",
                        "plain",
                        "1",
                        params={"charset": "us-ascii"},
                        encoding="7bit",
                        size=21,
                        lines=0,
                        disposition="inline",
                    ),
                    part(
                        "application",
                        "octet-stream",
                        "2",
                        params={"name": "private.txt"},
                        encoding="base64",
                        size=690,
                        disposition="attachment",
                        disposition_params={"filename": "private.txt"},
                        filename="private.txt",
                    ),
                ),
                params={"boundary": "----=_Part_0_-1731707885.1504253815584"},
                # Not a disposition (a description with spaces): none is known.
                disposition=None,
                disposition_params={},
                language=None,
                location=None,
                part="",
                extensions=(),
            ),
        ),
        quirk="string in the multipart disposition slot",
    ),
    Case(
        id="exchange-bare-inline-disposition",
        server="Microsoft Exchange / 365",
        provenance='MailKit issue 919: Exchange sends the disposition as a bare "inline" '
        "string instead of a list.",
        source="https://github.com/jstedfast/MailKit/issues/919",
        command="A1 UID FETCH 67 (BODYSTRUCTURE)",
        response=lines(
            b'* 37 FETCH (UID 67 BODYSTRUCTURE (("text" "plain" ("charset" "ISO-8859-1") NIL '
            b'NIL "QUOTED-PRINTABLE" 850 31 NIL "inline" NIL NIL)("text" "html" ("charset" '
            b'"ISO-8859-1") NIL NIL "QUOTED-PRINTABLE" 14692 502 NIL "inline" NIL NIL) '
            b'"alternative" ("boundary" "----=_Part_45280396_1813578431.1562673197246") NIL NIL '
            b"NIL))"
        ),
        expected=message(
            37,
            uid=67,
            body_structure=Multipart(
                type="multipart",
                subtype="alternative",
                children=(
                    part(
                        "text",
                        "plain",
                        "1",
                        params={"charset": "ISO-8859-1"},
                        encoding="quoted-printable",
                        size=850,
                        lines=31,
                        disposition="inline",
                    ),
                    part(
                        "text",
                        "html",
                        "2",
                        params={"charset": "ISO-8859-1"},
                        encoding="quoted-printable",
                        size=14692,
                        lines=502,
                        disposition="inline",
                    ),
                ),
                params={"boundary": "----=_Part_45280396_1813578431.1562673197246"},
                disposition=None,
                disposition_params={},
                language=None,
                location=None,
                part="",
                extensions=(),
            ),
        ),
        quirk="disposition as a bare string",
    ),
    Case(
        id="imapflow-partial-range-echoed",
        server="ImapFlow test suite",
        provenance="ImapFlow's parser tests: a server echoing the whole partial range "
        "BODY[2]<0.65536> (RFC 3501 says only the origin) next to BODY[2.MIME].",
        source="postalsys/imapflow:test/imap-parser-test.js",
        command="A1 UID FETCH 32 (RFC822.SIZE BODY.PEEK[2.MIME] BODY.PEEK[2]<0.65536>)",
        response=lines(
            b'* 32 FETCH (UID 32 RFC822.SIZE 3991 BODY[2.MIME] "(* 61B literal *)" '
            b'BODY[2]<0.65536> "(* 6B literal *)")'
        ),
        expected=message(
            32,
            uid=32,
            size=3991,
            sections={"2.MIME": b"(* 61B literal *)", "2<0>": b"(* 6B literal *)"},
        ),
        quirk="partial range echoed with its length",
    ),
    Case(
        id="imapflow-m365-forwarded-eml-bodystructure",
        server="ImapFlow test suite",
        provenance="ImapFlow's parser tests: BODYSTRUCTURE of a mail with a Microsoft 365 "
        "invoice attached as message/rfc822, whose own body is multipart.",
        source="postalsys/imapflow:test/imap-parser-test.js",
        command="A1 UID FETCH 2986 (MODSEQ BODYSTRUCTURE)",
        response=lines(
            b'* 1013 FETCH (UID 2986 MODSEQ (4960) BODYSTRUCTURE (("text" "plain" ("charset" '
            b'"us-ascii") NIL NIL "7bit" 16 1 NIL NIL NIL NIL)("message" "rfc822" ("name" '
            b'"Tellimuse Microsoft 365 Business Standard arve vaatamine.eml") NIL NIL "7bit" '
            b'370684 ("Mon, 16 Dec 2024 03:28:28 +0000" "Tellimuse Microsoft 365 Business '
            b'Standard arve vaatamine" (("Microsoft" NIL "microsoft-noreply" "microsoft.com")) '
            b'(("Microsoft" NIL "microsoft-noreply" "microsoft.com")) (("Microsoft" NIL '
            b'"microsoft-noreply" "microsoft.com")) ((NIL NIL "andris.reinman" "gmail.com")) '
            b'NIL NIL NIL "<58710631-775f-4c07-96ff-28a776f44d90@az.eastus2.microsoft.com>") '
            b'((("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 2866 80 NIL NIL '
            b'NIL NIL)("text" "html" ("charset" "utf-8") NIL NIL "quoted-printable" 78392 1770 '
            b'NIL NIL NIL NIL) "alternative" ("boundary" "=-EcWGOW6mwE+0T4lm385OWw==") NIL NIL '
            b'NIL)("application" "octet-stream" ("name" "52482541500.pdf") NIL NIL "base64" '
            b'279430 NIL ("attachment" ("filename" "52482541500.pdf")) NIL NIL) "mixed" '
            b'("boundary" "=-1wJq2CLBJ6H+Zk2GPX9FKw==") NIL NIL NIL) 5580 NIL ("attachment" '
            b'("filename" "Tellimuse Microsoft 365 Business Standard arve vaatamine.eml")) NIL '
            b'NIL) "mixed" ("boundary" "Apple-Mail=_F700EE9B-43B1-4EF1-95EE-CAA13391B333") NIL '
            b"NIL NIL))"
        ),
        expected=message(
            1013,
            uid=2986,
            modseq=4960,
            body_structure=Multipart(
                type="multipart",
                subtype="mixed",
                children=(
                    part(
                        "text",
                        "plain",
                        "1",
                        params={"charset": "us-ascii"},
                        encoding="7bit",
                        size=16,
                        lines=1,
                    ),
                    part(
                        "message",
                        "rfc822",
                        "2",
                        params={"name": INVOICE_EML},
                        encoding="7bit",
                        size=370684,
                        lines=5580,
                        disposition="attachment",
                        disposition_params={"filename": INVOICE_EML},
                        filename=INVOICE_EML,
                        envelope=envelope(
                            datetime.datetime(2024, 12, 16, 3, 28, 28, tzinfo=UTC),
                            "Tellimuse Microsoft 365 Business Standard arve vaatamine",
                            from_=(MICROSOFT,),
                            sender=(MICROSOFT,),
                            reply_to=(MICROSOFT,),
                            to=(address(None, "andris.reinman", "gmail.com"),),
                            message_id="<58710631-775f-4c07-96ff-28a776f44d90@az.eastus2.microsoft.com>",
                        ),
                        body=Multipart(
                            type="multipart",
                            subtype="mixed",
                            children=(
                                Multipart(
                                    type="multipart",
                                    subtype="alternative",
                                    children=(
                                        part(
                                            "text",
                                            "plain",
                                            "2.1.1",
                                            params={"charset": "utf-8"},
                                            encoding="quoted-printable",
                                            size=2866,
                                            lines=80,
                                        ),
                                        part(
                                            "text",
                                            "html",
                                            "2.1.2",
                                            params={"charset": "utf-8"},
                                            encoding="quoted-printable",
                                            size=78392,
                                            lines=1770,
                                        ),
                                    ),
                                    params={"boundary": "=-EcWGOW6mwE+0T4lm385OWw=="},
                                    disposition=None,
                                    disposition_params={},
                                    language=None,
                                    location=None,
                                    part="2.1",
                                    extensions=(),
                                ),
                                part(
                                    "application",
                                    "octet-stream",
                                    "2.2",
                                    params={"name": "52482541500.pdf"},
                                    encoding="base64",
                                    size=279430,
                                    disposition="attachment",
                                    disposition_params={"filename": "52482541500.pdf"},
                                    filename="52482541500.pdf",
                                ),
                            ),
                            params={"boundary": "=-1wJq2CLBJ6H+Zk2GPX9FKw=="},
                            disposition=None,
                            disposition_params={},
                            language=None,
                            location=None,
                            part="2",
                            extensions=(),
                        ),
                    ),
                ),
                params={"boundary": "Apple-Mail=_F700EE9B-43B1-4EF1-95EE-CAA13391B333"},
                disposition=None,
                disposition_params={},
                language=None,
                location=None,
                part="",
                extensions=(),
            ),
        ),
    ),
    # -- Yahoo -------------------------------------------------------------------------
    Case(
        id="yahoo-body-with-extension-data",
        server="Yahoo",
        provenance="MailKit issue 358 (imap.mail.yahoo.com protocol log): Yahoo fills the "
        "BODY item with extension data, which RFC 3501 reserves for BODYSTRUCTURE.",
        source="https://github.com/jstedfast/MailKit/issues/358",
        command="A1 FETCH 9978 (FLAGS UID INTERNALDATE RFC822.SIZE BODY ENVELOPE)",
        response=lines(
            rb'* 9978 FETCH (FLAGS (\Seen) UID 140292 INTERNALDATE "17-Feb-2014 13:10:20 +0000" '
            rb'RFC822.SIZE 7534 BODY (("text" "plain" ("charset" "utf-8") NIL NIL '
            rb'"quoted-printable" 361 9 NIL NIL NIL NIL)("text" "html" ("charset" "utf-8") NIL '
            rb'NIL "quoted-printable" 2798 69 NIL NIL NIL NIL) "alternative" ("boundary" '
            rb'"_=_swift_v4_1392642617_f1879e3d80730d165870071e5caa785a_=_") NIL) ENVELOPE '
            rb'("Mon, 17 Feb 2014 08:10:17 -0500" "Powerful Budgeting Solutions - Complimentary '
            rb'e-Book!" (("Mvelopes" NIL "no-reply" "finicity.com")) (("Mvelopes" NIL "no-reply" '
            rb'"finicity.com")) (("Mvelopes" NIL "no-reply" "finicity.com")) ((NIL NIL '
            rb'"xasrb8d-mvelopes" "yahoo.com")) NIL NIL NIL '
            rb'"<0ee4ec41d3aff8034b4264a1d3cb024a@swift.generated>"))'
        ),
        expected=message(
            9978,
            uid=140292,
            flags=frozenset({"\\Seen"}),
            internal_date=datetime.datetime(2014, 2, 17, 13, 10, 20, tzinfo=UTC),
            size=7534,
            body_structure=Multipart(
                type="multipart",
                subtype="alternative",
                children=(
                    part(
                        "text",
                        "plain",
                        "1",
                        params={"charset": "utf-8"},
                        encoding="quoted-printable",
                        size=361,
                        lines=9,
                    ),
                    part(
                        "text",
                        "html",
                        "2",
                        params={"charset": "utf-8"},
                        encoding="quoted-printable",
                        size=2798,
                        lines=69,
                    ),
                ),
                params={"boundary": "_=_swift_v4_1392642617_f1879e3d80730d165870071e5caa785a_=_"},
                disposition=None,
                disposition_params={},
                language=None,
                location=None,
                part="",
                extensions=(),
            ),
            envelope=envelope(
                datetime.datetime(2014, 2, 17, 8, 10, 17, tzinfo=zone(-5)),
                "Powerful Budgeting Solutions - Complimentary e-Book!",
                from_=(MVELOPES,),
                sender=(MVELOPES,),
                reply_to=(MVELOPES,),
                to=(address(None, "xasrb8d-mvelopes", "yahoo.com"),),
                message_id="<0ee4ec41d3aff8034b4264a1d3cb024a@swift.generated>",
            ),
        ),
        quirk="BODY with extension data",
    ),
    # -- iCloud ------------------------------------------------------------------------
    Case(
        id="icloud-rfc822-ignored",
        server="iCloud",
        provenance="modern-email defect 36: iCloud answers FETCH (RFC822) with OK but only "
        "the UID in the FETCH response (UID and tag stand in for the report's).",
        source="https://github.com/modern-email/defects/issues/36",
        command="A5 UID FETCH 1234 (RFC822)",
        response=lines(b"* 1 FETCH (UID 1234)", b"A5 OK FETCH completed."),
        expected=message(1, uid=1234),
        quirk="requested item missing",
    ),
    # -- Dovecot -----------------------------------------------------------------------
    Case(
        id="dovecot-mime-header-literal",
        server="Dovecot",
        provenance="hMailServer issue 459 compares with Dovecot: BODY[2.MIME] of an attached "
        "message, a 98-octet literal.",
        source="https://github.com/hmailserver/hmailserver/issues/459",
        command="A0005 UID FETCH 1870 (BODY.PEEK[2.MIME])",
        response=b"* 1 FETCH (UID 1870 BODY[2.MIME] {98}\r\n"
        b"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 7bit\r\n"
        b"Content-Disposition: attachment\r\n\r\n"
        b")\r\nA0005 OK Fetch completed (0.001 + 0.000 secs).\r\n",
        expected=message(
            1,
            uid=1870,
            sections={
                "2.MIME": b"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 7bit\r\n"
                b"Content-Disposition: attachment\r\n\r\n"
            },
        ),
    ),
    # -- others ------------------------------------------------------------------------
    Case(
        id="qq-space-before-close-paren",
        server="QQ Mail",
        provenance="JavaMail issue 209: imap.qq.com ends a FETCH response with a space "
        "before the closing parenthesis.",
        source="https://github.com/jakartaee/mail-api/issues/209",
        command="A1 UID FETCH 19436 (UID)",
        response=lines(b"* 11487 FETCH (UID 19436 )"),
        expected=message(11487, uid=19436),
        quirk="space before )",
    ),
    Case(
        id="qq-gbk-envelope-trailing-space",
        server="QQ Mail",
        provenance="libetpan issue 131: a FETCH from a QQ mailbox with GBK encoded words and "
        "a space before the closing parenthesis.",
        source="https://github.com/dinhvh/libetpan/issues/131",
        command="A1 FETCH 230 (FLAGS RFC822.SIZE INTERNALDATE ENVELOPE)",
        response=lines(
            b'* 230 FETCH (FLAGS () RFC822.SIZE 62204 INTERNALDATE "21-Apr-2014 19:04:20 +0800" '
            b'ENVELOPE ("Mon, 21 Apr 2014 11:04:16 +0000 (UTC)" '
            b'"=?GBK?B?U3RhdGljLUxpbmUgU2t5ZGl2aW5n?=" (("=?GBK?B?R3JvdXBvbg==?=" NIL '
            b'"noreply" "r.groupon.com")) (("=?GBK?B?R3JvdXBvbg==?=" NIL "noreply" '
            b'"r.groupon.com")) (("=?GBK?B?R3JvdXBvbg==?=" NIL "noreply" "r.groupon.com")) '
            b'(("=?GBK?B?bDkwMDQyMg==?=" NIL "l900422" "vip.qq.com")) NIL NIL NIL '
            b'"<639981099.69006886.1398078256975.JavaMail.rocketman@rocketman5.snc1>") )'
        ),
        expected=message(
            230,
            flags=frozenset(),
            size=62204,
            internal_date=datetime.datetime(2014, 4, 21, 19, 4, 20, tzinfo=zone(8)),
            envelope=envelope(
                datetime.datetime(2014, 4, 21, 11, 4, 16, tzinfo=UTC),
                "Static-Line Skydiving",
                from_=(GROUPON,),
                sender=(GROUPON,),
                reply_to=(GROUPON,),
                to=(address("l900422", "l900422", "vip.qq.com"),),
                message_id="<639981099.69006886.1398078256975.JavaMail.rocketman@rocketman5.snc1>",
            ),
        ),
        quirk="GBK encoded words; space before )",
    ),
    Case(
        id="qq-envelope-nine-fields",
        server="QQ Mail",
        provenance="MailKit issue 279: an ENVELOPE with nine fields (no Message-ID) from a "
        "qq.com mailbox; only that item is lost.",
        source="https://github.com/jstedfast/MailKit/issues/279",
        command="A1 FETCH 33 (ENVELOPE)",
        response=lines(
            b'* 33 FETCH (ENVELOPE ("Wed, 7 Aug 2013 16:44:13 +0800" '
            b'"=?GBK?B?UmU6ILnY09pRVFMgSUm1xNT2x78=?=" (("=?GBK?B?1uzLs72h?=" NIL "xxx" '
            b'"xxx.com")) (("=?GBK?B?1uzLs72h?=" NIL "xxx" "xxx.com")) (("=?GBK?B?1uzLs72h?=" '
            b'NIL "xxx" "xxx.com")) (("=?GBK?B?emhhbmcuYm8=?=" NIL "xxx" "xxx.com")) NIL NIL '
            b'"<xxx@qq.com>"))'
        ),
        expected=message(
            33,
            raw={
                "ENVELOPE": [
                    b"Wed, 7 Aug 2013 16:44:13 +0800",
                    b"=?GBK?B?UmU6ILnY09pRVFMgSUm1xNT2x78=?=",
                    [[b"=?GBK?B?1uzLs72h?=", None, b"xxx", b"xxx.com"]],
                    [[b"=?GBK?B?1uzLs72h?=", None, b"xxx", b"xxx.com"]],
                    [[b"=?GBK?B?1uzLs72h?=", None, b"xxx", b"xxx.com"]],
                    [[b"=?GBK?B?emhhbmcuYm8=?=", None, b"xxx", b"xxx.com"]],
                    None,
                    None,
                    b"<xxx@qq.com>",
                ]
            },
            problems=("ENVELOPE",),
        ),
        quirk="ENVELOPE with nine fields",
        pending="malformed FETCH item costs only that item (problems)",
    ),
    Case(
        id="mailru-boundary-nil",
        server="mail.ru",
        provenance='vmime issue 159: imap.mail.ru sends ("boundary" NIL), a NIL where a '
        "parameter value must be a string.",
        source="https://github.com/kisli/vmime/issues/159",
        command="A1 FETCH 4 (BODYSTRUCTURE)",
        response=lines(
            b'* 4 FETCH (BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL NIL "8bit" 536 0 '
            b'NIL NIL NIL NIL)("text" "html" ("charset" "utf-8") NIL NIL "8bit" 7130 0 NIL NIL '
            b'NIL NIL) "alternative" ("boundary" NIL)))'
        ),
        expected=message(
            4,
            body_structure=Multipart(
                type="multipart",
                subtype="alternative",
                children=(
                    part(
                        "text",
                        "plain",
                        "1",
                        params={"charset": "utf-8"},
                        encoding="8bit",
                        size=536,
                        lines=0,
                    ),
                    part(
                        "text",
                        "html",
                        "2",
                        params={"charset": "utf-8"},
                        encoding="8bit",
                        size=7130,
                        lines=0,
                    ),
                ),
                params={},
                disposition=None,
                disposition_params={},
                language=None,
                location=None,
                part="",
                extensions=(),
            ),
        ),
        quirk="NIL parameter value",
    ),
    Case(
        id="unknown-multipart-as-single-part-size-minus-one",
        server="Unknown (JavaMail report)",
        provenance='JavaMail issue 282: a server describing a whole "multipart" "signed" '
        "message as a single part of size -1.",
        source="https://github.com/javaee/javamail/issues/282",
        command="A8 FETCH 1 (BODYSTRUCTURE)",
        response=lines(
            b'* 1 FETCH (BODYSTRUCTURE ("multipart" "signed" ("boundary" '
            b'"_9bc333e9-3a24-4740-8211-a395c5448479_") NIL NIL "7BIT" -1 NIL NIL NIL NIL))'
        ),
        expected=message(
            1,
            body_structure=part(
                "multipart",
                "signed",
                "1",
                params={"boundary": "_9bc333e9-3a24-4740-8211-a395c5448479_"},
                encoding="7bit",
                size=None,
                md5=None,
                language=None,
                extensions=(),
            ),
        ),
        quirk="negative size; multipart described as one part",
    ),
    Case(
        id="twisted-literal-in-section-spec",
        server="Twisted test suite",
        provenance="Twisted's IMAP client tests: a server that sends the header field list of "
        "the section spec as a literal.",
        source="twisted/twisted:src/twisted/mail/test/test_imap.py",
        command="0003 FETCH 1:* BODY[HEADER.FIELDS (SUBJECT)]",
        response=b'* 1 FETCH (BODY[HEADER.FIELDS ({7}\r\nSUBJECT)] "Hello")\r\n'
        b"0003 OK FETCH completed\r\n",
        expected=message(1, sections={"HEADER.FIELDS (SUBJECT)": b"Hello"}),
        quirk="literal inside the section spec",
        pending="literal inside a section spec",
    ),
    # -- IMAPClient's parser tests (servers not named there) ----------------------------
    Case(
        id="imapclient-modseq-without-parens",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: an unsolicited FETCH with MODSEQ 4, the "
        "number not in parentheses.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 FETCH 2 (FLAGS MODSEQ)",
        response=lines(b"* 2 FETCH (FLAGS (Foo Bar))", b"* 2 FETCH (MODSEQ 4)"),
        expected=(
            message(2, flags=frozenset({"Foo", "Bar"})),
            message(2, modseq=4),
        ),
        quirk="MODSEQ without parentheses",
        pending="MODSEQ without parentheses",
    ),
    Case(
        id="imapclient-internaldate-nil",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: INTERNALDATE NIL, which servers send for a "
        "message whose date they lost.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 FETCH 1 (INTERNALDATE)",
        response=lines(b"* 1 FETCH (INTERNALDATE NIL)"),
        expected=message(1, internal_date=None),
        quirk="INTERNALDATE NIL",
        pending="INTERNALDATE NIL",
    ),
    Case(
        id="imapclient-internaldate-space-padded-half-hour-zone",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: a space-padded day and a -0430 zone.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 FETCH 1 (INTERNALDATE)",
        response=lines(b'* 1 FETCH (INTERNALDATE " 9-Feb-2007 17:08:08 -0430")'),
        expected=message(
            1, internal_date=datetime.datetime(2007, 2, 9, 17, 8, 8, tzinfo=zone(-4, 30))
        ),
    ),
    Case(
        id="imapclient-nil-inside-address-lists",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: NIL entries inside ENVELOPE address lists, "
        "seen from servers that drop unparseable addresses.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 FETCH 1 (ENVELOPE)",
        response=lines(
            b'* 1 FETCH (ENVELOPE (NIL "subject" (("name" NIL "address1" "domain1.com") NIL) '
            b'(NIL (NIL NIL "address2" "domain2.com")) (("name" NIL "address3" "domain3.com") '
            b'NIL ("name" NIL "address3b" "domain3b.com")) NIL((NIL NIL "address4" "domain4.com") '
            b'("person" NIL "address4b" "domain4b.com")) NIL "<reply-to-id>" "<msg_id>"))'
        ),
        expected=message(
            1,
            envelope=envelope(
                None,
                "subject",
                from_=(address("name", "address1", "domain1.com"),),
                sender=(address(None, "address2", "domain2.com"),),
                reply_to=(
                    address("name", "address3", "domain3.com"),
                    address("name", "address3b", "domain3b.com"),
                ),
                cc=(
                    address(None, "address4", "domain4.com"),
                    address("person", "address4b", "domain4b.com"),
                ),
                in_reply_to="<reply-to-id>",
                message_id="<msg_id>",
            ),
        ),
        quirk="NIL inside an address list; no space between NIL and (",
        pending="NIL inside an address list",
    ),
    Case(
        id="imapclient-envelope-bad-date",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: an ENVELOPE whose date is not a date.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 FETCH 1 (ENVELOPE)",
        response=lines(
            b'* 1 FETCH (ENVELOPE ("wtf" "subject" NIL NIL NIL NIL NIL NIL "<reply-to-id>" '
            b'"<msg_id>"))'
        ),
        expected=message(
            1,
            envelope=envelope(None, "subject", in_reply_to="<reply-to-id>", message_id="<msg_id>"),
        ),
        quirk="unparseable date",
    ),
    Case(
        id="imapclient-header-fields-lower-case",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: the server echoes header names in lower case.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 UID FETCH 31710 (BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])",
        response=b"* 123 FETCH (UID 31710 BODY[HEADER.FIELDS (from subject)] {57}\r\n"
        b"Subject: A subject\r\nFrom: Some one <someone@mail.com>\r\n\r\n)\r\n",
        expected=message(
            123,
            uid=31710,
            sections={
                "HEADER.FIELDS (FROM SUBJECT)": b"Subject: A subject\r\n"
                b"From: Some one <someone@mail.com>\r\n\r\n"
            },
        ),
    ),
    Case(
        id="imapclient-partial-body",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: a partial fetch answered as BODY[]<0>.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 UID FETCH 367 (BODY.PEEK[]<0.20>)",
        response=b"* 123 FETCH (UID 367 BODY[]<0> {20}\r\n01234567890123456789)\r\n",
        expected=message(123, uid=367, sections={"<0>": b"01234567890123456789"}),
    ),
    Case(
        id="imapclient-rfc822-text-and-whole",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: RFC822.TEXT and RFC822 literals in one response.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 FETCH 1 (RFC822.TEXT RFC822)",
        response=b"* 1 FETCH (RFC822.TEXT {4}\r\nbody RFC822 {21}\r\n"
        b"Subject: test\r\n\r\nbody)\r\n",
        expected=message(1, sections={"TEXT": b"body", "": b"Subject: test\r\n\r\nbody"}),
    ),
    Case(
        id="imapclient-nested-multipart-bodystructure",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: mixed(alternative(html, plain), attachment) "
        "with extension data as Python's email package writes it.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 FETCH 1 (BODYSTRUCTURE)",
        response=lines(
            b'* 1 FETCH (BODYSTRUCTURE ((("text" "html" ("charset" "utf-8") NIL NIL "7bit" 97 3 '
            b'NIL NIL NIL NIL)("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 62 3 NIL NIL NIL '
            b'NIL)"alternative" ("boundary" "===============8211050864078048428==") NIL NIL NIL)'
            b'("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 16 1 NIL ("attachment" '
            b'("filename" "attachment.txt")) NIL NIL) "mixed" ("boundary" '
            b'"===============0373402508605428821==") NIL NIL NIL))'
        ),
        expected=message(
            1,
            body_structure=Multipart(
                type="multipart",
                subtype="mixed",
                children=(
                    Multipart(
                        type="multipart",
                        subtype="alternative",
                        children=(
                            part(
                                "text",
                                "html",
                                "1.1",
                                params={"charset": "utf-8"},
                                encoding="7bit",
                                size=97,
                                lines=3,
                            ),
                            part(
                                "text",
                                "plain",
                                "1.2",
                                params={"charset": "utf-8"},
                                encoding="7bit",
                                size=62,
                                lines=3,
                            ),
                        ),
                        params={"boundary": "===============8211050864078048428=="},
                        disposition=None,
                        disposition_params={},
                        language=None,
                        location=None,
                        part="1",
                        extensions=(),
                    ),
                    part(
                        "text",
                        "plain",
                        "2",
                        params={"charset": "utf-8"},
                        encoding="7bit",
                        size=16,
                        lines=1,
                        disposition="attachment",
                        disposition_params={"filename": "attachment.txt"},
                        filename="attachment.txt",
                    ),
                ),
                params={"boundary": "===============0373402508605428821=="},
                disposition=None,
                disposition_params={},
                language=None,
                location=None,
                part="",
                extensions=(),
            ),
        ),
    ),
    Case(
        id="imapclient-non-numeric-fetch-number",
        server="IMAPClient test suite",
        provenance="IMAPClient's parser tests: a FETCH response whose message number is a word.",
        source=IMAPCLIENT_PARSER_TESTS,
        command="A1 FETCH 1 (FLAGS)",
        response=lines(b"* abc FETCH (FLAGS ())"),
        expected=Raises(ProtocolError),
        quirk="non-numeric message number",
        pending="non-numeric message numbers refused by the decoder",
    ),
]
