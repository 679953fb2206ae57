"""Shifts ready to take at a place (its concierges plan them through the services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from comptoir.roster import services
from comptoir.roster.models import Shift


def next_weekday(weekday: int, after: dt.date | None = None) -> dt.date:
    """The next `weekday` strictly after `after` (today by default)."""
    day = (after or timezone.localdate()) + dt.timedelta(days=1)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def make_shift(place: Any, by: Any, **fields: Any) -> Shift:
    return services.shift_create(
        place=place,
        day=fields.pop("day", next_weekday(1)),
        start_time=fields.pop("start_time", dt.time(9)),
        end_time=fields.pop("end_time", dt.time(13)),
        capacity=fields.pop("capacity", 1),
        label=fields.pop("label", "Matin"),
        by=by,
    )


def past_shift(place: Any, **fields: Any) -> Shift:
    """A shift already over (made directly: the services plan only what is to come)."""
    day = fields.pop("day", timezone.localdate() - dt.timedelta(days=3))
    zone = timezone.get_current_timezone()
    return Shift.objects.create(
        place=place,
        day=day,
        starts_at=dt.datetime.combine(day, dt.time(9), tzinfo=zone),
        ends_at=dt.datetime.combine(day, dt.time(12, 30), tzinfo=zone),
        capacity=fields.pop("capacity", 1),
    )
