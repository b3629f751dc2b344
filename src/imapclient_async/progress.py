"""How far a long operation has got: what progress callbacks receive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

__all__ = ["Progress", "ProgressCallback"]


@dataclass(frozen=True, slots=True)
class Progress:
    """How much of an operation is done, in one unit for both numbers.

    Passed to the ``progress`` callback of :meth:`Client.download
    <imapclient_async.Client.download>` (bytes of the section as the
    server sends it), :meth:`Client.append <imapclient_async.Client.append>`
    (bytes of the message written to the connection) and :meth:`Client.fetch
    <imapclient_async.Client.fetch>` / ``fetch_all`` (messages received), so
    ``done`` and ``total`` can always be compared. When the operation
    completes, its last report has ``done`` equal to ``total``: a total
    unknown until then, or announced wrongly (a fetch naming UIDs that no
    message has), is set to what there was. (``append`` knows its total
    from the start, and an empty fetch sends no report.)

    Attributes:
        done: How much is done so far; it never decreases.
        total: How much there is in all; None when it cannot be known in
            advance (a fetch of ``"1:*"``, a section whose size the server
            does not say).

    Example::

        def show(progress: Progress) -> None:
            if progress.total:
                print(f"{progress.done / progress.total:.0%}", end="\\r")


        with open("talk.mp4", "wb") as file:
            await imap.download(uid, part, file, decode=True, progress=show)
    """

    done: int
    total: int | None

    @property
    def fraction(self) -> float | None:
        """``done / total`` between 0.0 and 1.0; None when ``total`` is unknown.

        An empty operation (``total`` 0) is complete: 1.0.
        """
        if self.total is None:
            return None
        return min(self.done / self.total, 1.0) if self.total else 1.0


ProgressCallback: TypeAlias = Callable[[Progress], object]
"""A function called with a :class:`Progress` as work advances.

It is called synchronously, from the task doing the work, so it should
return quickly (update a bar, store the numbers); its return value is
ignored, and an exception it raises ends the operation as if raised there.
"""
