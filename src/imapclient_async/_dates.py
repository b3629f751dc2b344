"""The parts IMAP's and RFC 5322's dates share: month names and zone offsets."""

from __future__ import annotations

import datetime
from functools import lru_cache

__all__ = ["MONTHS", "MONTH_NAMES", "zone"]

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""The English abbreviations both date formats write, January first: never the locale's."""

MONTHS = {name.upper(): number for number, name in enumerate(MONTH_NAMES, 1)}
"""Month numbers by upper-case abbreviation, for reading either format."""


@lru_cache(maxsize=256)
def zone(offset: str) -> datetime.timezone:
    """``"+0200"`` or ``"-0700"`` as a timezone, one object per offset.

    Raises:
        ValueError: The offset is a day or more.
    """
    sign = -1 if offset[0] == "-" else 1
    return datetime.timezone(
        sign * datetime.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:]))
    )
