"""What :meth:`Client.download <imapclient_async.Client.download>` returns."""

from __future__ import annotations

from dataclasses import dataclass

from .fetch import SinglePart

__all__ = ["Download"]


@dataclass(frozen=True, slots=True)
class Download:
    """One downloaded body section: what it is, and how much was written.

    Attributes:
        section: The section downloaded, e.g. ``"2"``, ``"1.2"``, ``"TEXT"``,
            or ``""`` for the whole message.
        part: The body part the section names, as the message's
            BODYSTRUCTURE describes it (media type, file name, encoding,
            size); None when the section is not a single body part: the
            whole message, ``HEADER``, ``TEXT``, a multipart, or a part
            number the message does not have.
        written: Bytes written to the sink by this call: the content when
            ``decoded``, else the section as stored (starting at ``offset``).
        total: The section's size as the server gave it before sending it,
            in the unit of the download's progress: the part's
            transfer-encoded size (its decoded size with ``binary=True``);
            None when the server does not say (``TEXT``, ``HEADER``).
        decoded: True when the bytes written are the part's content (its
            Content-Transfer-Encoding undone, by the library with
            ``decode=True`` or by the server with ``binary=True``); False when
            they are the section as stored: without either, for a section
            that is not a single part, or for an encoding the library cannot
            undo (``x-uuencode``).

    Example::

        with open(part.filename or "attachment", "wb") as file:
            download = await imap.download(uid, part, file, decode=True)
        print(download.content_type, download.written)  # application/pdf 48213
    """

    section: str
    part: SinglePart | None
    written: int
    total: int | None
    decoded: bool

    @property
    def content_type(self) -> str | None:
        """The part's media type in lower case, e.g. ``"application/pdf"``;
        ``"message/rfc822"`` for the whole message; None for other sections."""
        if self.part is not None:
            return self.part.content_type
        return "message/rfc822" if self.section == "" else None

    @property
    def filename(self) -> str | None:
        """The part's file name (``filename`` or ``name`` parameter, RFC 2231
        and RFC 2047 decoded); None when it has none or is not a part."""
        return self.part.filename if self.part is not None else None
