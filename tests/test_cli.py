"""The command line against a real Dovecot: every subcommand, its JSON, credentials, exit statuses.

Most tests run ``main(argv)`` in-process and read what it printed; the ones
about the terminal (the password prompt, the progress bar) and about signals
(Ctrl-C) run ``python -m imapclient_async`` as a separate process, as a user
would.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import resource
import select
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from dovecot import DovecotServer, ensure_installed
from helpers import SPECIAL_USE_CONFIG
from imapclient_async import Address, MessageSet
from imapclient_async.cli import main
from imapclient_async.cli._output import size_text
from imapclient_async.cli._progress import ProgressBar
from imapclient_async.cli._search import _sender
from imapclient_async.cli._watch import _describe
from imapclient_async.events import Alert, Bye, Expunge, FlagsChanged, Recent, Vanished
from imapclient_async.progress import Progress
from imapserver import free_ports

PASSWORD = 'Pa"ss wörd-7f3c9'
"""Distinctive, so that it can be looked for in every output: it must appear nowhere."""
REPORT = bytes(range(256)) * 64
"""An attachment's content: binary, so base64 on the wire."""
DEADLINE = 30.0
"""Seconds a subprocess or thread may take before the test fails as hung."""


@pytest.fixture(scope="module")
def mail_server() -> Iterator[DovecotServer]:
    """A Dovecot of this module's own, with Sent and Trash roles, and TLS."""
    ensure_installed()
    with DovecotServer(extra_config=SPECIAL_USE_CONFIG) as server:
        yield server


def mail(headers: dict[str, str]) -> EmailMessage:
    """A message with these headers (and To: me), its body still to be set."""
    message = EmailMessage()
    for name, value in {"To": "me@example.org", **headers}.items():
        message[name] = value
    return message


def seeded_messages() -> list[bytes]:
    """Three messages: plain; quoted-printable text with two attachments; plain again."""
    plain = mail(
        {
            "From": "Alice Martin <alice@example.org>",
            "Subject": "Quarterly report",
            "Date": "Mon, 04 May 2026 09:15:00 +0000",
            "Message-ID": "<one@example.org>",
        }
    )
    plain.set_content("Numbers soon.\n")
    mixed = mail(
        {
            "From": "Bob Okafor <bob@example.net>",
            "Cc": "Chloé <chloe@example.fr>",
            "Subject": "Grüße aus Zürich",
            "Date": "Tue, 05 May 2026 10:00:00 +0200",
            "Message-ID": "<two@example.org>",
        }
    )
    mixed.set_content("Grüße aus Zürich, Bob\n", cte="quoted-printable")
    mixed.add_attachment(REPORT, maintype="application", subtype="pdf", filename="Bericht ü.pdf")
    mixed.add_attachment(b"not a path\n", maintype="text", subtype="plain", filename="../x.txt")
    mixed.set_boundary("boundary-7f3c9")  # not a random one: the same bytes at every call
    lunch = mail(
        {
            "From": "Chloé Durand <chloe@example.fr>",
            "Subject": "Lunch?",
            "Date": "Wed, 06 May 2026 12:00:00 +0000",
            "Message-ID": "<three@example.org>",
        }
    )
    lunch.set_content("Friday at noon?\n")
    return [plain.as_bytes(), mixed.as_bytes(), lunch.as_bytes()]


