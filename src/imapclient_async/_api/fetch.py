"""The FETCH, streamed and collected commands of :class:`~imapclient_async.Client`."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType

from .._checks import require_bool, require_callback
from .._commands import fetch as _fetch
from .._proto import UntaggedData
from .._session import Session
from .._stream import ResponseStream
from ..errors import ProtocolError
from ..fetch import FetchedMessage
from ..messageset import MessageSet, MessageSetLike
from ..progress import Progress, ProgressCallback

__all__ = ["FetchCommands", "FetchStream"]


class FetchStream:
    """The messages of one FETCH, converted as they arrive: an async iterator.

    Memory stays bounded however many messages match: the server's reply is
    read only as fast as the loop consumes it. The command is sent when
    iteration starts.

    **Do not send other commands from inside the loop** (from the task that
    iterates): their replies would queue behind the rest of this one, so
    they raise :class:`~imapclient_async.errors.StateError` instead. Collect
    what you need, or use :meth:`FetchCommands.fetch_all`, and act after the
    loop. Leaving the loop early (``break``, an exception) is fine: the rest
    of the reply is read and discarded in the background; ``async with`` or
    :meth:`aclose` waits for that, so that a stream kept in a variable does
    not hold up the next command.

    The server may mix in FETCH responses for messages it reports changed
    (new flags) while the command runs; they come out of the loop too, with
    just the items the server sent.

    Raises:
        CommandError, ProtocolError: At the end of the loop (after every
            message sent before it), if the server answered NO or BAD; a
            ProtocolError during the loop for a malformed response.
        StateError: Iteration started with no mailbox selected.

    Example::

        async with imap.fetch("1:*", ["FLAGS", "ENVELOPE"]) as messages:
            async for msg in messages:
                if msg.envelope is not None:
                    print(msg.uid, msg.envelope.subject)
    """

    def __init__(self, responses: ResponseStream, count: _MessageCount | None = None) -> None:
        self._responses = responses
        self._count = count

    def __aiter__(self) -> FetchStream:
        return self

    async def __anext__(self) -> FetchedMessage:
        responses = self._responses
        while True:
            try:
                response = responses.ready() or await responses.__anext__()
            except StopAsyncIteration:
                if self._count is not None:
                    self._count.finish()
                raise
            if isinstance(response, UntaggedData) and response.keyword == "FETCH":
                try:
                    message = _fetch.fetched_message(response)
                except ProtocolError:
                    # Let go of the connection now, not when the stream is collected.
                    await self._responses.aclose()
                    raise
                if self._count is not None:
                    self._count.arrived(message)
                return message

    async def __aenter__(self) -> FetchStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop iterating; returns once the rest of the reply has been read and discarded.

        Safe to call again.

        Raises:
            Nothing: errors of the abandoned command are not raised.

        Example::

            stream = imap.fetch("1:*", ["FLAGS"])
            first = await stream.__anext__()
            await stream.aclose()
        """
        await self._responses.aclose()


class _MessageCount:
    """A fetch's progress in messages: how many of those asked for have arrived."""

    def __init__(self, named: MessageSet, uid: bool, report: ProgressCallback) -> None:
        self._named = named
        self._uid = uid
        self._report = report
        self._total = None if named.has_star else len(named)
        self._done = 0
        self._finished = False

    def arrived(self, message: FetchedMessage) -> None:
        number = message.uid if self._uid else message.seq
        # A server may mix in updates about other messages, or a second
        # response about one already counted: neither moves progress past the end.
        if number in self._named and (self._total is None or self._done < self._total):
            self._done += 1
            self._report(Progress(self._done, self._total))

    def finish(self) -> None:
        # UIDs naming no message never arrive: the last report says what there was.
        if not self._finished and self._done != self._total:
            self._report(Progress(self._done, self._done))
        self._finished = True


