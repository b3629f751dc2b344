"""SELECT and EXAMINE, and how later untagged updates change the selected mailbox.

This module changes when what we track about the selected mailbox changes.
The same :func:`apply_update` builds the SELECT result from SELECT's own
responses and keeps it current afterwards, so the two can never disagree.
"""

from __future__ import annotations

import dataclasses

from .._connection import CommandOutcome
from .._proto import StatusResponse, UntaggedData
from ..types import SelectResult
from .replies import code_number, flag_set

__all__ = ["COLLECT", "apply_update", "select_result"]

COLLECT = frozenset({"FLAGS", "EXISTS", "RECENT", "EXPUNGE", "OK"})
"""The untagged responses SELECT and EXAMINE collect."""


def select_result(mailbox: str, outcome: CommandOutcome, *, readonly: bool) -> SelectResult:
    """Fold SELECT's untagged responses and tagged OK into a :class:`SelectResult`."""
    result = SelectResult(
        mailbox=mailbox,
        exists=0,
        recent=None,
        flags=frozenset(),
        permanent_flags=None,
        uid_validity=None,
        uid_next=None,
        first_unseen=None,
        highest_modseq=None,
        read_only=readonly,
        text=outcome.tagged.text,
    )
    for response in outcome.untagged:
        result = apply_update(result, response)
    code = outcome.tagged.code
    if code is not None and code.name in ("READ-ONLY", "READ-WRITE"):
        result = dataclasses.replace(result, read_only=code.name == "READ-ONLY")
    return result


def apply_update(selected: SelectResult, response: StatusResponse | UntaggedData) -> SelectResult:
    """The selected mailbox after one untagged response (unchanged if unrelated).

    Raises:
        ProtocolError: The response's data is malformed.
    """
    if isinstance(response, StatusResponse):
        code = response.code
        if response.status != "OK" or code is None:
            return selected
        if code.name == "PERMANENTFLAGS":
            flags = flag_set(code.args[0] if code.args else None, "PERMANENTFLAGS")
            return dataclasses.replace(selected, permanent_flags=flags)
        if code.name == "NOMODSEQ":
            return dataclasses.replace(selected, highest_modseq=None)
        if code.name == "UIDVALIDITY":
            return dataclasses.replace(selected, uid_validity=code_number(code))
        if code.name == "UIDNEXT":
            return dataclasses.replace(selected, uid_next=code_number(code))
        if code.name == "UNSEEN":
            return dataclasses.replace(selected, first_unseen=code_number(code))
        if code.name == "HIGHESTMODSEQ":
            return dataclasses.replace(selected, highest_modseq=code_number(code))
        return selected
    keyword = response.keyword
    if keyword == "EXISTS" and response.number is not None:
        return dataclasses.replace(selected, exists=response.number)
    if keyword == "RECENT" and response.number is not None:
        return dataclasses.replace(selected, recent=response.number)
    if keyword == "EXPUNGE" and response.number is not None:
        return dataclasses.replace(selected, exists=max(selected.exists - 1, 0))
    if keyword == "FLAGS" and response.number is None:
        flags = flag_set(response.values[0] if response.values else None, "FLAGS")
        return dataclasses.replace(selected, flags=flags)
    return selected
