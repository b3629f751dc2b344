"""What a corpus case is, and how one is run through the library as the Client runs it.

A :class:`Case` holds the bytes one server sent in answer to one command (or
unasked), where those bytes were published, and the typed value the library
must read from them. :func:`run` feeds the bytes to the decoder and hands the
responses to the same reply parser the Client's coroutine for that command
uses, with the same split between the untagged responses the command collects
and those that become events. :func:`assert_matches` compares typed values
field by field, so a failure names the field that differs.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from imapclient_async import (
    Address,
    Envelope,
    FetchedMessage,
    Greeting,
    LoginResult,
    LogoutResult,
    MailboxStatus,
    MessageSet,
    SelectResult,
    SinglePart,
)
from imapclient_async._commands import append as _append
from imapclient_async._commands import capability as _capability
from imapclient_async._commands import copy as _copy
from imapclient_async._commands import expunge as _expunge
from imapclient_async._commands import extensions as _extensions
from imapclient_async._commands import fetch as _fetch
from imapclient_async._commands import list as _list
from imapclient_async._commands import namespace as _namespace
from imapclient_async._commands import quota as _quota
from imapclient_async._commands import search as _search
from imapclient_async._commands import select as _select
from imapclient_async._commands import status as _status
from imapclient_async._commands import store as _store
from imapclient_async._commands.replies import raise_for_status
from imapclient_async._commands.unsolicited import event_for
from imapclient_async._connection import CommandOutcome
from imapclient_async._proto import (
    ContinuationRequest,
    Response,
    ResponseParser,
    StatusResponse,
    TaggedResponse,
    UntaggedData,
)
from imapclient_async.errors import ConnectionLostError, ProtocolError
from imapclient_async.events import Alert, Event

__all__ = [
    "Case",
    "Raises",
    "WithNewFields",
    "address",
    "assert_matches",
    "envelope",
    "message",
    "part",
    "run",
    "selected",
]

GREETING = "(greeting)"
"""The command of a case that is the server's first words on a new connection."""
UNSOLICITED = "(unsolicited)"
"""The command of a case the server sent without being asked (e.g. during IDLE)."""


@dataclass(frozen=True)
class Case:
    """One real server response and what the library must make of it.

    Attributes:
        id: A unique, stable name, e.g. ``"gmail-fetch-labels"``.
        server: The server that sent it (``"Gmail"``, ``"Dovecot"``, ...) or
            ``"RFC"`` for an example from a specification.
        provenance: Where the bytes were published and what they show, in a
            sentence of our own.
        source: A URL, or ``owner/repo:path`` for a file in a public repository.
        command: The command these bytes answer, as sent (``"A1 SELECT INBOX"``),
            or ``"(greeting)"`` / ``"(unsolicited)"``.
        response: The exact bytes: whole responses, line ends and literals as
            sent. When the source shows only the untagged data, no tagged line
            is added here; the runner supplies ``<tag> OK done``.
        expected: The typed result the command's Client coroutine returns, or a
            :class:`Raises` for a reply that must be refused.
        events: When given, the events the responses the command does not
            collect must become (unilateral EXISTS, flag changes, alerts).
        quirk: What is unusual about the bytes; empty when they are by the book.
        pending: The library change this case waits for, when it describes
            behaviour not implemented yet.
    """

    id: str
    server: str
    provenance: str
    source: str
    command: str
    response: bytes
    expected: object
    events: tuple[Event, ...] | None = None
    quirk: str = ""
    pending: str = ""


@dataclass(frozen=True)
class Raises:
    """The expected outcome is an exception of type ``error`` (with ``code``, when given)."""

    error: type[Exception]
    code: str | None = None


@dataclass(frozen=True)
class WithNewFields:
    """An expected value whose class is about to gain fields it does not have yet.

    ``base`` holds every field the class has today; ``new`` the values the
    attributes still to come must have (``problems`` as item names).
    """

    base: object
    new: Mapping[str, object]


# -- building expected values ---------------------------------------------------------

_EMPTY_MAPPINGS = frozenset({"sections", "binary", "raw"})


