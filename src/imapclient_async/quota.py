"""The results of the QUOTA commands (RFC 9208, formerly RFC 2087).

A *quota root* is a named set of limits shared by one or more mailboxes
(Dovecot calls its default one ``"User quota"``; many servers use ``""``);
each limit is on one *resource*: ``STORAGE`` in units of 1024 octets (KiB),
``MESSAGE`` as a number of messages, ``MAILBOX`` as a number of mailboxes,
``ANNOTATION-STORAGE`` in KiB, or a server-specific name.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Quota", "QuotaResource", "QuotaRoot"]


@dataclass(frozen=True, slots=True)
class QuotaResource:
    """The usage and limit of one resource under a quota root.

    Attributes:
        name: The resource's name, upper case: ``"STORAGE"`` (the units are
            1024 octets, so ``limit=1024`` is 1 MiB), ``"MESSAGE"`` (a number
            of messages), ``"MAILBOX"`` (a number of mailboxes),
            ``"ANNOTATION-STORAGE"`` (1024 octets), or another the server
            defines.
        usage: How much of the resource is used now, in its units.
        limit: How much may be used, in its units.

    Example::

        storage = quota.resource("STORAGE")
        if storage is not None and storage.usage > 0.9 * storage.limit:
            print(f"{storage.usage} of {storage.limit} KiB used")
    """

    name: str
    usage: int
    limit: int


@dataclass(frozen=True, slots=True)
class Quota:
    """The limits of one quota root (``* QUOTA`` response).

    Attributes:
        root: The quota root's name, e.g. ``"User quota"`` (may be ``""``).
        resources: The limited resources in the order the server listed
            them; empty when the root has no limits.

    Example::

        for resource in quota.resources:
            print(resource.name, resource.usage, "/", resource.limit)
    """

    root: str
    resources: tuple[QuotaResource, ...]

    def resource(self, name: str) -> QuotaResource | None:
        """The resource called ``name`` (any case), or None when it is not limited.

        Example::

            messages = quota.resource("MESSAGE")
        """
        wanted = name.upper()
        return next((item for item in self.resources if item.name == wanted), None)


@dataclass(frozen=True, slots=True)
class QuotaRoot:
    """The quota roots of a mailbox and their limits (GETQUOTAROOT).

    Attributes:
        mailbox: The mailbox name as the caller gave it.
        roots: The names of the quota roots the mailbox belongs to, in the
            server's order; empty when no quota applies to it.
        quotas: The limits of those roots that the server reported (a server
            may leave out roots the user may not read).

    Example::

        result = await imap.getquotaroot("INBOX")
        for quota in result.quotas:
            print(quota.root, quota.resource("STORAGE"))
    """

    mailbox: str
    roots: tuple[str, ...]
    quotas: tuple[Quota, ...]
