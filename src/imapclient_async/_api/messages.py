"""The STORE, COPY, MOVE, APPEND and EXPUNGE commands of :class:`~imapclient_async.Client`."""

from __future__ import annotations

import datetime
import email.message
from collections.abc import Iterable

from .._commands import append as _append
from .._commands import copy as _copy
from .._commands import expunge as _expunge
from .._commands import store as _store
from .._commands.replies import raise_for_status
from .._commands.store import StoreMode
from .._proto import Argument
from .._session import Session
from ..errors import ProtocolError, StateError
from ..mailboxes import MailboxLike
from ..messages import AppendResult, CopyResult, ExpungeResult, StoreResult
from ..messageset import MessageSet, MessageSetLike, message_set_argument

__all__ = ["MessageCommands"]


class MessageCommands(Session):
    """STORE, COPY, MOVE, APPEND and EXPUNGE."""

    async def store(
        self,
        messages: MessageSetLike,
        flags: str | Iterable[str],
        *,
        mode: StoreMode = "add",
        silent: bool = True,
        uid: bool = True,
        unchanged_since: int | None = None,
    ) -> StoreResult:
        """Add, remove or replace flags of messages in the selected mailbox (STORE).

        Flags are system flags such as ``\\Seen``, ``\\Flagged``,
        ``\\Deleted``, or keywords such as ``$Label1``; each must be a valid
        IMAP atom. A single str is one flag.

        Args:
            messages: The messages: UIDs (``uid=True``, the default) or
                sequence numbers; see :class:`~imapclient_async.MessageSet`.
            flags: The flags to add, remove or set.
            mode: ``"add"`` (``+FLAGS``), ``"remove"`` (``-FLAGS``) or
                ``"replace"`` (``FLAGS``: the messages end with exactly these;
                an empty list clears every flag).
            silent: Ask the server not to report the new flags (``.SILENT``);
                False fills :attr:`StoreResult.flags`.
            uid: ``messages`` are UIDs (UID STORE), not sequence numbers.
            unchanged_since: A mod-sequence (RFC 7162 CONDSTORE): change only
                messages not modified since; the others are reported in
                :attr:`StoreResult.skipped`.

        Returns:
            The new flags (unless ``silent``) and the skipped messages.

        Raises:
            CommandError: The server refused.
            StateError: No mailbox selected, it is read-only, or
                ``unchanged_since`` was given but the server lacks CONDSTORE.
                Nothing was sent.
            TypeError: ``messages`` or ``flags`` has the wrong type.
            ValueError: An invalid flag, ``\\Recent`` (only the server sets
                it), no flags for ``"add"``/``"remove"``, an unknown ``mode``,
                an empty message set, or a negative ``unchanged_since``.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.store("1:*", ["\\\\Seen"])
            result = await imap.store(42, "$Important", silent=False)
            print(result.flags[42])
        """
        message_set = MessageSet(messages)
        arguments = _store.store_arguments(
            message_set, flags, mode=mode, silent=silent, unchanged_since=unchanged_since
        )
        if unchanged_since is not None:
            self._require_capability("unchanged_since", "CONDSTORE")
        name = "UID STORE" if uid else "STORE"
        outcome = await self._run(
            name, arguments, collect=_store.COLLECT, check=self._check_writable
        )
        raise_for_status(name, outcome)
        return _store.store_result(
            outcome, message_set, uid=uid, conditional=unchanged_since is not None
        )

    async def add_flags(
        self,
        messages: MessageSetLike,
        flags: str | Iterable[str],
        *,
        silent: bool = True,
        uid: bool = True,
        unchanged_since: int | None = None,
    ) -> StoreResult:
        """Add flags to messages: :meth:`store` with ``mode="add"``.

        Raises:
            CommandError, StateError, TypeError, ValueError: As for :meth:`store`.

        Example::

            await imap.add_flags([3, 4], ["\\\\Seen", "$Done"])
        """
        return await self.store(
            messages, flags, mode="add", silent=silent, uid=uid, unchanged_since=unchanged_since
        )

    async def remove_flags(
        self,
        messages: MessageSetLike,
        flags: str | Iterable[str],
        *,
        silent: bool = True,
        uid: bool = True,
        unchanged_since: int | None = None,
    ) -> StoreResult:
        """Remove flags from messages: :meth:`store` with ``mode="remove"``.

        Raises:
            CommandError, StateError, TypeError, ValueError: As for :meth:`store`.

        Example::

            await imap.remove_flags(7, "\\\\Seen")   # mark unread
        """
        return await self.store(
            messages, flags, mode="remove", silent=silent, uid=uid, unchanged_since=unchanged_since
        )

    async def set_flags(
        self,
        messages: MessageSetLike,
        flags: str | Iterable[str],
        *,
        silent: bool = True,
        uid: bool = True,
        unchanged_since: int | None = None,
    ) -> StoreResult:
        """Replace all flags of messages: :meth:`store` with ``mode="replace"``.

        An empty ``flags`` clears every flag.

        Raises:
            CommandError, StateError, TypeError, ValueError: As for :meth:`store`.

        Example::

            await imap.set_flags(7, ["\\\\Seen", "\\\\Answered"])
        """
        return await self.store(
            messages, flags, mode="replace", silent=silent, uid=uid, unchanged_since=unchanged_since
        )

    async def copy(
        self, messages: MessageSetLike, mailbox: MailboxLike, *, uid: bool = True
    ) -> CopyResult:
        """Copy messages from the selected mailbox to another (COPY).

        Args:
            messages: The messages: UIDs (``uid=True``, the default) or
                sequence numbers.
            mailbox: The destination; any characters work, as for
                :meth:`select`.
            uid: ``messages`` are UIDs (UID COPY), not sequence numbers.

        Returns:
            The copies' UIDs when the server has UIDPLUS; see :class:`CopyResult`.

        Raises:
            CommandError: The server refused; ``code`` ``"TRYCREATE"`` means
                the destination does not exist. Nothing was copied (RFC 3501
                6.4.7).
            StateError: No mailbox selected.
            TypeError, ValueError: ``messages`` or ``mailbox`` is invalid.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            result = await imap.copy([304, 319], "Archive")
            print(result.destination_uids)   # e.g. MessageSet('3956:3957')
        """
        name = "UID COPY" if uid else "COPY"
        arguments = _copy.copy_arguments(messages, mailbox)
        outcome = await self._run(name, arguments)
        raise_for_status(name, outcome)
        return _copy.copy_result(outcome)

    async def move(
        self, messages: MessageSetLike, mailbox: MailboxLike, *, uid: bool = True
    ) -> CopyResult:
        """Move messages from the selected mailbox to another (MOVE, RFC 6851).

        Without the MOVE capability this copies, then flags exactly the
        copied messages ``\\Deleted`` and removes exactly them with UID
        EXPUNGE (UIDPLUS). A plain EXPUNGE is never used: it would also remove
        messages that someone else flagged ``\\Deleted`` and meant to keep
        for now. A server with neither MOVE nor UIDPLUS is refused before
        anything is sent.

        Args:
            messages: The messages: UIDs (``uid=True``, the default) or
                sequence numbers.
            mailbox: The destination; any characters work, as for
                :meth:`select`.
            uid: ``messages`` are UIDs (UID MOVE), not sequence numbers.

        Returns:
            The moved messages' new UIDs when the server has UIDPLUS; see
            :class:`CopyResult`.

        Raises:
            CommandError: The server refused; ``code`` ``"TRYCREATE"`` means
                the destination does not exist. Without MOVE, a refusal after
                the copy (of the STORE or UID EXPUNGE) leaves the copies in
                place and the originals there too, possibly flagged
                ``\\Deleted``.
            StateError: No mailbox selected, it is read-only, or the server
                has neither MOVE nor UIDPLUS. Nothing was sent.
            ProtocolError: Without MOVE: the server copied but did not say
                which UIDs it copied (no COPYUID), so the originals were left
                in place. Else as for every command.
            TypeError, ValueError: ``messages`` or ``mailbox`` is invalid.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            result = await imap.move("1:10", "Archive", uid=False)
            print(len(result.mapping or {}), "messages moved")
        """
        arguments = _copy.copy_arguments(messages, mailbox)
        if "MOVE" not in self._capabilities:
            return await self._move_by_copy(messages, mailbox, uid=uid)
        name = "UID MOVE" if uid else "MOVE"
        # Exclusive: the EXPUNGEs MOVE sends renumber messages under any
        # sequence-number command sent alongside.
        outcome = await self._run(
            name, arguments, collect=_copy.MOVE_COLLECT, exclusive=True, check=self._check_writable
        )
        raise_for_status(name, outcome)
        return _copy.copy_result(outcome)

    async def _move_by_copy(
        self, messages: MessageSetLike, mailbox: MailboxLike, *, uid: bool
    ) -> CopyResult:
        self._check_writable()  # a read-only mailbox is the first thing to say
        # Without UIDPLUS only a plain EXPUNGE is left, which would also remove
        # messages someone else flagged \Deleted: refuse instead.
        self._require_capability("moving without MOVE", "UIDPLUS")
        copied = await self.copy(messages, mailbox, uid=uid)
        # The COPYUID source set names exactly the messages the server copied,
        # as UIDs even for uid=False, so no sequence number is turned into a
        # UID by a second command whose view could differ; unlike the caller's
        # set, it cannot reach a message that arrived after the copy (``5:*``).
        if copied.source_uids is None:
            raise ProtocolError(
                "server copied but sent no COPYUID, so which messages to delete is "
                "unknown; the originals were left in place",
                command="UID COPY" if uid else "COPY",
            )
        await self.store(copied.source_uids, ["\\Deleted"], uid=True)
        await self.expunge(copied.source_uids)
        return copied

    async def append(
        self,
        mailbox: MailboxLike,
        message: bytes | email.message.EmailMessage,
        *,
        flags: str | Iterable[str] = (),
        date: datetime.datetime | None = None,
    ) -> AppendResult:
        """Add a message to a mailbox (APPEND).

        The message goes as a literal, without waiting for the server's ``+``
        when it offers LITERAL+.

        Args:
            mailbox: The destination; any characters work, as for
                :meth:`select`.
            message: The message: RFC 5322 bytes, sent exactly as given (use
                CRLF line ends), or an :class:`email.message.EmailMessage`,
                serialised with CRLF line ends.
            flags: Flags the message gets, e.g. ``["\\\\Seen"]``.
            date: The message's internal date (when it arrived), as a
                timezone-aware datetime; None lets the server use the current
                time.

        Returns:
            The new message's UID when the server has UIDPLUS; see
            :class:`AppendResult`.

        Raises:
            CommandError: The server refused; ``code`` ``"TRYCREATE"`` means
                the mailbox does not exist, ``"OVERQUOTA"`` that it is full.
            StateError: Not logged in.
            TypeError: An argument has the wrong type.
            ValueError: The message holds NUL bytes (they need RFC 3516
                literal8, not supported yet); a flag is invalid or
                ``\\Recent``; ``date`` is naive.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            from email.message import EmailMessage

            draft = EmailMessage()
            draft["Subject"] = "Hello"
            draft.set_content("Hi Bob")
            result = await imap.append("Drafts", draft, flags=["\\\\Draft"])
        """
        arguments = _append.append_arguments(mailbox, message, flags=flags, date=date)
        outcome = await self._run("APPEND", arguments)
        return _append.append_result(raise_for_status("APPEND", outcome))

    async def expunge(self, uids: MessageSetLike | None = None) -> ExpungeResult:
        """Remove messages flagged ``\\Deleted`` from the selected mailbox (EXPUNGE).

        Args:
            uids: None removes every message flagged ``\\Deleted``; given
                UIDs, only those of them that are flagged (UID EXPUNGE, needs
                UIDPLUS).

        Returns:
            The removed messages: sequence numbers, or UIDs when QRESYNC is
            enabled; see :class:`ExpungeResult`.

        Raises:
            CommandError: The server refused.
            StateError: No mailbox selected, it is read-only, or ``uids`` was
                given but the server lacks UIDPLUS. Nothing was sent.
            TypeError, ValueError: ``uids`` is not a valid, non-empty message set.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.add_flags(uid, "\\\\Deleted")
            result = await imap.expunge([uid])
        """
        arguments: list[Argument] = []
        name = "EXPUNGE"
        if uids is not None:
            name, arguments = "UID EXPUNGE", [message_set_argument(uids)]
            self._require_capability("expunging chosen UIDs", "UIDPLUS")
        # Exclusive: expunges renumber messages under any sequence-number
        # command sent alongside (RFC 3501 5.5).
        outcome = await self._run(
            name, arguments, collect=_expunge.COLLECT, exclusive=True, check=self._check_writable
        )
        raise_for_status(name, outcome)
        return _expunge.expunge_result(outcome, qresync="QRESYNC" in self._enabled)

    def _check_writable(self) -> None:
        self._check_selected()
        if self._selected is not None and self._selected.read_only:
            raise StateError("the selected mailbox is read-only: select() it without readonly")