@pytest.fixture
def user(mail_server: DovecotServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new user with the three messages (the first seen), described by IMAP_* variables."""
    name, _ = mail_server.new_user(PASSWORD)
    first, *others = seeded_messages()
    mail_server.seed(name, [first], seen=True)
    mail_server.seed(name, others)
    for variable in [variable for variable in os.environ if variable.startswith("IMAP_")]:
        monkeypatch.delenv(variable)
    monkeypatch.setenv("IMAP_HOST", mail_server.host)
    monkeypatch.setenv("IMAP_PORT", str(mail_server.port))
    monkeypatch.setenv("IMAP_SECURITY", "plain")
    monkeypatch.setenv("IMAP_USER", name)
    monkeypatch.setenv("IMAP_PASSWORD", PASSWORD)
    return name


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process: (exit status, stdout, stderr); the password in neither."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert PASSWORD not in out and PASSWORD not in err
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    """Run with ``--json``: it must succeed, with nothing but one JSON document on stdout."""
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    return json.loads(out)


# -- usage and credentials -------------------------------------------------------------


def test_help_lists_every_command_and_the_exit_statuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for command in ("check", "ls", "search", "show", "download", "watch"):
        assert f"    {command} " in out
    assert "exit status:" in out and "130" in out
    status, out, _ = run(capsys, "download", "--help")
    assert status == 0
    assert "--password-env VAR" in out and "--insecure" in out and "--password " not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["ls", "--password", PASSWORD], "there is no --password option"),
        (["ls", "--password-e", "X"], "unrecognized arguments: --password-e"),
        (["search", "--since", "yesterday"], "not a date as YYYY-MM-DD"),
        (["show", "0"], "not a whole number from 1 to 4294967295: '0'"),
        (["show", "4294967296"], "not a whole number from 1 to 4294967295"),
        (["ls", "--port", "70000"], "not a port number"),
        (["ls", "--timeout", "0"], "must be more than 0 seconds"),
        (["download"], "the following arguments are required: -o/--output"),
        (["search", "--uid", "1:x"], "--uid"),
        (["search", "--limit", "0"], "not a whole number from 1"),
        (["ls", "--port", "imap"], "not a port number: 'imap'"),
        (["ls", "--timeout", "soon"], "not a number of seconds: 'soon'"),
        (["watch", "--count", "-1"], "not a whole number from 1"),
    ],
)
def test_bad_usage_exits_with_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert message in err


def test_missing_host_user_or_password_exits_with_2(
    user: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "ls", "--password-env", "NO_SUCH_VARIABLE") == (
        2,
        "",
        "imapclient-async: error: --password-env: environment variable NO_SUCH_VARIABLE "
        "is not set\n",
    )
    monkeypatch.delenv("IMAP_PASSWORD")
    status, _, err = run(capsys, "ls")  # stdin is no terminal here: nobody to ask
    assert status == 2
    assert "no password: set IMAP_PASSWORD or use --password-env VAR" in err
    monkeypatch.delenv("IMAP_USER")
    assert (
        run(capsys, "ls")[2] == "imapclient-async: error: no user: give --user or set IMAP_USER\n"
    )
    monkeypatch.delenv("IMAP_HOST")
    assert run(capsys, "ls")[0] == 2
    monkeypatch.setenv("IMAP_HOST", "127.0.0.1")
    monkeypatch.setenv("IMAP_SECURITY", "ssl")
    assert "IMAP_SECURITY must be one of tls, starttls, plain" in run(capsys, "check")[2]
    monkeypatch.setenv("IMAP_SECURITY", "tls")
    assert "--ca-file /no/such.pem" in run(capsys, "check", "--ca-file", "/no/such.pem")[2]


def test_the_password_comes_from_the_variable_password_env_names(
    user: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAP_PASSWORD", "wrong")
    monkeypatch.setenv("MY_IMAP_SECRET", PASSWORD)
    status, out, _ = run(capsys, "ls", "--password-env", "MY_IMAP_SECRET")
    assert status == 0
    assert "INBOX" in out


def test_a_wrong_password_exits_with_3(
    user: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAP_PASSWORD", "wrong")
    status, out, err = run(capsys, "ls")
    assert (status, out) == (3, "")
    assert err == "imapclient-async: error: LOGIN failed [AUTHENTICATIONFAILED]: " + (
        "Authentication failed.\n"
    )


def test_an_unreachable_port_exits_with_3_in_one_line(
    user: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (port,) = free_ports(1)
    status, out, err = run(capsys, "search", "--port", str(port))
    assert (status, out) == (3, "")
    assert err.startswith(f"imapclient-async: error: could not connect to 127.0.0.1:{port}")
    assert err.count("\n") == 1  # no traceback


def test_debug_shows_the_conversation_and_a_traceback_but_never_the_password(
    user: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, _, err = run(capsys, "ls", "--debug")
    assert status == 0
    assert "C: A1 LOGIN" in err and "***" in err
    assert "S: * LIST" in err
    monkeypatch.setenv("IMAP_PASSWORD", PASSWORD + "x")  # wrong, and still never shown
    status, _, err = run(capsys, "ls", "--debug")
    assert status == 3
    assert "Traceback" in err and "AuthenticationError" in err
    assert 'Pa"ss' not in err and 'Pa\\"ss' not in err


# -- check -----------------------------------------------------------------------------


def test_check_plain_reports_each_step(user: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].endswith("(plain)")
    assert lines[1] == "TLS:            none: the password and mail cross the network unencrypted"
    assert lines[2].startswith("Greeting:       OK Dovecot")
    assert lines[3].startswith("Capabilities:") and "STARTTLS" in lines[3]
    assert lines[4] == "Login:          OK Logged in"
    assert lines[5].startswith("  capabilities:") and "MOVE" in lines[5]


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_check_describes_tls_and_the_certificate(
    user: str, mail_server: DovecotServer, capsys: pytest.CaptureFixture[str], security: str
) -> None:
    assert mail_server.ca_cert_path is not None and mail_server.tls_port is not None
    port = mail_server.tls_port if security == "tls" else mail_server.port
    options = ["--security", security, "--port", str(port), "--ca-file", mail_server.ca_cert_path]
    report = run_json(capsys, "check", *options)
    assert isinstance(report, dict)
    assert set(report) == {"host", "port", "security", "tls", "greeting", "capabilities", "login"}
    assert (report["host"], report["port"], report["security"]) == ("127.0.0.1", port, security)
    tls = report["tls"]
    assert tls["version"].startswith("TLSv1.") and tls["cipher"]
    assert tls["verified"] is True
    assert "O=trustme" in tls["subject"] and "Testing CA" in tls["issuer"]
    assert "IP Address:127.0.0.1" in tls["alt_names"]
    assert tls["not_after"].startswith("3000-01-01")
    assert len(tls["sha256_fingerprint"]) == 95  # 32 bytes: 64 hex digits, 31 colons
    assert report["greeting"]["status"] == "OK"
    assert "STARTTLS" not in report["capabilities"]
    assert report["login"]["text"] == "Logged in"
    assert "MOVE" in report["login"]["capabilities"]
    status, out, _ = run(capsys, "check", *options)
    assert status == 0
    assert "Certificate:    verified" in out
    assert "  expires:      3000-01-01 00:00 UTC" in out


def test_check_without_a_user_stops_before_login(
    user: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IMAP_USER")
    monkeypatch.delenv("IMAP_PASSWORD")  # not needed, so not asked for
    status, out, _ = run(capsys, "check")
    assert status == 0
    assert "Login:          skipped: no --user" in out
    assert run_json(capsys, "check")["login"] is None  # type: ignore[index]


def test_check_with_an_untrusted_certificate_exits_with_3_and_a_hint(
    user: str, mail_server: DovecotServer, capsys: pytest.CaptureFixture[str]
) -> None:
    port = mail_server.tls_port
    status, out, err = run(capsys, "check", "--security", "tls", "--port", str(port), "--json")
    assert status == 3
    report = json.loads(out)
    assert report["error"]["type"] == "SecurityError"
    assert "certificate verify failed" in report["error"]["message"]
    assert "tls" not in report
    hint, error = err.splitlines()
    assert hint.startswith("hint: --ca-file FILE trusts a private CA; --insecure skips")
    assert error.startswith(f"imapclient-async: error: TLS handshake with 127.0.0.1:{port}")
    assert "certificate verify failed" in error


def test_check_insecure_connects_and_says_the_certificate_was_not_verified(
    user: str, mail_server: DovecotServer, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--security", "tls", "--port", str(mail_server.tls_port), "--insecure"]
    status, out, _ = run(capsys, "check", *options)
    assert status == 0
    assert "Certificate:    NOT VERIFIED (--insecure): the server may be anyone" in out
    assert "  SHA-256:      " in out
    tls = run_json(capsys, "check", *options)["tls"]  # type: ignore[index]
    assert tls["verified"] is False and tls["subject"] is None


# -- ls, search, show ------------------------------------------------------------------


def test_ls_lists_counts_and_roles(user: str, capsys: pytest.CaptureFixture[str]) -> None:
    listed = run_json(capsys, "ls")
    assert isinstance(listed, list)
    by_name = {mailbox["name"]: mailbox for mailbox in listed}
    assert set(by_name) == {"INBOX", "Sent", "Trash", "Alle Nachrichten"}
    assert by_name["INBOX"] == {
        "name": "INBOX",
        "delimiter": ".",
        "role": None,
        "flags": [],
        "selectable": True,
        "messages": 3,
        "unseen": 2,
    }
    assert by_name["Sent"]["role"] == "\\Sent"
    status, out, _ = run(capsys, "ls")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["MAILBOX", "MESSAGES", "UNSEEN", "ROLE"]
    assert ["INBOX", "3", "2"] in [line.split() for line in lines]
    assert ["Trash", "0", "0", "\\Trash"] in [line.split() for line in lines]
    status, out, _ = run(capsys, "ls", "--subscribed")
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["Alle"]


def test_search_with_options(user: str, capsys: pytest.CaptureFixture[str]) -> None:
    found = run_json(capsys, "search", "--unseen")
    assert isinstance(found, list)
    assert [message["uid"] for message in found] == [2, 3]
    assert found[0] == {
        "uid": 2,
        "date": "2026-05-05T10:00:00+02:00",
        "internal_date": found[0]["internal_date"],
        "from": [{"name": "Bob Okafor", "email": "bob@example.net"}],
        "subject": "Grüße aus Zürich",
        "flags": ["\\Recent"],
    }
    assert [m["uid"] for m in run_json(capsys, "search", "--subject", "zürich")] == [2]  # type: ignore[attr-defined]
    assert [m["uid"] for m in run_json(capsys, "search", "--limit", "2")] == [2, 3]  # type: ignore[attr-defined]
    assert [m["uid"] for m in run_json(capsys, "search", "--uid", "1,3", "--from", "chlo")] == [3]  # type: ignore[attr-defined]
    status, out, _ = run(capsys, "search")
    assert status == 0
    assert out.splitlines() == [
        "     1  2026-05-04 09:15  Alice Martin                    Quarterly report",
        "     2  2026-05-05 10:00  Bob Okafor                      Grüße aus Zürich",
        "     3  2026-05-06 12:00  Chloé Durand                    Lunch?",
    ]
    assert run(capsys, "search", "--from", "nobody") == (
        0,
        "",
        "no message in INBOX matches\n",
    )


def test_search_with_raw_criteria(user: str, capsys: pytest.CaptureFixture[str]) -> None:
    found = run_json(capsys, "search", "OR", "FROM", "alice", "SUBJECT", "lunch")
    assert [message["uid"] for message in found] == [1, 3]  # type: ignore[attr-defined]
    status, _, err = run(capsys, "search", "FROM", "alice", "--unseen")
    assert (status, err) == (
        2,
        "imapclient-async: error: give raw criteria or query options, not both\n",
    )
    status, _, err = run(capsys, "search", "SUBJECT", "Grüße")
    assert status == 2 and "search criteria:" in err
    status, _, err = run(capsys, "search", "FROM", '"alice')
    assert status == 1 and "BAD" in err  # the server's complaint, in one line


def test_show_describes_one_message(user: str, capsys: pytest.CaptureFixture[str]) -> None:
    shown = run_json(capsys, "show", "2")
    assert isinstance(shown, dict)
    assert shown["uid"] == 2 and shown["mailbox"] == "INBOX"
    assert shown["envelope"]["subject"] == "Grüße aus Zürich"
    assert shown["envelope"]["cc"] == [{"name": "Chloé", "email": "chloe@example.fr"}]
    assert shown["text_part"] == "1"
    assert shown["text"] == "Grüße aus Zürich, Bob\n"
    structure = shown["structure"]
    assert structure["content_type"] == "multipart/mixed"
    assert [child["content_type"] for child in structure["children"]] == [
        "text/plain",
        "application/pdf",
        "text/plain",
    ]
    assert structure["children"][1]["filename"] == "Bericht ü.pdf"
    assert structure["children"][1]["encoding"] == "base64"
    status, out, _ = run(capsys, "show", "2")
    assert status == 0
    assert "Subject:    Grüße aus Zürich" in out
    assert "Cc:         Chloé <chloe@example.fr>" in out
    assert '├─ 2 application/pdf  "Bericht ü.pdf"  base64' in out
    assert '└─ 3 text/plain  "../x.txt"  us-ascii  base64  18 B  attachment' in out
    assert out.endswith("\nGrüße aus Zürich, Bob\n\n")


def test_show_raw_writes_the_message_as_stored(
    user: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["show", "1", "--raw"]) == 0
    out = capsysbinary.readouterr().out
    assert out.replace(b"\r\n", b"\n") == seeded_messages()[0]


def test_show_an_unknown_uid_exits_with_1(user: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "show", "99") == (
        1,
        "",
        "imapclient-async: error: no message with UID 99 in INBOX\n",
    )
    status, _, err = run(capsys, "show", "1", "--mailbox", "Nope")
    assert status == 1 and err.startswith("imapclient-async: error: EXAMINE failed")


# -- download --------------------------------------------------------------------------


def test_download_messages_resumes_by_uid(
    user: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "mail"
    status, out, err = run(capsys, "download", "-o", str(folder), "--limit", "2")
    assert status == 0
    assert out == f"2 messages saved, 0 already there, in {folder}\n"
    assert run(capsys, "download", "-o", str(folder), "--uid", "1")[1] == (
        f"1 message saved, 0 already there, in {folder}\n"
    )
    (folder / "1.eml").unlink()
    assert err.splitlines()[0].startswith("[1/2] 2.eml (")  # no terminal: a line per file
    stored = seeded_messages()
    assert (folder / "3.eml").read_bytes().replace(b"\r\n", b"\n") == stored[2]
    # An interrupted run leaves a .part file, which never counts as done.
    (folder / "1.eml.part").write_bytes(b"half")
    (folder / "3.eml").unlink()
    result = run_json(capsys, "download", "-o", str(folder))
    assert result == {
        "mailbox": "INBOX",
        "folder": str(folder),
        "saved": [
            {
                "uid": 1,
                "path": str(folder / "1.eml"),
                "bytes": len(stored[0].replace(b"\n", b"\r\n")),
                "resumed_from": 0,  # "half" is not how the message starts
            },
            {
                "uid": 3,
                "path": str(folder / "3.eml"),
                "bytes": len(stored[2].replace(b"\n", b"\r\n")),
                "resumed_from": 0,
            },
        ],
        "skipped": [{"uid": 2, "path": str(folder / "2.eml")}],
    }
    assert sorted(path.name for path in folder.iterdir()) == [
        ".imapclient-async.json",
        "1.eml",
        "2.eml",
        "3.eml",
    ]
    assert (folder / "1.eml").read_bytes().replace(b"\r\n", b"\n") == stored[0]
    assert run(capsys, "download", "-o", str(folder), "--no-progress") == (
        0,
        f"0 messages saved, 3 already there, in {folder}\n",
        "",
    )


def test_download_attachments_decoded_under_safe_names(
    user: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = run_json(capsys, "download", "-o", str(tmp_path), "--attachments")
    assert isinstance(result, dict)
    assert [saved["path"] for saved in result["saved"]] == [
        str(tmp_path / "2-2-Bericht ü.pdf"),
        str(tmp_path / "2-3-x.txt"),
    ]
    assert (tmp_path / "2-2-Bericht ü.pdf").read_bytes() == REPORT
    assert (tmp_path / "2-3-x.txt").read_bytes() == b"not a path\n"
    assert result["saved"][0]["bytes"] == len(REPORT)


def test_download_refuses_a_folder_of_another_mailbox_or_uidvalidity(
    user: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "download", "-o", str(tmp_path), "--uid", "1")[0] == 0
    status, _, err = run(capsys, "download", "-o", str(tmp_path), "--mailbox", "Sent")
    assert status == 1
    assert f"{tmp_path} holds messages of mailbox 'INBOX'; use another folder for 'Sent'" in err
    state = tmp_path / ".imapclient-async.json"
    state.write_text(json.dumps({"mailbox": "INBOX", "uid_validity": 1}))
    status, _, err = run(capsys, "download", "-o", str(tmp_path))
    assert status == 1 and "the UIDs of 'INBOX' were reset" in err
    state.write_text("{")
    assert "is damaged" in run(capsys, "download", "-o", str(tmp_path))[2]


def sent(uid: int) -> bytes:
    """Seeded message ``uid`` as the server sends it (and download saves it): CRLF lines."""
    return seeded_messages()[uid - 1].replace(b"\n", b"\r\n")


PDF = "2-2-Bericht ü.pdf"
"""The file name of message 2's PDF attachment: ``REPORT``, base64 on the server."""
KEPT = 10_000
"""Bytes of a partial file: more than the 4096 checked again, less than the whole."""


def interrupted_download(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``download -o FOLDER ARGV`` in a process that cannot write files over ``KEPT`` bytes.

    The write that crosses the limit fails (EFBIG; Python ignores SIGXFSZ),
    as a full disk would, after the first ``KEPT`` bytes reached the file.
    """
    return subprocess.run(
        [sys.executable, "-m", "imapclient_async", "download", "-o", str(folder), *argv],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (KEPT, KEPT)),
    )


@pytest.mark.parametrize("kept", [KEPT, len(sent(2))], ids=["part", "all-not-renamed"])
def test_download_continues_a_partial_message_from_its_size(
    user: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, kept: int
) -> None:
    (tmp_path / "2.eml.part").write_bytes(sent(2)[:kept])
    status, out, err = run(
        capsys, "download", "-o", str(tmp_path), "--uid", "2", "--json", "--debug"
    )
    assert status == 0, err
    assert json.loads(out)["saved"] == [
        {"uid": 2, "path": str(tmp_path / "2.eml"), "bytes": len(sent(2)), "resumed_from": kept}
    ]
    # The last 4096 bytes on disk are fetched again, to compare; nothing before them.
    assert f"BODY.PEEK[]<{kept - 4096}.1048576>" in err
    assert "BODY.PEEK[]<0." not in err
    assert (tmp_path / "2.eml").read_bytes() == sent(2)
    assert not (tmp_path / "2.eml.part").exists()


@pytest.mark.parametrize(
    "partial",
    [
        sent(2)[: KEPT - 1] + b"!",  # its last byte damaged
        sent(2) + b"more",  # longer than the message
        sent(1),  # another message
    ],
    ids=["damaged", "longer", "other"],
)
def test_download_starts_again_when_a_partial_file_does_not_match(
    user: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, partial: bytes
) -> None:
    (tmp_path / "2.eml.part").write_bytes(partial)
    status, out, err = run(
        capsys, "download", "-o", str(tmp_path), "--uid", "2", "--json", "--debug"
    )
    assert status == 0, err
    assert json.loads(out)["saved"][0]["resumed_from"] == 0
    assert f"BODY.PEEK[]<{max(len(partial) - 4096, 0)}.1048576>" in err
    assert "BODY.PEEK[]<0.1048576>" in err
    assert (tmp_path / "2.eml").read_bytes() == sent(2)


def test_download_continues_a_partial_attachment_the_server_decodes(
    user: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / f"{PDF}.part").write_bytes(REPORT[:KEPT])
    status, out, err = run(capsys, "download", "-o", str(tmp_path), "--attachments", "--debug")
    assert status == 0, err
    assert out == f"2 attachments saved (1 resumed), 0 already there, in {tmp_path}\n"
    assert f"[1/2] {PDF} (16.0 KiB, resumed from 9.8 KiB)" in err
    # With BINARY, offsets count decoded bytes: those on disk.
    assert f"BINARY.PEEK[2]<{KEPT - 4096}.1048576>" in err
    assert "BINARY.PEEK[2]<0." not in err
    assert (tmp_path / PDF).read_bytes() == REPORT


@pytest.mark.parametrize("attachments", [False, True], ids=["message", "attachment"])
def test_an_interrupted_download_leaves_a_partial_file_the_next_run_continues(
    user: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, attachments: bool
) -> None:
    argv = ["--uid", "2", "--attachments"] if attachments else ["--uid", "2"]
    name, content = (PDF, REPORT) if attachments else ("2.eml", sent(2))
    failed = interrupted_download(tmp_path, *argv)
    assert failed.returncode == 1, failed.stderr
    assert f"[Errno {errno.EFBIG}]" in failed.stderr  # File too large
    assert not (tmp_path / name).exists()
    assert (tmp_path / f"{name}.part").read_bytes() == content[:KEPT]
    result = run_json(capsys, "download", "-o", str(tmp_path), *argv)
    assert isinstance(result, dict)
    assert result["saved"][0] == {
        "uid": 2,
        "path": str(tmp_path / name),
        "bytes": len(content),
        "resumed_from": KEPT,
    }
    assert (tmp_path / name).read_bytes() == content


def test_download_without_binary_starts_a_partial_attachment_again(
    user: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Decoded by the library, the file's bytes are not the bytes sent: no offset fits.
    with DovecotServer(capabilities="IMAP4rev1 LITERAL+") as server:
        name, _ = server.new_user(PASSWORD)
        server.seed(name, seeded_messages())
        monkeypatch.setenv("IMAP_PORT", str(server.port))
        monkeypatch.setenv("IMAP_USER", name)
        (tmp_path / f"{PDF}.part").write_bytes(REPORT[:KEPT])
        argv = ["download", "-o", str(tmp_path), "--attachments", "--uid", "2"]
        status, out, err = run(capsys, *argv, "--json", "--debug")
        assert status == 0, err
        assert json.loads(out)["saved"][0]["resumed_from"] == 0
        assert "BODY.PEEK[2]<0.1048576>" in err and "BINARY" not in err
        assert (tmp_path / PDF).read_bytes() == REPORT
        # Nor is a partial file kept when such a download fails.
        failed = interrupted_download(tmp_path / "again", *argv[3:])
        assert failed.returncode == 1, failed.stderr
        assert sorted(path.name for path in (tmp_path / "again").iterdir()) == [
            ".imapclient-async.json"
        ]


def test_progress_bar_on_a_terminal_is_redrawn_in_place() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    bar = ProgressBar(terminal, 2048, 2, "message")
    bar.update(Progress(1024, 1024))
    bar.update(Progress(1024, 1024))  # nothing changed: nothing drawn
    bar.item_done("1.eml", 1024, 0)
    bar.update(Progress(512, 1024))  # resumed: the half already on disk counts as done
    bar.update(Progress(1024, 1024))
    bar.item_done("2.eml", 1024, 512)
    bar.close()
    frames = terminal.getvalue().split("\r")[1:]
    assert len(frames) == 5
    assert frames[0].endswith("]  50% 1.0 KiB / 2.0 KiB  0/2 messages")
    assert frames[1].endswith("]  50% 1.0 KiB / 2.0 KiB  1/2 messages")
    assert frames[2].endswith("]  75% 1.5 KiB / 2.0 KiB  1/2 messages")
    assert frames[4].endswith("] 100% 2.0 KiB / 2.0 KiB  2/2 messages\n")
    assert "#" * 10 in frames[4] and "." not in frames[4].split("]")[0]


def test_progress_elsewhere_is_a_line_per_file_saying_what_was_resumed() -> None:
    log = io.StringIO()
    bar = ProgressBar(log, 3072, 2, "message")
    bar.update(Progress(1024, 1024))
    bar.item_done("1.eml", 1024, 0)
    bar.update(Progress(2048, 2048))
    bar.item_done("2.eml", 2048, 1536)
    bar.close()
    assert log.getvalue() == (
        "[1/2] 1.eml (1.0 KiB)\n[2/2] 2.eml (2.0 KiB, resumed from 1.5 KiB)\n"
    )


# -- how values are written ------------------------------------------------------------


def test_sizes_and_senders_for_people() -> None:
    assert [size_text(n) for n in (None, 0, 1023, 1024, 5 * 2**20, 3 * 2**40)] == [
        "?", "0 B", "1023 B", "1.0 KiB", "5.0 MiB", "3072.0 GiB",
    ]  # fmt: skip
    alice, bob = Address("Alice", "alice", "example.org"), Address(None, "bob", "example.net")
    group = Address(None, "team", None)  # a group's start marker: no one to show
    assert _sender(()) == "" and _sender((group,)) == ""
    assert _sender((bob,)) == "bob@example.net"
    assert _sender((group, alice, bob)) == "Alice +1"


def test_every_event_has_a_line_and_a_json_form() -> None:
    events = [
        (Recent(2), {"event": "recent", "count": 2, "text": "2 recent"}),
        (Expunge(3), {"event": "expunge", "seq": 3, "text": "message 3 removed"}),
        (
            Vanished(MessageSet("4:6")),
            {"event": "vanished", "uids": "4:6", "text": "UIDs 4:6 removed"},
        ),
        (
            FlagsChanged(5, frozenset({"\\Seen", "\\Flagged"}), 9, None),
            {
                "event": "flags",
                "seq": 5,
                "uid": 9,
                "flags": ["\\Flagged", "\\Seen"],
                "text": "message 5 (UID 9) flags: \\Flagged \\Seen",
            },
        ),
        (
            FlagsChanged(5, frozenset(), None, None),
            {
                "event": "flags",
                "seq": 5,
                "uid": None,
                "flags": [],
                "text": "message 5 flags: (none)",
            },
        ),
        (Alert("quota low"), {"event": "alert", "text": "server alert: quota low"}),
        (Bye("restart"), {"event": "bye", "text": "server closing the connection: restart"}),
    ]
    for event, expected in events:
        assert _describe(event) == expected


# -- watch -----------------------------------------------------------------------------


def test_watch_prints_a_json_line_per_event(
    user: str,
    mail_server: DovecotServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reading, writing = os.pipe()
    with os.fdopen(reading) as notes:
        monkeypatch.setattr(sys, "stderr", os.fdopen(writing, "w"))
        statuses: list[int] = []

        def watch() -> None:
            try:
                statuses.append(main(["watch", "--count", "1", "--json"]))
            finally:
                sys.stderr.close()  # the test's read below ends, whatever happened

        thread = threading.Thread(target=watch)
        thread.start()
        assert notes.readline() == "watching INBOX with IDLE; Ctrl-C to stop\n"
        mail_server.seed(user, [seeded_messages()[0]])
        thread.join(DEADLINE)
    assert statuses == [0]
    event = json.loads(capsys.readouterr().out)
    assert event["event"] == "exists" and event["count"] == 4
    assert event["text"] == "4 messages"


def test_ctrl_c_ends_watch_cleanly_in_a_real_process(user: str, mail_server: DovecotServer) -> None:
    # "with": its pipes are closed even when the test fails, not left to warn later.
    with subprocess.Popen(
        [sys.executable, "-m", "imapclient_async", "watch", "--debug"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stderr is not None and process.stdout is not None
            notes = []
            while not (line := process.stderr.readline()).startswith("watching"):
                assert line, "".join(notes)
                notes.append(line)
            mail_server.seed(user, [seeded_messages()[2]])
            assert process.stdout.readline().endswith("  4 messages\n")
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=DEADLINE)
        finally:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "C: DONE" in err and "LOGOUT" in err  # the IDLE ended, then the session
    assert PASSWORD not in "".join(notes) + err + out


def test_ctrl_c_elsewhere_exits_with_130(user: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never greets
        port = silent.getsockname()[1]
        with subprocess.Popen(
            [sys.executable, "-m", "imapclient_async", "check", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as process:
            try:
                silent.settimeout(DEADLINE)
                connection, _ = silent.accept()
                with connection:
                    process.send_signal(signal.SIGINT)
                    out, err = process.communicate(timeout=DEADLINE)
            finally:
                process.kill()
    assert process.returncode == 130
    assert out == f"Server:         127.0.0.1:{port} (plain)\n"  # as far as it got
    assert err == "imapclient-async: interrupted\n"


def test_a_closed_stdout_ends_quietly(user: str) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "imapclient_async", "search"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone, as with `| head -0`
        err = process.stderr.read()
        assert process.wait(DEADLINE) == 1
    assert err == b""


# -- a terminal: the password prompt and the progress bar --------------------------------


def in_terminal(argv: list[str], answer: str | None = None) -> tuple[int, str]:
    """Run ``python -m imapclient_async ARGV`` on a new pseudo-terminal; (status, all it showed).

    With ``answer``, it is typed once the password prompt shows.
    """
    pid, terminal = os.forkpty()
    if pid == 0:  # the child: a new session whose controlling terminal is the pty
        os.execv(sys.executable, [sys.executable, "-m", "imapclient_async", *argv])  # noqa: S606
    shown = b""
    try:
        while True:
            ready, _, _ = select.select([terminal], [], [], DEADLINE)
            assert ready, f"no output for {DEADLINE} s: {shown!r}"
            try:
                data = os.read(terminal, 4096)
            except OSError:  # EIO: the child closed the terminal and exited
                break
            if not data:
                break
            shown += data
            if answer is not None and b"Password for" in shown:
                os.write(terminal, answer.encode() + b"\n")
                answer = None
    finally:
        os.close(terminal)
        _, wait_status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(wait_status), shown.decode()


def test_the_password_is_asked_for_without_echo(user: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMAP_PASSWORD")
    status, shown = in_terminal(["ls"], answer=PASSWORD)
    assert status == 0, shown
    assert f"Password for {user} at 127.0.0.1: " in shown
    assert "INBOX" in shown
    assert PASSWORD not in shown


def test_download_on_a_terminal_draws_a_progress_bar(user: str, tmp_path: Path) -> None:
    status, shown = in_terminal(["download", "-o", str(tmp_path)])
    assert status == 0, shown
    frames = shown.split("\r")
    assert any(frame.startswith("[") and "100%" in frame for frame in frames), shown
    assert "3/3 messages" in shown
    assert "3 messages saved, 0 already there" in shown


def test_the_attachments_bar_counts_decoded_bytes_against_decoded_sizes(
    user: str, tmp_path: Path
) -> None:
    # The server decodes (BINARY), so the bar's total must be in decoded bytes
    # too: BODYSTRUCTURE's sizes, of the base64, would leave it short of 100%.
    status, shown = in_terminal(["download", "-o", str(tmp_path), "--attachments"])
    assert status == 0, shown
    last = [frame for frame in shown.split("\r") if frame.startswith("[")][-1]
    counts = re.search(r"\] 100% (.+?) / (.+?)  ", last)
    assert counts is not None, last
    assert counts[1] == counts[2], last
