"""Progress of a download on stderr: a bar redrawn in place on a terminal, else a line per file."""

from __future__ import annotations

import shutil
from typing import TextIO

from ..progress import Progress
from ._output import plural, size_text

__all__ = ["ProgressBar"]

_BAR_MIN = 10
"""Characters the bar keeps however narrow the terminal."""


class ProgressBar:
    """How much of ``total_bytes`` in ``total_items`` files has arrived.

    Driven by the library: :meth:`update` is the ``progress`` callback of
    each file's :meth:`Client.download <imapclient_async.Client.download>`,
    whose ``done`` counts from the section's start, so the bytes a resumed
    file already had count as done. Bytes are counted as the server sends
    them, in the unit ``total_bytes`` was given in.

    On a terminal the bar is redrawn on one line (``\\r``) whenever its text
    changes, and :meth:`close` ends that line. Elsewhere (a log file, a
    pipe) no bar is drawn: :meth:`item_done` writes one line per file, which
    reads well in a log and costs nothing when nobody watches.

    Args:
        stream: Where to write, normally ``sys.stderr``.
        total_bytes: The bytes expected, as the server sends them.
        total_items: The files expected.
        noun: What the files are, for the bar: ``"message"``.
    """

    def __init__(self, stream: TextIO, total_bytes: int, total_items: int, noun: str) -> None:
        self._stream = stream
        self._terminal = stream.isatty()
        self._total_bytes = total_bytes
        self._total_items = total_items
        self._noun = noun
        self._finished_bytes = 0
        self._current = 0
        self._items = 0
        self._shown = ""

    def update(self, progress: Progress) -> None:
        """Show how far the file being downloaded has got."""
        self._current = progress.done
        self._draw()

    def item_done(self, name: str, octets: int, resumed_from: int) -> None:
        """Count a finished file, called ``name``, of ``octets`` bytes on disk.

        ``resumed_from`` is how many of them an earlier run had saved (0 for none).
        """
        self._items += 1
        self._finished_bytes += self._current
        self._current = 0
        if self._terminal:
            self._draw()
        else:
            resumed = f", resumed from {size_text(resumed_from)}" if resumed_from else ""
            print(
                f"[{self._items}/{self._total_items}] {name} ({size_text(octets)}{resumed})",
                file=self._stream,
                flush=True,
            )

    def close(self) -> None:
        """End the bar's line, so that what follows starts on a line of its own."""
        if self._terminal and self._shown:
            print(file=self._stream, flush=True)
            self._shown = ""

    def _draw(self) -> None:
        if not self._terminal:
            return
        done = self._finished_bytes + self._current
        fraction = min(done / self._total_bytes, 1.0) if self._total_bytes else 1.0
        counts = (
            f" {fraction:4.0%} {size_text(done)} / {size_text(self._total_bytes)}"
            f"  {self._items}/{plural(self._total_items, self._noun)}"
        )
        width = max(_BAR_MIN, shutil.get_terminal_size().columns - len(counts) - 3)
        filled = int(width * fraction)
        text = f"[{'#' * filled}{'.' * (width - filled)}]{counts}"
        if text != self._shown:
            # \r and padding: the new text covers the old entirely, even when shorter.
            padding = " " * max(0, len(self._shown) - len(text))
            self._stream.write(f"\r{text}{padding}")
            self._stream.flush()
            self._shown = text
