"""The FETCH, streamed and collected commands of :class:`~imapclient_async.Client`."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from types import TracebackType
from typing import Protocol

from .._checks import require_bool, require_int
from .._commands import fetch as _fetch
from .._commands.replies import raise_for_status
from .._proto import Argument, UntaggedData
from .._session import Session
from .._stream import ResponseStream
from ..errors import CommandError, ProtocolError
from ..fetch import FetchedMessage
from ..messageset import MessageSetLike

__all__ = ["FetchCommands", "FetchStream", "WritableSink"]

_DEFAULT_CHUNK_SIZE = 1024 * 1024
_NUMBER_MAX = 2**32 - 1


class WritableSink(Protocol):
    """Where :meth:`FetchCommands.download` writes: a binary file, ``BytesIO``, or an
    object whose ``write`` is a coroutine (an async file, a stream writer wrapper).

    Example::

        class ToWriter:
            def __init__(self, writer: asyncio.StreamWriter) -> None:
                self.writer = writer

            async def write(self, data: bytes) -> None:
                self.writer.write(data)
                await self.writer.drain()
    """

    def write(self, data: bytes, /) -> object:
        """Take the next piece of data; may return an awaitable, which is awaited."""


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

    def __init__(self, responses: ResponseStream) -> None:
        self._responses = responses

    def __aiter__(self) -> FetchStream:
        return self

    async def __anext__(self) -> FetchedMessage:
        responses = self._responses
        while True:
            response = responses.ready() or await responses.__anext__()
            if isinstance(response, UntaggedData) and response.keyword == "FETCH":
                try:
                    return _fetch.fetched_message(response)
                except ProtocolError:
                    # Let go of the connection now, not when the stream is collected.
                    await self._responses.aclose()
                    raise

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


class FetchCommands(Session):
    """FETCH, streamed and collected."""

    def fetch(
        self,
        messages: MessageSetLike,
        items: Sequence[str],
        *,
        uid: bool = True,
        changed_since: int | None = None,
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
        name, arguments = self._fetch_command(messages, items, uid, changed_since)
        return FetchStream(self._stream(name, arguments, collect=_fetch.COLLECT))

    async def fetch_all(
        self,
        messages: MessageSetLike,
        items: Sequence[str],
        *,
        uid: bool = True,
        changed_since: int | None = None,
    ) -> list[FetchedMessage]:
        """Fetch data about messages and return it all at once, as a list.

        Like :meth:`fetch`, but collects: convenient for a few messages, and
        commands may follow right away. For many messages or large sections,
        iterate :meth:`fetch` instead, which holds one message at a time.

        Args:
            messages, items, uid, changed_since: As for :meth:`fetch`.

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
        async with self.fetch(messages, items, uid=uid, changed_since=changed_since) as stream:
            return [message async for message in stream]

    async def download(
        self,
        message: int,
        section: str,
        sink: WritableSink,
        *,
        uid: bool = True,
        binary: bool = False,
        chunk_size: int = _DEFAULT_CHUNK_SIZE,
    ) -> int:
        """Stream one (large) body section of one message into ``sink``.

        Fetches ``BODY.PEEK[section]<offset.chunk_size>`` again and again,
        writing each piece as it comes, until a piece is shorter than
        ``chunk_size``: only one piece is in memory at a time, whatever the
        section's size. Nothing is decoded: the bytes are the section as
        stored, in its Content-Transfer-Encoding (e.g. base64). With
        ``binary=True`` the server decodes instead (``BINARY.PEEK``, RFC 3516)
        and the bytes are the part's content. ``\\Seen`` is not set.

        Args:
            message: The message's UID (or sequence number if not ``uid``).
            section: The section, e.g. ``"2"`` or ``"1.2"`` (the ``part`` of a
                :class:`~imapclient_async.fetch.SinglePart`), ``"TEXT"``, or
                ``""`` for the whole message. BINARY takes part numbers only.
            sink: Anything with ``write(bytes)``: a file opened ``"wb"``, an
                ``io.BytesIO``, or an object whose ``write`` is a coroutine.
            uid: ``message`` is a UID rather than a sequence number.
            binary: Have the server undo the transfer encoding (needs BINARY).
            chunk_size: Bytes asked for per FETCH.

        Returns:
            The number of bytes written; 0 for an empty or nonexistent section.

        Raises:
            TypeError: An argument has the wrong type: ``message`` and
                ``chunk_size`` take ints, ``section`` a str, ``uid`` and
                ``binary`` bools.
            ValueError: ``section`` is not a section, or ``message``/``chunk_size``
                is out of range.
            CapabilityError: ``binary`` but the server does not offer BINARY.
            StateError: No mailbox selected.
            CommandError: The server refused, or there is no such message
                (``code`` None, the text says so).
            ConnectionLostError, IMAPTimeoutError, ProtocolError: As for every command.

        Example::

            with open("report.pdf", "wb") as file:
                await imap.download(uid, part.part, file, binary=True)
        """
        require_int(message=message, chunk_size=chunk_size)
        require_bool(uid=uid, binary=binary)
        for value, what in ((message, "message"), (chunk_size, "chunk_size")):
            if not 0 < value <= _NUMBER_MAX:
                raise ValueError(f"{what} must be between 1 and {_NUMBER_MAX}")
        written = 0
        while True:
            item = _fetch.partial_item(
                section, written, chunk_size, self._capabilities, binary=binary
            )
            name, arguments = self._fetch_command(message, [item], uid, None)
            outcome = await self._run(name, arguments, collect=_fetch.COLLECT)
            raise_for_status(name, outcome)
            chunk = _fetch.downloaded_piece(
                outcome.untagged, message, uid=uid, binary=binary, offset=written
            )
            if chunk is None:
                raise CommandError(name, None, f"there is no message {message}")
            if chunk:
                result = sink.write(chunk)
                if inspect.isawaitable(result):
                    await result
                written += len(chunk)
            if len(chunk) < chunk_size:
                return written

    def _fetch_command(
        self,
        messages: MessageSetLike,
        items: Sequence[str],
        uid: bool,
        changed_since: int | None,
    ) -> tuple[str, list[Argument]]:
        arguments = _fetch.fetch_arguments(
            messages, items, self._capabilities, uid=uid, changed_since=changed_since
        )
        return ("UID FETCH" if uid else "FETCH"), arguments
