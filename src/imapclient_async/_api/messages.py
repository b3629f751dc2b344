"""The STORE, COPY, MOVE, APPEND and EXPUNGE commands of :class:`~imapclient_async.Client`."""

from __future__ import annotations

import datetime
import email.message
from collections.abc import Callable, Iterable

from .._checks import require_bool, require_callback, require_int
from .._commands import append as _append
from .._commands import copy as _copy
from .._commands import expunge as _expunge
from .._commands import fetch as _fetch
from .._commands import search as _search
from .._commands import store as _store
from .._commands.mailbox_name import wire_mailbox_name
from .._commands.replies import raise_for_status
from .._commands.store import StoreMode
from .._proto import Argument, CommandOutcome
from .._session import Session
from ..errors import ProtocolError, StateError
from ..mailboxes import MailboxLike
from ..messages import AppendResult, CopyResult, ExpungeResult, StoreResult
from ..messageset import MessageSet, MessageSetLike, message_set_argument, names_no_message
from ..progress import ProgressCallback
from ..search import Query

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

        An empty ``messages`` (say, an empty search result) sends nothing
        and returns an empty result: no flags, and ``skipped`` empty (with
        ``unchanged_since``) or None. The arguments and the session state are
        still checked as if it were sent.

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
            TypeError: ``messages``, ``flags``, ``mode`` or
                ``unchanged_since`` has the wrong type, or ``silent`` or
                ``uid`` is not a bool.
            ValueError: An invalid flag, ``\\Recent`` (only the server sets
                it), no flags for ``"add"``/``"remove"``, an unknown ``mode``,
                a malformed message set, or a negative ``unchanged_since``.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            await imap.store("1:*", ["\\\\Seen"])
            result = await imap.store(42, "$Important", silent=False)
            print(result.flags[42])
        """
        require_bool(silent=silent, uid=uid)
        if unchanged_since is not None:
            require_int(unchanged_since=unchanged_since)
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
            For an empty ``messages`` nothing is sent (the state is still
            checked) and the result has empty ``source_uids``,
            ``destination_uids`` and ``mapping``, and ``uid_validity`` None.

        Raises:
            CommandError: The server refused; ``code`` ``"TRYCREATE"`` means
                the destination does not exist. Nothing was copied (RFC 3501
                6.4.7).
            StateError: No mailbox selected.
            TypeError, ValueError: ``messages`` or ``mailbox`` is invalid;
                TypeError: ``uid`` is not a bool.
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            result = await imap.copy([304, 319], "Archive")
            print(result.destination_uids)   # e.g. MessageSet('3956:3957')
        """
        require_bool(uid=uid)
        name = "UID COPY" if uid else "COPY"
        arguments = _copy.copy_arguments(messages, mailbox)
        outcome = await self._run(name, arguments)
        raise_for_status(name, outcome)
        return _copy.copy_result(outcome, copied_nothing=names_no_message(arguments))

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
            :class:`CopyResult`. For an empty ``messages`` nothing is sent
            and the result is empty, as for :meth:`copy`; the state and the
            capabilities are still checked.

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
            TypeError, ValueError: ``messages`` or ``mailbox`` is invalid;
                TypeError: ``uid`` is not a bool.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            result = await imap.move("1:10", "Archive", uid=False)
            print(len(result.mapping or {}), "messages moved")
        """
        require_bool(uid=uid)
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
        return _copy.copy_result(outcome, copied_nothing=names_no_message(arguments))

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
        dedup: bool = False,
        progress: ProgressCallback | None = None,
    ) -> AppendResult:
        """Add a message to a mailbox (APPEND).

        The message goes as a literal, without waiting for the server's ``+``
        when it offers LITERAL+.

        If the connection ends while the APPEND is under way, the error says
        whether the message was stored: :class:`AppendOutcomeUnknownError`
        when the whole command was sent and no reply came (it may have been),
        a plain :class:`ConnectionLostError` or :class:`IMAPTimeoutError`
        when it was not wholly sent (it was not: a server acts on complete
        commands only). After the first, reconnect, select the mailbox and
        repeat the call with ``dedup=True``.

        ``dedup=True`` makes the call safe to repeat. The message is
        recognised by its Message-ID header: if the mailbox holds a message
        (not flagged ``\\Deleted``) with exactly that Message-ID, nothing is
        appended and that message is returned (``already_present``). With
        UIDPLUS the mailbox is searched again after the APPEND: if an
        earlier copy turned up meanwhile (another client's, or an attempt
        whose outcome was unknown and that the server completed late), the
        new copy is flagged ``\\Deleted`` and expunged by its UID, so one
        copy remains (the lowest UID, which every such caller keeps). Without
        UIDPLUS only the search before appending is made: two calls racing
        each other can both append. The search sees what the server shows this
        session after a NOOP; GNU imap4d shows no more than the first message
        stored after SELECT, so there select the mailbox afresh before the
        call (as a reconnected retry does anyway). A message without a
        Message-ID is refused rather than given one: a new one on every retry
        would never be recognised.

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
            dedup: Append only if no message with this Message-ID is in the
                mailbox, which must be the selected one (read-write).
            progress: Called with a :class:`~imapclient_async.progress.Progress`
                as the message goes out, each time a slice of it (256 KiB at
                most) has been taken by the connection: ``done`` and ``total``
                count bytes of the message as sent. Not called when ``dedup``
                finds the message already there. An exception it raises
                stops the APPEND as a cancellation would: raised before the
                last report, it closes the connection with the message
                unsent (so not stored); raised at the last one, the whole
                message was sent, and the server may store it.

        Returns:
            The new message's UID when the server has UIDPLUS; see
            :class:`AppendResult`. With ``dedup``, the UID of the message
            found instead, if one was.

        Raises:
            AppendOutcomeUnknownError: The connection ended after the APPEND
                was sent, before its reply: the message may have been stored.
            CommandError: The server refused; ``code`` ``"TRYCREATE"`` means
                the mailbox does not exist, ``"OVERQUOTA"`` that it is full.
            StateError: Not logged in; with ``dedup``, ``mailbox`` is not
                the selected mailbox, or that is read-only. Nothing was sent.
            TypeError: An argument has the wrong type.
            ValueError: The message holds NUL bytes (they need RFC 3516
                literal8, not supported yet); a flag is invalid or
                ``\\Recent``; ``date`` is naive; with ``dedup``, the message
                has no Message-ID, an empty one, or several.
            ConnectionLostError, IMAPTimeoutError: The APPEND was not wholly
                sent, so nothing was stored. Else as for every command.
            ProtocolError: As for every command.

        Example::

            from email.message import EmailMessage

            draft = EmailMessage()
            draft["Subject"] = "Hello"
            draft.set_content("Hi Bob")
            result = await imap.append("Drafts", draft, flags=["\\\\Draft"])

            # Safe to repeat after AppendOutcomeUnknownError: stored at most once.
            await imap.select("Sent")
            sent = await imap.append("Sent", message_bytes, dedup=True)
            print(sent.uid, sent.already_present)
        """
        require_bool(dedup=dedup)
        require_callback(progress=progress)
        arguments = _append.append_arguments(mailbox, message, flags=flags, date=date)
        on_written = None if progress is None else _append.sent_progress(arguments, progress)
        if dedup:
            return await self._append_once(
                mailbox, _append.message_id(message), arguments, on_written
            )
        return await self._append(arguments, on_written)

    async def _append(
        self, arguments: list[Argument], on_written: Callable[[int, int], None] | None
    ) -> AppendResult:
        # Only the connection knows whether the command was wholly written
        # when the connection ended: it raises outcome_unknown's error then.
        outcome = await self._run(
            "APPEND", arguments, unanswered=_append.outcome_unknown, on_written=on_written
        )
        return _append.append_result(raise_for_status("APPEND", outcome))

    async def _append_once(
        self,
        mailbox: MailboxLike,
        message_id: str,
        arguments: list[Argument],
        on_written: Callable[[int, int], None] | None,
    ) -> AppendResult:
        selected = self._selected
        if selected is None or wire_mailbox_name(selected.mailbox) != wire_mailbox_name(mailbox):
            raise StateError(
                "append(dedup=True) searches the destination for the message: select() it first"
            )
        self._check_writable()
        present = await self._uids_with_message_id(message_id)
        if present:
            validity = self._selected.uid_validity if self._selected is not None else None
            return AppendResult(validity, present[0], already_present=True)
        appended = await self._append(arguments, on_written)
        if appended.uid is None or "UIDPLUS" not in self._capabilities:
            return appended
        # Another copy may have arrived meanwhile: a concurrent call's, or one
        # the server stored late for an attempt whose reply never came. Every
        # caller keeps the lowest UID and removes its own copy otherwise.
        earlier = [
            uid for uid in await self._uids_with_message_id(message_id) if uid < appended.uid
        ]
        if not earlier:
            return appended
        await self.store(appended.uid, ["\\Deleted"], uid=True)
        await self.expunge([appended.uid])
        return AppendResult(appended.uid_validity, earlier[0], already_present=True)

    async def _uids_with_message_id(self, message_id: str) -> list[int]:
        """The UIDs of the selected mailbox's messages (not ``\\Deleted``) with this Message-ID."""
        # Some servers (imap4d) search only the messages they have announced to
        # this session; NOOP has them announce the newly stored ones first.
        await self.noop()
        query = Query.header("Message-ID", message_id) & Query.undeleted()
        arguments = _search.search_arguments(
            query,
            esearch="ESEARCH" in self._capabilities,
            utf8_accepted="UTF8=ACCEPT" in self._enabled,
        )
        searched = await self._checked("UID SEARCH", arguments, _search.SEARCH_COLLECT)
        candidates = _search.search_result(searched, uid=True).ids
        if not candidates:
            return []
        arguments = _fetch.fetch_arguments(
            candidates,
            [_append.MESSAGE_ID_SECTION],
            self._capabilities,
            uid=True,
            changed_since=None,
        )
        fetched = await self._checked("UID FETCH", arguments, _fetch.COLLECT)
        return _append.uids_with_message_id(fetched, candidates, message_id)

    async def _checked(
        self, name: str, arguments: list[Argument], collect: frozenset[str]
    ) -> CommandOutcome:
        outcome = await self._run(name, arguments, collect=collect)
        raise_for_status(name, outcome)
        return outcome

    async def expunge(self, uids: MessageSetLike | None = None) -> ExpungeResult:
        """Remove messages flagged ``\\Deleted`` from the selected mailbox (EXPUNGE).

        Args:
            uids: None removes every message flagged ``\\Deleted``; given
                UIDs, only those of them that are flagged (UID EXPUNGE, needs
                UIDPLUS). An empty set removes nothing and sends nothing (the
                state and UIDPLUS are still checked).

        Returns:
            The removed messages: sequence numbers, or UIDs when QRESYNC is
            enabled; see :class:`ExpungeResult`. Empty (``()`` or an empty
            set) when nothing was removed.

        Raises:
            CommandError: The server refused.
            StateError: No mailbox selected, it is read-only, or ``uids`` was
                given but the server lacks UIDPLUS. Nothing was sent.
            TypeError, ValueError: ``uids`` is not a valid message set.
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
        self._check_allowed("STORE")
        if self._selected is not None and self._selected.read_only:
            raise StateError("the selected mailbox is read-only: select() it without readonly")
