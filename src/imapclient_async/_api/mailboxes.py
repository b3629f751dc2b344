"""The mailbox commands of :class:`~imapclient_async.Client`."""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Iterable

from .._checks import require_bool
from .._commands import list as _list
from .._commands import namespace as _namespace
from .._commands import select as _select
from .._commands import status as _status
from .._commands.mailbox_name import mailbox_argument, wire_mailbox_name
from .._commands.replies import raise_for_status
from .._proto import Argument, AString
from .._session import Session
from ..errors import CommandError, StateError
from ..mailboxes import Mailbox, MailboxLike, MailboxStatus, Namespaces, QResync, SelectResult

__all__ = ["MailboxCommands"]


class MailboxCommands(Session):
    """The commands that open, list, change and describe mailboxes.

    SELECT, EXAMINE, CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST (and
    LSUB), STATUS, NAMESPACE, UNSELECT, CLOSE (``unselect_and_expunge()``) and CHECK.
    """

    async def select(
        self,
        mailbox: MailboxLike = "INBOX",
        *,
        readonly: bool = False,
        condstore: bool = False,
        qresync: QResync | None = None,
    ) -> SelectResult:
        """Open a mailbox (SELECT, or EXAMINE when ``readonly``).

        The name may hold any characters; it is sent in modified UTF-7
        (RFC 3501 5.1.3), so ``select("Entwürfe")`` works. A
        :class:`~imapclient_async.Mailbox` from :meth:`list` is sent as the
        exact bytes the server listed, which opens even a mailbox whose name
        is not valid modified UTF-7; every command taking a mailbox takes
        one. If the server refuses, no mailbox is selected afterwards
        (RFC 3501 6.3.1).

        Args:
            mailbox: The mailbox to open: a name or a ``Mailbox``.
            readonly: Open it with EXAMINE: nothing in it can change.
            condstore: Ask for mod-sequences (RFC 7162 ``(CONDSTORE)``), so
                the result's ``highest_modseq`` is set. Needs the CONDSTORE
                capability.
            qresync: What the client remembers of the mailbox from an earlier
                session (RFC 7162 ``(QRESYNC ...)``); the server then reports
                only the changes since. Needs QRESYNC turned on first with
                ``await imap.enable("QRESYNC")``. Implies ``condstore``.
                UIDs expunged meanwhile come as ``VANISHED (EARLIER)``; flag
                changes reach the event handlers as
                :class:`~imapclient_async.events.FlagsChanged`.

        Returns:
            The mailbox's message counts, flags and UID information, also
            available as :attr:`selected` until another mailbox is selected.

        Raises:
            CommandError: The server refused, e.g. the mailbox does not exist
                (``code`` is ``"NONEXISTENT"`` when the server says so).
            StateError: Not logged in; or ``condstore`` without the CONDSTORE
                capability; or ``qresync`` before QRESYNC was enabled. Nothing
                was sent.
            TypeError, ValueError: ``mailbox`` not a str or Mailbox, empty, or holding
                NUL; ``qresync`` not a :class:`QResync`; ``readonly`` or
                ``condstore`` not a bool (TypeError).
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            inbox = await imap.select("INBOX")
            print(f"I have {inbox.exists} messages in my INBOX.")
            inbox = await imap.select("INBOX", condstore=True)
            print(f"highest mod-sequence: {inbox.highest_modseq}")
        """
        require_bool(readonly=readonly, condstore=condstore)
        arguments = _select.select_arguments(mailbox, condstore=condstore, qresync=qresync)
        self._check_allowed("SELECT")
        if qresync is not None and "QRESYNC" not in self._enabled:
            raise StateError(
                'QRESYNC is not enabled: call await imap.enable("QRESYNC") before '
                "select(..., qresync=...)"
            )
        if condstore:
            self._require_capability("select(condstore=True)", "CONDSTORE", "QRESYNC")
        name = "EXAMINE" if readonly else "SELECT"

        def check() -> None:
            # RFC 3501 6.3.1: SELECT deselects the current mailbox even when it
            # fails, and its responses describe the new one, not the old (the
            # session state follows from the protocol's table).
            self._selected = None

        outcome = await self._run(
            name, arguments, collect=_select.COLLECT, exclusive=True, check=check
        )
        raise_for_status(name, outcome)
        name_given = mailbox.name if isinstance(mailbox, Mailbox) else mailbox
        self._selected = _select.select_result(name_given, outcome, readonly=readonly)
        return self._selected

    async def examine(self, mailbox: MailboxLike) -> SelectResult:
        """Open a mailbox read-only (EXAMINE): nothing in it can change, not even ``\\Seen``.

        Same as ``select(mailbox, readonly=True)``; the result's ``read_only``
        is True.

        Raises:
            CommandError, StateError, TypeError, ValueError: As for :meth:`select`.

        Example::

            archive = await imap.examine("Archive")
        """
        return await self.select(mailbox, readonly=True)

    async def create(self, mailbox: MailboxLike) -> None:
        """Create a mailbox (CREATE).

        Use the server's hierarchy delimiter (often ``/`` or ``.``) in the name
        to create a mailbox inside another; any characters work, as for
        :meth:`select`.

        Raises:
            CommandError: The server refused, e.g. ``code`` ``"ALREADYEXISTS"``.
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str or Mailbox, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.create("Archive/2026")
        """
        await self._mailbox_command("CREATE", mailbox)

    async def delete(self, mailbox: MailboxLike) -> None:
        """Delete a mailbox (DELETE) and every message in it.

        Raises:
            CommandError: The server refused, e.g. ``code`` ``"NONEXISTENT"``
                when there is no such mailbox.
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str or Mailbox, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.delete("Archive/2019")
        """
        await self._mailbox_command("DELETE", mailbox)

    async def rename(self, old: MailboxLike, new: str) -> None:
        """Rename a mailbox (RENAME), together with the mailboxes inside it.

        Renaming INBOX is special (RFC 3501 6.3.5): its messages move to a new
        mailbox called ``new`` and INBOX stays, empty.

        Args:
            old: The mailbox's current name.
            new: Its new name; it must not exist yet.

        Raises:
            CommandError: The server refused, e.g. ``code`` ``"NONEXISTENT"``
                (no ``old``) or ``"ALREADYEXISTS"`` (``new`` is taken).
            StateError: Not logged in.
            TypeError, ValueError: A name not a str, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.rename("Projects.Old", "Archive.Projects")
        """
        arguments: builtins.list[Argument] = [mailbox_argument(old), mailbox_argument(new)]
        outcome = await self._run("RENAME", arguments)
        raise_for_status("RENAME", outcome)

    async def subscribe(self, mailbox: MailboxLike) -> None:
        """Add a mailbox to the subscribed ones (SUBSCRIBE).

        :meth:`list` with ``subscribed_only=True`` lists the subscribed mailboxes.

        Raises:
            CommandError: The server refused, e.g. the mailbox does not exist.
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str or Mailbox, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.subscribe("Lists.python-dev")
        """
        await self._mailbox_command("SUBSCRIBE", mailbox)

    async def unsubscribe(self, mailbox: MailboxLike) -> None:
        """Remove a mailbox from the subscribed ones (UNSUBSCRIBE); the mailbox stays.

        Raises:
            CommandError: The server refused, e.g. it was not subscribed.
            StateError: Not logged in.
            TypeError, ValueError: ``mailbox`` not a str or Mailbox, empty, or holding NUL.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.unsubscribe("Lists.python-dev")
        """
        await self._mailbox_command("UNSUBSCRIBE", mailbox)

    async def list(
        self,
        reference: str = "",
        pattern: str = "*",
        *,
        subscribed_only: bool = False,
        status: Iterable[str] | None = None,
    ) -> builtins.list[Mailbox]:
        """List mailboxes (LIST), optionally only subscribed ones, optionally with counters.

        Args:
            reference: Where ``pattern`` is looked up (RFC 3501 6.3.8), usually
                ``""``; a namespace prefix (see :meth:`namespace`) also works.
            pattern: Names to list; ``*`` matches anything, ``%`` anything
                but the hierarchy delimiter. ``"*"`` lists every mailbox,
                ``"%"`` only the top level, ``"Archive.%"`` the children of
                Archive (with ``.`` as delimiter). Non-ASCII works.
            subscribed_only: List only subscribed mailboxes: ``LIST
                (SUBSCRIBED)`` when the server offers LIST-EXTENDED (RFC 5258),
                else LSUB. Subscribed names that no longer exist come with
                ``\\NonExistent`` (LIST-EXTENDED) or ``\\Noselect`` (LSUB).
            status: STATUS item names (see :data:`~imapclient_async.StatusItem`,
                any case), e.g. ``("MESSAGES", "UNSEEN")``, to fill in each
                mailbox's :attr:`Mailbox.status`. Asked with the LIST itself
                when the server offers LIST-STATUS (RFC 5819), otherwise with
                one STATUS command per selectable mailbox. None (the
                default) asks for no counters.

        Returns:
            The mailboxes in the order the server listed them. ``status`` is
            None for mailboxes that cannot be selected, and for any the server
            would not report counters for.

        Raises:
            CommandError: The server refused the LIST.
            StateError: Not logged in; or (CapabilityError) a ``status`` item
                needs an extension the server lacks (as for :meth:`status`).
            TypeError: ``reference`` or ``pattern`` not a str, ``status`` a
                single str (pass a tuple) or holding a non-str,
                ``subscribed_only`` not a bool.
            ValueError: ``reference`` or ``pattern`` holding NUL; ``status``
                empty or naming an unknown item.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            for box in await imap.list(status=("MESSAGES", "UNSEEN")):
                if box.status is not None:
                    print(f"{box.name}: {box.status.unseen}/{box.status.messages}")
        """
        require_bool(subscribed_only=subscribed_only)
        items = None if status is None else self._status_items(status)
        extended = "LIST-EXTENDED" in self._capabilities
        with_status = items is not None and "LIST-STATUS" in self._capabilities
        keyword = "LSUB" if subscribed_only and not extended else "LIST"
        arguments = _list.list_arguments(
            reference,
            pattern,
            subscribed=subscribed_only and keyword == "LIST",
            status_items=items if with_status else None,
            special_use="SPECIAL-USE" in self._capabilities,
        )
        outcome = await self._run(keyword, arguments, collect=_list.collect_for(keyword))
        raise_for_status(keyword, outcome)
        mailboxes = _list.list_result(outcome, keyword)
        if items is None or with_status:
            return mailboxes
        return [await self._with_status(mailbox, items) for mailbox in mailboxes]

    async def status(
        self, mailbox: MailboxLike, items: Iterable[str] = _status.DEFAULT_ITEMS
    ) -> MailboxStatus:
        """A mailbox's counters without selecting it (STATUS).

        RFC 3501 advises against STATUS on the selected mailbox (use
        :attr:`selected`, which is kept current, or NOOP) though servers answer.

        Args:
            mailbox: The mailbox to ask about.
            items: The STATUS item names to ask for (see
                :data:`~imapclient_async.StatusItem`), any case. The default,
                ``("MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN")``, leaves
                out RECENT, which IMAP4rev2 servers no longer have.
                ``"HIGHESTMODSEQ"`` needs CONDSTORE and ``"SIZE"`` STATUS=SIZE.

        Returns:
            The counters asked for; those not asked for, or not sent, are None.

        Raises:
            CommandError: The server refused, e.g. the mailbox does not exist.
            StateError: Not logged in; or (CapabilityError) an item needs an
                extension the server lacks. Nothing was sent.
            TypeError: ``mailbox`` not a str or Mailbox; ``items`` a single str (pass a
                tuple) or holding a non-str.
            ValueError: ``mailbox`` empty or holding NUL; ``items`` empty or
                naming an unknown item.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every
                command; ProtocolError also when the server sent no STATUS data.

        Example::

            status = await imap.status("INBOX", ("MESSAGES", "UNSEEN"))
            print(f"{status.unseen} of {status.messages} unread")
        """
        return await self._status_command(wire_mailbox_name(mailbox), self._status_items(items))

    def _status_items(self, items: Iterable[str]) -> tuple[str, ...]:
        """Validated STATUS items, each offered by the server (CapabilityError if not)."""
        names = _status.status_items(items)
        for name in names:
            if name in _status.ITEM_EXTENSIONS:
                self._require_capability(f"STATUS {name}", _status.ITEM_EXTENSIONS[name])
        return names

    async def namespace(self) -> Namespaces:
        """The server's namespaces (NAMESPACE, RFC 2342): the prefixes mailboxes live under.

        Returns:
            The personal, other users' and shared namespaces; groups the
            server has none of are empty tuples.

        Raises:
            CapabilityError: The server offers neither NAMESPACE nor
                IMAP4rev2 (which includes it). Nothing was sent.
            ProtocolError: The server answered BAD, or sent no NAMESPACE data.
            CommandError: The server refused.
            StateError: Not logged in.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            namespaces = await imap.namespace()
            personal = namespaces.personal[0]
            print(f"create folders under {personal.prefix!r}, separated by {personal.delimiter!r}")
        """
        self._check_allowed("NAMESPACE")
        self._require_capability("namespace()", "NAMESPACE", "IMAP4REV2")
        outcome = await self._run("NAMESPACE", collect=_namespace.COLLECT)
        raise_for_status("NAMESPACE", outcome)
        return _namespace.namespace_result(outcome)

    async def unselect(self) -> None:
        """Leave the selected mailbox without expunging anything (UNSELECT, RFC 3691).

        Unlike :meth:`unselect_and_expunge`, messages marked ``\\Deleted`` stay. Afterwards
        :attr:`state` is AUTHENTICATED and :attr:`selected` is None.

        Raises:
            StateError: No mailbox is selected, or the server offers neither
                UNSELECT nor IMAP4rev2. Nothing was sent: there is no safe
                substitute (CLOSE would expunge), so such a client may select
                another mailbox instead.
            CommandError: The server refused.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.select("INBOX")
            ...
            await imap.unselect()
        """
        self._check_allowed("UNSELECT")
        self._require_capability("unselect()", "UNSELECT", "IMAP4REV2")
        await self._deselect("UNSELECT")

    async def unselect_and_expunge(self) -> None:
        """**Expunge** the selected mailbox's ``\\Deleted`` messages, then leave it (CLOSE).

        This is IMAP's CLOSE command, named for what it does (as go-imap v2
        names it): :meth:`close` closes the connection.

        Warning: every message marked ``\\Deleted`` is permanently removed,
        silently (no EXPUNGE responses). Use :meth:`unselect` to leave the
        mailbox without removing anything. Nothing is removed when the
        mailbox was opened read-only. Afterwards :attr:`state` is
        AUTHENTICATED and :attr:`selected` is None.

        Raises:
            StateError: No mailbox is selected.
            CommandError: The server refused.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.select("Trash")
            await imap.unselect_and_expunge()   # empties \\Deleted messages from Trash
        """
        await self._deselect("CLOSE")

    async def check(self) -> None:
        """Ask the server to checkpoint the selected mailbox (CHECK).

        Servers that need no such housekeeping treat it as NOOP; IMAP4rev2
        (RFC 9051) drops the command.

        Raises:
            StateError: No mailbox is selected.
            CommandError: The server refused.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.check()
        """
        raise_for_status("CHECK", await self._run("CHECK"))

    async def _mailbox_command(self, name: str, mailbox: MailboxLike) -> None:
        outcome = await self._run(name, [mailbox_argument(mailbox)])
        raise_for_status(name, outcome)

    async def _status_command(self, mailbox: bytes, items: tuple[str, ...]) -> MailboxStatus:
        arguments: builtins.list[Argument] = [AString(mailbox), _status.status_item_list(items)]
        outcome = await self._run("STATUS", arguments, collect=_status.COLLECT)
        raise_for_status("STATUS", outcome)
        return _status.status_result(outcome, mailbox)

    async def _with_status(self, mailbox: Mailbox, items: tuple[str, ...]) -> Mailbox:
        """The mailbox with its counters from a STATUS of its own, where the server gives them."""
        if not mailbox.selectable:
            return mailbox
        try:
            # The raw name addresses even a mailbox whose name is malformed UTF-7.
            status = await self._status_command(mailbox.raw_name, items)
        except CommandError:
            return mailbox  # e.g. deleted since the LIST, as LIST-STATUS would omit it
        return dataclasses.replace(mailbox, status=status)

    async def _deselect(self, name: str) -> None:
        outcome = await self._run(name, exclusive=True)
        raise_for_status(name, outcome)
        self._selected = None
