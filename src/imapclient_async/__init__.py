"""imapclient_async: an asyncio IMAP client with typed results and meaningful errors.

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

from ._api.download import WritableSink
from ._api.fetch import FetchStream
from ._proto import Limits
from .client import Client, EventHandler, Security
from .download import Download
from .errors import (
    AppendOutcomeUnknownError,
    AuthenticationError,
    BadCommandError,
    CapabilityError,
    CommandError,
    ConnectionLostError,
    IMAPError,
    IMAPTimeoutError,
    MalformedResponseError,
    ProtocolError,
    SecurityError,
    StateError,
)
from .fetch import (
    Address,
    BodyStructure,
    Envelope,
    FetchedMessage,
    ItemProblem,
    Multipart,
    SinglePart,
)
from .idle import IdleSession
from .mailboxes import (
    Mailbox,
    MailboxLike,
    MailboxStatus,
    Namespace,
    Namespaces,
    QResync,
    SelectResult,
    StatusItem,
)
from .message_view import Attachment, MessageView
from .messages import AppendResult, CopyResult, ExpungeResult, StoreResult, UIDMapping
from .messageset import MessageSet, MessageSetLike
from .progress import Progress, ProgressCallback
from .quota import Quota, QuotaResource, QuotaRoot
from .search import Query, SearchCriteria, SearchResult, ThreadNode
from .session import ClientState, Greeting, LoginResult, LogoutResult, TLSInfo

__version__ = "0.1.0.dev0"

__all__ = [
    "Address",
    "AppendOutcomeUnknownError",
    "AppendResult",
    "Attachment",
    "AuthenticationError",
    "BadCommandError",
    "BodyStructure",
    "CapabilityError",
    "Client",
    "ClientState",
    "CommandError",
    "ConnectionLostError",
    "CopyResult",
    "Download",
    "Envelope",
    "EventHandler",
    "ExpungeResult",
    "FetchStream",
    "FetchedMessage",
    "Greeting",
    "IMAPError",
    "IMAPTimeoutError",
    "IdleSession",
    "ItemProblem",
    "Limits",
    "LoginResult",
    "LogoutResult",
    "Mailbox",
    "MailboxLike",
    "MailboxStatus",
    "MalformedResponseError",
    "MessageSet",
    "MessageSetLike",
    "MessageView",
    "Multipart",
    "Namespace",
    "Namespaces",
    "Progress",
    "ProgressCallback",
    "ProtocolError",
    "QResync",
    "Query",
    "Quota",
    "QuotaResource",
    "QuotaRoot",
    "SearchCriteria",
    "SearchResult",
    "Security",
    "SecurityError",
    "SelectResult",
    "SinglePart",
    "StateError",
    "StatusItem",
    "StoreResult",
    "TLSInfo",
    "ThreadNode",
    "UIDMapping",
    "WritableSink",
    "__version__",
]

# Show the public names as living here, not in private modules (as httpx does).
for _name in __all__:
    _value = globals()[_name]
    # Type aliases are skipped: on Python 3.10 some pass isinstance(_, type).
    if isinstance(_value, type) and _value.__module__.startswith(f"{__name__}."):
        _value.__module__ = __name__
del _name, _value
