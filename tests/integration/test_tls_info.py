"""Client.tls: what the TLS handshake agreed on and the server's certificate, from real Dovecot."""

from __future__ import annotations

import datetime
import hashlib
import ssl
from pathlib import Path

import pytest

from dovecot import DovecotServer
from imapclient_async import Client, Security, TLSInfo


def leaf_certificate(dovecot: DovecotServer) -> bytes:
    """The DER bytes of the certificate the server presents (the first of its chain)."""
    assert dovecot.ca_cert_path is not None
    chain = (Path(dovecot.ca_cert_path).parent / "server.pem").read_text()
    end = "-----END CERTIFICATE-----"
    return ssl.PEM_cert_to_DER_cert(chain.split(end)[0] + end)


@pytest.mark.parametrize("security", ["tls", "starttls"])
async def test_a_verified_connection_describes_its_certificate(
    dovecot: DovecotServer, security: Security
) -> None:
    port = dovecot.tls_port if security == "tls" else dovecot.port
    imap = Client(dovecot.host, port, security=security, ssl_context=dovecot.client_ssl_context())
    assert imap.tls is None  # nothing before connecting
    async with imap:
        tls = imap.tls
        assert isinstance(tls, TLSInfo)
        assert tls.version.startswith("TLSv1.")
        assert tls.cipher
        assert tls.verified
        assert tls.subject is not None and "O=trustme" in tls.subject
        assert tls.issuer is not None and "Testing CA" in tls.issuer
        assert "IP Address:127.0.0.1" in tls.alt_names
        assert tls.not_before is not None and tls.not_after is not None
        now = datetime.datetime.now(datetime.timezone.utc)
        assert tls.not_before < now < tls.not_after
        assert tls.certificate == leaf_certificate(dovecot)
    assert imap.tls is tls  # still readable once closed


async def test_an_unverified_connection_says_so_and_keeps_only_the_certificate(
    dovecot: DovecotServer,
) -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    async with Client(dovecot.host, dovecot.tls_port, ssl_context=context) as imap:
        tls = imap.tls
    assert tls is not None
    assert not tls.verified
    assert (tls.subject, tls.issuer, tls.alt_names, tls.not_after) == (None, None, (), None)
    expected = hashlib.sha256(leaf_certificate(dovecot)).hexdigest().upper()
    assert tls.sha256_fingerprint is not None
    assert tls.sha256_fingerprint.replace(":", "") == expected


async def test_a_plain_connection_has_no_tls(dovecot: DovecotServer) -> None:
    async with Client(dovecot.host, dovecot.port, security="plain") as imap:
        assert imap.tls is None
