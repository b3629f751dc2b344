"""The high-level asyncio IMAP client.

``Client`` is only the sum of the command families: the session core lives in
``imapclient_async._session``, each family's coroutines in
``imapclient_async._api``, their arguments and reply parsing in
``imapclient_async._commands``, and bytes move in ``imapclient_async._connection``.
"""

from __future__ import annotations

from ._api.auth import AuthCommands
from ._api.download import DownloadCommands
from ._api.extensions import ExtensionCommands
from ._api.fetch import FetchCommands
from ._api.idle import IdleCommands
from ._api.mailboxes import MailboxCommands
from ._api.messages import MessageCommands
from ._api.quota import QuotaCommands
from ._api.search import SearchCommands
from ._session import EventHandler, Security

__all__ = ["Client", "EventHandler", "Security"]


class Client(
    AuthCommands,
    MailboxCommands,
    SearchCommands,
    FetchCommands,
    DownloadCommands,
    MessageCommands,
    IdleCommands,
    ExtensionCommands,
    QuotaCommands,
):
    """An IMAP client for asyncio.

    Constructing a client does no I/O. ``async with`` connects, reads the
    greeting and capabilities, and on leaving logs out (if the block ended
    normally and the session is still open) and always closes the connection.

    Args:
        host: The server's host name or IP address.
        port: The server's port; None for the default of ``security``: 993 for
            ``"tls"``, 143 otherwise.
        security: ``"tls"`` (the default): TLS from the first byte (implicit
            TLS, RFC 8314). ``"starttls"``: connect in plain text, then upgrade
            with STARTTLS before anything else is sent; if the server does not
            offer STARTTLS, refuses it, or greets with PREAUTH, connecting
            fails with :class:`~imapclient_async.errors.SecurityError` rather
            than continue unprotected. ``"plain"``: no TLS at all. **Unsafe**:
            passwords and mail cross the network readable by anyone on the path;
            only for servers on the same machine or in tests.
        ssl_context: The TLS settings. None means
            :func:`ssl.create_default_context`, which verifies the server's
            certificate and host name. Not allowed with ``security="plain"``.
        timeout: Seconds allowed for connecting, for the greeting, for the TLS
            handshake, and for the server's silence during a command: each
            command fails when nothing of its reply arrives for this long
            (queueing behind other commands counts). A long reply that keeps
            coming, such as a streamed FETCH, never times out; nor does time
            spent idling in IDLE or waiting while your loop has not consumed
            what arrived. None for no limit. When a command that was already
            sent times out, the connection is closed (its late reply could
            otherwise be mistaken for another's).
        limits: Caps on the size of server data; see
            :class:`~imapclient_async.Limits`.

    Raises:
        ValueError: An argument is out of range or the options conflict.
        TypeError: An argument has the wrong type.

    Example::

        import asyncio
        from imapclient_async import Client

        async def main() -> None:
            async with Client("imap.example.org") as imap:
                await imap.login("user", "password")
                inbox = await imap.select("INBOX")
                print(f"I have {inbox.exists} messages in my INBOX.")
                await imap.logout()

        asyncio.run(main())
    """

    async def __aenter__(self) -> Client:
        await self.connect()
        return self
