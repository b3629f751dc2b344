"""STORE, COPY/MOVE, APPEND and EXPUNGE arguments and replies, from bytes alone."""

from __future__ import annotations

import datetime
import email.message

import pytest

from helpers import outcome, wire
from imapclient_async import ProtocolError
from imapclient_async._commands.append import append_arguments, append_result, internal_date
from imapclient_async._commands.copy import copy_arguments, copy_result
from imapclient_async._commands.expunge import expunge_result
from imapclient_async._commands.store import store_arguments, store_result
from imapclient_async._proto import (
    LiteralMode,
    encode_command,
)
from imapclient_async.messages import AppendResult, CopyResult, UIDMapping
from imapclient_async.messageset import MessageSet, names_no_message

# -- STORE arguments -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "silent", "item"),
    [
        ("add", True, b"+FLAGS.SILENT"),
        ("remove", True, b"-FLAGS.SILENT"),
        ("replace", True, b"FLAGS.SILENT"),
        ("add", False, b"+FLAGS"),
        ("remove", False, b"-FLAGS"),
        ("replace", False, b"FLAGS"),
    ],
)
def test_store_modes(mode: str, silent: bool, item: bytes) -> None:
    arguments = store_arguments(
        MessageSet("1:3,7"),
        ["\\Seen", "$Label"],
        mode=mode,  # type: ignore[arg-type]
        silent=silent,
        unchanged_since=None,
    )
    assert wire("UID STORE", arguments) == b"A1 UID STORE 1:3,7 " + item + b" (\\Seen $Label)\r\n"


def test_store_single_str_is_one_flag() -> None:
    arguments = store_arguments(
        MessageSet(5), "\\Flagged", mode="add", silent=True, unchanged_since=None
    )
    assert wire("STORE", arguments) == b"A1 STORE 5 +FLAGS.SILENT (\\Flagged)\r\n"


def test_store_unchanged_since_comes_before_the_item() -> None:
    arguments = store_arguments(
        MessageSet("1:*"), ["\\Seen"], mode="add", silent=False, unchanged_since=12345
    )
    assert (
        wire("UID STORE", arguments)
        == b"A1 UID STORE 1:* (UNCHANGEDSINCE 12345) +FLAGS (\\Seen)\r\n"
    )


def test_store_replace_with_no_flags_clears_them() -> None:
    arguments = store_arguments(MessageSet(1), [], mode="replace", silent=True, unchanged_since=0)
    assert wire("STORE", arguments) == b"A1 STORE 1 (UNCHANGEDSINCE 0) FLAGS.SILENT ()\r\n"


@pytest.mark.parametrize("mode", ["add", "remove"])
def test_store_empty_flags_refused_unless_replace(mode: str) -> None:
    with pytest.raises(ValueError, match="at least one flag"):
        store_arguments(
            MessageSet(1),
            [],
            mode=mode,  # type: ignore[arg-type]
            silent=True,
            unchanged_since=None,
        )


@pytest.mark.parametrize(
    "flag",
    ["\\Seen \\Deleted", "$a)b", "(x", "x\r\n", "", "a*", "a%", 'a"', "a]", "Ärger", "\\\\x"],
)
def test_store_refuses_flags_that_are_not_atoms(flag: str) -> None:
    with pytest.raises(ValueError, match="atom"):
        store_arguments(MessageSet(1), [flag], mode="add", silent=True, unchanged_since=None)


@pytest.mark.parametrize("flag", ["\\Recent", "\\RECENT", "\\recent"])
def test_store_refuses_recent(flag: str) -> None:
    with pytest.raises(ValueError, match="Recent"):
        store_arguments(MessageSet(1), [flag], mode="add", silent=True, unchanged_since=None)


def test_store_refuses_bad_mode_types_and_numbers() -> None:
    with pytest.raises(ValueError, match="mode"):
        store_arguments(
            MessageSet(1),
            ["\\Seen"],
            mode="toggle",  # type: ignore[arg-type]
            silent=True,
            unchanged_since=None,
        )
    with pytest.raises(TypeError):
        store_arguments(
            MessageSet(1),
            [b"\\Seen"],  # type: ignore[list-item]
            mode="add",
            silent=True,
            unchanged_since=None,
        )
    with pytest.raises(ValueError, match="non-negative"):
        store_arguments(MessageSet(1), ["\\Seen"], mode="add", silent=True, unchanged_since=-1)
    # An empty set is not refused: it makes the session skip the command.
    empty = store_arguments(MessageSet(), ["\\Seen"], mode="add", silent=True, unchanged_since=None)
    assert names_no_message(empty)
    assert not names_no_message(
        store_arguments(MessageSet(1), ["\\Seen"], mode="add", silent=True, unchanged_since=None)
    )


