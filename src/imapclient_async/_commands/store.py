"""STORE: flag lists as arguments, and the new flags and ``[MODIFIED]`` in the reply.

APPEND shares :func:`flag_list_argument`, so a flag is validated the same way
wherever it is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypeAlias

from .._checks import require_str
from .._proto import Argument, Atom, CommandOutcome, Number, ParenList, UntaggedData
from ..errors import ProtocolError
from ..events import FlagsChanged
from ..messages import StoreResult
from ..messageset import MessageSet, message_set_argument
from .unsolicited import event_for

__all__ = ["COLLECT", "StoreMode", "flag_list_argument", "store_arguments", "store_result"]

COLLECT = frozenset({"FETCH"})
"""The untagged responses STORE collects: the messages' new flags."""

StoreMode: TypeAlias = Literal["add", "remove", "replace"]
"""How STORE changes flags: add to them, remove from them, or replace them all."""

_MODE_ITEMS: dict[str, str] = {"add": "+FLAGS", "remove": "-FLAGS", "replace": "FLAGS"}


def flag_list_argument(flags: str | Iterable[str], *, allow_empty: bool) -> ParenList:
    """``(\\Seen $Label)``: flags and keywords, each validated as an atom.

    A single str is one flag, not a sequence of one-letter flags.

    Raises:
        TypeError: ``flags`` is not a str or an iterable of str.
        ValueError: A flag is not a valid atom, is ``\\Recent`` (which only the
            server sets, RFC 3501 2.3.2), or the list is empty and
            ``allow_empty`` is False.
    """
    names = [flags] if isinstance(flags, str) else list(flags)
    atoms: list[Argument] = []
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"flags must be str, not {type(name).__name__}")
        if name.lower() == "\\recent":
            raise ValueError("\\Recent cannot be stored: only the server sets it")
        atoms.append(Atom(name))
    if not atoms and not allow_empty:
        raise ValueError("no flags given: name at least one flag")
    return ParenList(tuple(atoms))


def store_arguments(
    messages: MessageSet,
    flags: str | Iterable[str],
    *,
    mode: StoreMode,
    silent: bool,
    unchanged_since: int | None,
) -> list[Argument]:
    """``set [(UNCHANGEDSINCE n)] +FLAGS[.SILENT] (flags)`` (RFC 3501 6.4.6, RFC 7162 3.1.3).

    Raises:
        TypeError: ``flags`` is not a str or an iterable of str, or ``mode`` not a str.
        ValueError: ``mode`` is unknown, a flag is invalid, the flag list is
            empty for a mode other than ``"replace"``, or ``unchanged_since`` is
            negative.
    """
    require_str(mode=mode)
    if mode not in _MODE_ITEMS:
        raise ValueError(f"mode must be 'add', 'remove' or 'replace', not {mode!r}")
    flag_list = flag_list_argument(flags, allow_empty=mode == "replace")
    arguments: list[Argument] = [message_set_argument(messages)]
    if unchanged_since is not None:
        arguments.append(ParenList((Atom("UNCHANGEDSINCE"), Number(unchanged_since))))
    item = _MODE_ITEMS[mode] + (".SILENT" if silent else "")
    arguments += [Atom(item), flag_list]
    return arguments


def store_result(
    outcome: CommandOutcome, messages: MessageSet, *, uid: bool, conditional: bool
) -> StoreResult:
    """The new flags the reply's FETCH responses report, and ``[MODIFIED]``.

    Only FETCH responses for the stored messages count (keyed by UID for
    ``uid``, else by sequence number); others in the reply are other sessions'
    changes, which still reach the event handlers.

    Raises:
        ProtocolError: A FETCH response or the ``[MODIFIED]`` code is malformed.
    """
    flags: dict[int, frozenset[str]] = {}
    for response in outcome.untagged:
        if not isinstance(response, UntaggedData):
            continue
        event = event_for(response)
        if not isinstance(event, FlagsChanged):
            continue
        key = event.uid if uid else event.seq
        if key is not None and key in messages:
            flags[key] = event.flags
    skipped = None
    if conditional:
        skipped = MessageSet()
        code = outcome.tagged.code
        if code is not None and code.name == "MODIFIED":
            skipped = _modified_set(code.args)
    return StoreResult(flags=flags, skipped=skipped)


def _modified_set(args: tuple[object, ...]) -> MessageSet:
    if len(args) == 1 and isinstance(args[0], str):
        try:
            return MessageSet(args[0])
        except ValueError:
            pass
    raise ProtocolError(f"server sent a malformed [MODIFIED] code: {args!r}")
