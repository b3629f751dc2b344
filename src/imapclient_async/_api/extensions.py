"""The ID and ENABLE commands of :class:`~imapclient_async.Client`."""

from __future__ import annotations

from collections.abc import Mapping

from .._commands import extensions as _extensions
from .._commands.replies import raise_for_status
from .._session import Session

__all__ = ["ExtensionCommands"]

# RFC 7162 3.2.3: enabling QRESYNC enables CONDSTORE too, whatever the server lists.
_IMPLIED = {"QRESYNC": frozenset({"CONDSTORE"})}


class ExtensionCommands(Session):
    """ID and ENABLE."""

    async def id(
        self, fields: Mapping[str, str | None] | None = None, /, **more: str | None
    ) -> dict[str, str | None]:
        """Tell the server who we are and learn who it is (ID, RFC 2971).

        Allowed in any state, even before login. RFC 2971 suggests the field
        names ``name``, ``version``, ``os``, ``os-version``, ``vendor``,
        ``support-url``, ``address``, ``date``, ``command``, ``arguments`` and
        ``environment``; names that are not Python identifiers go in the
        ``fields`` mapping. With no fields at all, ``ID NIL`` is sent.

        Args:
            fields: Field names and values; a None value is sent as NIL.
            **more: More fields, as keyword arguments.

        Returns:
            The server's fields with names lower-cased (RFC 2971 names are
            case-insensitive), e.g. ``{"name": "Dovecot"}``; a value is None
            where the server sent NIL. Empty when the server sent ``* ID NIL``
            (or no ID response).

        Raises:
            StateError: Not connected, or logged out.
            TypeError: A name is not a str, or a value neither str nor None.
            ValueError: A name is empty or longer than 30 octets, a value is
                longer than 1024 octets, a name is given twice (in any case),
                there are more than 30 fields, or a string holds NUL.
            ProtocolError: The server answered BAD (also when it lacks ID) or
                sent a malformed ID response.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            server = await imap.id({"support-url": "https://example.org"}, name="myapp")
            print(server.get("name"), server.get("version"))
        """
        arguments = _extensions.id_arguments([*(fields or {}).items(), *more.items()])
        outcome = await self._run("ID", arguments, collect=_extensions.ID_COLLECT)
        raise_for_status("ID", outcome)
        return _extensions.id_from_outcome(outcome)

    async def enable(self, *capabilities: str) -> frozenset[str]:
        """Turn on extensions that change how the server talks (ENABLE, RFC 5161).

        Only possible after login and before any mailbox is selected (RFC
        5161), and only when the server offers ENABLE. Extensions the server
        does not know or will not enable are left out of the result; the
        command still succeeds. Enabling ``QRESYNC`` enables ``CONDSTORE``
        too (RFC 7162), so both are in the result. Enabled extensions stay on
        for the rest of the session.

        Args:
            *capabilities: Extension names, e.g. ``"CONDSTORE"``, ``"QRESYNC"``;
                any case. ``UTF8=ACCEPT`` is refused for now: it would change
                how mailbox names must be sent, which this client does not
                do yet.

        Returns:
            The extensions this command enabled, upper case, e.g.
            ``frozenset({"CONDSTORE", "QRESYNC"})``.

        Raises:
            StateError: Not logged in, a mailbox is selected (RFC 5161 allows
                ENABLE only before SELECT), or the server does not offer
                ENABLE. Nothing was sent.
            TypeError: A name is not a str.
            ValueError: No name was given, one is not a valid IMAP atom, or
                it is ``UTF8=ACCEPT``.
            CommandError: The server answered NO.
            ProtocolError: The server answered BAD or sent a malformed ENABLED response.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            if "CONDSTORE" in await imap.enable("CONDSTORE"):
                inbox = await imap.select("INBOX")
                print(inbox.highest_modseq)
        """
        arguments = _extensions.enable_arguments(capabilities)

        def check() -> None:
            self._require_capability("enable()", "ENABLE")

        outcome = await self._run(
            "ENABLE", arguments, collect=_extensions.ENABLE_COLLECT, exclusive=True, check=check
        )
        raise_for_status("ENABLE", outcome)
        enabled = set(_extensions.enabled_from_outcome(outcome))
        for name in list(enabled):
            enabled |= _IMPLIED.get(name, frozenset())
        self._enabled |= enabled
        return frozenset(enabled)
