"""The search and attachment examples, run as a user would, against Dovecot."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from dovecot import DovecotServer
from helpers import example_environment, message, run_example
from imapserver import IMAPServer


def test_search_subjects(server: IMAPServer, user: tuple[str, str]) -> None:
    server.seed(user[0], [message("Grüße aus Zürich"), message("Lunch"), message("Zürich again")])
    output = run_example(
        "search_subjects.py", example_environment(server, user), "--subject", "zürich"
    ).stdout
    lines = output.splitlines()
    if server.name == "cyrus":
        # Cyrus does not match a non-ASCII search against raw (not RFC 2047 encoded)
        # UTF-8 in a header; test_search finds encoded ones.
        assert lines == ["0 matching messages"]
        return
    assert "Grüße aus Zürich" in lines[0]
    assert "Zürich again" in lines[1]
    assert "Alice <alice@example.org>" in lines[0]
    assert lines[-1] == "2 matching messages"


def test_one_match_is_one_message(dovecot: DovecotServer, dovecot_user: tuple[str, str]) -> None:
    dovecot.seed(dovecot_user[0], [message("Lunch"), message("Dinner")])
    environment = example_environment(dovecot, dovecot_user)
    output = run_example("search_subjects.py", environment, "--subject", "lunch").stdout
    assert output.splitlines()[-1] == "1 matching message"


def test_download_attachments(server: IMAPServer, user: tuple[str, str], tmp_path: Path) -> None:
    report = bytes(range(256)) * 40  # binary: base64 on the wire
    mail = EmailMessage()
    mail["Subject"] = "Report"
    mail["From"] = "alice@example.org"
    mail.set_content("See attached.")
    mail.add_attachment(report, maintype="application", subtype="pdf", filename="Bericht ü.pdf")
    mail.add_attachment("plain notes\n", filename="notes.txt")
    server.seed(user[0], [message("No attachment"), mail.as_bytes()])
    output = run_example(
        "download_attachments.py", example_environment(server, user), "--to", str(tmp_path)
    ).stdout
    assert "2 attachments saved" in output
    assert (tmp_path / "2-Bericht ü.pdf").read_bytes() == report
    assert (tmp_path / "2-notes.txt").read_text() == "plain notes\n"


def test_download_attachments_without_binary(dovecot_user: tuple[str, str], tmp_path: Path) -> None:
    # Without BINARY the example decodes base64 itself.
    with DovecotServer(capabilities="IMAP4rev1 LITERAL+ UIDPLUS") as server:
        mail = EmailMessage()
        mail["Subject"] = "Report"
        mail.set_content("See attached.")
        mail.add_attachment(
            b"\x00\x01binary\xff", maintype="application", subtype="zip", filename="a.zip"
        )
        server.seed(dovecot_user[0], [mail.as_bytes()])
        run_example(
            "download_attachments.py",
            example_environment(server, dovecot_user),
            "--to",
            str(tmp_path),
        )
    assert (tmp_path / "1-a.zip").read_bytes() == b"\x00\x01binary\xff"
