"""The mailbox family's pure functions: arguments out, typed results from server bytes in."""

from __future__ import annotations

import pytest

from helpers import outcome, untagged, wire
from imapclient_async import ProtocolError
from imapclient_async._commands import list as list_command
from imapclient_async._commands import namespace as namespace_command
from imapclient_async._commands import select as select_command
from imapclient_async._commands import status as status_command
from imapclient_async._commands.mailbox_name import mailbox_argument
from imapclient_async._proto import (
    Argument,
    UntaggedData,
)
from imapclient_async.mailboxes import (
    Mailbox,
    MailboxStatus,
    Namespace,
    Namespaces,
    QResync,
    SelectResult,
)
from imapclient_async.messageset import MessageSet


def one(data: bytes) -> UntaggedData:
    (response,) = untagged(data)
    assert isinstance(response, UntaggedData)
    return response


# -- LIST ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subscribed", "items", "expected"),
    [
        (False, None, b'A1 LIST "" "*"\r\n'),
        (True, None, b'A1 LIST (SUBSCRIBED) "" "*"\r\n'),
        (
            False,
            ("MESSAGES", "UNSEEN"),
            b'A1 LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN))\r\n',
        ),
        (
            True,
            ("SIZE",),
            b'A1 LIST (SUBSCRIBED) "" "*" RETURN (STATUS (SIZE))\r\n',
        ),
    ],
)
def test_list_arguments(subscribed: bool, items: tuple[str, ...] | None, expected: bytes) -> None:
    arguments = list_command.list_arguments("", "*", subscribed=subscribed, status_items=items)
    assert wire("LIST", arguments) == expected


@pytest.mark.parametrize(
    ("subscribed", "items", "expected"),
    [
        (False, None, b'A1 LIST "" "*"\r\n'),  # a plain LIST carries the roles anyway
        (True, None, b'A1 LIST (SUBSCRIBED) "" "*" RETURN (SPECIAL-USE)\r\n'),
        (
            False,
            ("MESSAGES",),
            b'A1 LIST "" "*" RETURN (SPECIAL-USE STATUS (MESSAGES))\r\n',
        ),
    ],
)
def test_an_extended_list_asks_for_the_roles(
    subscribed: bool, items: tuple[str, ...] | None, expected: bytes
) -> None:
    arguments = list_command.list_arguments(
        "", "*", subscribed=subscribed, status_items=items, special_use=True
    )
    assert wire("LIST", arguments) == expected


def test_list_arguments_encode_reference_and_pattern() -> None:
    arguments = list_command.list_arguments("Entwürfe.", '%"x', subscribed=False, status_items=None)
    assert wire("LIST", arguments) == b'A1 LIST Entw&APw-rfe. "%\\"x"\r\n'


def test_list_arguments_refuse_bad_input() -> None:
    with pytest.raises(TypeError):
        list_command.list_arguments("", b"*", subscribed=False, status_items=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="NUL"):
        list_command.list_arguments("", "a\x00", subscribed=False, status_items=None)


def test_list_dovecot_shaped() -> None:
    result = list_command.list_result(
        outcome(
            b'* LIST (\\HasNoChildren) "." INBOX\r\n'
            b'* LIST (\\HasChildren) "." Archive\r\n'
            b'* LIST (\\HasNoChildren \\Sent) "." Sent\r\n'
            b'* LIST (\\HasNoChildren) "." "Archive.2026"\r\n'
        ),
        "LIST",
    )
    assert [mailbox.name for mailbox in result] == ["INBOX", "Archive", "Sent", "Archive.2026"]
    assert result[0] == Mailbox(
        name="INBOX",
        delimiter=".",
        flags=frozenset({"\\HasNoChildren"}),
        special_use=None,
        status=None,
        raw_name=b"INBOX",
    )
    assert result[2].special_use == "\\Sent"
    assert result[2].selectable


def test_list_nil_delimiter_and_literal_name() -> None:
    mailbox = list_command.parse_list(one(b'* LIST (\\Noselect) NIL {9}\r\nodd "name\r\n'))
    assert mailbox.delimiter is None
    assert mailbox.name == 'odd "name'
    assert mailbox.raw_name == b'odd "name'
    assert not mailbox.selectable


def test_list_quoted_name_with_escapes() -> None:
    mailbox = list_command.parse_list(one(b'* LIST () "/" "back\\\\slash \\"q\\""\r\n'))
    assert mailbox.name == 'back\\slash "q"'
    assert mailbox.delimiter == "/"
    assert mailbox.flags == frozenset()


def test_list_modified_utf7_name() -> None:
    mailbox = list_command.parse_list(one(b'* LIST () "." "Entw&APw-rfe.&ZeVnLIqe-"\r\n'))
    assert mailbox.name == "Entwürfe.日本語"
    assert mailbox.raw_name == b"Entw&APw-rfe.&ZeVnLIqe-"


