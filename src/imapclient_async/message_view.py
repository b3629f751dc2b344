"""A fetched message ready to read: its text, HTML, attachments, sender, date and subject.

:meth:`FetchedMessage.view() <imapclient_async.fetch.FetchedMessage.view>`
gives a :class:`MessageView` of a message fetched whole (``BODY.PEEK[]``).
It is built on the standard :mod:`email` package and parses nothing until a
property is first read, so fetching is not slowed; each property is worked
out once and kept.
"""

from __future__ import annotations

import datetime
import email.message
import email.parser
import email.policy
import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.headerregistry import AddressHeader
from functools import cached_property

from ._dates import MONTHS, zone
from .fetch import Address

__all__ = ["Attachment", "MessageView", "header_date"]


@dataclass(frozen=True, slots=True)
class Attachment:
    """One attachment of a :class:`MessageView`, its content decoded.

    Attributes:
        filename: The file name (``Content-Disposition`` ``filename``, else
            the ``Content-Type`` ``name``), RFC 2231 and RFC 2047 encodings
            decoded; None when the part has none.
        content_type: ``type/subtype`` in lower case, e.g. ``"application/pdf"``.
        content: The content, its transfer encoding (base64,
            quoted-printable) undone; for an attached message
            (``message/rfc822``) the whole enclosed message.
        disposition: ``"attachment"``, ``"inline"``, or None when the part
            has no ``Content-Disposition``.
        part: The part number, as the ``part`` of a
            :class:`~imapclient_async.fetch.SinglePart` has it:
            ``download(uid, attachment.part, ...)`` fetches the same part again.

    Example::

        for attachment in msg.view().attachments:
            print(attachment.filename, attachment.content_type, attachment.size)
    """

    filename: str | None
    content_type: str
    content: bytes = field(repr=False)
    disposition: str | None
    part: str

    @property
    def size(self) -> int:
        """The size of the decoded content, in bytes (``len(content)``)."""
        return len(self.content)


@dataclass(frozen=True)
class MessageView:
    """A whole message, parsed on demand by :mod:`email` into what a reader wants.

    Get one with :meth:`FetchedMessage.view()
    <imapclient_async.fetch.FetchedMessage.view>`. Nothing is parsed until a
    property is read; each is computed once. Header fields that are absent
    read as None (or an empty tuple), and so do ones too malformed to read;
    every header stays available through :attr:`message`.

    Attributes:
        source: The message exactly as fetched (RFC 5322 bytes).

    Example::

        async for msg in imap.fetch("1:*", ["BODY.PEEK[]"]):
            view = msg.view()
            print(view.date, view.from_, view.subject)
            print(view.text or view.html or "")
            for attachment in view.attachments:
                # The sender chose the name: keep no directory part of it.
                name = os.path.basename(attachment.filename or "") or "unnamed"
                with open(name, "wb") as file:
                    file.write(attachment.content)
    """

    source: bytes = field(repr=False)

    def __repr__(self) -> str:
        return f"MessageView(<{len(self.source)} bytes>)"

    @cached_property
    def message(self) -> email.message.EmailMessage:
        """The parsed message (:mod:`email`, ``policy=email.policy.default``), for anything else."""
        parsed = email.parser.BytesParser(policy=email.policy.default).parsebytes(self.source)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed

    @cached_property
    def subject(self) -> str | None:
        """The ``Subject``, RFC 2047 encoded words decoded; None when absent."""
        subject = self.message.get("Subject")
        return None if subject is None else str(subject)

    @cached_property
    def date(self) -> datetime.datetime | None:
        """The ``Date`` as an aware datetime (``-0000`` as UTC); None when absent or unreadable."""
        return header_date(self.message.get("Date"))

    @cached_property
    def from_(self) -> tuple[Address, ...]:
        """The ``From`` addresses, as in an Envelope (groups with their markers); may be empty."""
        return self._addresses("From")

    @cached_property
    def to(self) -> tuple[Address, ...]:
        """The ``To`` addresses; empty when absent."""
        return self._addresses("To")

    @cached_property
    def cc(self) -> tuple[Address, ...]:
        """The ``Cc`` addresses; empty when absent."""
        return self._addresses("Cc")

    @cached_property
    def text(self) -> str | None:
        """The plain-text body, decoded to str with ``"\\n"`` line ends; None when there is none.

        The part :mod:`email` picks as the ``text/plain`` body (not an
        attachment). A charset Python does not know is read as UTF-8, with
        undecodable bytes replaced.
        """
        return _content(self._text_part)

    @cached_property
    def html(self) -> str | None:
        """The HTML body, decoded as :attr:`text` is; None when the message has none."""
        return _content(self._html_part)

    @cached_property
    def attachments(self) -> tuple[Attachment, ...]:
        """The attachments, in order: every part but the text and HTML bodies that
        is marked as an attachment, has a file name, or is not text (an inline
        image, an attached message). Empty when there are none."""
        bodies = [body for body in (self._text_part, self._html_part) if body is not None]
        found: list[Attachment] = []
        for number, part in _leaves(self.message, ""):
            if any(part is body for body in bodies):
                continue
            disposition = part.get_content_disposition()
            filename = part.get_filename()
            if disposition == "attachment" or filename is not None or not _is_text(part):
                found.append(
                    Attachment(
                        filename=filename,
                        content_type=part.get_content_type(),
                        content=_decoded(part),
                        disposition=disposition,
                        part=number,
                    )
                )
        return tuple(found)

    @cached_property
    def _text_part(self) -> email.message.EmailMessage | None:
        return self._body("plain")

    @cached_property
    def _html_part(self) -> email.message.EmailMessage | None:
        return self._body("html")

    def _body(self, subtype: str) -> email.message.EmailMessage | None:
        part = self.message.get_body(preferencelist=(subtype,))
        if part is None or part.get_content_type() != f"text/{subtype}":
            return None
        assert isinstance(part, email.message.EmailMessage)
        return part

    def _addresses(self, name: str) -> tuple[Address, ...]:
        header = self.message.get(name)
        if not isinstance(header, AddressHeader):
            return ()
        addresses: list[Address] = []
        for group in header.groups:
            if group.display_name is not None:  # RFC 3501's group start marker
                addresses.append(Address(None, group.display_name, None))
            addresses += [
                Address(member.display_name or None, member.username, member.domain)
                for member in group.addresses
            ]
            if group.display_name is not None:
                addresses.append(Address(None, None, None))
        return tuple(addresses)


