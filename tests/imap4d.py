"""Throwaway real GNU Mailutils imap4d servers for the integration tests.

Each :class:`Imap4dServer` is a private ``imap4d`` daemon (``mailutils-imap4d``,
which installs beside Dovecot) whose config, password file, certificates and
Maildir homes live in one fresh temporary directory, listening on free ports on
127.0.0.1: STARTTLS on the plain port (``tls-mode ondemand``) and implicit TLS on
a second one (``tls-mode connection``).  It must be started as root.

Settings that are not obvious, and why they are there:

* ``backlog 256`` and ``max-children 200``: the default listen backlog is 4, and
  a burst of about ten connects leaves connections that never get a greeting; by
  default at most 20 sessions run at once, and the next connection is closed (the
  fifty-clients test makes fifty).
* Users without system accounts: ``authorization virtdomain`` reads
  ``passwd/localhost``, a passwd(5) file with SHA-512 crypt hashes made by
  ``openssl passwd -6``.  In daemon mode the login name carries the domain, so
  names are ``uNNN@localhost``.
* ``mailbox-type maildir``: INBOX is ``<home>/INBOX``, other folders are
  directories beside it, ``/`` is the hierarchy delimiter.

What imap4d does that tests must expect (each is also what some deployed
servers do): the tagged OK answering AUTHENTICATE ends in a bare LF; APPEND ignores
the flags and date it is given, and INTERNALDATE is the Date header's; STATUS echoes
mailbox names unquoted, spaces included; unsolicited FETCH FLAGS without outer
parentheses and ``* N EXPUNGED``; IDLE is advertised but nothing is sent while
idling; no UIDPLUS, MOVE, CONDSTORE, ENABLE or SASL-IR; keywords are not kept
(PERMANENTFLAGS lists only system flags); HEADER.FIELDS replies spell the field
names as the request did.

Seeding writes Maildir files directly (imap4d stores LF line ends and numbers new
files in name order), which is fast enough for the ten-thousand-message tests.
"""

from __future__ import annotations

import grp
import itertools
import os
import pwd
import re
import secrets
import shutil
import subprocess
from pathlib import Path

from imapserver import HOST, RawSession, ServerProcess, find_program

__all__ = ["DOMAIN", "Imap4dServer", "ensure_installed"]

DOMAIN = "localhost"
MAIL_USER = "nobody"
MAIL_GROUP = "nogroup"
_LOCAL_PART = re.compile(r"[A-Za-z0-9_-]+")
_user_numbers = itertools.count(1)


def needs_install() -> bool:
    """Whether ensure_installed() has anything to do."""
    return find_program("imap4d") is None or shutil.which("openssl") is None


def ensure_installed(*, updated: bool = False) -> str:
    """Return the path of ``imap4d``, installing ``mailutils-imap4d`` if needed."""
    found = find_program("imap4d")
    if found is not None and shutil.which("openssl"):
        return found
    if os.geteuid() != 0:
        raise RuntimeError("imap4d is not installed and this is not root; run scripts/setup.sh")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    commands = [] if updated else [["apt-get", "-qq", "update"]]
    commands.append(["apt-get", "-qq", "install", "-y", "mailutils-imap4d", "openssl"])
    for command in commands:
        subprocess.run(command, check=True, env=env, stdin=subprocess.DEVNULL)
    found = find_program("imap4d")
    if found is None:
        raise RuntimeError("installed mailutils-imap4d but found no imap4d binary")
    return found