def message(seq: int, *, problems: tuple[str, ...] = (), **given: Any) -> object:
    """An expected :class:`FetchedMessage`: fields not given are None (or empty).

    ``problems`` lists the names of items the library must report as malformed
    (``FetchedMessage.problems``, compared by item name only). Fields the class
    does not have yet are kept aside in a :class:`WithNewFields`.
    """
    names = {item.name for item in dataclasses.fields(FetchedMessage)}
    arguments: dict[str, Any] = {"seq": seq}
    for name in names - {"seq"}:
        if name in given:
            arguments[name] = given[name]
        elif name in _EMPTY_MAPPINGS:
            arguments[name] = {}
        elif name == "problems":
            arguments[name] = ()
        else:
            arguments[name] = None
    new: dict[str, object] = {name: value for name, value in given.items() if name not in names}
    base = FetchedMessage(**arguments)
    if problems:
        new["problems"] = problems
    return WithNewFields(base, new) if new else base


def selected(
    mailbox: str,
    *,
    exists: Any,
    flags: Any,
    text: str,
    read_only: bool = False,
    **given: Any,
) -> SelectResult:
    """An expected :class:`SelectResult`; ``exists`` and ``flags`` may be None (not sent)."""
    arguments: dict[str, Any] = {
        "recent": None,
        "permanent_flags": None,
        "uid_validity": None,
        "uid_next": None,
        "first_unseen": None,
        "highest_modseq": None,
        **given,
    }
    return SelectResult(
        mailbox=mailbox, exists=exists, flags=flags, read_only=read_only, text=text, **arguments
    )


def address(name: str | None, mailbox: str | None, host: str | None) -> Address:
    """An :class:`Address` (shorter to read in long envelopes)."""
    return Address(name=name, mailbox=mailbox, host=host)


def envelope(
    date: Any = None,
    subject: str | None = None,
    *,
    from_: tuple[Address, ...] = (),
    sender: tuple[Address, ...] = (),
    reply_to: tuple[Address, ...] = (),
    to: tuple[Address, ...] = (),
    cc: tuple[Address, ...] = (),
    bcc: tuple[Address, ...] = (),
    in_reply_to: str | None = None,
    message_id: str | None = None,
) -> Envelope:
    """An :class:`Envelope` with empty address lists unless given."""
    return Envelope(
        date=date,
        subject=subject,
        from_=from_,
        sender=sender,
        reply_to=reply_to,
        to=to,
        cc=cc,
        bcc=bcc,
        in_reply_to=in_reply_to,
        message_id=message_id,
    )


def part(media_type: str, subtype: str, number: str, **given: Any) -> SinglePart:
    """A :class:`SinglePart`: fields not given are None, or empty for mappings and tuples."""
    arguments: dict[str, Any] = {
        "params": {},
        "id": None,
        "description": None,
        "encoding": None,
        "size": None,
        "lines": None,
        "md5": None,
        "disposition": None,
        "disposition_params": {},
        "language": None,
        "location": None,
        "filename": None,
        "envelope": None,
        "body": None,
        "extensions": (),
        **given,
    }
    return SinglePart(type=media_type, subtype=subtype, part=number, **arguments)


# -- running a case -------------------------------------------------------------------

_ARGUMENT = re.compile(r'"(?:[^"\\]|\\.)*"|\((?:[^()]|\([^()]*\))*\)|\S+')
_UNQUOTE = re.compile(r"\\(.)")
_DEFAULT_TAGGED = TaggedResponse("A1", "OK", None, "done")


@dataclass(frozen=True)
class _Command:
    tag: str
    name: str  # upper case, "UID FETCH" for UID commands
    arguments: list[str]

    @property
    def base(self) -> str:
        return self.name.removeprefix("UID ")

    @property
    def uid(self) -> bool:
        return self.name.startswith("UID ")

    def argument(self, index: int) -> str:
        """Argument ``index`` as text, a quoted string unquoted."""
        raw = self.arguments[index]
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            return _UNQUOTE.sub(r"\1", raw[1:-1])
        return raw


def _command(text: str) -> _Command:
    tag, _, rest = text.partition(" ")
    words = _ARGUMENT.findall(rest)
    name = words[0].upper()
    words = words[1:]
    if name == "UID" and words:
        name = f"UID {words[0].upper()}"
        words = words[1:]
    return _Command(tag, name, words)