def header_date(value: str | None) -> datetime.datetime | None:
    """A ``Date`` header's text as an aware datetime; None when empty or unreadable.

    RFC 5322 3.3: ``-0000`` says the time is UTC but the sender's zone is
    unknown, so it becomes UTC.

    Example::

        >>> header_date("Mon, 23 Nov 2026 10:00:00 -0000")
        datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone.utc)
    """
    if not value:
        return None
    common = _COMMON_DATE.fullmatch(value)
    if common is None or common.group("offset") == "-0000":
        return _any_header_date(value)
    day, month, year, hour, minute, second, offset = common.groups()
    try:
        return datetime.datetime(
            int(year), MONTHS[month.upper()], int(day), int(hour), int(minute), int(second or 0),
            tzinfo=zone(offset),
        )  # fmt: skip
    except ValueError:
        return None  # 31 Feb, an offset of a day: as email.utils would answer


def _any_header_date(value: str) -> datetime.datetime | None:
    """Any date email.utils can read (obsolete forms, zone names), else None."""
    try:
        parsed = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.timezone.utc)


# RFC 5322 3.3 date-time as nearly every mailer writes it, read without
# email.utils (five times faster: a large FETCH of ENVELOPEs reads thousands);
# anything else (obsolete forms, zone names, comments, -0000) goes to email.utils.
_COMMON_DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?([0-9]{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9][0-9]{3}) "
    r"([0-9]{2}):([0-9]{2})(?::([0-9]{2}))? (?P<offset>[+-][0-9]{4})"
)


def _leaves(
    part: email.message.EmailMessage, number: str
) -> Iterator[tuple[str, email.message.EmailMessage]]:
    """The non-multipart parts under ``part`` with their IMAP part numbers (RFC 3501 6.4.5)."""
    if part.get_content_maintype() != "multipart":
        yield number or "1", part  # a message that is not multipart has only part 1
        return
    for index, child in enumerate(part.iter_parts(), 1):
        assert isinstance(child, email.message.EmailMessage)
        yield from _leaves(child, f"{number}.{index}" if number else str(index))


def _is_text(part: email.message.EmailMessage) -> bool:
    return part.get_content_maintype() == "text"


def _decoded(part: email.message.EmailMessage) -> bytes:
    if part.get_content_maintype() == "message":
        enclosed = part.get_payload(0)
        assert isinstance(enclosed, email.message.Message)
        return enclosed.as_bytes()
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _content(part: email.message.EmailMessage | None) -> str | None:
    if part is None:
        return None
    try:
        content = part.get_content()
    except LookupError:  # a charset Python does not know
        content = _decoded(part).decode("utf-8", errors="replace")
    assert isinstance(content, str)
    # Mail travels with CRLF line ends; Python text has "\n".
    return content.replace("\r\n", "\n")