def test_list_malformed_utf7_kept_raw() -> None:
    mailbox = list_command.parse_list(one(b'* LIST () "." "Tom & Jerry &Jjo"\r\n'))
    assert mailbox.name == "Tom & Jerry &Jjo"
    assert mailbox.raw_name == b"Tom & Jerry &Jjo"
    # ... and commands address it by those bytes, not by a re-encoding of the name.
    assert wire("SELECT", [mailbox_argument(mailbox)]) == b'A1 SELECT "Tom & Jerry &Jjo"\r\n'
    assert wire("SELECT", [mailbox_argument(mailbox.name)]) == (
        b'A1 SELECT "Tom &- Jerry &-Jjo"\r\n'
    )


def test_list_raw_utf8_name() -> None:
    mailbox = list_command.parse_list(one('* LIST () "." "Grüße"\r\n'.encode()))
    assert mailbox.name == "Grüße"


def test_list_flags_case_is_normalised_for_known_attributes() -> None:
    mailbox = list_command.parse_list(
        one(b'* LIST (\\NOSELECT \\haschildren \\TRASH \\X-Custom) "/" Stuff\r\n')
    )
    assert mailbox.flags == frozenset({"\\Noselect", "\\HasChildren", "\\Trash", "\\X-Custom"})
    assert mailbox.special_use == "\\Trash"
    assert not mailbox.selectable


def test_list_inbox_any_case_is_upper_case() -> None:
    mailbox = list_command.parse_list(one(b'* LIST () "/" inbox\r\n'))
    assert mailbox.name == "INBOX"
    assert mailbox.raw_name == b"inbox"  # exactly as sent


def test_list_extended_data_ignored() -> None:
    mailbox = list_command.parse_list(
        one(b'* LIST (\\Subscribed \\NonExistent) "/" Foo ("CHILDINFO" ("SUBSCRIBED"))\r\n')
    )
    assert mailbox.name == "Foo"
    assert not mailbox.selectable