def responses(data: bytes) -> list[Response]:
    """Every response in ``data``, decoded as the connection decodes them."""
    parser = ResponseParser()
    parser.feed(data)
    decoded: list[Response] = []
    while (response := parser.next_response()) is not None:
        decoded.append(response)
    return decoded


def _collects(command: _Command) -> frozenset[str]:
    """The untagged keywords the Client's coroutine for ``command`` collects."""
    base = command.base
    table: dict[str, frozenset[str]] = {
        "FETCH": _fetch.COLLECT,
        "STORE": _store.COLLECT,
        "SELECT": _select.COLLECT,
        "EXAMINE": _select.COLLECT,
        "STATUS": _status.COLLECT,
        "NAMESPACE": _namespace.COLLECT,
        "CAPABILITY": _capability.COLLECT,
        "LOGIN": _capability.COLLECT,
        "AUTHENTICATE": _capability.COLLECT,
        "ID": _extensions.ID_COLLECT,
        "ENABLE": _extensions.ENABLE_COLLECT,
        "GETQUOTA": _quota.GETQUOTA_COLLECT,
        "GETQUOTAROOT": _quota.GETQUOTAROOT_COLLECT,
        "SEARCH": _search.SEARCH_COLLECT,
        "SORT": _search.SORT_COLLECT,
        "THREAD": _search.THREAD_COLLECT,
        "MOVE": _copy.MOVE_COLLECT,
        "EXPUNGE": _expunge.COLLECT,
        "LOGOUT": frozenset({"BYE"}),
    }
    if base in ("LIST", "LSUB"):
        return _list.collect_for(base)
    return table.get(base, frozenset())


def run(case: Case) -> tuple[object, tuple[Event, ...]]:
    """The typed result of ``case`` and the events its uncollected responses raise.

    Raises:
        Whatever the library raises for these bytes (ProtocolError, CommandError ...).
    """
    decoded = responses(case.response)
    if case.command == GREETING:
        return _greeting(decoded), ()
    if case.command == UNSOLICITED:
        unasked = tuple(
            event
            for response in decoded
            if isinstance(response, (StatusResponse, UntaggedData))
            and (event := event_for(response)) is not None
        )
        return unasked, unasked
    command = _command(case.command)
    collect = _collects(command)
    collected: list[StatusResponse | UntaggedData] = []
    events: list[Event] = []
    tagged = _DEFAULT_TAGGED
    for response in decoded:
        if isinstance(response, TaggedResponse):
            tagged = response
        elif isinstance(response, ContinuationRequest):
            continue
        else:
            key = response.keyword if isinstance(response, UntaggedData) else response.status
            solicited = key in collect
            if solicited:
                collected.append(response)
            if solicited and isinstance(response, UntaggedData):
                continue
            event = event_for(response)
            if event is not None and (not solicited or isinstance(event, Alert)):
                events.append(event)
    if tagged is _DEFAULT_TAGGED:
        tagged = dataclasses.replace(_DEFAULT_TAGGED, tag=command.tag)
    outcome = CommandOutcome(tagged, collected)
    return _result(command, outcome), tuple(events)


def _greeting(decoded: Sequence[Response]) -> Greeting:
    first = decoded[0]
    if not isinstance(first, StatusResponse) or first.status not in ("OK", "PREAUTH", "BYE"):
        raise ProtocolError(f"not a greeting: {first!r}")
    if first.status == "BYE":
        raise ConnectionLostError(f"server refused the connection: {first.text}")
    announced = _capability.capabilities_from_code(first.code) or frozenset()
    if first.status == "PREAUTH":
        return Greeting("PREAUTH", first.text, announced)
    return Greeting("OK", first.text, announced)


def _status_of(outcome: CommandOutcome, mailbox: str) -> MailboxStatus:
    # status_result is gaining the mailbox asked for (to skip volunteered
    # STATUS responses about others); call it the way it is defined.
    # It takes the name as sent on the wire, which the command text holds.
    function: Callable[..., MailboxStatus] = _status.status_result
    parameters = list(inspect.signature(function).parameters.values())
    if len(parameters) < 2:
        return function(outcome)
    as_bytes = "bytes" in str(parameters[1].annotation)
    return function(outcome, mailbox.encode() if as_bytes else mailbox)


