"""The QUOTA commands of :class:`~imapclient_async.Client` (RFC 9208)."""

from __future__ import annotations

from .._commands import quota as _quota
from .._commands.mailbox_name import mailbox_argument
from .._commands.replies import raise_for_status
from .._session import Session
from ..mailboxes import Mailbox, MailboxLike
from ..quota import Quota, QuotaRoot

__all__ = ["QuotaCommands"]


class QuotaCommands(Session):
    """GETQUOTAROOT and GETQUOTA."""

    async def getquotaroot(self, mailbox: MailboxLike) -> QuotaRoot:
        """The quota roots of a mailbox and their limits (GETQUOTAROOT, RFC 9208).

        Needs the server's QUOTA extension (Dovecot offers it only with its
        quota plugins). ``STORAGE`` is counted in units of 1024 octets (KiB);
        see :mod:`imapclient_async.quota` for the other resources.

        Args:
            mailbox: The mailbox, e.g. ``"INBOX"``; any characters, as for
                :meth:`select`.

        Returns:
            The names of the mailbox's quota roots and each root's resources
            with their usage and limit.

        Raises:
            StateError: Not logged in, or the server does not offer QUOTA.
                Nothing was sent.
            TypeError, ValueError: ``mailbox`` not a str or Mailbox, empty, or
                holding NUL.
            CommandError: The server refused, e.g. no such mailbox.
            ProtocolError: The server answered BAD or sent malformed quota data.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            result = await imap.getquotaroot("INBOX")
            for quota in result.quotas:
                storage = quota.resource("STORAGE")
                if storage is not None:
                    print(f"{quota.root}: {storage.usage} of {storage.limit} KiB")
        """
        argument = mailbox_argument(mailbox)
        outcome = await self._run(
            "GETQUOTAROOT",
            [argument],
            collect=_quota.GETQUOTAROOT_COLLECT,
            check=self._require_quota,
        )
        raise_for_status("GETQUOTAROOT", outcome)
        name = mailbox.name if isinstance(mailbox, Mailbox) else mailbox
        return _quota.quota_root_from_outcome(name, outcome)

    async def getquota(self, root: str) -> Quota:
        """The usage and limits of one quota root (GETQUOTA, RFC 9208).

        Needs the server's QUOTA extension. Root names come from
        :meth:`getquotaroot`; ``""`` is a valid name on many servers.

        Args:
            root: The quota root's name, e.g. ``"User quota"``.

        Returns:
            The root's resources with their usage and limit.

        Raises:
            StateError: Not logged in, or the server does not offer QUOTA.
                Nothing was sent.
            TypeError, ValueError: ``root`` not a str, or holding NUL.
            CommandError: The server refused, e.g. no such root.
            ProtocolError: The server answered BAD, or sent malformed quota
                data or none for ``root``.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            quota = await imap.getquota("User quota")
            print(quota.resource("MESSAGE"))
        """
        argument = _quota.quota_root_argument(root)
        outcome = await self._run(
            "GETQUOTA", [argument], collect=_quota.GETQUOTA_COLLECT, check=self._require_quota
        )
        raise_for_status("GETQUOTA", outcome)
        return _quota.quota_from_outcome(root, outcome)

    def _require_quota(self) -> None:
        self._require_capability("quota commands", "QUOTA")
