"""What FETCH returns: messages, envelopes, addresses and body structures.

Every type is a frozen dataclass; text the server sent as bytes is decoded
(UTF-8, and RFC 2047 encoded words in subjects and display names), and an item
the server did not send is None, never a made-up default.
"""

from __future__ import annotations

import contextlib
import datetime
import email.message
import email.parser
import email.policy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias, Union

from ._proto import Value

if TYPE_CHECKING:
    from .message_view import MessageView

__all__ = [
    "Address",
    "BodyStructure",
    "Envelope",
    "FetchedMessage",
    "ItemProblem",
    "Multipart",
    "SinglePart",
]

_SPECIALS = '()<>[]:;@\\,."'


@dataclass(frozen=True, slots=True)
class Address:
    """One address of an :class:`Envelope` (RFC 3501 ``address``).

    RFC 5322 groups (``Team: a@x, b@y;``) appear as in RFC 3501: a start
    marker whose ``mailbox`` is the group's name and ``host`` is None, the
    members, then an end marker whose ``mailbox`` and ``host`` are both None.

    Attributes:
        name: The display name, RFC 2047 encoded words decoded
            (``"Chloé Durand"``); None when the address has none.
        mailbox: The local part (``"chloe"``); for a group start marker the
            group's name; None for a group end marker.
        host: The domain (``"example.fr"``); None for group markers.

    Example::

        if msg.envelope is not None and msg.envelope.from_:
            sender = msg.envelope.from_[0]
            print(sender.name, sender.email)   # Chloé Durand chloe@example.fr
    """

    name: str | None
    mailbox: str | None
    host: str | None

    @property
    def email(self) -> str | None:
        """``mailbox@host``, or None for a group marker (which has no host)."""
        if self.mailbox is None or self.host is None:
            return None
        return f"{self.mailbox}@{self.host}"

    @property
    def is_group_start(self) -> bool:
        """True for the marker opening a group; ``mailbox`` is the group's name."""
        return self.host is None and self.mailbox is not None

    @property
    def is_group_end(self) -> bool:
        """True for the marker closing a group."""
        return self.host is None and self.mailbox is None

    def __str__(self) -> str:
        """The address as a header would show it, e.g. ``Chloé <chloe@example.fr>``."""
        if self.is_group_start:
            return f"{self.mailbox}:"
        if self.is_group_end:
            return ";"
        address = self.email or ""
        if not self.name:
            return address
        name = self.name
        if any(special in name for special in _SPECIALS):  # RFC 5322 3.2.3: quote
            name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{name} <{address}>"


@dataclass(frozen=True, slots=True)
class Envelope:
    """A message's main header fields as the server parsed them (RFC 3501 ENVELOPE).

    Address fields are empty tuples when the header is absent. RFC 3501 has
    the server fill ``sender`` and ``reply_to`` from ``From`` when they are
    absent, so they are rarely empty.

    Attributes:
        date: The ``Date`` header as an aware datetime (``-0000`` is taken as
            UTC); None when it is absent or unparseable.
        subject: The ``Subject`` header, RFC 2047 decoded; None when absent.
        from_: The ``From`` addresses.
        sender: The ``Sender`` addresses.
        reply_to: The ``Reply-To`` addresses.
        to: The ``To`` addresses.
        cc: The ``Cc`` addresses.
        bcc: The ``Bcc`` addresses.
        in_reply_to: The ``In-Reply-To`` header as sent (``"<id@host>"``);
            None when absent.
        message_id: The ``Message-ID`` header as sent (``"<id@host>"``); None
            when absent.

    Example::

        envelope = msg.envelope
        if envelope is not None:
            print(envelope.date, envelope.subject, [a.email for a in envelope.to])
    """

    date: datetime.datetime | None
    subject: str | None
    from_: tuple[Address, ...]
    sender: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    bcc: tuple[Address, ...]
    in_reply_to: str | None
    message_id: str | None


