"""Throwaway real Cyrus IMAP 3.6 servers for the integration tests.

Debian's ``cyrus-imapd`` package conflicts with every other IMAP server package
(``Conflicts: imap-server``): installing it would remove Dovecot.  So only its
library dependencies come from apt; the two Cyrus packages are downloaded and
unpacked with ``dpkg -x`` into a private root (:data:`CYRUS_ROOT`, kept between
runs), and the binaries run from there with ``LD_LIBRARY_PATH``.

Each :class:`CyrusServer` is a private ``master`` whose config, databases, spool,
sockets, certificates and SASL password database live in one fresh temporary
directory (on tmpfs where there is one: Cyrus fsyncs every change, which on a
disk makes seeding ten times slower), listening on free ports on 127.0.0.1.
It must be started as root; Cyrus then runs as ``nobody``.

Settings that are not obvious, and why they are there:

* ``altnamespace: yes`` and ``unixhierarchysep: yes``: personal folders at the top
  level beside INBOX (``Archive``, not ``INBOX.Archive``), ``/`` as the hierarchy
  delimiter, other users' and shared folders under ``Other Users/`` and
  ``Shared Folders/``.  These are upstream's defaults since Cyrus 3.0 and what
  Fastmail's IMAP shows; Debian's sample ``imapd.conf`` turns both off only for
  compatibility with 2.x installations.  Tests therefore meet a delimiter other
  than Dovecot's ``.``.
* ``autocreate_quota: 0`` creates a user's INBOX at first login (without it a new
  user has no mailbox at all and every CREATE is refused), with no quota.
* Users live in a sasldb (``saslpasswd2``), checked through ``auxprop``; any
  name never added fails to log in, so :meth:`CyrusServer.new_user` adds each.
* ``imapidlepoll: 1`` and the ``idled`` daemon: IDLE sessions learn of other
  sessions' changes through idled at once, and by polling within a second.
* ``munge8bit: no``: keep raw UTF-8 in headers as it is (by default Cyrus turns
  each 8-bit byte into ``X``); Dovecot and imap4d keep them too.
* ``allowplaintext: yes``: LOGIN without TLS, as the other harnesses allow.
  Cyrus still lists ``LOGINDISABLED`` after such a login has succeeded.

Seeding goes over IMAP (one MULTIAPPEND), spoken by :mod:`imapserver` with the
standard library only.
"""

from __future__ import annotations

import contextlib
import grp
import itertools
import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from imapserver import HOST, ServerProcess, append_messages

__all__ = ["CYRUS_ROOT", "CyrusServer", "ensure_installed"]

CYRUS_ROOT = Path(
    os.environ.get("IMAPCLIENT_ASYNC_CYRUS_ROOT", "/var/cache/imapclient_async/cyrus")
)
"""Where the unpacked Cyrus packages are kept between runs."""
RUN_USER = "nobody"
RUN_GROUP = "nogroup"
# Shared libraries the unpacked binaries need, and saslpasswd2 for users.
APT_PACKAGES = [
    "libclamav12",
    "libical3",
    "libicu72",
    "libjansson4",
    "libkrb5-3",
    "libldap-2.5-0",
    "libpcre3",
    "libpq5",
    "libsqlite3-0",
    "libwrap0",
    "libxapian30",
    "libxml2",
    "libzephyr4",
    "libsasl2-modules",
    "libsasl2-modules-db",
    "sasl2-bin",
    "db-util",
]
_USERNAME = re.compile(r"[A-Za-z0-9_-]+")
_user_numbers = itertools.count(1)


def _bin(name: str) -> Path:
    return CYRUS_ROOT / "usr/lib/cyrus/bin" / name


def _libraries_missing() -> list[str]:
    found = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\\n", *APT_PACKAGES],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    installed = {line.split()[0] for line in found.splitlines() if line.endswith(" installed")}
    return [package for package in APT_PACKAGES if package not in installed]


def _apt(*arguments: str, cwd: str | None = None) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(
        ["apt-get", "-qq", *arguments], check=True, env=env, stdin=subprocess.DEVNULL, cwd=cwd
    )


def needs_install() -> bool:
    """Whether ensure_installed() has anything to do."""
    return not _bin("master").exists() or bool(_libraries_missing())


def ensure_installed(*, updated: bool = False) -> Path:
    """Return :data:`CYRUS_ROOT`, installing libraries and unpacking Cyrus if needed.

    Never installs the ``cyrus-imapd`` package itself (that would remove Dovecot).
    ``updated`` says the caller already ran ``apt-get update``.
    """
    missing = _libraries_missing()
    if _bin("master").exists() and not missing:
        return CYRUS_ROOT
    if os.geteuid() != 0:
        raise RuntimeError("Cyrus is not unpacked and this is not root; run scripts/setup.sh")
    if not updated:
        _apt("update")
    if missing:
        _apt("install", "-y", "--no-install-recommends", *missing)
    if not _bin("master").exists():
        _unpack()
    return CYRUS_ROOT


def _unpack() -> None:
    CYRUS_ROOT.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CYRUS_ROOT.parent) as work:
        downloads = Path(work, "debs")
        downloads.mkdir()
        # apt-get download fetches as the _apt user, which must be able to write here.
        with contextlib.suppress(KeyError):
            os.chown(downloads, pwd.getpwnam("_apt").pw_uid, -1)
        Path(work).chmod(0o755)
        _apt("download", "cyrus-common", "cyrus-imapd", cwd=str(downloads))
        staging = Path(work, "root")
        for deb in sorted(downloads.glob("*.deb")):
            subprocess.run(["dpkg", "-x", str(deb), str(staging)], check=True)
        shutil.rmtree(CYRUS_ROOT, ignore_errors=True)
        staging.rename(CYRUS_ROOT)  # whole or not at all