class Imap4dServer(ServerProcess):
    """A private imap4d; attributes other than ``host`` are valid after start()."""

    name = "imap4d"
    delimiter = "/"
    _label = "imap4d"

    def _find_binary(self) -> str:
        binary = find_program("imap4d")
        if binary is None:
            raise RuntimeError("imap4d is not installed; call ensure_installed() first")
        return binary

    def _start_in(self, directory: Path, binary: str) -> None:
        for name in ("passwd", "home"):
            (directory / name).mkdir(mode=0o755)
        (directory / "passwd" / DOMAIN).touch(mode=0o644)
        os.chown(directory / "home", *self._mail_ids())
        tls_block = ""
        if (tls_files := self._take_ports(directory)) is not None:
            chain, key = tls_files
            tls_block = f"tls {{\n  ssl-certificate-file {chain};\n  ssl-key-file {key};\n}};\n"
            servers = (
                f"server {HOST}:{self.port} {{\n  tls-mode ondemand;\n  backlog 256;\n}};\n"
                f"server {HOST}:{self.tls_port} {{\n  tls-mode connection;\n  backlog 256;\n}};\n"
            )
        else:
            servers = f"server {HOST}:{self.port} {{\n  tls-mode no;\n  backlog 256;\n}};\n"
        conf = directory / "imap4d.conf"
        conf.write_text(
            "mode daemon;\n"
            "max-children 200;\n"
            "foreground yes;\n"
            f"pidfile {directory}/imap4d.pid;\n"
            "logging {\n  syslog false;\n};\n"
            "auth {\n  authentication generic;\n  authorization virtdomain;\n};\n"
            f"virtdomain {{\n  passwd-dir {directory}/passwd;\n}};\n"
            "mailbox {\n  mailbox-type maildir;\n};\n" + tls_block + servers
        )
        self._launch([binary, f"--config-file={conf}"], directory / "imap4d.out", cwd=directory)

    @staticmethod
    def _mail_ids() -> tuple[int, int]:
        return pwd.getpwnam(MAIL_USER).pw_uid, grp.getgrnam(MAIL_GROUP).gr_gid

    def new_user(self, password: str = "secret") -> tuple[str, str]:  # noqa: S107
        """A user never used before (``uNNN@localhost``), so its mailbox is empty."""
        name = f"u{next(_user_numbers)}{secrets.token_hex(4)}@{DOMAIN}"
        self.add_user(name, password)
        return name, password

    def _home(self, user: str) -> Path:
        local, at, domain = user.partition("@")
        if not at or domain != DOMAIN or not _LOCAL_PART.fullmatch(local):
            raise ValueError(f"username {user!r} must be NAME@{DOMAIN}, NAME as {_LOCAL_PART}")
        return self._require_dir() / "home" / local

    def add_user(self, name: str, password: str) -> None:
        """Add ``name`` (``NAME@localhost``) whose exact password is ``password`` (one line)."""
        home = self._home(name)
        if home.exists():
            raise ValueError(f"user {name!r} already exists")
        if "\n" in password or "\r" in password:
            raise ValueError("the password must be one line")
        hashed = (
            subprocess.run(
                ["openssl", "passwd", "-6", "-stdin"],
                input=password.encode() + b"\n",
                capture_output=True,
                check=True,
            )
            .stdout.decode()
            .strip()
        )
        home.mkdir(mode=0o755)
        os.chown(home, *self._mail_ids())
        uid, gid = self._mail_ids()
        line = f"{home.name}:{hashed}:{uid}:{gid}::{home}:/bin/false\n"
        # One append write: imap4d re-reads the file at each login.
        with (self._require_dir() / "passwd" / DOMAIN).open("a") as passwd:
            passwd.write(line)
        # The first SELECT makes the INBOX, the way imap4d lays it out; before it,
        # APPEND to INBOX fails with TRYCREATE.
        session = RawSession(self.host, self.port, name, password)
        try:
            session.run([b"SELECT INBOX"])
        finally:
            session.close()

    def maildir(self, user: str, mailbox: str = "INBOX") -> Path:
        """The Maildir of ``user``'s ``mailbox`` (raw name, ``/``-separated)."""
        home = self._home(user)
        if mailbox.upper() == "INBOX":
            return home / "INBOX"
        parts = mailbox.split("/")
        if any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"mailbox {mailbox!r} is not a folder name")
        return home.joinpath(*parts)

    def seed(
        self,
        user: str,
        messages: list[bytes],
        *,
        mailbox: str = "INBOX",
        seen: bool = False,
        flags: str = "",
    ) -> None:
        """Deliver messages straight into the Maildir, in order (UIDs follow name order).

        ``flags`` are Maildir info letters (``DFRST``) for messages put into cur/.
        Seeding by APPEND would not do: imap4d ignores APPEND's flags and date.
        """
        # New mail goes to new/ as an MTA delivers it (imap4d looks there for news);
        # seen mail to cur/ with its S flag.
        subdir, info = "new", ""
        if seen or flags:
            subdir, info = "cur", ":2," + "".join(sorted(set(flags + "S" * seen)))
        self._deliver_to_maildir(
            [message.replace(b"\r\n", b"\n") for message in messages],
            self.maildir(user, mailbox),
            top=self._home(user),
            owner=self._mail_ids(),
            subdir=subdir,
            info=info,
        )