@dataclass(frozen=True, slots=True)
class SinglePart:
    """A non-multipart body part of a BODYSTRUCTURE (RFC 3501 ``body-type-1part``).

    Type, subtype, encoding, disposition and parameter *names* are lower
    case, as :mod:`email` reports them; parameter values are as sent. Fields
    from the extension data (``md5`` onwards) are None when the server left
    them out, which it may (and always does for the ``BODY`` fetch item).

    Attributes:
        type: The media type, e.g. ``"text"``, ``"image"``, ``"message"``.
        subtype: The media subtype, e.g. ``"plain"``, ``"rfc822"``.
        params: The Content-Type parameters, e.g. ``{"charset": "utf-8"}``;
            empty when there are none.
        id: The ``Content-ID`` (``"<part1@host>"``); None when absent.
        description: The ``Content-Description``; None when absent.
        encoding: The ``Content-Transfer-Encoding``, e.g. ``"base64"``,
            ``"7bit"``; None only when the server sent NIL.
        size: The part's size in octets as transferred (before decoding);
            None only when the server sent no number.
        lines: The size in lines, for ``text/*`` and ``message/rfc822``
            parts only; None for others or when the server left it out.
        md5: The ``Content-MD5``; None when absent.
        disposition: The ``Content-Disposition`` type, e.g. ``"attachment"``,
            ``"inline"``; None when absent.
        disposition_params: Its parameters, e.g. ``{"filename": "a.pdf"}``.
        language: The ``Content-Language`` tags; None when absent.
        location: The ``Content-Location`` URI; None when absent.
        filename: The file name from the disposition's ``filename`` or else
            the type's ``name`` parameter, RFC 2231 (``filename*=utf-8''...``)
            and RFC 2047 encodings decoded; None when neither is there.
        part: The part number to fetch this part with, e.g. ``"1.2"`` for
            ``BODY.PEEK[1.2]`` (RFC 3501 6.4.5); ``"1"`` for a message that
            is not multipart.
        envelope: For ``message/rfc822`` (and ``message/global``) parts: the
            enclosed message's envelope; else None.
        body: For ``message/rfc822`` (and ``message/global``) parts: the
            enclosed message's structure; else None.
        extensions: Extension data after ``location`` that RFC 3501 leaves
            undefined, kept as decoded; usually empty.

    Example::

        if msg.body_structure is not None:
            for part in msg.body_structure.walk():
                if isinstance(part, SinglePart) and part.disposition == "attachment":
                    print(part.part, part.filename, part.size)
    """

    type: str
    subtype: str
    params: dict[str, str]
    id: str | None
    description: str | None
    encoding: str | None
    size: int | None
    lines: int | None
    md5: str | None
    disposition: str | None
    disposition_params: dict[str, str]
    language: tuple[str, ...] | None
    location: str | None
    filename: str | None
    part: str
    envelope: Envelope | None
    body: BodyStructure | None
    extensions: tuple[Value, ...]

    @property
    def content_type(self) -> str:
        """``type/subtype``, e.g. ``"text/plain"``."""
        return f"{self.type}/{self.subtype}"

    def walk(self) -> tuple[BodyStructure, ...]:
        """This part, then (for ``message/rfc822``) every part of the enclosed message."""
        return (self,) + (self.body.walk() if self.body is not None else ())


@dataclass(frozen=True, slots=True)
class Multipart:
    """A multipart body of a BODYSTRUCTURE (RFC 3501 ``body-type-mpart``).

    Fields from the extension data (``params`` onwards) are empty or None
    when the server left them out, as it always does for the ``BODY`` item.

    Attributes:
        type: Always ``"multipart"``.
        subtype: The subtype, lower case, e.g. ``"mixed"``, ``"alternative"``.
        children: The parts, in order. Empty only when the server describes
            an empty multipart (which RFC 3501 does not allow, but happens).
        params: The Content-Type parameters (e.g. ``{"boundary": "..."}``).
        disposition: The ``Content-Disposition`` type; None when absent.
        disposition_params: Its parameters.
        language: The ``Content-Language`` tags; None when absent.
        location: The ``Content-Location`` URI; None when absent.
        part: The part number of the multipart itself: ``""`` for a whole
            message that is multipart (fetch it as ``BODY.PEEK[]``), ``"2"``
            for a nested one; its children are ``"2.1"``, ``"2.2"`` ...
        extensions: Extension data after ``location``, kept as decoded.

    Example::

        body = msg.body_structure
        if isinstance(body, Multipart):
            print([child.content_type for child in body.children])
    """

    type: str
    subtype: str
    children: tuple[BodyStructure, ...]
    params: dict[str, str]
    disposition: str | None
    disposition_params: dict[str, str]
    language: tuple[str, ...] | None
    location: str | None
    part: str
    extensions: tuple[Value, ...]

    @property
    def content_type(self) -> str:
        """``multipart/subtype``, e.g. ``"multipart/mixed"``."""
        return f"{self.type}/{self.subtype}"

    def walk(self) -> tuple[BodyStructure, ...]:
        """This multipart, then every part below it, depth first, in order."""
        parts: tuple[BodyStructure, ...] = (self,)
        for child in self.children:
            parts += child.walk()
        return parts


