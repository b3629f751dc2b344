"""GETQUOTA and GETQUOTAROOT (RFC 9208): their arguments, and their replies as typed results."""

from __future__ import annotations

from .._proto import AString, CommandOutcome, UntaggedData
from ..errors import ProtocolError
from ..quota import Quota, QuotaResource, QuotaRoot
from .replies import number, text_value, untagged_of

__all__ = [
    "GETQUOTAROOT_COLLECT",
    "GETQUOTA_COLLECT",
    "quota_from_outcome",
    "quota_root_argument",
    "quota_root_from_outcome",
]

GETQUOTA_COLLECT = frozenset({"QUOTA"})
GETQUOTAROOT_COLLECT = frozenset({"QUOTAROOT", "QUOTA"})


def quota_root_argument(root: str) -> AString:
    """A quota root name as an argument (``""`` is a valid root name).

    Raises:
        TypeError: ``root`` is not a str.
        ValueError: It holds NUL.
    """
    if not isinstance(root, str):
        raise TypeError(f"quota root must be a str, not {type(root).__name__}")
    return AString(root)


def quota_root_from_outcome(mailbox: str, outcome: CommandOutcome) -> QuotaRoot:
    """GETQUOTAROOT's ``* QUOTAROOT mailbox root...`` and ``* QUOTA`` responses.

    Raises:
        ProtocolError: A response is malformed.
    """
    roots: list[str] = []
    for response in untagged_of(outcome, "QUOTAROOT"):
        if not response.values:
            raise ProtocolError("server sent a QUOTAROOT response without a mailbox")
        roots += (text_value(value, "a quota root name") for value in response.values[1:])
    quotas = tuple(_quota(response) for response in untagged_of(outcome, "QUOTA"))
    return QuotaRoot(mailbox, tuple(roots), quotas)


def quota_from_outcome(root: str, outcome: CommandOutcome) -> Quota:
    """GETQUOTA's ``* QUOTA root (...)`` response for ``root``.

    Raises:
        ProtocolError: The response is malformed or missing.
    """
    quotas = [_quota(response) for response in untagged_of(outcome, "QUOTA")]
    found = next((quota for quota in quotas if quota.root == root), None)
    if found is None:
        raise ProtocolError(f"server answered GETQUOTA without the quota of {root!r}")
    return found


def _quota(response: UntaggedData) -> Quota:
    """``* QUOTA root (NAME usage limit ...)``.

    Courier answers ``* QUOTA "ROOT"`` with no list when no quota is set:
    a root without resources.
    """
    values = response.values
    root, listing = (
        (values[0], []) if len(values) == 1 else values if len(values) == 2 else (None, None)
    )
    if not isinstance(listing, list):
        raise ProtocolError(f"server sent a malformed QUOTA response: {response.values!r}")
    if len(listing) % 3:
        raise ProtocolError(f"server sent a malformed QUOTA resource list: {listing!r}")
    resources = tuple(
        QuotaResource(
            text_value(name, "a quota resource name").upper(),
            number(usage, "a quota usage"),
            number(limit, "a quota limit"),
        )
        for name, usage, limit in zip(listing[::3], listing[1::3], listing[2::3], strict=True)
    )
    return Quota(text_value(root, "a quota root name"), resources)
