"""The mailbox commands of :class:`~imapclient_async.Client`.

This module changes when a mailbox command is added or changed.
"""

from __future__ import annotations

from .._commands import select as _select
from .._commands.mailbox import mailbox_argument
from .._commands.replies import raise_for_status
from .._session import Session
from ..types import ClientState, SelectResult

__all__ = ["MailboxCommands"]


class MailboxCommands(Session):
    """SELECT, EXAMINE, CREATE and DELETE."""

    async def select(self, mailbox: str = "INBOX", *, readonly: bool = False) -> SelectResult:
        """Open a mailbox (SELECT, or EXAMINE when ``readonly``).

        The name may hold any characters; it is sent in modified UTF-7
        (RFC 3501 5.1.3), so ``select("Entwürfe")`` works. If the server
        refuses, no mailbox is selected afterwards (RFC 3501 6.3.1).

        Returns:
            The mailbox's message counts, flags and UID information, also
            available as :attr:`selected` until another mailbox is selected.

        Raises:
            CommandError: The server refused, e.g. the mailbox does not exist
                (``code`` is ``"NONEXISTENT"`` when the server says so).
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            inbox = await imap.select("INBOX")
            print(f"I have {inbox.exists} messages in my INBOX.")
        """
        argument = mailbox_argument(mailbox)
        name = "EXAMINE" if readonly else "SELECT"

        def check() -> None:
            self._check_logged_in()
            # RFC 3501 6.3.1: SELECT deselects the current mailbox even when it
            # fails, and its responses describe the new one, not the old.
            self._selected = None
            self._state = ClientState.AUTHENTICATED

        outcome = await self._run(
            name, [argument], collect=_select.COLLECT, exclusive=True, check=check
        )
        raise_for_status(name, outcome)
        self._selected = _select.select_result(mailbox, outcome, readonly=readonly)
        self._state = ClientState.SELECTED
        return self._selected

    async def examine(self, mailbox: str) -> SelectResult:
        """Open a mailbox read-only (EXAMINE): nothing in it can change, not even ``\\Seen``.

        Same as ``select(mailbox, readonly=True)``; the result's ``read_only``
        is True.

        Raises:
            CommandError, StateError, TypeError, ValueError: As for :meth:`select`.

        Example::

            archive = await imap.examine("Archive")
        """
        return await self.select(mailbox, readonly=True)

    async def create(self, mailbox: str) -> None:
        """Create a mailbox (CREATE).

        Use the server's hierarchy delimiter (often ``/`` or ``.``) in the name
        to create a mailbox inside another; any characters work, as for
        :meth:`select`.

        Raises:
            CommandError: The server refused, e.g. ``code`` ``"ALREADYEXISTS"``.
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.create("Archive/2026")
        """
        await self._mailbox_command("CREATE", mailbox)

    async def delete(self, mailbox: str) -> None:
        """Delete a mailbox (DELETE) and every message in it.

        Raises:
            CommandError: The server refused, e.g. ``code`` ``"NONEXISTENT"``
                when there is no such mailbox.
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.delete("Archive/2019")
        """
        await self._mailbox_command("DELETE", mailbox)

    async def _mailbox_command(self, name: str, mailbox: str) -> None:
        outcome = await self._run(name, [mailbox_argument(mailbox)], check=self._check_logged_in)
        raise_for_status(name, outcome)
