"""The SEARCH, SORT and THREAD commands of :class:`~imapclient_async.Client`."""

from __future__ import annotations

from collections.abc import Sequence

from .._checks import require_bool
from .._commands import search as _search
from .._commands.replies import raise_for_status
from .._proto import Argument, CommandOutcome
from .._session import Session
from ..search import SearchCriteria, SearchResult, ThreadNode

__all__ = ["SearchCommands"]


class SearchCommands(Session):
    """SEARCH, SORT and THREAD."""

    async def search(self, query: SearchCriteria, *, uid: bool = True) -> SearchResult:
        """Find the messages of the selected mailbox that match ``query`` (SEARCH).

        With ESEARCH (RFC 4731) the server answers with ranges and counts
        (``RETURN (MIN MAX COUNT ALL)``), so even a million matches cost a
        few bytes; without it, plain SEARCH is used and the same result is
        computed. Text with non-ASCII characters is sent with
        ``CHARSET UTF-8`` (not needed once UTF8=ACCEPT is enabled).

        Args:
            query: A :class:`~imapclient_async.search.Query`, or raw IMAP
                search text such as ``"UNSEEN SINCE 1-Jan-2026"``, sent as
                given: printable ASCII only, its syntax and quoting the
                caller's responsibility (never put untrusted input into it).
            uid: Match and return UIDs (UID SEARCH, the default); False for
                sequence numbers, which change as messages are expunged.

        Returns:
            The matching messages (``ids``, as ranges) with their lowest,
            highest and count, and the highest mod-sequence for
            :meth:`Query.modseq <imapclient_async.search.Query.modseq>` queries.

        Raises:
            CommandError: The server refused, e.g. ``code`` ``"BADCHARSET"``.
            ProtocolError: The server answered BAD (e.g. malformed raw
                text), or sent a malformed result.
            StateError: No mailbox is selected; or (CapabilityError) the
                query uses a key the server lacks the extension for (see
                :attr:`Query.extensions <imapclient_async.search.Query.extensions>`).
                Nothing was sent.
            TypeError: ``query`` is neither a Query nor a str, or ``uid`` not a bool.
            ValueError: Raw text holds CR, LF or non-ASCII characters.
            ConnectionLostError, IMAPTimeoutError: As for every command.

        Example::

            from imapclient_async.search import Query

            result = await imap.search(Query.from_("alice") & ~Query.seen())
            print(f"{result.count} unread from alice")
            for uid in result.ids:
                ...
        """
        arguments = _search.search_arguments(
            query,
            esearch="ESEARCH" in self._capabilities,
            utf8_accepted="UTF8=ACCEPT" in self._enabled,
        )
        outcome = await self._selected_command(
            "SEARCH",
            arguments,
            _search.SEARCH_COLLECT,
            uid=uid,
            needs=sorted(_search.extensions_needed(query)),
        )
        return _search.search_result(outcome, uid=uid)

    async def sort(
        self, criteria: str | Sequence[str], query: SearchCriteria, *, uid: bool = True
    ) -> tuple[int, ...]:
        """The messages matching ``query``, in the order ``criteria`` gives (SORT, RFC 5256).

        Needs a server offering SORT; this method never falls back to
        sorting on the client, which would mean fetching every message.

        Args:
            criteria: Sort keys, most significant first, each optionally
                preceded by ``"REVERSE"``: ``ARRIVAL``, ``CC``, ``DATE``,
                ``FROM``, ``SIZE``, ``SUBJECT``, ``TO``, and with SORT=DISPLAY
                (RFC 5957) ``DISPLAYFROM`` and ``DISPLAYTO``. Either a
                sequence (``["REVERSE", "DATE"]``) or one string
                (``"REVERSE DATE"``); case does not matter.
            query: What to sort, as for :meth:`search`.
            uid: Return UIDs (UID SORT, the default); False for sequence numbers.

        Returns:
            The matching UIDs (or sequence numbers) in sorted order; empty
            when nothing matched.

        Raises:
            StateError: The server does not offer SORT (or SORT=DISPLAY for
                the DISPLAY keys), or no mailbox is selected. Nothing was sent.
            ValueError: A criterion is not a sort key, ``REVERSE`` is not
                followed by one, or there is none; raw ``query`` text is not
                printable ASCII.
            TypeError: ``criteria`` is not a str or a sequence of str,
                ``query`` neither a Query nor a str, or ``uid`` not a bool.
            CommandError, ProtocolError, ConnectionLostError, IMAPTimeoutError:
                As for :meth:`search`.

        Example::

            newest_first = await imap.sort(["REVERSE", "DATE"], Query.unseen())
        """
        words = _search.sort_criteria(criteria)
        arguments = _search.sort_arguments(words, query)
        needs = ["SORT", *sorted(_search.extensions_needed(query))]
        if _search.DISPLAY_SORT_KEYS.intersection(words):
            needs.append("SORT=DISPLAY")
        outcome = await self._selected_command(
            "SORT", arguments, _search.SORT_COLLECT, uid=uid, needs=needs
        )
        return _search.sort_result(outcome)

    async def thread(
        self, algorithm: str, query: SearchCriteria, *, uid: bool = True
    ) -> tuple[ThreadNode, ...]:
        """The messages matching ``query``, grouped into conversations (THREAD, RFC 5256).

        Args:
            algorithm: A threading algorithm the server offers as
                ``THREAD=<algorithm>``: ``"REFERENCES"`` (by In-Reply-To and
                References headers), ``"ORDEREDSUBJECT"`` (by subject), or
                another; case does not matter.
            query: Which messages to thread, as for :meth:`search`.
            uid: Identify messages by UID (UID THREAD, the default); False
                for sequence numbers.

        Returns:
            One :class:`~imapclient_async.search.ThreadNode` per
            conversation, in the server's order, each with its replies as
            ``children``; empty when nothing matched.

        Raises:
            StateError: The server does not offer ``THREAD=<algorithm>``, or
                no mailbox is selected. Nothing was sent.
            ValueError: ``algorithm`` is not an IMAP atom, or raw ``query``
                text is not printable ASCII.
            TypeError: ``algorithm`` is not a str, ``query`` neither a
                Query nor a str, or ``uid`` not a bool.
            CommandError, ProtocolError, ConnectionLostError, IMAPTimeoutError:
                As for :meth:`search`.

        Example::

            for conversation in await imap.thread("REFERENCES", Query.all()):
                print(list(conversation.walk()))
        """
        name = _search.thread_algorithm(algorithm)
        arguments = _search.thread_arguments(name, query)
        outcome = await self._selected_command(
            "THREAD",
            arguments,
            _search.THREAD_COLLECT,
            uid=uid,
            needs=[f"THREAD={name}", *sorted(_search.extensions_needed(query))],
        )
        return _search.thread_result(outcome)

    async def _selected_command(
        self,
        name: str,
        arguments: list[Argument],
        collect: frozenset[str],
        *,
        uid: bool,
        needs: Sequence[str] = (),
    ) -> CommandOutcome:
        require_bool(uid=uid)

        def check() -> None:
            for capability in needs:
                self._require_capability(name, capability)

        if uid:
            name = f"UID {name}"
        outcome = await self._run(name, arguments, collect=collect, check=check)
        raise_for_status(name, outcome)
        return outcome
