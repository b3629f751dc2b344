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

from ._proto import Limits
from .client import Client, EventHandler, Security
from .errors import (
    AuthenticationError,
    CapabilityError,
    CommandError,
    ConnectionLostError,
    IMAPError,
    IMAPTimeoutError,
    ProtocolError,
    SecurityError,
    StateError,
)
from .types import ClientState, Greeting, LoginResult, LogoutResult, SelectResult

__version__ = "0.1.0.dev0"

__all__ = [
    "AuthenticationError",
    "CapabilityError",
    "Client",
    "ClientState",
    "CommandError",
    "ConnectionLostError",
    "EventHandler",
    "Greeting",
    "IMAPError",
    "IMAPTimeoutError",
    "Limits",
    "LoginResult",
    "LogoutResult",
    "ProtocolError",
    "Security",
    "SecurityError",
    "SelectResult",
    "StateError",
    "__version__",
]

# Show the public names as living here, not in private modules (as httpx does).
for _name in __all__:
    _value = globals()[_name]
    # Type aliases are skipped: on Python 3.10 some pass isinstance(_, type).
    if isinstance(_value, type) and _value.__module__.startswith(f"{__name__}."):
        _value.__module__ = __name__
del _name, _value
