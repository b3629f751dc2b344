"""What the session commands return: the greeting, login, logout, and the session state."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Literal

from ._proto import ClientState

__all__ = ["ClientState", "Greeting", "LoginResult", "LogoutResult", "TLSInfo"]


@dataclass(frozen=True, slots=True)
class Greeting:
    """What the server said when the connection opened.

    Attributes:
        status: ``"OK"`` (log in next) or ``"PREAUTH"`` (the server already
            authenticated the connection, e.g. by its TLS client certificate;
            the client starts in the AUTHENTICATED state).
        text: The server's greeting text, e.g. ``"Dovecot ready."``.
        capabilities: The server's capabilities once connected, upper case, e.g.
            ``frozenset({"IMAP4REV1", "IDLE", "AUTH=PLAIN"})``. With
            ``security="starttls"`` these are the ones announced after the TLS
            handshake; any announced before it are discarded, because an
            attacker could have changed them.

    Example::

        greeting = await imap.connect()
        print(greeting.text, "IDLE" in greeting.capabilities)
    """

    status: Literal["OK", "PREAUTH"]
    text: str
    capabilities: frozenset[str]


@dataclass(frozen=True, slots=True)
class LoginResult:
    """The outcome of a successful LOGIN or AUTHENTICATE.

    Attributes:
        capabilities: The capabilities the server offers to the logged-in user
            (servers often announce more after login, e.g. ``"MOVE"``), taken
            from the reply's ``[CAPABILITY ...]`` code or, when absent, from a
            CAPABILITY command sent right after.
        text: The server's text for the successful login, e.g. ``"Logged in"``.

    Example::

        result = await imap.login("alice", "secret")
        if "MOVE" in result.capabilities:
            ...
    """

    capabilities: frozenset[str]
    text: str


@dataclass(frozen=True, slots=True)
class LogoutResult:
    """The outcome of LOGOUT; the connection is closed afterwards.

    Attributes:
        text: The server's farewell: the text of its final OK reply, or of its
            ``* BYE`` when the server closed the connection without a tagged
            reply (which some servers do).

    Example::

        result = await imap.logout()
        print(result.text)   # "Logging out"
    """

    text: str


@dataclass(frozen=True, slots=True)
class TLSInfo:
    """How the connection is protected: what the TLS handshake agreed on, and with whom.

    Read from :attr:`Client.tls <imapclient_async.Client.tls>` once connected
    with ``security="tls"`` or ``"starttls"``; it stays readable after the
    connection is closed.

    Attributes:
        version: The TLS version, e.g. ``"TLSv1.3"``.
        cipher: The cipher suite, e.g. ``"TLS_AES_256_GCM_SHA384"``.
        verified: True when the server's certificate was verified against the
            trusted certificate authorities *and* its host name checked (the
            default); False when the ``ssl_context`` turned either check off,
            so the other side may be anyone.
        subject: The certificate's subject, e.g. ``"CN=imap.example.org"``;
            None when the certificate was not verified (Python's :mod:`ssl`
            reads its fields only then).
        issuer: Who signed the certificate, e.g. ``"C=US, O=Let's Encrypt, CN=R11"``;
            None as for ``subject``.
        alt_names: The names the certificate is valid for (subjectAltName),
            e.g. ``("DNS:imap.example.org", "IP Address:192.0.2.1")``; empty
            when it has none or was not verified.
        not_before: When the certificate became valid (UTC); None as for ``subject``.
        not_after: When the certificate expires (UTC); None as for ``subject``.
        certificate: The server's certificate in DER form; None only if the
            server sent none.

    Example::

        greeting = await imap.connect()
        if imap.tls is not None:
            print(imap.tls.version, imap.tls.cipher, imap.tls.not_after)
    """

    version: str
    cipher: str
    verified: bool
    subject: str | None
    issuer: str | None
    alt_names: tuple[str, ...]
    not_before: datetime.datetime | None
    not_after: datetime.datetime | None
    certificate: bytes | None

    @property
    def sha256_fingerprint(self) -> str | None:
        """The certificate's SHA-256 fingerprint as colon-separated hex; None without one.

        Compare it with the one your provider publishes (or that ``openssl
        x509 -fingerprint -sha256`` shows) to check a certificate that could
        not be verified.

        Example::

            >>> info = TLSInfo("TLSv1.3", "X", False, None, None, (), None, None, b"abc")
            >>> info.sha256_fingerprint[:8]
            'BA:78:16'
        """
        if self.certificate is None:
            return None
        return hashlib.sha256(self.certificate).digest().hex(":").upper()