class FetchCommands(Session):
    """FETCH, streamed and collected."""

    def fetch(
        self,
        messages: MessageSetLike,
        items: Sequence[str],
        *,
        uid: bool = True,
        changed_since: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> FetchStream:
        """Fetch data about messages (UID FETCH, or FETCH): an async iterator of results.

        Items are RFC 3501 / RFC 9051 fetch attributes, case-insensitive:
        ``"FLAGS"``, ``"UID"``, ``"ENVELOPE"``, ``"BODYSTRUCTURE"``, ``"BODY"``,
        ``"INTERNALDATE"``, ``"RFC822.SIZE"``, ``"RFC822"``, ``"RFC822.HEADER"``,
        ``"RFC822.TEXT"``, ``"MODSEQ"`` (needs CONDSTORE), sections such as
        ``"BODY.PEEK[]"``, ``"BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]"``,
        ``"BODY.PEEK[1.2]<0.1024>"`` (``BODY[...]`` without ``.PEEK`` sets
        ``\\Seen``), and ``"BINARY.PEEK[1]"``, ``"BINARY.SIZE[1]"`` (need
        BINARY, RFC 3516). Macros (ALL, FAST, FULL) are not accepted.
        Anything else is refused before sending. See :class:`FetchStream` for
        the rule on sending commands inside the loop.

        Args:
            messages: UIDs (``uid=True``) or sequence numbers, e.g. ``"1:*"``,
                ``[3, 5]``, ``range(1, 11)``.
            items: The fetch items; ``UID`` is added when ``uid`` is true.
            uid: Name messages by UID (UID FETCH) rather than sequence number.
            changed_since: Only messages whose mod-sequence is above this
                (``CHANGEDSINCE``, RFC 7162); their ``modseq`` is filled in.
            progress: Called with a :class:`~imapclient_async.progress.Progress`
                as messages arrive: ``done`` counts the messages of
                ``messages`` received so far, ``total`` is how many
                ``messages`` names (None when it reaches ``*``). UIDs that
                name no message never arrive, so when the reply ends a last
                report has ``total`` equal to ``done`` if they differed.

        Returns:
            A :class:`FetchStream` of :class:`~imapclient_async.fetch.FetchedMessage`.
            The command is sent on the first iteration. For an empty
            ``messages`` (an empty search result, say) nothing is sent and the
            stream yields nothing; the selected-mailbox check still applies.

        Raises:
            TypeError: ``items`` is a str rather than a list of them, or holds
                a non-str; ``messages`` is not message-set-like; ``uid`` is
                not a bool or ``changed_since`` not an int.
            ValueError: An item is not a fetch item, ``items`` is empty,
                ``messages`` is malformed, ``changed_since`` < 1.
            CapabilityError: An item or ``changed_since`` needs an extension
                the server does not offer (BINARY, CONDSTORE).
            StateError: (When iterating) no mailbox is selected.
            CommandError, ConnectionLostError, IMAPTimeoutError, ProtocolError:
                While iterating, as for every command.

        Example::

            async for msg in imap.fetch("1:*", ["FLAGS", "ENVELOPE"]):
                if msg.envelope is not None:  # None only if it could not be read
                    print(msg.uid, msg.flags, msg.envelope.subject)
        """
        require_bool(uid=uid)
        require_callback(progress=progress)
        count = None
        if progress is not None:
            messages = MessageSet(messages)  # read once: it may be an iterator
            count = _MessageCount(messages, uid, progress)
        name, arguments = _fetch.fetch_command(
            messages, items, self._capabilities, uid=uid, changed_since=changed_since
        )
        return FetchStream(self._stream(name, arguments, collect=_fetch.COLLECT), count)

    async def fetch_all(
        self,
        messages: MessageSetLike,
        items: Sequence[str],
        *,
        uid: bool = True,
        changed_since: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[FetchedMessage]:
        """Fetch data about messages and return it all at once, as a list.

        Like :meth:`fetch`, but collects: convenient for a few messages, and
        commands may follow right away. For many messages or large sections,
        iterate :meth:`fetch` instead, which holds one message at a time.

        Args:
            messages, items, uid, changed_since, progress: As for :meth:`fetch`.

        Returns:
            The messages in the order the server sent them; ``[]`` for an
            empty ``messages``, without sending anything.

        Raises:
            TypeError, ValueError, CapabilityError, StateError, CommandError,
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for :meth:`fetch`.

        Example::

            messages = await imap.fetch_all([1, 2, 3], ["FLAGS", "RFC822.SIZE"])
            total = sum(msg.size or 0 for msg in messages)
        """
        async with self.fetch(
            messages, items, uid=uid, changed_since=changed_since, progress=progress
        ) as stream:
            return [message async for message in stream]