# typing.Union rather than ``SinglePart | Multipart``: only its object takes a
# docstring, so help(BodyStructure) explains it instead of showing the generic
# help of a union. From Python 3.14, where the two are one, that help is lost.
BodyStructure: TypeAlias = Union[SinglePart, Multipart]  # noqa: UP007
"""A message's MIME structure: a :class:`SinglePart` or a :class:`Multipart` tree."""

with contextlib.suppress(AttributeError):
    BodyStructure.__doc__ = """A message's MIME structure: a SinglePart or a Multipart.

    A type alias, ``Union[SinglePart, Multipart]``: tell the two apart with
    ``isinstance``, which type checkers understand.

    * :class:`SinglePart`: one leaf part, such as text, an attachment or an
      enclosed message (whose own structure is its ``body``).
    * :class:`Multipart`: a container (``multipart/mixed``,
      ``multipart/alternative``...) whose ``children`` are BodyStructures again.

    Both have ``content_type`` (``"text/plain"``), ``part`` (the section
    number to fetch the part with, e.g. ``"1.2"``) and ``walk()``, which
    yields the part and every part below it, depth first.

    Example::

        if msg.body_structure is not None:
            for part in msg.body_structure.walk():
                if isinstance(part, SinglePart) and part.filename is not None:
                    print(part.part, part.filename, part.content_type, part.size)
    """


@dataclass(frozen=True, slots=True)
class ItemProblem:
    """An item of a server response that could not be read, and so was left unread.

    The library's reading policy (docs/reading-policy.md): a malformed item
    costs only that item. Its typed field stays None, its value as decoded
    stays in :attr:`FetchedMessage.raw`, and the problem is listed here and
    logged as a WARNING on the ``imapclient_async`` logger.

    Attributes:
        item: The item's upper-case name, e.g. ``"ENVELOPE"``.
        reason: What was wrong, e.g. ``"server sent '4x' where UID should be a number"``.
        data: The item's value as decoded (the same object as in ``raw``);
            None when the server sent the name without a value.

    Example::

        for problem in msg.problems:
            print(f"{problem.item} unreadable: {problem.reason}")
    """

    item: str
    reason: str
    data: Value


