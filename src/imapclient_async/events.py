"""Typed events for what the server reports without being asked.

An IMAP server may tell the client at any time that messages arrived, were
expunged or had their flags changed. The client applies these updates to
:attr:`Client.selected` and also hands each one, as one of the events below,
to every handler registered with :meth:`Client.add_event_handler`, so none is
lost.

Example::

    def on_event(event: Event) -> None:
        if isinstance(event, Exists):
            print(f"{event.count} messages now")

    remove = imap.add_event_handler(on_event)
    ...
    remove()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from .messageset import MessageSet

__all__ = ["Alert", "Bye", "Event", "Exists", "Expunge", "FlagsChanged", "Recent", "Vanished"]


@dataclass(frozen=True, slots=True)
class Exists:
    """The selected mailbox now holds ``count`` messages (``* n EXISTS``).

    Attributes:
        count: The new number of messages.

    Example::

        if isinstance(event, Exists):
            print(f"{event.count} messages now")
    """

    count: int


@dataclass(frozen=True, slots=True)
class Recent:
    """``count`` messages in the selected mailbox are ``\\Recent`` (``* n RECENT``).

    Attributes:
        count: The new number of recent messages.

    Example::

        if isinstance(event, Recent) and event.count:
            print("new mail")
    """

    count: int


@dataclass(frozen=True, slots=True)
class Expunge:
    """The message with sequence number ``seq`` was removed (``* n EXPUNGE``).

    Sequence numbers of later messages each drop by one.

    Attributes:
        seq: The sequence number the message had.

    Example::

        if isinstance(event, Expunge):
            print(f"message {event.seq} was removed; later ones moved down by one")
    """

    seq: int


@dataclass(frozen=True, slots=True)
class Vanished:
    """Messages with these UIDs were removed (``* VANISHED uid-set``).

    Servers report expunges this way, instead of ``* n EXPUNGE``, once
    QRESYNC (RFC 7162) is enabled. Resynchronisation reports
    (``VANISHED (EARLIER)``) answer a command and are not events.

    Attributes:
        uids: The UIDs of the removed messages, as the server sent them
            (ranges are never expanded).

    Example::

        if isinstance(event, Vanished):
            for uid in event.uids:
                cached_by_uid.pop(uid, None)
    """

    uids: MessageSet


@dataclass(frozen=True, slots=True)
class FlagsChanged:
    """A message's flags changed (an unsolicited ``* n FETCH (FLAGS ...)``).

    Attributes:
        seq: The message's sequence number.
        flags: Its complete new set of flags, e.g. ``frozenset({"\\\\Seen"})``.
        uid: Its UID when the server included it, else None.
        modseq: Its new mod-sequence (RFC 7162) when included, else None.

    Example::

        if isinstance(event, FlagsChanged) and "\\\\Seen" in event.flags:
            print(f"message {event.seq} was read")
    """

    seq: int
    flags: frozenset[str]
    uid: int | None
    modseq: int | None


@dataclass(frozen=True, slots=True)
class Alert:
    """A message the server says must be shown to the user (``[ALERT]``).

    Also logged as a warning on the ``imapclient_async`` logger.

    Attributes:
        text: The alert text.

    Example::

        if isinstance(event, Alert):
            show_to_user(event.text)
    """

    text: str


@dataclass(frozen=True, slots=True)
class Bye:
    """The server is closing the connection (``* BYE``).

    Commands still waiting then raise
    :class:`~imapclient_async.errors.ConnectionLostError`.

    Attributes:
        text: The server's reason, e.g. ``"Server shutting down."``.

    Example::

        if isinstance(event, Bye):
            print("server leaving:", event.text)
    """

    text: str


Event: TypeAlias = Exists | Recent | Expunge | Vanished | FlagsChanged | Alert | Bye
"""Any of the event types above."""
