"""Downloading one body section of :class:`~imapclient_async.Client` in bounded pieces."""

from __future__ import annotations

import inspect
from typing import Protocol

from .._checks import require_bool, require_callback, require_int
from .._commands import download as _download
from .._commands import fetch as _fetch
from .._commands.replies import raise_for_status
from .._session import Session
from .._transfer import TransferDecoder
from ..download import Download
from ..errors import CommandError, ProtocolError
from ..fetch import SinglePart
from ..progress import Progress, ProgressCallback

__all__ = ["DownloadCommands", "WritableSink"]

_DEFAULT_CHUNK_SIZE = 1024 * 1024


class WritableSink(Protocol):
    """Where :meth:`DownloadCommands.download` writes: a binary file, ``BytesIO``, or an
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


class DownloadCommands(Session):
    """One body section, streamed in pieces into a sink."""

    async def download(
        self,
        message: int,
        section: str | SinglePart,
        sink: WritableSink,
        *,
        uid: bool = True,
        decode: bool = False,
        binary: bool = False,
        offset: int = 0,
        chunk_size: int = _DEFAULT_CHUNK_SIZE,
        progress: ProgressCallback | None = None,
    ) -> Download:
        """Stream one (large) body section of one message into ``sink``.

        Fetches ``BODY.PEEK[section]<offset.chunk_size>`` again and again,
        writing each piece as it comes, until a piece is shorter than
        ``chunk_size``: only one piece is in memory at a time, whatever the
        section's size. ``\\Seen`` is not set.

        By default the bytes are the section as stored, in its
        Content-Transfer-Encoding (base64, say). ``decode=True`` writes the
        part's content instead: the library undoes base64 and
        quoted-printable as the pieces arrive. ``binary=True`` has the server
        do that (``BINARY.PEEK``, RFC 3516), which also sends fewer bytes.

        The first piece's FETCH also asks for the part's description
        (BODYSTRUCTURE, unless ``section`` is already a
        :class:`~imapclient_async.fetch.SinglePart`) and the section's size,
        so the result says what was downloaded and progress has a total,
        without a round trip of its own.

        Args:
            message: The message's UID (or sequence number if not ``uid``).
            section: A :class:`~imapclient_async.fetch.SinglePart` from the
                message's ``body_structure``, or a section spec: a part
                number such as ``"2"`` or ``"1.2"``, ``"TEXT"``,
                ``"HEADER"``, or ``""`` for the whole message. ``decode``
                and ``binary`` take parts only.
            sink: Anything with ``write(bytes)``: a file opened ``"wb"``, an
                ``io.BytesIO``, or an object whose ``write`` is a coroutine.
            uid: ``message`` is a UID rather than a sequence number.
            decode: Write the part's content, its transfer encoding undone by
                the library.
            binary: Write the part's content, decoded by the server (needs
                BINARY).
            offset: Start this many bytes into the section, counted in the
                bytes the server sends (as stored; decoded with ``binary``):
                to resume an interrupted download, pass the bytes already
                saved. Not with ``decode``, which must start at the start.
            chunk_size: Bytes asked for per FETCH.
            progress: Called with a :class:`~imapclient_async.progress.Progress`
                after each piece: ``done`` counts bytes as the server sends
                them (from ``offset``), ``total`` is the section's size in
                the same unit (the stored size, or the decoded size with
                ``binary``), so with ``decode`` both count encoded bytes
                and still compare. ``total`` is None for sections whose size
                the server does not report (``TEXT``, ``HEADER``). The last
                report, after the last piece, has ``total`` equal to ``done``.

        Returns:
            A :class:`~imapclient_async.download.Download`: the part
            described (``content_type``, ``filename``), the bytes written,
            and whether they are decoded. ``written`` is 0 for an empty or
            nonexistent section.

        Raises:
            TypeError: An argument has the wrong type: ``message``,
                ``offset`` and ``chunk_size`` take ints, ``section`` a str or
                SinglePart, ``uid``, ``decode`` and ``binary`` bools.
            ValueError: ``section`` is not a section, ``message``,
                ``offset`` or ``chunk_size`` is out of range, ``decode`` is
                combined with ``binary`` or an ``offset`` or a section that
                is not a part number (all before sending anything); or, from
                ``decode``, the part's base64 is damaged (what came before it
                was written).
            CapabilityError: ``binary`` but the server does not offer BINARY.
            StateError: No mailbox selected.
            CommandError: The server refused, or there is no such message
                (``code`` None, the text says so).
            ProtocolError: The server sent more than a piece's ``chunk_size``
                (it ignores partial fetches; what came before was written),
                or as for every command.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            message = (await imap.fetch_all([uid], ["BODYSTRUCTURE"]))[0]
            assert message.body_structure is not None
            for part in message.body_structure.walk():
                if isinstance(part, SinglePart) and part.filename:
                    with open(part.filename, "wb") as file:  # mind untrusted names
                        await imap.download(uid, part, file, decode=True)
        """
        require_int(message=message, offset=offset, chunk_size=chunk_size)
        require_bool(uid=uid, decode=decode, binary=binary)
        require_callback(progress=progress)
        for value, what in ((message, "message"), (chunk_size, "chunk_size")):
            if not 0 < value <= _fetch.NUMBER_MAX:
                raise ValueError(f"{what} must be between 1 and {_fetch.NUMBER_MAX}")
        if not 0 <= offset <= _fetch.NUMBER_MAX:
            raise ValueError(f"offset must be between 0 and {_fetch.NUMBER_MAX}")
        name, part = _download.section_name(section)
        _download.check_options(name, decode=decode, binary=binary, offset=offset)
        received = offset
        written = 0
        total: int | None = None
        decoder: TransferDecoder | None = None
        first = True
        while True:
            items = _download.piece_items(
                name,
                received,
                chunk_size,
                self._capabilities,
                binary=binary,
                first=first,
                described=part is not None,
            )
            command, arguments = _fetch.fetch_command(
                message, items, self._capabilities, uid=uid, changed_since=None
            )
            outcome = await self._run(command, arguments, collect=_fetch.COLLECT)
            raise_for_status(command, outcome)
            piece = _download.downloaded_piece(
                outcome.untagged, message, uid=uid, binary=binary, offset=received
            )
            if piece is None:
                raise CommandError(command, None, f"there is no message {message}")
            if len(piece.data) > chunk_size:
                # A server that ignores the range would send the section again
                # and again: writing it each time would never end.
                raise ProtocolError(
                    f"server sent {len(piece.data)} bytes of {name!r} when "
                    f"{chunk_size} were asked for: it ignores partial fetches"
                )
            if first:
                first = False
                part = part or _download.described_part(piece.about, name)
                total = _download.section_total(piece.about, name, part, binary=binary)
                if decode and part is not None:
                    decoder = TransferDecoder(part.encoding)
            received += len(piece.data)
            last = len(piece.data) < chunk_size
            data = piece.data
            if decoder is not None:
                data = decoder.feed(data) + (decoder.finish() if last else b"")
            if data:
                result = sink.write(data)
                if inspect.isawaitable(result):
                    await result
                written += len(data)
            if progress is not None:
                # At the end the size is known for certain, whatever the server said.
                progress(Progress(received, received if last else total))
            if last:
                decoded = binary or (decoder is not None and decoder.known)
                return Download(name, part, written, total, decoded=decoded)
