"""Progress: the one value every progress callback receives."""

from __future__ import annotations

import dataclasses

import pytest

from imapclient_async import Progress


def test_fraction() -> None:
    assert Progress(0, 200).fraction == 0.0
    assert Progress(50, 200).fraction == 0.25
    assert Progress(200, 200).fraction == 1.0
    # A server's size may be off by a little; the fraction never passes the end.
    assert Progress(210, 200).fraction == 1.0
    assert Progress(5, None).fraction is None
    assert Progress(0, 0).fraction == 1.0  # nothing to do is done


def test_is_a_frozen_value() -> None:
    progress = Progress(1, 2)
    assert progress == Progress(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        progress.done = 2  # type: ignore[misc]
