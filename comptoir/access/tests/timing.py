"""Dates for access and presence tests, relative to today so that books bought today are
still valid. The factory place opens Mo-Fr 09:00-18:00, Europe/Paris."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")


def next_monday(weeks: int = 0) -> dt.date:
    """The next Monday after today (never today), plus `weeks` weeks."""
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday() + 7 * weeks)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware moment of `day` in the place's timezone."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def weekdays(start: dt.date, count: int) -> list[dt.date]:
    """`count` working days (Mo-Fr) from `start` included."""
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def next_weekday(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the Monday after."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day
