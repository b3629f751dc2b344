"""The IDLE command, with a NOOP-polling fallback, of :class:`~imapclient_async.Client`.

The session's mechanics live in :mod:`imapclient_async.idle`.
"""

from __future__ import annotations

from collections.abc import Awaitable

from .._checks import require_number
from .._connection import Responder
from .._proto import CommandOutcome
from .._session import Session
from ..idle import IdleSession

__all__ = ["IdleCommands"]

_RENEW_AFTER = 29 * 60.0
"""Seconds before IDLE is renewed: servers may log out a client idle for 30 minutes."""


class IdleCommands(Session):
    """IDLE, with a NOOP-polling fallback."""

    def idle(
        self,
        *,
        timeout: float | None = None,
        renew_after: float = _RENEW_AFTER,
        poll_interval: float = 60.0,
    ) -> IdleSession:
        """Wait for the server's updates about the selected mailbox (IDLE, RFC 2177).

        Use the result as ``async with imap.idle() as events`` and iterate
        ``events`` for typed :mod:`events <imapclient_async.events>`: new
        messages, expunges, flag changes, alerts, BYE. Entering returns once
        the server is idling; leaving ends the IDLE and waits until the
        connection is ready for the next command. Without the server's IDLE
        capability the same events come from a NOOP every ``poll_interval``
        seconds. See :class:`~imapclient_async.idle.IdleSession` for the rules
        inside the block: above all, the task inside it may not send commands,
        and other tasks' commands wait until the IDLE is renewed or the block
        ends.

        Args:
            timeout: Seconds to idle, counted from entering the block; then
                the IDLE ends (DONE is sent, the mailbox stays selected) and,
                after the events received until then, the iteration ends
                without an error. The analogue of IMAPClient's
                ``idle_check(timeout)``; works on every supported Python
                (no ``asyncio.timeout`` needed). None (the default): idle
                until the block is left.
            renew_after: Seconds after which the IDLE is ended and sent again,
                so that the server does not drop an idle client (RFC 2177
                asks for less than 29 minutes, the default).
            poll_interval: Seconds between NOOPs when the server does not
                offer IDLE.

        Returns:
            The session, an async context manager and async iterator of events.

        Raises:
            ValueError: ``timeout``, ``renew_after`` or ``poll_interval`` is not positive.
            TypeError: ``timeout``, ``renew_after`` or ``poll_interval`` is not a number.

        Entering and iterating the session raise what
        :class:`~imapclient_async.idle.IdleSession` documents: StateError
        without a selected mailbox, CommandError, ProtocolError,
        ConnectionLostError, IMAPTimeoutError.

        Example::

            from imapclient_async.events import Exists, Expunge

            await imap.select("INBOX")
            async with imap.idle() as events:
                async for event in events:
                    if isinstance(event, Exists):
                        print(f"{event.count} messages now")
                    elif isinstance(event, Expunge):
                        print(f"message {event.seq} was removed")

            # Wait for news for at most 30 seconds, then go on.
            async with imap.idle(timeout=30) as events:
                news = [event async for event in events]
        """
        intervals = {"renew_after": renew_after, "poll_interval": poll_interval}
        if timeout is not None:
            intervals["timeout"] = timeout
        require_number(**intervals)
        for name, value in intervals.items():
            if not value > 0:
                raise ValueError(f"{name} must be a positive number of seconds, not {value!r}")

        def run_idle(responder: Responder) -> Awaitable[CommandOutcome]:
            return self._run("IDLE", exclusive=True, responder=responder)

        return IdleSession(
            run_idle=run_idle if "IDLE" in self.capabilities else None,
            poll=self.noop,
            check_selected=lambda: self._check_allowed("IDLE"),
            holders=self._holders,
            add_event_handler=self.add_event_handler,
            renew_after=renew_after,
            poll_interval=poll_interval,
            timeout=timeout,
        )
