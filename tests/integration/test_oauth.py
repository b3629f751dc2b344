"""XOAUTH2 and OAUTHBEARER against a real Dovecot with its oauth2 passdb.

Dovecot checks each token with an OAuth 2.0 introspection request (RFC 7662);
the fixture answers those from a tiny HTTP server on 127.0.0.1 that knows one
good token.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from dovecot import DovecotServer, ensure_installed
from imapclient_async import AuthenticationError, Client, ClientState

GOOD_TOKEN = "ya29.good-token"
OAUTH_USER = "oauthuser"


class _Introspection(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        active = form.get("token") == [GOOD_TOKEN]
        answer = {"active": True, "username": OAUTH_USER} if active else {"active": False}
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def oauth_dovecot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DovecotServer]:
    introspection = HTTPServer(("127.0.0.1", 0), _Introspection)
    thread = threading.Thread(target=introspection.serve_forever, daemon=True)
    thread.start()
    settings = tmp_path_factory.mktemp("oauth") / "oauth2.conf.ext"
    settings.write_text(
        "introspection_mode = post\n"
        f"introspection_url = http://127.0.0.1:{introspection.server_address[1]}/introspect\n"
        "username_attribute = username\n"
        "active_attribute = active\n"
        "active_value = true\n"
    )
    for path in (settings, *settings.parents):
        if path == Path("/"):
            break
        path.chmod(path.stat().st_mode | 0o755)  # the auth process reads it unprivileged
    extra = (
        "auth_mechanisms = plain login xoauth2 oauthbearer\n"
        "passdb {\n"
        "  driver = oauth2\n"
        "  mechanisms = xoauth2 oauthbearer\n"
        f"  args = {settings}\n"
        "}\n"
    )
    ensure_installed()
    try:
        with DovecotServer(extra_config=extra) as server:
            yield server
    finally:
        introspection.shutdown()
        thread.join()
        introspection.server_close()


def client(server: DovecotServer) -> Client:
    return Client(server.host, server.port, security="plain")


async def test_xoauth2(oauth_dovecot: DovecotServer) -> None:
    async with client(oauth_dovecot) as imap:
        assert "AUTH=XOAUTH2" in imap.capabilities
        result = await imap.authenticate_xoauth2(OAUTH_USER, GOOD_TOKEN)
        assert imap.state is ClientState.AUTHENTICATED
        assert "IDLE" in result.capabilities
        assert (await imap.select()).exists == 0


async def test_oauthbearer(oauth_dovecot: DovecotServer) -> None:
    async with client(oauth_dovecot) as imap:
        await imap.authenticate_oauthbearer(
            OAUTH_USER, GOOD_TOKEN, host=oauth_dovecot.host, port=oauth_dovecot.port
        )
        assert imap.state is ClientState.AUTHENTICATED


@pytest.mark.parametrize("mechanism", ["xoauth2", "oauthbearer"])
async def test_refused_token(
    oauth_dovecot: DovecotServer, mechanism: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="imapclient_async")
    bad_token = "ya29.expired-token"
    async with client(oauth_dovecot) as imap:
        authenticate = getattr(imap, f"authenticate_{mechanism}")
        with pytest.raises(AuthenticationError) as caught:
            await authenticate(OAUTH_USER, bad_token)
        # Dovecot's error step was answered, so the connection is still in step.
        assert caught.value.code == "AUTHENTICATIONFAILED"
        assert "server said: {" in str(caught.value)  # Dovecot's JSON error detail
        assert bad_token not in str(caught.value)
        await imap.noop()
    assert not any(bad_token in record.getMessage() for record in caplog.records)