# -- STORE replies ---------------------------------------------------------------------


def test_store_result_flags_by_uid_only_for_the_stored_messages() -> None:
    reply = outcome(
        b"* 1 FETCH (UID 10 FLAGS (\\Seen $Label))\r\n"
        b"* 2 FETCH (FLAGS () UID 11 MODSEQ (42))\r\n"
        b"* 9 FETCH (UID 99 FLAGS (\\Flagged))\r\n"  # another session's change
        b"* 3 FETCH (UID 12 MODSEQ (43))\r\n"  # CONDSTORE's report without FLAGS
    )
    result = store_result(reply, MessageSet("10:12"), uid=True, conditional=False)
    assert result.flags == {10: frozenset({"\\Seen", "$Label"}), 11: frozenset()}
    assert result.skipped is None


def test_store_result_flags_by_sequence_number() -> None:
    reply = outcome(b"* 2 FETCH (FLAGS (\\Answered))\r\n* 5 FETCH (FLAGS (\\Seen))\r\n")
    result = store_result(reply, MessageSet("1:3"), uid=False, conditional=False)
    assert result.flags == {2: frozenset({"\\Answered"})}


def test_store_result_ignores_fetch_without_uid_for_uid_store() -> None:
    reply = outcome(b"* 2 FETCH (FLAGS (\\Seen))\r\n")
    assert store_result(reply, MessageSet("1:*"), uid=True, conditional=False).flags == {}


def test_store_result_modified() -> None:
    reply = outcome(b"", b"A1 OK [MODIFIED 7,9:11] Conditional STORE failed\r\n")
    result = store_result(reply, MessageSet("1:20"), uid=True, conditional=True)
    assert result.skipped == MessageSet("7,9:11")


def test_store_result_unconditional_without_modified_is_empty_set() -> None:
    result = store_result(outcome(b""), MessageSet(1), uid=True, conditional=True)
    assert result.skipped == MessageSet()


@pytest.mark.parametrize("code", [b"[MODIFIED]", b"[MODIFIED x:y]", b"[MODIFIED 0]"])
def test_store_result_malformed_modified(code: bytes) -> None:
    reply = outcome(b"", b"A1 OK " + code + b" done\r\n")
    with pytest.raises(ProtocolError, match="MODIFIED"):
        store_result(reply, MessageSet(1), uid=True, conditional=True)


def test_store_result_with_unreadable_flags_reports_none_for_that_message() -> None:
    # The STORE itself succeeded: an unreadable FLAGS costs only that report.
    reply = outcome(b"* 1 FETCH (UID 3 FLAGS)\r\n* 2 FETCH (UID 4 FLAGS (\\Seen))\r\n")
    result = store_result(reply, MessageSet("3:4"), uid=True, conditional=False)
    assert result.flags == {4: frozenset({"\\Seen"})}


# -- COPY / MOVE -----------------------------------------------------------------------


def test_copy_arguments_non_ascii_mailbox() -> None:
    arguments = copy_arguments([1, 2, 3, 9], "Archiv/Entwürfe")
    assert wire("UID COPY", arguments) == b"A1 UID COPY 1:3,9 Archiv/Entw&APw-rfe\r\n"


def test_copy_result_from_tagged_ok() -> None:
    reply = outcome(b"", b"A1 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n")
    result = copy_result(reply)
    assert result.uid_validity == 38505
    assert result.source_uids == MessageSet("304,319:320")
    assert result.destination_uids == MessageSet("3956:3958")
    assert result.mapping is not None
    assert dict(result.mapping) == {304: 3956, 319: 3957, 320: 3958}
    assert result.mapping[319] == 3957
    assert 305 not in result.mapping


def test_copy_result_from_untagged_ok_of_move_dovecot_shape() -> None:
    reply = outcome(
        b"* OK [COPYUID 1700000000 1:3 4:6] Moved UIDs.\r\n"
        b"* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n",
        b"A1 OK Move completed (0.002 + 0.000 secs).\r\n",
    )
    result = copy_result(reply)
    assert result.uid_validity == 1700000000
    assert result.mapping == UIDMapping([(1, 4, 3)])


