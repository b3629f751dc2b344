"""APPEND: the message as a literal, its flags and date, and ``[APPENDUID]`` in the reply."""

from __future__ import annotations

import datetime
import email.message
import email.parser
import email.policy
from collections.abc import Callable, Iterable, Sequence

from .._dates import MONTH_NAMES
from .._proto import Argument, AString, CommandOutcome, Literal, TaggedResponse, UntaggedData
from ..errors import AppendOutcomeUnknownError, IMAPError, ProtocolError
from ..mailboxes import MailboxLike
from ..messages import AppendResult
from ..messageset import MessageSet
from ..progress import Progress, ProgressCallback
from .fetch import fetched_message
from .mailbox_name import mailbox_argument
from .replies import number
from .store import flag_list_argument

__all__ = [
    "MESSAGE_ID_SECTION",
    "append_arguments",
    "append_result",
    "internal_date",
    "message_id",
    "outcome_unknown",
    "sent_progress",
    "uids_with_message_id",
]

# RFC 5322 wants CRLF line ends; the default policy writes "\n".
_CRLF_POLICY = email.policy.default.clone(linesep="\r\n")
# Header values as sent, without the default policy's parsing and rewriting.
_HEADER_PARSER = email.parser.BytesHeaderParser(policy=email.policy.compat32)

MESSAGE_ID_SECTION = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
"""The fetch item that shows a message's Message-ID header, to check a search's candidates."""


def append_arguments(
    mailbox: MailboxLike,
    message: bytes | email.message.EmailMessage,
    *,
    flags: str | Iterable[str],
    date: datetime.datetime | None,
) -> list[Argument]:
    """``mailbox [(flags)] ["date-time"] literal`` (RFC 3501 6.3.11).

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: The message holds NUL bytes, a flag is invalid, or
            ``date`` is naive.
    """
    arguments: list[Argument] = [mailbox_argument(mailbox)]
    flag_list = flag_list_argument(flags, allow_empty=True)
    if flag_list.items:
        arguments.append(flag_list)
    if date is not None:
        # The date-time contains spaces, so AString always sends it quoted.
        arguments.append(AString(internal_date(date)))
    arguments.append(Literal(_message_bytes(message)))
    return arguments


def internal_date(date: datetime.datetime) -> str:
    """``date`` as an IMAP date-time, e.g. ``24-Nov-2026 10:00:00 +0000`` (RFC 3501 9).

    Month names are always English (no locale); an offset with seconds is
    first converted to UTC, since the format has none.

    Raises:
        TypeError: ``date`` is not a datetime.
        ValueError: ``date`` is naive: without a time zone it names no instant.
    """
    if not isinstance(date, datetime.datetime):
        raise TypeError(f"date must be a datetime, not {type(date).__name__}")
    offset = date.utcoffset()
    if offset is None:
        raise ValueError("date must be timezone-aware, e.g. datetime.now(timezone.utc)")
    if offset.total_seconds() % 60:
        date, offset = date.astimezone(datetime.timezone.utc), datetime.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return (
        f"{date.day:2d}-{MONTH_NAMES[date.month - 1]}-{date.year:04d} "
        f"{date:%H:%M:%S} {sign}{hours:02d}{minutes:02d}"
    )


def _message_bytes(message: bytes | email.message.EmailMessage) -> bytes:
    if isinstance(message, email.message.EmailMessage):
        data = message.as_bytes(policy=_CRLF_POLICY)
    elif isinstance(message, bytes):
        data = message
    else:
        raise TypeError(f"message must be bytes or an EmailMessage, not {type(message).__name__}")
    if b"\x00" in data:
        raise ValueError(
            "message contains NUL bytes, which need a literal8 (RFC 3516 BINARY); "
            "this library cannot send those yet"
        )
    return data


def sent_progress(
    arguments: Sequence[Argument], progress: ProgressCallback
) -> Callable[[int, int], None]:
    """What turns the connection's ``(bytes written, bytes in the command)`` into
    :class:`Progress` in bytes of the message itself.

    The message is the command's last argument, followed only by the CRLF
    that ends the command, so the bytes before it are the rest.
    """
    message = arguments[-1]
    assert isinstance(message, Literal)
    size = len(message.data)

    def report(written: int, command_size: int) -> None:
        start = command_size - size - 2
        progress(Progress(min(max(written - start, 0), size), size))

    return report


def append_result(tagged: TaggedResponse) -> AppendResult:
    """The ``[APPENDUID validity uid]`` code of the tagged OK; None fields without it.

    Raises:
        ProtocolError: The code is malformed or names more than one UID.
    """
    code = tagged.code
    if code is None or code.name != "APPENDUID":
        return AppendResult(uid_validity=None, uid=None)
    if len(code.args) == 2 and isinstance(code.args[1], str):
        try:
            uids = MessageSet(code.args[1])
        except ValueError:
            uids = MessageSet()
        if not uids.has_star and len(uids) == 1:
            validity = number(code.args[0], "APPENDUID's UIDVALIDITY")
            return AppendResult(uid_validity=validity, uid=uids.ranges[0][0])
    raise ProtocolError(f"server sent a malformed [APPENDUID] code: [APPENDUID {code.raw}]")


def outcome_unknown(error: IMAPError) -> AppendOutcomeUnknownError:
    """The error for an APPEND that was wholly sent when ``error`` ended the connection."""
    return AppendOutcomeUnknownError(
        "the connection ended after APPEND was sent, before the server answered: "
        f"the message may or may not have been stored ({error})"
    )


def message_id(message: bytes | email.message.EmailMessage) -> str:
    """The message's Message-ID, e.g. ``<1234@example.org>``, without whitespace.

    Raises:
        TypeError: ``message`` is neither bytes nor an EmailMessage.
        ValueError: It has no Message-ID, an empty one, or more than one.
    """
    found = _message_ids(_message_bytes(message))
    if not found:
        raise ValueError(
            "append(dedup=True) recognises a message by its Message-ID, and this one has "
            "none: add one, e.g. message['Message-ID'] = email.utils.make_msgid(), and "
            "keep it for every retry"
        )
    if len(found) > 1:
        raise ValueError("the message has more than one Message-ID header, so dedup cannot work")
    if not found[0]:
        raise ValueError("the message's Message-ID header is empty, so dedup cannot work")
    return found[0]


def uids_with_message_id(outcome: CommandOutcome, candidates: MessageSet, wanted: str) -> list[int]:
    """The ``candidates`` whose Message-ID is exactly ``wanted``, sorted, from a FETCH.

    The FETCH asked for :data:`MESSAGE_ID_SECTION`.

    SEARCH HEADER matches a substring, ignoring case: only an exact match counts.

    Raises:
        ProtocolError: A FETCH response is malformed.
    """
    uids: set[int] = set()
    for response in outcome.untagged:
        if not isinstance(response, UntaggedData) or response.keyword != "FETCH":
            continue
        fetched = fetched_message(response)
        if fetched.uid is None or fetched.uid not in candidates:
            continue
        for key, value in fetched.sections.items():
            if key.startswith("HEADER.FIELDS") and value and wanted in _message_ids(value):
                uids.add(fetched.uid)
    return sorted(uids)


def _message_ids(data: bytes) -> list[str]:
    """Every Message-ID header's value in ``data``'s header, whitespace (folding) removed."""
    header = _HEADER_PARSER.parsebytes(data, headersonly=True)
    return ["".join(str(value).split()) for value in header.get_all("Message-ID", [])]