@pytest.mark.parametrize(
    "data",
    [
        b'* LIST (\\Noselect) "/"\r\n',
        b'* LIST \\Noselect "/" Foo\r\n',
        b'* LIST () "//" Foo\r\n',
        b"* LIST () NIL NIL\r\n",
        b'* LIST ((x)) "/" Foo\r\n',
    ],
)
def test_list_malformed(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        list_command.parse_list(one(data))


def test_lsub_result() -> None:
    result = list_command.list_result(
        outcome(b'* LSUB () "." Lists\r\n* LSUB (\\Noselect) "." Gone\r\n'), "LSUB"
    )
    assert [(mailbox.name, mailbox.selectable) for mailbox in result] == [
        ("Lists", True),
        ("Gone", False),
    ]


def test_list_status_interleaved() -> None:
    result = list_command.list_result(
        outcome(
            b'* LIST (\\HasNoChildren) "." INBOX\r\n'
            b"* STATUS INBOX (MESSAGES 12 UNSEEN 3)\r\n"
            b'* LIST (\\Noselect \\HasChildren) "." Archive\r\n'
            b'* LIST (\\HasNoChildren) "." "Archive.&AOk-t&AOk-"\r\n'
            b'* STATUS "Archive.&AOk-t&AOk-" (MESSAGES 0 UNSEEN 0)\r\n'
            b"* STATUS Unlisted (MESSAGES 1)\r\n"
        ),
        "LIST",
    )
    statuses = {mailbox.name: mailbox.status for mailbox in result}
    assert statuses == {
        "INBOX": MailboxStatus("INBOX", messages=12, unseen=3),
        "Archive": None,
        "Archive.été": MailboxStatus("Archive.été", messages=0, unseen=0),
    }


def test_list_status_before_its_list_still_matches() -> None:
    result = list_command.list_result(
        outcome(b'* STATUS Foo (MESSAGES 2)\r\n* LIST () "." Foo\r\n'), "LIST"
    )
    assert result[0].status == MailboxStatus("Foo", messages=2)


def test_list_collects() -> None:
    assert list_command.collect_for("LIST") == {"LIST", "STATUS"}
    assert list_command.collect_for("LSUB") == {"LSUB"}


# -- STATUS -------------------------------------------------------------------------


def test_status_all_items() -> None:
    result = status_command.status_result(
        outcome(
            b"* STATUS Entw&APw-rfe (MESSAGES 231 RECENT 1 UIDNEXT 44292 UIDVALIDITY 1700000000"
            b" UNSEEN 7 HIGHESTMODSEQ 90060115205545359 SIZE 1048576)\r\n"
        ),
        b"Entw&APw-rfe",
    )
    assert result == MailboxStatus(
        mailbox="Entwürfe",
        messages=231,
        recent=1,
        uid_next=44292,
        uid_validity=1700000000,
        unseen=7,
        highest_modseq=90060115205545359,
        size=1048576,
    )


def test_status_missing_and_unknown_items_and_odd_case() -> None:
    result = status_command.status_result(
        outcome(b'* STATUS "My box" (messages 3 X-FUTURE 9 Unseen 1)\r\n'), b"My box"
    )
    assert result == MailboxStatus("My box", messages=3, unseen=1)


def test_status_empty_list() -> None:
    reply = outcome(b"* STATUS inbox ()\r\n")
    assert status_command.status_result(reply, b"INBOX") == MailboxStatus("INBOX")


def test_status_answers_for_the_mailbox_asked_about() -> None:
    # Servers may volunteer STATUS for other mailboxes while STATUS runs.
    reply = outcome(
        b"* STATUS Sent (MESSAGES 1)\r\n* STATUS Drafts (MESSAGES 2)\r\n"
        b"* STATUS Archive (MESSAGES 3)\r\n"
    )
    assert status_command.status_result(reply, b"Drafts") == MailboxStatus("Drafts", messages=2)
    with pytest.raises(ProtocolError, match="for b'Junk'"):
        status_command.status_result(reply, b"Junk")


def test_status_unquoted_name_with_spaces() -> None:
    # GNU imap4d: * STATUS Entw&APw-rfe q (MESSAGES 0 ...)
    reply = outcome(b"* STATUS Entw&APw-rfe q (MESSAGES 0 UIDNEXT 24369)\r\n")
    assert status_command.status_result(reply, b"Entw&APw-rfe q") == MailboxStatus(
        "Entwürfe q", messages=0, uid_next=24369
    )


@pytest.mark.parametrize(
    "items",
    [b"(MESSAGES 3 UNSEEN)", b"(MESSAGES 3 UNSEEN x)", b"(MESSAGES 3 UNSEEN NIL)"],
)
def test_status_unreadable_item_costs_only_itself(
    items: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    result = status_command.status_result(outcome(b"* STATUS INBOX " + items + b"\r\n"), b"INBOX")
    assert result == MailboxStatus("INBOX", messages=3)
    assert [r for r in caplog.records if r.levelname == "WARNING"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"* STATUS INBOX MESSAGES 1\r\n",
        b"* STATUS (MESSAGES 1) INBOX\r\n",
        b"* STATUS (MESSAGES 1)\r\n",
        b"* STATUS NIL (MESSAGES 1)\r\n",
    ],
)
def test_status_malformed(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        status_command.status_result(outcome(data), b"INBOX")


def test_status_items_validated() -> None:
    assert status_command.status_items(["messages", "Unseen", "MESSAGES"]) == (
        "MESSAGES",
        "UNSEEN",
    )
    with pytest.raises(ValueError, match="unknown STATUS item"):
        status_command.status_items(["MESSAGES", "DELETED)"])
    with pytest.raises(ValueError, match="at least one"):
        status_command.status_items([])
    with pytest.raises(TypeError, match="collection"):
        status_command.status_items("MESSAGES")
    with pytest.raises(TypeError):
        status_command.status_items([1])  # type: ignore[list-item]


def test_status_wire() -> None:
    items = status_command.status_items(status_command.DEFAULT_ITEMS)
    arguments: list[Argument] = [status_command.status_item_list(items)]
    assert wire("STATUS", arguments) == b"A1 STATUS (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)\r\n"


# -- NAMESPACE ----------------------------------------------------------------------


def test_namespace_dovecot_shaped() -> None:
    result = namespace_command.namespace_result(outcome(b'* NAMESPACE (("" ".")) NIL NIL\r\n'))
    assert result == Namespaces(personal=(Namespace("", "."),), other=(), shared=())


def test_namespace_multiple_with_extensions_and_nil_delimiter() -> None:
    result = namespace_command.parse_namespace(
        one(
            b'* NAMESPACE (("INBOX." ".")) (("~" "/") ("Other Users/" "/"))'
            b' (("#shared/" "/" "X-PARAM" ("FLAG1" "FLAG2")) ("#flat" NIL)'
            b' ("&AOk-t&AOk-/" "/"))\r\n'
        )
    )
    assert result.personal == (Namespace("INBOX.", "."),)
    assert result.other == (Namespace("~", "/"), Namespace("Other Users/", "/"))
    assert result.shared == (
        Namespace("#shared/", "/"),
        Namespace("#flat", None),
        Namespace("été/", "/"),
    )


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b'* NAMESPACE (("" "."))\r\n',
        b'* NAMESPACE ("" ".") NIL NIL\r\n',
        b'* NAMESPACE (("")) NIL NIL\r\n',
        b'* NAMESPACE ((NIL ".")) NIL NIL\r\n',
        b'* NAMESPACE "x" NIL NIL\r\n',
    ],
)
def test_namespace_malformed(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        namespace_command.namespace_result(outcome(data))


# -- SELECT with CONDSTORE / QRESYNC, and VANISHED updates ------------------------------


@pytest.mark.parametrize(
    ("condstore", "qresync", "expected"),
    [
        (False, None, b"A1 SELECT INBOX\r\n"),
        (True, None, b"A1 SELECT INBOX (CONDSTORE)\r\n"),
        (
            False,
            QResync(67890007, 20050715194045000),
            b"A1 SELECT INBOX (QRESYNC (67890007 20050715194045000))\r\n",
        ),
        (
            True,
            QResync(67890007, 90060115194045000, known_uids=[1, 2, 3, 7, 41]),
            b"A1 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:3,7,41))\r\n",
        ),
    ],
)
def test_select_arguments(condstore: bool, qresync: QResync | None, expected: bytes) -> None:
    arguments = select_command.select_arguments("inbox", condstore=condstore, qresync=qresync)
    assert wire("SELECT", arguments) == expected


def test_qresync_validation() -> None:
    assert QResync(1, 2, known_uids="1:*").known_uids == MessageSet("1:*")
    with pytest.raises(ValueError, match="uid_validity"):
        QResync(0, 5)
    with pytest.raises(ValueError, match="highest_modseq"):
        QResync(5, True)
    with pytest.raises(ValueError, match="empty"):
        QResync(5, 5, known_uids=[])
    with pytest.raises(TypeError):
        select_command.select_arguments("INBOX", condstore=False, qresync=(1, 2))  # type: ignore[arg-type]


def selected(exists: int) -> SelectResult:
    return SelectResult(
        mailbox="INBOX",
        exists=exists,
        recent=None,
        flags=frozenset(),
        permanent_flags=None,
        uid_validity=1,
        uid_next=100,
        first_unseen=None,
        highest_modseq=10,
        read_only=False,
        text="",
    )


def apply(start: SelectResult, data: bytes) -> SelectResult:
    for response in untagged(data):
        start = select_command.apply_update(start, response)
    return start


def test_vanished_reduces_exists_by_the_count() -> None:
    assert apply(selected(10), b"* VANISHED 3:5,9\r\n").exists == 6
    assert apply(selected(2), b"* VANISHED 1:3000000000\r\n").exists == 0


def test_vanished_earlier_leaves_exists() -> None:
    assert apply(selected(10), b"* VANISHED (EARLIER) 1:4\r\n").exists == 10


def test_vanished_with_star_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        apply(selected(10), b"* VANISHED 3:*\r\n")


def test_highestmodseq_update() -> None:
    assert apply(selected(1), b"* OK [HIGHESTMODSEQ 715194045007] x\r\n").highest_modseq == (
        715194045007
    )
    assert apply(selected(1), b"* OK [NOMODSEQ] no modseq here\r\n").highest_modseq is None


def test_qresync_select_result() -> None:
    result = outcome(
        b"* 5 EXISTS\r\n"
        b"* OK [UIDVALIDITY 67890007] x\r\n"
        b"* OK [HIGHESTMODSEQ 90060115205545359] x\r\n"
        b"* VANISHED (EARLIER) 41,43:116,118,120:211\r\n"
        b"* VANISHED (EARLIER) 300:310,405\r\n"
        b"* 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\\Seen))\r\n",
        b"A1 OK [READ-WRITE] mailbox selected\r\n",
    )
    assert select_command.vanished_earlier(result) == MessageSet(
        "41,43:116,118,120:211,300:310,405"
    )
    select = select_command.select_result("INBOX", result, readonly=False)
    assert select.exists == 5
    assert select.highest_modseq == 90060115205545359
    assert select_command.vanished_earlier(outcome(b"* 5 EXISTS\r\n")) is None
    assert "VANISHED" in select_command.COLLECT


def test_status_name_echoed_in_utf8_matches_the_name_sent_in_utf7() -> None:
    # WP.pl answers in raw UTF-8 for a name the client sent in modified UTF-7.
    reply = outcome(
        "* STATUS Społeczności (MESSAGES 2)\r\n* STATUS Spo&AUI-eczno&AVs-ci (MESSAGES 5)\r\n"
        "* STATUS Inne (MESSAGES 9)\r\n".encode()
    )
    exact = status_command.status_result(reply, b"Spo&AUI-eczno&AVs-ci")
    assert exact == MailboxStatus("Społeczności", messages=5)  # the exact bytes win
    only_utf8 = outcome("* STATUS Społeczności (MESSAGES 2)\r\n".encode())
    assert status_command.status_result(only_utf8, b"Spo&AUI-eczno&AVs-ci").messages == 2
