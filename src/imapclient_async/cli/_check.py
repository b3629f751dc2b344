"""``check``: connect, describe TLS and the certificate, the greeting, the capabilities, and log in.

The first thing to run when a server misbehaves: each step is printed as
soon as it is done, so a failure shows how far things got.
"""

from __future__ import annotations

import argparse
import datetime

from ..errors import IMAPError, SecurityError
from ..session import TLSInfo
from ._options import EXIT_OK, Account, Command
from ._output import Output, iso

__all__ = ["COMMAND"]

_WIDTH = 16


def _show(out: Output, label: str, value: str) -> None:
    out.line(f"{label + ':':{_WIDTH}}{value}")


def _tls_json(tls: TLSInfo | None) -> dict[str, object] | None:
    if tls is None:
        return None
    return {
        "version": tls.version,
        "cipher": tls.cipher,
        "verified": tls.verified,
        "subject": tls.subject,
        "issuer": tls.issuer,
        "alt_names": list(tls.alt_names),
        "not_before": iso(tls.not_before),
        "not_after": iso(tls.not_after),
        "sha256_fingerprint": tls.sha256_fingerprint,
    }


def _show_tls(out: Output, tls: TLSInfo | None) -> None:
    if tls is None:
        _show(out, "TLS", "none: the password and mail cross the network unencrypted")
        return
    _show(out, "TLS", f"{tls.version}, {tls.cipher}")
    if not tls.verified:
        _show(out, "Certificate", "NOT VERIFIED (--insecure): the server may be anyone")
    else:
        _show(out, "Certificate", "verified")
        _show(out, "  subject", tls.subject or "-")
        _show(out, "  issuer", tls.issuer or "-")
        _show(out, "  names", ", ".join(tls.alt_names) or "-")
        if tls.not_after is not None:
            days = (tls.not_after - datetime.datetime.now(datetime.timezone.utc)).days
            _show(out, "  expires", f"{tls.not_after:%Y-%m-%d %H:%M} UTC (in {days} days)")
    _show(out, "  SHA-256", tls.sha256_fingerprint or "-")


async def check(args: argparse.Namespace, account: Account, out: Output) -> int:
    report: dict[str, object] = {
        "host": account.host,
        "port": account.port,
        "security": account.security,
    }
    _show(out, "Server", account.where)
    imap = account.client()
    try:
        greeting = await imap.connect()
        report["tls"] = _tls_json(imap.tls)
        _show_tls(out, imap.tls)
        report["greeting"] = {"status": greeting.status, "text": greeting.text}
        _show(out, "Greeting", f"{greeting.status} {greeting.text}")
        report["capabilities"] = sorted(greeting.capabilities)
        _show(out, "Capabilities", " ".join(sorted(greeting.capabilities)))
        report["login"] = None
        if account.user is None:
            _show(out, "Login", "skipped: no --user")
        else:
            assert account.password is not None  # account_from() asked for it
            login = await imap.login(account.user, account.password)
            report["login"] = {"text": login.text, "capabilities": sorted(login.capabilities)}
            _show(out, "Login", f"OK {login.text}")
            _show(out, "  capabilities", " ".join(sorted(login.capabilities)))
        await imap.logout()
    except IMAPError as exc:
        report["error"] = {"type": type(exc).__name__, "message": str(exc)}
        if isinstance(exc, SecurityError) and "certificate" in str(exc).lower():
            out.note(
                "hint: --ca-file FILE trusts a private CA; --insecure skips the check "
                "(anyone on the path could then read the password)"
            )
        raise
    finally:
        await imap.close()
        out.document(report)
    return EXIT_OK


COMMAND = Command(
    name="check",
    help="test the connection, TLS, certificate and login",
    description="Connect, show the TLS version, cipher and the server's certificate "
    "(subject, issuer, expiry, whether it was verified), the greeting and the "
    "capabilities; then, with --user, log in and show the capabilities after login. "
    "Without --user it stops before logging in.",
    run=check,
    needs_user=False,
)
