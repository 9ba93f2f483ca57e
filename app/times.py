"""Times that cross a boundary (an API, the command line, a long grant) are aware, UTC, and in
a range every part of the system can hold: outside it, date arithmetic overflows and some
values would not fit the database."""

from __future__ import annotations

from datetime import UTC, datetime

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def checked_time(value: datetime) -> datetime:
    """An aware time in a sane range, in UTC; ValueError saying what is wrong otherwise."""
    if value.tzinfo is None:
        raise ValueError("give a time zone, like 2026-11-26T18:00:00Z")
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the time is out of range") from None
    if not EARLIEST <= value < LATEST:
        raise ValueError("the time is out of range")
    return value
