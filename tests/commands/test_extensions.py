"""ID, ENABLE and QUOTA arguments and replies, and the OAuth SASL messages, from bytes alone."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable

import pytest

from helpers import outcome, wire
from imapclient_async import ProtocolError
from imapclient_async._commands.auth import (
    authenticate_oauthbearer_exchange,
    authenticate_plain_exchange,
    authenticate_xoauth2_exchange,
)
from imapclient_async._commands.extensions import (
    enable_arguments,
    enabled_from_outcome,
    id_arguments,
    id_from_outcome,
)
from imapclient_async._commands.quota import (
    quota_from_outcome,
    quota_root_argument,
    quota_root_from_outcome,
)
from imapclient_async._proto import (
    ContinuationRequest,
)
from imapclient_async._sasl import oauthbearer_message, xoauth2_message
from imapclient_async.quota import Quota, QuotaResource, QuotaRoot

# -- ID ------------------------------------------------------------------------------


def test_id_arguments_are_quoted_strings() -> None:
    arguments = id_arguments([("name", "myapp"), ("version", "1.0"), ("support-url", None)])
    assert wire("ID", arguments) == b'A1 ID ("name" "myapp" "version" "1.0" "support-url" NIL)\r\n'


def test_id_without_fields_is_nil() -> None:
    assert wire("ID", id_arguments([])) == b"A1 ID NIL\r\n"


def test_id_arguments_escape_and_use_literals() -> None:
    fields = {"os": 'say "hi" \\o/', "vendor": "Zürich\r\nAG", "date": ""}
    arguments = id_arguments(fields.items())
    assert wire("ID", arguments) == (
        b'A1 ID ("os" "say \\"hi\\" \\\\o/" "vendor" {11+}\r\nZ\xc3\xbcrich\r\nAG "date" "")\r\n'
    )


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"x" * 31: "v"}, ValueError, "1 to 30 octets"),
        ({"": "v"}, ValueError, "1 to 30 octets"),
        ({"name": "v" * 1025}, ValueError, "longer than 1024"),
        ({"name": "ü" * 513}, ValueError, "longer than 1024"),
        ({f"f{n}": "v" for n in range(31)}, ValueError, "at most 30"),
        ({"name": "a", "NAME": "b"}, ValueError, "given twice"),
        ({"version": "1", "Version": None}, ValueError, "given twice"),
        ({"name": "a\x00b"}, ValueError, "NUL"),
        ({"name": 1}, TypeError, "must be a str or None"),
        ({b"name": "x"}, TypeError, "names must be str"),
    ],
)
def test_id_arguments_are_validated(
    fields: dict[str, str | None], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        id_arguments(fields.items())


def test_id_limits_are_inclusive() -> None:
    fields: dict[str, str | None] = {f"{n:030d}": "v" * 1024 for n in range(30)}
    assert len(id_arguments(fields.items())) == 1


def test_id_reply_from_dovecot() -> None:
    reply = outcome(b'* ID ("name" "Dovecot")\r\n')
    assert id_from_outcome(reply) == {"name": "Dovecot"}


def test_id_reply_nil_odd_case_literals_and_nil_values() -> None:
    assert id_from_outcome(outcome(b"* ID NIL\r\n")) == {}
    assert id_from_outcome(outcome(b"")) == {}
    reply = outcome(
        b'* id ("NAME" "Cyrus" "Version" {5}\r\n3.4.1 "support-url" NIL "os" "Gr\xc3\xbcn")\r\n'
    )
    assert id_from_outcome(reply) == {
        "name": "Cyrus",
        "version": "3.4.1",
        "support-url": None,
        "os": "Grün",
    }


@pytest.mark.parametrize(
    "data",
    [b'* ID ("name")\r\n', b'* ID "name"\r\n', b'* ID (("a") "b")\r\n', b"* ID (NIL NIL)\r\n"],
)
def test_malformed_id_reply(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        id_from_outcome(outcome(data))


# -- ENABLE --------------------------------------------------------------------------


def test_enable_arguments_are_atoms() -> None:
    assert wire("ENABLE", enable_arguments(["CONDSTORE", "qresync"])) == (
        b"A1 ENABLE CONDSTORE qresync\r\n"
    )


@pytest.mark.parametrize(
    ("names", "error"),
    [
        ([], ValueError),
        (["CONDSTORE QRESYNC"], ValueError),
        (["X\r\n"], ValueError),
        ([b"X"], TypeError),
    ],
)
def test_enable_arguments_are_validated(names: list[str], error: type[Exception]) -> None:
    with pytest.raises(error):
        enable_arguments(names)


def test_utf8_accept_is_refused_until_names_are_sent_as_utf8() -> None:
    with pytest.raises(ValueError, match="not supported"):
        enable_arguments(["CONDSTORE", "utf8=accept"])


def test_enabled_reply() -> None:
    assert enabled_from_outcome(outcome(b"* ENABLED CONDSTORE QRESYNC\r\n")) == {
        "CONDSTORE",
        "QRESYNC",
    }
    assert enabled_from_outcome(outcome(b"* enabled utf8=accept\r\n* ENABLED\r\n")) == {
        "UTF8=ACCEPT"
    }
    assert enabled_from_outcome(outcome(b"")) == frozenset()
    with pytest.raises(ProtocolError):
        enabled_from_outcome(outcome(b'* ENABLED "CONDSTORE"\r\n'))


# -- QUOTA ---------------------------------------------------------------------------


def test_quotaroot_reply_from_dovecot() -> None:
    reply = outcome(
        b'* QUOTAROOT INBOX "User quota"\r\n'
        b'* QUOTA "User quota" (STORAGE 10 512 MESSAGE 3 1000)\r\n'
    )
    assert quota_root_from_outcome("INBOX", reply) == QuotaRoot(
        "INBOX",
        ("User quota",),
        (
            Quota(
                "User quota",
                (QuotaResource("STORAGE", 10, 512), QuotaResource("MESSAGE", 3, 1000)),
            ),
        ),
    )


def test_quotaroot_reply_without_roots_and_odd_shapes() -> None:
    assert quota_root_from_outcome("Spam", outcome(b"* QUOTAROOT Spam\r\n")) == QuotaRoot(
        "Spam", (), ()
    )
    reply = outcome(
        b'* quotaroot "Entw&APw-rfe" "" {4}\r\nr\xc3\xb6t\r\n'
        b'* quota "" (storage 0 1048576 mailbox 2 99)\r\n* QUOTA {4}\r\nr\xc3\xb6t ()\r\n'
    )
    result = quota_root_from_outcome("Entwürfe", reply)
    assert result.roots == ("", "röt")
    assert result.quotas == (
        Quota("", (QuotaResource("STORAGE", 0, 1048576), QuotaResource("MAILBOX", 2, 99))),
        Quota("röt", ()),
    )
    assert result.quotas[0].resource("storage") == QuotaResource("STORAGE", 0, 1048576)
    assert result.quotas[0].resource("MESSAGE") is None


def test_getquota_reply_picks_the_root() -> None:
    reply = outcome(b'* QUOTA "other" (MESSAGE 1 2)\r\n* QUOTA "" (MESSAGE 5 6)\r\n')
    assert quota_from_outcome("", reply) == Quota("", (QuotaResource("MESSAGE", 5, 6),))
    with pytest.raises(ProtocolError, match="without the quota"):
        quota_from_outcome("missing", reply)


@pytest.mark.parametrize(
    "data",
    [
        b'* QUOTA "r" (STORAGE 10)\r\n',
        b'* QUOTA "r" (STORAGE ten 20)\r\n',
        b'* QUOTA "r" (STORAGE -1 20)\r\n',
        b'* QUOTA "r" STORAGE 1 2\r\n',
        b"* QUOTA (STORAGE 1 2) x\r\n",
        b"* QUOTAROOT\r\n",
        b"* QUOTAROOT INBOX (x)\r\n",
    ],
)
def test_malformed_quota_replies(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        quota_root_from_outcome("INBOX", outcome(data))


def test_courier_quota_without_resources() -> None:
    # Courier, with no quota set: * QUOTA "ROOT" and no resource list.
    reply = outcome(b'* QUOTAROOT "INBOX" "ROOT"\r\n* QUOTA "ROOT"\r\n')
    result = quota_root_from_outcome("INBOX", reply)
    assert result.roots == ("ROOT",)
    assert result.quotas == (Quota("ROOT", ()),)


def test_quota_root_argument() -> None:
    assert wire("GETQUOTA", [quota_root_argument("")]) == b'A1 GETQUOTA ""\r\n'
    assert wire("GETQUOTA", [quota_root_argument("User quota")]) == b'A1 GETQUOTA "User quota"\r\n'
    with pytest.raises(TypeError):
        quota_root_argument(None)  # type: ignore[arg-type]


# -- SASL messages -------------------------------------------------------------------


def test_xoauth2_message() -> None:
    # The example in Google's XOAUTH2 documentation.
    message = xoauth2_message(
        "someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"
    )
    assert message == (
        b"user=someuser@example.com\x01"
        b"auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01"
    )
    assert base64.b64encode(message) == (
        b"dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52"
        b"YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ=="
    )


def test_oauthbearer_message() -> None:
    # The example in RFC 7628 section 4.1.
    message = oauthbearer_message(
        "user@example.com",
        "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
        host="server.example.com",
        port=143,
    )
    assert base64.b64encode(message) == (
        b"bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1"
        b"dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB"
    )


def test_oauthbearer_message_escapes_and_omits() -> None:
    assert oauthbearer_message("a,b=c", "T") == b"n,a=a=2Cb=3Dc,\x01auth=Bearer T\x01\x01"
    assert oauthbearer_message("", "T", port=993) == b"n,,\x01port=993\x01auth=Bearer T\x01\x01"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: xoauth2_message("bob\x01", "t"), ValueError),
        (lambda: xoauth2_message("bob", "t\x00"), ValueError),
        (lambda: xoauth2_message("", "t"), ValueError),
        (lambda: xoauth2_message("bob", ""), ValueError),
        (lambda: oauthbearer_message("bob\x00", "t"), ValueError),
        (lambda: oauthbearer_message("bob", "t\x01"), ValueError),
        (lambda: oauthbearer_message("bob", "t", host="h\r\nx"), ValueError),
        (lambda: oauthbearer_message("bob", "t", host=""), ValueError),
        (lambda: oauthbearer_message("bob", "t", port=65536), ValueError),
        (lambda: oauthbearer_message("bob", "t", port="143"), TypeError),  # type: ignore[arg-type]
        (lambda: authenticate_xoauth2_exchange(b"bob", "t", initial_response=True), TypeError),  # type: ignore[arg-type]
        (
            lambda: authenticate_oauthbearer_exchange(
                "bob",
                "t",
                host=b"h",  # type: ignore[arg-type]
                port=None,
                initial_response=True,
            ),
            TypeError,
        ),
    ],
)
def test_oauth_inputs_are_validated(call: Callable[[], object], error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


def test_exchange_with_initial_response_acknowledges_one_error() -> None:
    exchange = authenticate_oauthbearer_exchange(
        "bob", "t0ken", host=None, port=None, initial_response=True
    )
    assert wire("AUTHENTICATE", exchange.arguments) == (
        b"A1 AUTHENTICATE OAUTHBEARER "
        + base64.b64encode(b"n,a=bob,\x01auth=Bearer t0ken\x01\x01")
        + b"\r\n"
    )
    error = base64.b64encode(b'{"status":"invalid_token"}').decode()
    first = asyncio.run(exchange.respond(ContinuationRequest(error)))
    assert (first.data, first.log_text) == (b"AQ==", "***")
    assert exchange.failure_detail == '{"status":"invalid_token"}'
    assert asyncio.run(exchange.respond(ContinuationRequest("again"))).data == b"*"


def test_exchange_without_initial_response_sends_the_message_first() -> None:
    exchange = authenticate_xoauth2_exchange("bob", "t0ken", initial_response=False)
    assert wire("AUTHENTICATE", exchange.arguments) == b"A1 AUTHENTICATE XOAUTH2\r\n"
    first = asyncio.run(exchange.respond(ContinuationRequest("")))
    assert (first.data, first.log_text) == (
        base64.b64encode(b"user=bob\x01auth=Bearer t0ken\x01\x01"),
        "***",
    )
    second = asyncio.run(exchange.respond(ContinuationRequest("not base64 \x7f!")))
    assert second.data == b""
    assert exchange.failure_detail == "not base64  !"


def test_plain_exchange_has_no_error_step() -> None:
    exchange = authenticate_plain_exchange("bob", "pw", initial_response=True)
    assert asyncio.run(exchange.respond(ContinuationRequest("eyJ9"))).data == b"*"
    assert exchange.failure_detail is None