# Not slotted, unlike the other results: fields left at their default then
# cost nothing per message (the class holds the default), and _from_items can
# fill the rest in one step; a large FETCH builds one of these per message.
@dataclass(frozen=True)
class FetchedMessage:
    """One message's FETCH data (RFC 3501 ``msg-att``).

    Each field is None (or empty) when its item was not fetched: the server
    sends what was asked, plus items it volunteers such as FLAGS updates. A
    field is None too when the server sent its item in a form that cannot be
    read; then the item is in ``raw`` and in ``problems`` (see
    :class:`ItemProblem`), and every other item is still read.

    Attributes:
        seq: The message sequence number.
        uid: The UID (``UID`` item; always fetched by UID commands).
        flags: The flags, e.g. ``frozenset({"\\\\Seen", "$Important"})``.
        internal_date: When the server received the message (``INTERNALDATE``),
            an aware datetime in the offset the server gave.
        size: The size in octets (``RFC822.SIZE``).
        envelope: The parsed main header fields (``ENVELOPE``).
        body_structure: The MIME structure (``BODYSTRUCTURE``, or ``BODY``
            without extension data).
        sections: Fetched body sections, keyed by the section as in the
            server's reply, in upper case, without ``BODY[...]``: ``""`` for
            the whole message (``BODY.PEEK[]``, also ``RFC822``), ``"HEADER"``
            (also ``RFC822.HEADER``), ``"TEXT"`` (also ``RFC822.TEXT``),
            ``"1.2"``, ``"1.MIME"``, ``"HEADER.FIELDS (FROM SUBJECT)"``; a
            partial fetch adds its origin: ``"1.2<0>"``. A value is None when
            the server sent NIL (the section does not exist).
        binary: Sections fetched with ``BINARY``/``BINARY.PEEK`` (RFC 3516),
            content transfer decoding undone, keyed as ``sections``
            (``"1"``, ``"1<0>"``).
        modseq: The mod-sequence (``MODSEQ``, RFC 7162 CONDSTORE).
        gmail_message_id: Gmail's unique, unchanging message id
            (``X-GM-MSGID``), e.g. ``1278455344230334865``.
        gmail_thread_id: Gmail's conversation id (``X-GM-THRID``).
        gmail_labels: Gmail's labels (``X-GM-LABELS``), names decoded from
            modified UTF-7 like mailbox names; system labels keep their
            backslash, e.g. ``frozenset({"\\\\Inbox", "Überweisungen"})``.
        preview: A short plain-text preview of the message (``PREVIEW``,
            RFC 8970); None also when the server has none to give (NIL).
        email_id: The server's unchanging message id (``EMAILID``, RFC 8474
            OBJECTID), the same in every mailbox the message is in.
        thread_id: The server's thread id (``THREADID``, RFC 8474); None also
            when the server does not thread (NIL).
        save_date: When the message was saved into this mailbox
            (``SAVEDATE``, RFC 8514), an aware datetime; None also when the
            server cannot say (NIL).
        raw: Every item that has no field above, and every vendor or newer
            item (``X-GM-*``, ``PREVIEW``, ``EMAILID``, ``THREADID``,
            ``SAVEDATE``, which have one too), and every item that could not
            be read, keyed by its upper-case name, with its value as decoded
            (e.g. ``{"X-GM-LABELS": ["\\\\Inbox"]}``): nothing the server
            sent is dropped.
        problems: The items that could not be read (see :class:`ItemProblem`);
            empty when every item was read.

    Example::

        async for msg in imap.fetch("1:*", ["FLAGS", "ENVELOPE"]):
            subject = msg.envelope.subject if msg.envelope is not None else None
            print(msg.uid, subject, "\\\\Seen" in (msg.flags or ()))
    """

    seq: int
    uid: int | None = None
    flags: frozenset[str] | None = None
    internal_date: datetime.datetime | None = None
    size: int | None = None
    envelope: Envelope | None = None
    body_structure: BodyStructure | None = None
    sections: dict[str, bytes | None] = field(default_factory=dict)
    binary: dict[str, bytes | None] = field(default_factory=dict)
    modseq: int | None = None
    raw: dict[str, Value] = field(default_factory=dict)
    gmail_message_id: int | None = None
    gmail_thread_id: int | None = None
    gmail_labels: frozenset[str] | None = None
    preview: str | None = None
    email_id: str | None = None
    thread_id: str | None = None
    save_date: datetime.datetime | None = None
    problems: tuple[ItemProblem, ...] = ()

    @classmethod
    def _from_items(cls, items: dict[str, object]) -> FetchedMessage:
        """A message from its fields by name, as the FETCH reader collected them.

        ``items`` must hold ``seq``, ``sections``, ``binary`` and ``raw``;
        other fields default. Skips the frozen ``__init__``, which sets each of
        the 19 fields through ``object.__setattr__``: several times slower,
        and paid for every message of a large FETCH.
        """
        message = object.__new__(cls)
        message.__dict__.update(items)
        return message

    def message(self) -> email.message.EmailMessage:
        """The whole message parsed by :mod:`email` (``policy=email.policy.default``).

        Needs the whole message fetched: ``BODY.PEEK[]``, ``BODY[]`` or ``RFC822``.

        Returns:
            The parsed message; ``msg.message()["Subject"]`` is decoded text.

        Raises:
            ValueError: The whole message was not fetched, or the server sent NIL.

        Example::

            msg = (await imap.fetch_all(42, ["BODY.PEEK[]"]))[0]
            text = msg.message().get_body(("plain",))
            if text is not None:
                print(text.get_content())
        """
        parser = email.parser.BytesParser(policy=email.policy.default)
        parsed = parser.parsebytes(self._whole_message())
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed

    def view(self) -> MessageView:
        """The message ready to read: text, HTML, attachments, sender, date, subject.

        Needs the whole message fetched (``BODY.PEEK[]``, ``BODY[]`` or
        ``RFC822``). Nothing is parsed until a property of the view is read,
        so asking for views costs nothing until they are used. See
        :class:`~imapclient_async.message_view.MessageView`.

        Returns:
            A :class:`~imapclient_async.message_view.MessageView` of the message.

        Raises:
            ValueError: The whole message was not fetched, or the server sent NIL.

        Example::

            async for msg in imap.fetch("1:*", ["BODY.PEEK[]"]):
                view = msg.view()
                print(view.subject, view.date, [str(a) for a in view.from_])
                print(view.text or "")
                for attachment in view.attachments:
                    print(attachment.filename, attachment.content_type, attachment.size)
        """
        # Imported here: message_view builds on this module (Address).
        from .message_view import MessageView  # noqa: PLC0415

        return MessageView(self._whole_message())

    def _whole_message(self) -> bytes:
        whole = self.sections.get("")
        if whole is None:
            raise ValueError(
                "the whole message was not fetched: include 'BODY.PEEK[]' in the items"
            )
        return whole
