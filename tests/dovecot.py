"""Throwaway real Dovecot servers for the integration tests and the demo script.

Each :class:`DovecotServer` is a private ``dovecot -F`` master whose config, sockets,
logs, passwd files, certificates and mail all live in one fresh temporary directory,
listening on free ports on 127.0.0.1, so any number of instances can run side by side
without touching /etc or /var.  Dovecot must run as root (it switches to the
``nobody``, ``dovecot`` and ``dovenull`` users itself).

Settings below that are not obvious, and why they are there:

* Authentication is a chain of three passdbs.  A passwd-file holds the users made by
  :meth:`DovecotServer.add_user`; a *deny* passwd-file over the same files then stops
  such users from falling through on a wrong password; finally a static passdb lets
  any other username log in with ``static_password``, so every test can have a
  brand-new, empty mailbox just by picking a new name.
* The passwd-file path contains ``%u`` (one file per user) because Dovecot re-reads a
  shared passwd-file at most once per second; a file that did not exist yet is always
  read fresh, so a user added a moment ago can log in straight away.
* ``auth_failure_delay = 0`` removes the 2 s delay of each failed login (in 2.3 a
  0.5 s flush tick remains), and the ``anvil-auth-penalty`` listener is disabled
  (``mode = 0``; the auth process then finds no socket and skips penalties): otherwise
  every login attempt from 127.0.0.1 that follows failures waits 4, 8, up to 15 s until
  one succeeds, which would make tests of wrong passwords slow and order-dependent.
* ``auth_username_format = %u`` keeps usernames as given (Dovecot lowercases them by
  default), so the names passed to :meth:`~DovecotServer.seed` are the names that log in.
* The master is started in a session of its own; every process it forks (imap-login,
  imap, auth, ...) stays in that process group, which is what lets
  :meth:`DovecotServer.kill` drop every client connection at once like a real crash.

Run as a script, ``python tests/dovecot.py serve -- CMD ARGS...`` runs CMD against a
seeded server; see :func:`main`.
"""

from __future__ import annotations

import argparse
import base64
import grp
import itertools
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from types import FrameType

import demo_mail
from imapserver import HOST, ServerProcess, find_program, kill_group, tail

__all__ = ["DovecotServer", "ensure_installed"]

WITHOUT_MOVE = (
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES "
    "THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN "
    "NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES "
    "WITHIN CONTEXT=SEARCH LIST-STATUS BINARY SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE "
    "SAVEDATE LITERAL+ NOTIFY"
)
"""Dovecot 2.3's capabilities after login without MOVE (UIDPLUS stays), for
``DovecotServer(capabilities=WITHOUT_MOVE)``: MOVE done by COPY, STORE and UID EXPUNGE."""

MAIL_USER = "nobody"
MAIL_GROUP = "nogroup"

# Dovecot's default auth_username_chars; checking names against it up front gives a
# clear error instead of a silent login failure, and keeps names safe as file names.
_USERNAME = re.compile(r"[A-Za-z0-9.@_-]+")
# The temp dir is pasted into config values and unix socket paths (108-byte limit).
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_./-]{1,60}")
_user_numbers = itertools.count(1)


def ensure_installed() -> str:
    """Return the path of the ``dovecot`` binary, installing ``dovecot-imapd`` if needed.

    Installing needs root and a Debian-like system; anyone else gets a clear error
    rather than a half-working suite.
    """
    found = find_program("dovecot")
    if found is not None:
        return found
    if os.geteuid() != 0:
        raise RuntimeError(
            "Dovecot is not installed and this is not root; "
            "run `apt-get install dovecot-imapd` as root first"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "dovecot-imapd"]):
        subprocess.run(command, check=True, env=env, stdin=subprocess.DEVNULL)
    found = find_program("dovecot")
    if found is None:
        raise RuntimeError("installed dovecot-imapd but found no dovecot binary")
    return found


def _check_username(name: str) -> None:
    if not _USERNAME.fullmatch(name) or name.startswith("."):
        raise ValueError(f"username {name!r} must match {_USERNAME.pattern} and not start with '.'")