def _result(command: _Command, outcome: CommandOutcome) -> object:
    base, name = command.base, command.name
    authentication = base in ("LOGIN", "AUTHENTICATE")
    if base == "FETCH":
        messages = tuple(
            _fetch.fetched_message(response)
            for response in outcome.untagged
            if isinstance(response, UntaggedData) and response.keyword == "FETCH"
        )
        raise_for_status(name, outcome)
        return messages[0] if len(messages) == 1 else messages
    tagged = raise_for_status(name, outcome, authentication=authentication)
    if authentication:
        announced = _capability.capabilities_from_outcome(outcome)
        return LoginResult(announced or frozenset(), tagged.text)
    if base == "STORE":
        return _store.store_result(
            outcome,
            MessageSet(command.arguments[0]),
            uid=command.uid,
            conditional="UNCHANGEDSINCE" in " ".join(command.arguments).upper(),
        )
    if base in ("SELECT", "EXAMINE"):
        return _select.select_result(command.argument(0), outcome, readonly=base == "EXAMINE")
    if base == "STATUS":
        return _status_of(outcome, command.argument(0))
    if base in ("LIST", "LSUB"):
        return tuple(_list.list_result(outcome, base))
    if base == "NAMESPACE":
        return _namespace.namespace_result(outcome)
    if base == "CAPABILITY":
        return _capability.capabilities_from_outcome(outcome)
    if base == "ID":
        return _extensions.id_from_outcome(outcome)
    if base == "ENABLE":
        return _extensions.enabled_from_outcome(outcome)
    if base == "GETQUOTA":
        return _quota.quota_from_outcome(command.argument(0), outcome)
    if base == "GETQUOTAROOT":
        return _quota.quota_root_from_outcome(command.argument(0), outcome)
    if base == "SEARCH":
        return _search.search_result(outcome, uid=command.uid)
    if base == "SORT":
        return _search.sort_result(outcome)
    if base == "THREAD":
        return _search.thread_result(outcome)
    if base in ("COPY", "MOVE"):
        return _copy.copy_result(outcome)
    if base == "APPEND":
        return _append.append_result(tagged)
    if base == "EXPUNGE":
        qresync = any(
            isinstance(response, UntaggedData) and response.keyword == "VANISHED"
            for response in outcome.untagged
        )
        return _expunge.expunge_result(outcome, qresync=qresync)
    if base == "LOGOUT":
        return LogoutResult(tagged.text)
    return None  # NOOP, CHECK, IDLE ...: no result beyond the events


# -- comparing --------------------------------------------------------------------------


def assert_matches(actual: object, expected: object, where: str = "result") -> None:
    """Fail, naming the first differing field, unless ``actual`` is what ``expected`` says."""
    new: Mapping[str, object] = {}
    if isinstance(expected, WithNewFields):
        new, expected = expected.new, expected.base
    if isinstance(expected, (tuple, list)) and not isinstance(actual, (str, bytes)):
        assert isinstance(actual, (tuple, list)), f"{where}: expected a sequence, got {actual!r}"
        assert len(actual) == len(expected), (
            f"{where}: {len(actual)} items instead of {len(expected)}: {actual!r}"
        )
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            assert_matches(got, want, f"{where}[{index}]")
        return
    if isinstance(expected, FetchedMessage):
        assert isinstance(actual, FetchedMessage), f"{where}: got {actual!r}"
        for item in dataclasses.fields(expected):
            if item.name != "problems":
                got, want = getattr(actual, item.name), getattr(expected, item.name)
                assert got == want, f"{where}.{item.name}: got {got!r}, expected {want!r}"
        problems = tuple(problem.item for problem in getattr(actual, "problems", ()))
        want_problems = new.get("problems", ())
        assert problems == want_problems, f"{where}.problems: {problems!r} != {want_problems!r}"
        for name, want in new.items():
            if name != "problems":
                got = getattr(actual, name)
                assert got == want, f"{where}.{name}: got {got!r}, expected {want!r}"
        return
    assert actual == expected, f"{where}: got {actual!r}, expected {expected!r}"
    for name, want in new.items():
        got = getattr(actual, name)
        assert got == want, f"{where}.{name}: got {got!r}, expected {want!r}"