class CyrusServer(ServerProcess):
    """A private Cyrus instance; attributes other than ``host`` are valid after start()."""

    name = "cyrus"
    delimiter = "/"
    _label = "Cyrus"
    _root_reason = "master switches to nobody itself"

    def __init__(self, *, tls: bool = True) -> None:
        super().__init__(tls=tls)
        self._passwords: dict[str, str] = {}

    def _find_binary(self) -> str:
        if not _bin("master").exists():
            raise RuntimeError("Cyrus is not unpacked; call ensure_installed() first")
        return str(_bin("master"))

    def _start_in(self, directory: Path, binary: str) -> None:
        for name in ("conf", "spool", "run", "lock", "proc"):
            (directory / name).mkdir(mode=0o755)
        tls_lines = ""
        if (tls_files := self._take_ports(directory)) is not None:
            chain, key = tls_files
            tls_lines = f"tls_server_cert: {chain}\ntls_server_key: {key}\n"
        conf = directory / "imapd.conf"
        conf.write_text(
            f"configdirectory: {directory}/conf\n"
            f"partition-default: {directory}/spool\n"
            f"proc_path: {directory}/proc\n"
            f"mboxname_lockpath: {directory}/lock\n"
            f"idlesocket: {directory}/run/idle\n"
            f"notifysocket: {directory}/run/notify\n"
            f"lmtpsocket: {directory}/run/lmtp\n"
            f"cyrus_user: {RUN_USER}\n"
            "servername: localhost\n"
            "virtdomains: off\n"
            "altnamespace: yes\n"
            "unixhierarchysep: yes\n"
            "autocreate_quota: 0\n"
            "allowplaintext: yes\n"
            "munge8bit: no\n"
            "imapidlepoll: 1\n"
            "sasl_pwcheck_method: auxprop\n"
            "sasl_auxprop_plugin: sasldb\n"
            f"sasl_sasldb_path: {directory}/sasldb2\n"
            "sasl_mech_list: PLAIN LOGIN\n"
            f"syslog_prefix: cyrus-{self.port}\n" + tls_lines
        )
        binaries = CYRUS_ROOT / "usr/lib/cyrus/bin"
        imaps = ""
        if self.tls_port is not None:
            imaps = f'  imaps cmd="{binaries}/imapd -s -C {conf}" listen="{HOST}:{self.tls_port}"'
            imaps += " prefork=0\n"
        (directory / "cyrus.conf").write_text(
            "START {\n"
            f'  recover cmd="{binaries}/ctl_cyrusdb -C {conf} -r"\n'
            "}\n"
            "SERVICES {\n"
            f'  imap cmd="{binaries}/imapd -C {conf}" listen="{HOST}:{self.port}" prefork=0\n'
            f"{imaps}"
            "}\n"
            "DAEMON {\n"
            f'  idled cmd="{binaries}/idled -C {conf}"\n'
            "}\n"
        )
        # The database must exist, owned by Cyrus's user, before the first login.
        self._saslpasswd("cyrus-harness-probe", secrets.token_hex(8))
        uid, gid = pwd.getpwnam(RUN_USER).pw_uid, grp.getgrnam(RUN_GROUP).gr_gid
        for path in [directory, *directory.rglob("*")]:
            os.chown(path, uid, gid)
        self._launch(
            [
                *(binary, "-C", str(conf)),
                *("-M", str(directory / "cyrus.conf"), "-p", str(directory / "master.pid")),
            ],
            directory / "master.out",
            cwd=directory,
            env={**os.environ, "LD_LIBRARY_PATH": str(CYRUS_ROOT / "usr/lib/x86_64-linux-gnu")},
        )

    def _saslpasswd(self, name: str, password: str) -> None:
        database = self._require_dir() / "sasldb2"
        subprocess.run(
            ["saslpasswd2", "-p", "-c", "-f", str(database), "-u", "localhost", name],
            input=password.encode() + b"\n",
            check=True,
            capture_output=True,
        )
        os.chown(database, pwd.getpwnam(RUN_USER).pw_uid, grp.getgrnam(RUN_GROUP).gr_gid)

    def new_user(self, password: str = "secret") -> tuple[str, str]:  # noqa: S107
        """A user never used before, so its mailbox is empty, and its password."""
        name = f"u{next(_user_numbers)}{secrets.token_hex(4)}"
        self.add_user(name, password)
        return name, password

    def add_user(self, name: str, password: str) -> None:
        """Add a user whose exact password is ``password`` (one line of any text)."""
        if not _USERNAME.fullmatch(name):
            raise ValueError(f"username {name!r} must match {_USERNAME.pattern}")
        if name in self._passwords:
            raise ValueError(f"user {name!r} already exists")
        if "\n" in password or "\r" in password:
            raise ValueError("saslpasswd2 reads the password as one line")
        self._saslpasswd(name, password)
        self._passwords[name] = password

    def seed(
        self, user: str, messages: list[bytes], *, mailbox: str = "INBOX", seen: bool = False
    ) -> None:
        """APPEND messages to ``mailbox`` (raw name, ``/``-separated; created if missing).

        Bare LFs become CRLF, as an MTA delivering the message would make them: Cyrus
        refuses a message with bare newlines.
        """
        password = self._passwords[user]
        append_messages(
            self.host,
            self.port,
            user,
            password,
            [re.sub(rb"\r?\n", b"\r\n", message) for message in messages],
            mailbox=mailbox,
            flags=["\\Seen"] if seen else [],
            multiappend=True,
        )

    def password(self, user: str) -> str:
        return self._passwords[user]
