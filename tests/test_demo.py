"""What ``bash scripts/demo.sh`` gives: the demo account's mail, and the examples run on it.

Each test runs ``tests/dovecot.py serve -- CMD`` as demo.sh does (demo.sh itself only
adds the set-up), with an example as CMD, and checks what a user would see.
"""

from __future__ import annotations

import datetime
import imaplib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import demo_mail
from helpers import EXAMPLES

HARNESS = Path(__file__).with_name("dovecot.py")
EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.glob("[!_]*.py"))


def serve(*command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``command`` against the demo server; it must exit 0."""
    done = subprocess.run(
        [sys.executable, str(HARNESS), "serve", "--", *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return done


def example(name: str, *options: str) -> list[str]:
    """The command that runs ``examples/<name>`` with ``options``."""
    return [sys.executable, str(EXAMPLES / name), *options]


def test_count_inbox_prints_the_readme_line() -> None:
    assert serve(*example("count_inbox.py")).stdout == "I have 12 messages in my INBOX.\n"


def test_mail_and_folders() -> None:
    probe = """\
import imaplib, os, re
e = os.environ
with imaplib.IMAP4(e["IMAP_HOST"], int(e["IMAP_PORT"])) as imap:
    imap.login(e["IMAP_USER"], e["IMAP_PASSWORD"])
    imap._simple_command("LIST", '""', '"*"', "RETURN", "(SPECIAL-USE)")
    for line in imap.untagged_responses.pop("LIST"):
        print("LIST", line.decode())
    imap.select("INBOX", readonly=True)
    for line in imap.fetch("1:*", "(INTERNALDATE FLAGS BODYSTRUCTURE)")[1]:
        print("FETCH", line.decode())
"""
    lines = serve(sys.executable, "-c", probe).stdout.splitlines()
    roles = {
        line.split()[-1]: re.findall(r"\\(?:Sent|Drafts|Junk|Trash|Archive)", line)
        for line in lines
        if line.startswith("LIST")
    }
    assert roles == {"INBOX": [], **{name: [role] for name, role in demo_mail.ROLES.items()}}

    fetched = [line for line in lines if line.startswith("FETCH")]
    assert len(fetched) == 12
    arrived = [
        datetime.datetime.strptime(date, "%d-%b-%Y %H:%M:%S %z")
        for line in fetched
        for date in re.findall(r'INTERNALDATE "([^"]+)"', line)
    ]
    assert len(arrived) == 12
    now = datetime.datetime.now(datetime.timezone.utc)
    assert arrived == sorted(arrived)
    assert now - arrived[0] > datetime.timedelta(days=700)
    assert now - arrived[-1] < datetime.timedelta(days=1)
    unread = [line for line in fetched if "\\Seen" not in line]
    assert unread == fetched[-demo_mail.UNREAD :]
    assert sum('"attachment"' in line for line in fetched) == 4


def test_list_folders_shows_the_special_use_folders() -> None:
    lines = serve(*example("list_folders.py")).stdout.splitlines()
    shown = {line.split()[0]: " ".join(line.split()[1:]) for line in lines}
    assert shown == {
        "INBOX": "12 messages, 3 unread",
        "Sent": "2 messages, 0 unread \\Sent",
        "Drafts": "1 message, 0 unread \\Drafts",
        "Junk": "1 message, 0 unread \\Junk",
        "Trash": "0 messages, 0 unread \\Trash",
        "Archive": "0 messages, 0 unread \\Archive",
    }


def test_archive_old_mail_moves_the_older_messages() -> None:
    script = (
        f"{shlex.join(example('archive_old_mail.py'))} && {shlex.join(example('count_inbox.py'))}"
    )
    lines = serve("sh", "-c", script).stdout.splitlines()
    # Arrivals 2 hours to 730 days ago, each gap a constant factor: 61, 139, 316 and 730 days.
    assert lines[0].startswith("moved 4 messages from before ")
    assert lines[1] == "I have 8 messages in my INBOX."


def test_search_subjects_finds_the_unread() -> None:
    lines = serve(*example("search_subjects.py", "--unseen")).stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["10", "11", "12"]
    assert lines[-1] == "3 matching messages"


def test_download_attachments_writes_to_a_new_temp_folder(tmp_path: Path) -> None:
    output = serve(*example("download_attachments.py"), cwd=tmp_path).stdout
    saved_to = re.search(r"^4 attachments saved to (.+)$", output, re.MULTILINE)
    assert saved_to, output
    folder = Path(saved_to[1])
    try:
        assert list(tmp_path.iterdir()) == []  # nothing in the directory it ran in
        assert folder.parent == Path(tempfile.gettempdir())
        assert sorted(path.name for path in folder.iterdir()) == [
            "1-quarterly-report.csv",
            "5-invoice.txt",
            "6-Zürich am See.png",
            "9-quarterly-report.csv",
        ]
        assert (folder / "6-Zürich am See.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert (folder / "5-invoice.txt").read_text() == "Invoice 5\nTotal: 42.00 EUR\n"
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_help_says_what_the_example_does(name: str) -> None:
    # Not even the demo server is needed, and the password's value never shows.
    env = {**os.environ, "IMAP_PASSWORD": "pw-not-shown"}
    done = subprocess.run(
        example(name, "--help"), capture_output=True, text=True, env=env, timeout=60, check=True
    )
    docstring = (EXAMPLES / name).read_text().split('"""')[1]
    assert done.stdout.startswith("usage: ")
    assert docstring.splitlines()[0] in done.stdout
    assert "Examples:\n" in done.stdout
    assert "bash scripts/demo.sh" in done.stdout
    assert f"python examples/{name} --host imap.example.org" in done.stdout
    assert "exit status:" in done.stdout
    assert "pw-not-shown" not in done.stdout
    lines = done.stdout.splitlines()
    options = [index for index, line in enumerate(lines) if line.startswith("  --")]
    assert len(options) >= 7
    for index in options:  # each has a help text, after the option or on the next line
        line = lines[index]
        assert re.search(r"\S {2,}\S", line.strip()) or lines[index + 1].startswith(" " * 10), line


# -- Ctrl-C --------------------------------------------------------------------------------


@contextmanager
def started(command: list[str]) -> Iterator[subprocess.Popen[str]]:
    """Start ``command`` in a process group of its own, as a shell runs a foreground job.

    Killed after 60 s whatever happens, so a test that waits for output cannot hang.
    """
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    watchdog = threading.Timer(60, os.killpg, (process.pid, signal.SIGKILL))
    watchdog.start()
    try:
        yield process
    finally:
        watchdog.cancel()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def test_ctrl_c_ends_watch_inbox_and_the_server_quietly() -> None:
    command = [sys.executable, str(HARNESS), "serve", "--", *example("watch_inbox.py")]
    with started(command) as process:
        assert process.stdout is not None and process.stderr is not None
        announced = re.match(r"local Dovecot on (\S+):(\d+)", process.stderr.readline())
        assert announced
        host, port = announced[1], announced[2]
        assert process.stdout.readline() == "Watching INBOX (12 messages) using IDLE.\n"
        with imaplib.IMAP4(host, int(port)) as imap:
            imap.login("demo", "demo")
            imap.append("INBOX", None, None, b"Subject: new\r\n\r\nJust arrived.\r\n")
        assert process.stdout.readline() == "INBOX now holds 13 messages\n"
        # What the terminal does on Ctrl-C: SIGINT to the whole foreground process group.
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err == ""
    assert "Traceback" not in out
    with pytest.raises(ConnectionRefusedError):  # Dovecot was stopped too
        socket.create_connection((host, int(port)), timeout=5).close()


def test_ctrl_c_leaves_the_command_all_the_time_it_needs() -> None:
    # The command's cleanup takes a second, as a LOGOUT over a slow link might: the
    # harness waits for it (rather than killing it), then reports its own status.
    slow_exit = """\
import signal, sys, time
def clean_up(signum, frame):
    time.sleep(1)
    sys.exit(7)
signal.signal(signal.SIGINT, clean_up)
print("ready", flush=True)
signal.pause()
"""
    with started(
        [sys.executable, str(HARNESS), "serve", "--", sys.executable, "-c", slow_exit]
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
        os.killpg(process.pid, signal.SIGINT)
        err = process.communicate(timeout=30)[1]
    assert process.returncode == 7, err
    assert "Traceback" not in err