def test_copy_result_keeps_the_servers_order_for_the_mapping() -> None:
    # RFC 4315: both sets are "in the same order", not necessarily ascending.
    reply = outcome(b"", b"A1 OK [COPYUID 7 5,3,10:8 20:21,30:32] Done\r\n")
    result = copy_result(reply)
    assert result.mapping is not None
    assert list(result.mapping.items()) == [(5, 20), (3, 21), (8, 30), (9, 31), (10, 32)]
    assert result.source_uids == MessageSet("3,5,8:10")


def test_copy_result_joins_several_codes() -> None:
    reply = outcome(
        b"* OK [COPYUID 9 1:2 11:12] part\r\n* OK [COPYUID 9 3 13] part\r\n",
        b"A1 OK done\r\n",
    )
    result = copy_result(reply)
    assert result.source_uids == MessageSet("1:3")
    assert result.mapping == UIDMapping([(1, 11, 3)])


def test_copy_result_huge_ranges_are_not_expanded() -> None:
    reply = outcome(b"", b"A1 OK [COPYUID 1 1:4294967295 1:4294967295] Done\r\n")
    result = copy_result(reply)
    assert result.mapping is not None
    assert len(result.mapping) == 4294967295
    assert result.mapping[4000000000] == 4000000000


def test_copy_result_without_uidplus() -> None:
    assert copy_result(outcome(b"", b"A1 OK Copy completed.\r\n")) == CopyResult(
        uid_validity=None, source_uids=None, destination_uids=None, mapping=None
    )


def test_copy_result_ignores_other_codes() -> None:
    reply = outcome(b"* OK [ALERT] careful\r\n", b"A1 OK [UIDNOTSTICKY] Done\r\n")
    assert copy_result(reply).mapping is None


@pytest.mark.parametrize(
    "code",
    [
        b"[COPYUID 1 1:3 4:5]",  # sizes differ
        b"[COPYUID 1 1:3]",
        b"[COPYUID x 1 2]",
        b"[COPYUID 1 1:* 4:6]",
        b"[COPYUID 1 1,1 2:3]",  # a source UID twice
        b"[COPYUID 1 0 2]",
        b"[COPYUID 1 (1) 2]",
    ],
)
def test_copy_result_malformed(code: bytes) -> None:
    with pytest.raises(ProtocolError):
        copy_result(outcome(b"", b"A1 OK " + code + b" Done\r\n"))


def test_copy_result_validities_disagree() -> None:
    reply = outcome(b"* OK [COPYUID 1 1 2] a\r\n", b"A1 OK [COPYUID 2 3 4] b\r\n")
    with pytest.raises(ProtocolError, match="UIDVALIDITY"):
        copy_result(reply)


def test_uid_mapping_equality_ignores_how_runs_are_split() -> None:
    assert UIDMapping([(1, 10, 2), (3, 12, 1)]) == UIDMapping([(1, 10, 3)])
    assert hash(UIDMapping([(1, 10, 2), (3, 12, 1)])) == hash(UIDMapping([(1, 10, 3)]))
    assert UIDMapping([(1, 10, 2)]) == {1: 10, 2: 11}
    assert UIDMapping([(1, 10, 2)]) != UIDMapping([(1, 11, 2)])
    assert repr(UIDMapping([(1, 10, 2), (7, 3, 1)])) == "UIDMapping(1:2->10:11, 7->3)"
    with pytest.raises(KeyError):
        UIDMapping([(5, 10, 2)])[4]
    with pytest.raises(ValueError, match="at least one"):
        UIDMapping([(5, 10, 0)])


# -- APPEND ------------------------------------------------------------------------------

_MESSAGE = b"Subject: hi\r\n\r\nHello\r\n"


def test_append_arguments_literal_flags_and_date() -> None:
    when = datetime.datetime(2026, 11, 4, 9, 5, 7, tzinfo=datetime.timezone.utc)
    arguments = append_arguments("INBOX", _MESSAGE, flags=["\\Seen", "$Sent"], date=when)
    assert wire("APPEND", arguments) == (
        b'A1 APPEND INBOX (\\Seen $Sent) " 4-Nov-2026 09:05:07 +0000" {22+}\r\n'
        + _MESSAGE
        + b"\r\n"
    )


def test_append_arguments_minimal_and_synchronizing() -> None:
    arguments = append_arguments("Entwürfe", b"x", flags=(), date=None)
    encoded = encode_command("A1", "APPEND", arguments)
    assert encoded.chunks == [[b"A1 APPEND Entw&APw-rfe {1}\r\n"], [b"x", b"\r\n"]]