class DovecotServer(ServerProcess):
    """A private Dovecot instance; attributes other than ``host`` are valid after start()."""

    name = "dovecot"
    delimiter = "."
    _label = "Dovecot"
    _root_reason = "Dovecot switches users itself"
    _stop_grace = 0.3
    """Sessions say ``* BYE`` within milliseconds of SIGTERM to the group, where the
    master alone needs about a second.  Not longer: in about a third of stops what
    still runs is just the master, idling one more second with nothing left to flush,
    which would add up over a test suite."""

    def __init__(
        self,
        *,
        capabilities: str | None = None,
        tls: bool = True,
        static_password: str = "secret",  # noqa: S107 - a throwaway test login
        extra_config: str = "",
    ) -> None:
        super().__init__(tls=tls)
        self._capabilities = capabilities
        self._static_password = static_password
        self._extra_config = extra_config
        self.log_path = ""

    def start(self) -> None:
        """Write the config, start the master and wait until every port greets."""
        if self._dir is not None:  # kill() keeps the directory until stop()
            raise RuntimeError("server already started (or killed); stop() it first")
        super().start()

    def _find_binary(self) -> str:
        binary = find_program("dovecot")
        if binary is None:
            raise RuntimeError("Dovecot is not installed; call ensure_installed() first")
        return binary

    def _make_dir(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="dovecot-"))

    def _start_in(self, directory: Path, binary: str) -> None:
        if not _PLAIN_PATH.fullmatch(str(directory)):
            raise RuntimeError(f"temp dir {directory} is not a short plain path; set TMPDIR")
        directory.chmod(0o755)
        uid, gid = pwd.getpwnam(MAIL_USER).pw_uid, grp.getgrnam(MAIL_GROUP).gr_gid
        for name in ("state", "passwd.d", "mail", "home"):
            (directory / name).mkdir(mode=0o755)
        for name in ("mail", "home"):
            os.chown(directory / name, uid, gid)
        self.log_path = str(directory / "dovecot.log")
        self._take_ports(directory)
        conf = directory / "dovecot.conf"
        conf.write_text(self._config(directory))
        self._launch([binary, "-F", "-c", str(conf)], directory / "dovecot.out")

    def _config(self, directory: Path) -> str:
        static = base64.b64encode(self._static_password.encode()).decode()
        if self._tls:
            ssl_lines = (
                "ssl = yes\n"
                f"ssl_cert = <{directory}/tls/server.pem\n"
                f"ssl_key = <{directory}/tls/server.key\n"
            )
        else:
            ssl_lines = "ssl = no\n"
        capability = (
            f"imap_capability = {self._capabilities}\n" if self._capabilities is not None else ""
        )
        return f"""\
base_dir = {directory}/run
state_dir = {directory}/state
log_path = {self.log_path}
protocols = imap
listen = {HOST}
{ssl_lines}{capability}disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
auth_username_format = %u
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
mail_location = maildir:{directory}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {directory}/passwd.d/%u
}}
passdb {{
  driver = passwd-file
  deny = yes
  args = username_format=%u {directory}/passwd.d/%u
}}
passdb {{
  driver = static
  args = password={{PLAIN.b64}}{static}
}}
userdb {{
  driver = static
  args = uid={MAIL_USER} gid={MAIL_GROUP} home={directory}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {self.port}
  }}
  inet_listener imaps {{
    port = {self.tls_port or 0}
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
{self._extra_config}
"""

    def _start_failure(self, reason: str, console: Path) -> RuntimeError:
        return RuntimeError(
            f"Dovecot: {reason}\n--- {self.log_path} ---\n{tail(Path(self.log_path))}"
            f"\n--- {console} ---\n{tail(console)}"
        )

    def kill(self) -> None:
        """Crash the server: SIGKILL every process, so open connections drop at once.

        Returns once all of them are gone, so nothing listens any more.  The temp dir
        (with the log) stays for inspection until stop().
        """
        if self._process is not None:
            kill_group(self._process.pid)
            self._process.wait()
            self._process = None

    def pause(self) -> None:
        """Freeze every Dovecot process (SIGSTOP): connections stay open, nothing answers.

        For tests that need commands sent but not yet answered; kill() and stop()
        work on a paused server.
        """
        if self._process is not None:
            os.killpg(self._process.pid, signal.SIGSTOP)

    def kick(self, user: str) -> None:
        """Disconnect ``user``'s sessions the way an admin would (``doveadm kick``).

        Each session is told ``* BYE`` first, as in a real server shutdown.
        """
        _check_username(user)
        binary = shutil.which("doveadm") or "/usr/bin/doveadm"
        subprocess.run(
            [binary, "-c", str(self._require_dir() / "dovecot.conf"), "kick", user],
            check=True,
            capture_output=True,
            stdin=subprocess.DEVNULL,
        )

    def maildir(self, user: str, mailbox: str = "INBOX") -> Path:
        """The Maildir folder of ``user``'s ``mailbox`` (see seed() for the naming)."""
        root = self._require_dir() / "mail" / user
        return root if mailbox.upper() == "INBOX" else root / f".{mailbox}"

    def new_user(self, password: str | None = None) -> tuple[str, str]:
        """A username never used before, so its mailbox is empty, and its password.

        Without ``password`` the user logs in with ``static_password``; with one, it
        is added with add_user() and only that password works.
        """
        name = f"u{next(_user_numbers)}{secrets.token_hex(4)}"
        if password is None:
            return name, self._static_password
        self.add_user(name, password)
        return name, password

    def add_user(self, name: str, password: str) -> None:
        """Add a passwd-file user whose exact password is ``password``.

        The password is stored base64-encoded (``{PLAIN.b64}``) so quotes, backslashes,
        colons, spaces and UTF-8 need no escaping in the passwd-file format.  Users are
        added, never changed: Dovecot might not notice a rewrite within the same second.
        """
        _check_username(name)
        directory = self._require_dir() / "passwd.d"
        target = directory / name
        if target.exists():
            raise ValueError(f"user {name!r} already exists")
        encoded = base64.b64encode(password.encode()).decode()
        staging = directory / f".{name}"
        staging.write_text(f"{name}:{{PLAIN.b64}}{encoded}\n")
        staging.chmod(0o644)  # the auth process reads it as the dovecot user
        staging.rename(target)  # atomic, so auth never reads a half-written file

    def seed(
        self,
        user: str,
        messages: list[bytes],
        *,
        mailbox: str = "INBOX",
        seen: bool = False,
    ) -> None:
        """Deliver RFC 5322 messages straight into the user's Maildir, in order.

        Much faster than APPEND; Dovecot indexes the files on the next SELECT.
        ``mailbox`` other than INBOX is a Maildir++ folder name: modified UTF-7, with
        ``.`` as the hierarchy separator.
        """
        _check_username(user)
        inbox = mailbox.upper() == "INBOX"
        if not inbox and (
            not mailbox or mailbox.startswith(".") or "/" in mailbox or ".." in mailbox
        ):
            raise ValueError(f"mailbox {mailbox!r} is not a Maildir++ folder name")
        self._deliver_to_maildir(
            messages,
            self.maildir(user, mailbox),
            top=self._require_dir() / "mail",
            owner=(pwd.getpwnam(MAIL_USER).pw_uid, grp.getgrnam(MAIL_GROUP).gr_gid),
            subdir="cur",
            info=":2,S" if seen else ":2,",
        )


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into SystemExit so the ``with`` block still stops Dovecot."""
    raise SystemExit(128 + signum)


def _leave_sigint_to_command(signum: int, frame: FrameType | None) -> None:
    """Do nothing on Ctrl-C while the command runs, as a shell waiting for it does.

    The terminal sends SIGINT to its whole foreground process group, so the command
    has it too and decides how to end; this process waits for that, then stops
    Dovecot.  A handler rather than SIG_IGN: the command starts with the default
    action again (an ignored signal would stay ignored across exec).
    """


def main(argv: list[str] | None = None) -> int:
    """``serve [--messages N] [--user U] [--password P] -- CMD ARGS...``

    Starts a TLS-capable server with one user and the demo mail of
    :mod:`demo_mail`, runs CMD with IMAP_* variables describing it, stops the
    server and returns CMD's exit status (130 after Ctrl-C before CMD started).
    """
    parser = argparse.ArgumentParser(
        prog="dovecot.py", description="Run a command against a throwaway local Dovecot."
    )
    actions = parser.add_subparsers(dest="action", required=True)
    serve = actions.add_parser(
        "serve",
        usage="%(prog)s [options] -- CMD ARGS...",
        description=(
            "Start a private Dovecot on 127.0.0.1 with one user whose INBOX holds messages "
            "that arrived over the last two years (some with attachments, the newest "
            f"{demo_mail.UNREAD} unread) and who has the special-use folders "
            f"{', '.join(demo_mail.ROLES)}; run CMD with IMAP_HOST, IMAP_PORT, "
            "IMAP_TLS_PORT, IMAP_SECURITY, IMAP_USER, IMAP_PASSWORD and IMAP_CA_FILE set; "
            "stop the server and exit with CMD's status."
        ),
    )
    serve.add_argument(
        "--messages", type=int, default=12, help="messages in INBOX (default: %(default)s)"
    )
    serve.add_argument("--user", default="demo", help="user name (default: %(default)s)")
    serve.add_argument("--password", default="demo", help="password (default: %(default)s)")
    serve.add_argument("command", nargs="*", help="command to run, after --")
    args = parser.parse_args(argv)
    if not args.command:
        serve.print_usage(sys.stderr)
        return 2
    if args.messages < 0:
        serve.error("--messages must not be negative")
    ensure_installed()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        with DovecotServer(tls=True, extra_config=demo_mail.dovecot_config()) as server:
            server.add_user(args.user, args.password)
            demo_mail.seed(server, args.user, args.messages)
            env = {
                **os.environ,
                "IMAP_HOST": server.host,
                "IMAP_PORT": str(server.port),
                "IMAP_TLS_PORT": str(server.tls_port),
                "IMAP_SECURITY": "plain",
                "IMAP_USER": args.user,
                "IMAP_PASSWORD": args.password,
                "IMAP_CA_FILE": str(server.ca_cert_path),
            }
            print(
                f"local Dovecot on {server.host}:{server.port} "
                f"(user {args.user}, {args.messages} messages)",
                file=sys.stderr,
            )
            signal.signal(signal.SIGINT, _leave_sigint_to_command)
            try:
                returncode = subprocess.run(args.command, env=env, check=False).returncode
            except FileNotFoundError:
                print(f"dovecot.py: command not found: {args.command[0]}", file=sys.stderr)
                return 127
    except KeyboardInterrupt:  # Ctrl-C before the command started; Dovecot is stopped
        return 128 + signal.SIGINT
    # A command killed by a signal reports -N; shells report that as 128 + N.
    return returncode if returncode >= 0 else 128 - returncode


if __name__ == "__main__":
    sys.exit(main())
