"""Numbers and times in words, in one place: "1 minute", "3 days", "in 14 minutes".

Users live in every time zone and Telegram does not tell us theirs, so times are said relative
to now ("in 3 days"), with the UTC moment beside them where the exact time matters.
"""

from __future__ import annotations

from datetime import datetime

from app.i18n import _, ngettext, number

MINUTE, HOUR, DAY = 60, 3600, 86_400


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 minute", "2 minutes", "1 use", "0 days"; `many` for irregular words. English only:
    for the CLI. What users read counts with `ngettext`, whose forms each language has."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def days_until(moment: datetime, now: datetime) -> int:
    """Whole days left, counting a started day: 29 days and 23 hours is 30 days."""
    return -(-int((moment - now).total_seconds()) // DAY)


def duration(seconds: float, *, round_up: bool = True) -> str:
    """A span for people: minutes under an hour, hours under two days, then days. Time left
    rounds up (a started day counts: 29 days and 1 hour left is "30 days"); time past rounds
    down (40 hours ago is "1 day ago")."""
    seconds = max(0, int(seconds))

    def whole(unit: int) -> int:
        return -(-seconds // unit) if round_up else seconds // unit

    if seconds < HOUR:
        minutes = max(1, whole(MINUTE))
        return ngettext("{n} minute", "{n} minutes", minutes).format(n=number(minutes))
    if seconds < 2 * DAY:
        hours = seconds // HOUR
        return ngettext("{n} hour", "{n} hours", hours).format(n=number(hours))
    days = whole(DAY)
    return ngettext("{n} day", "{n} days", days).format(n=number(days))


def relative(moment: datetime, now: datetime) -> str:
    """ "in 14 minutes", "in 3 days", "3 days ago", "just now"."""
    seconds = (moment - now).total_seconds()
    if seconds >= 0:
        return _("in {duration}").format(duration=duration(seconds))
    if seconds > -MINUTE:
        return _("just now")
    return _("{duration} ago").format(duration=duration(-seconds, round_up=False))


def utc(moment: datetime) -> str:
    """The exact moment, for reference beside a relative time (the CLI's; users read
    `app.i18n.date`, written their locale's way)."""
    return f"{moment:%Y-%m-%d %H:%M} UTC"