def test_append_message_payload_is_not_copied() -> None:
    payload = _MESSAGE * 1000
    arguments = append_arguments("INBOX", payload, flags=(), date=None)
    encoded = encode_command("A1", "APPEND", arguments, literal_mode=LiteralMode.LITERAL_PLUS)
    assert any(part is payload for chunk in encoded.chunks for part in chunk)


def test_append_email_message_uses_crlf() -> None:
    message = email.message.EmailMessage()
    message["Subject"] = "Grüße"
    message.set_content("line one\nline two\n")
    literal = append_arguments("INBOX", message, flags=(), date=None)[-1]
    data = wire("APPEND", [literal])
    body = data.split(b"\r\n", 1)[1]
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert b"line one\r\nline two\r\n" in body
    assert b"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n" in body


def test_append_refuses_nul_naive_dates_and_bad_types() -> None:
    with pytest.raises(ValueError, match="literal8"):
        append_arguments("INBOX", b"a\x00b\r\n", flags=(), date=None)
    with pytest.raises(ValueError, match="timezone"):
        append_arguments("INBOX", _MESSAGE, flags=(), date=datetime.datetime(2026, 1, 1))
    with pytest.raises(TypeError):
        append_arguments("INBOX", "text", flags=(), date=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        append_arguments("INBOX", _MESSAGE, flags=(), date=datetime.date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Recent"):
        append_arguments("INBOX", _MESSAGE, flags=["\\Recent"], date=None)


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (
            datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.timezone.utc),
            "24-Nov-2026 10:00:00 +0000",
        ),
        (
            datetime.datetime(
                2026,
                1,
                2,
                3,
                4,
                5,
                tzinfo=datetime.timezone(-datetime.timedelta(hours=3, minutes=30)),
            ),
            " 2-Jan-2026 03:04:05 -0330",
        ),
        (
            datetime.datetime(
                999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone(datetime.timedelta(hours=14))
            ),
            "31-Dec-0999 23:59:59 +1400",
        ),
        (
            # An offset with seconds cannot be written: the same instant in UTC.
            datetime.datetime(
                2026, 5, 1, 0, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(seconds=30))
            ),
            " 1-May-2026 00:00:00 +0000",
        ),
    ],
)
def test_internal_date(date: datetime.datetime, text: str) -> None:
    assert internal_date(date) == text


def test_append_result() -> None:
    tagged = outcome(b"", b"A1 OK [APPENDUID 38505 3955] APPEND completed\r\n").tagged
    assert append_result(tagged) == AppendResult(uid_validity=38505, uid=3955)
    tagged = outcome(b"", b"A1 OK [appenduid 1 7:7] odd case and a one-UID range\r\n").tagged
    assert append_result(tagged) == AppendResult(uid_validity=1, uid=7)
    tagged = outcome(b"", b"A1 OK Append completed.\r\n").tagged
    assert append_result(tagged) == AppendResult(uid_validity=None, uid=None)


@pytest.mark.parametrize(
    "code", [b"[APPENDUID 1]", b"[APPENDUID 1 2:3]", b"[APPENDUID x 2]", b"[APPENDUID 1 *]"]
)
def test_append_result_malformed(code: bytes) -> None:
    with pytest.raises(ProtocolError):
        append_result(outcome(b"", b"A1 OK " + code + b" done\r\n").tagged)


# -- EXPUNGE ---------------------------------------------------------------------------


def test_expunge_result_sequence_numbers_in_order() -> None:
    reply = outcome(b"* 3 EXPUNGE\r\n* 3 EXPUNGE\r\n* 1 EXPUNGE\r\n* 5 EXISTS\r\n")
    result = expunge_result(reply, qresync=False)
    assert result.sequence_numbers == (3, 3, 1)
    assert result.uids is None


def test_expunge_result_nothing_removed() -> None:
    assert expunge_result(outcome(b""), qresync=False).sequence_numbers == ()
    assert expunge_result(outcome(b""), qresync=True).uids == MessageSet()


def test_expunge_result_vanished() -> None:
    reply = outcome(
        b"* VANISHED 5:7,9\r\n* VANISHED (EARLIER) 1:2\r\n* VANISHED 8\r\n* vanished 20\r\n"
    )
    result = expunge_result(reply, qresync=True)
    assert result.uids == MessageSet("5:9,20")
    assert result.sequence_numbers is None


def test_expunge_result_malformed_vanished() -> None:
    with pytest.raises(ProtocolError):
        expunge_result(outcome(b"* VANISHED x\r\n"), qresync=True)
