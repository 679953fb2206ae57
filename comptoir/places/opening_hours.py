"""OSM `opening_hours` handling through the opening-hours-py parser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import opening_hours as ohp
from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def validate_opening_hours(value: str) -> None:
    if not value:
        return
    try:
        ohp.OpeningHours(value)
    except (ohp.ParserError, ValueError) as error:  # type: ignore[attr-defined]
        raise ValidationError(
            _(
                "“%(value)s” is not valid OpenStreetMap opening_hours syntax (e.g. "
                "“Mo-Fr 09:00-18:00; Sa 10:00-13:00”)."
            ),
            code="invalid_opening_hours",
            params={"value": value},
        ) from error


@dataclass(frozen=True)
class OpenState:
    is_open: bool
    is_known: bool
    # When open: closing time; when closed: next opening. Local time of the place.
    next_change: datetime | None


UNKNOWN = OpenState(is_open=False, is_known=False, next_change=None)


def open_state(expression: str, tz_name: str, at: datetime) -> OpenState:
    """Whether a place is open at `at` (aware) and when that changes, in its own timezone."""
    if not expression:
        return UNKNOWN
    try:
        hours = ohp.OpeningHours(expression)
    except (ohp.ParserError, ValueError):  # type: ignore[attr-defined]
        # Rows written before validation existed must not break a page.
        return UNKNOWN
    local = at.astimezone(ZoneInfo(tz_name)).replace(tzinfo=None)
    state, _comment = hours.state(local)
    change = hours.next_change(local)
    aware = change.replace(tzinfo=ZoneInfo(tz_name)) if change else None
    return OpenState(
        is_open=state == ohp.State.OPEN, is_known=state != ohp.State.UNKNOWN, next_change=aware
    )


def _when(change: datetime, now: datetime, *, closing: bool = False) -> tuple[str, str]:
    """('', '18:00') today, ('Monday', '09:00') within a week, ('12 June', …) beyond."""
    local_now = now.astimezone(change.tzinfo)
    clock = change.strftime("%H:%M")
    days = (change.date() - local_now.date()).days
    if closing and days == 1 and change.time() == time(0, 0):
        # Closing at midnight is “until 24:00” today, not “until tomorrow at 00:00”.
        return "", "24:00"
    if days <= 0:
        return "", clock
    if days < 7:
        return str(WEEKDAYS[change.weekday()]), clock
    return date_format(change.date(), "j F"), clock


def describe_open_state(state: OpenState, now: datetime) -> str:
    """The badge text: “Open until 18:00”, “Closed · opens Monday at 09:00”…"""
    if not state.is_known:
        return gettext("Opening hours unknown")
    change = state.next_change
    if state.is_open:
        if change is None:
            return gettext("Open 24/7")
        day, clock = _when(change, now, closing=True)
        if not day:
            return gettext("Open until %(time)s") % {"time": clock}
        return gettext("Open until %(day)s at %(time)s") % {"day": day, "time": clock}
    if change is None:
        return gettext("Closed")
    day, clock = _when(change, now)
    if not day:
        return gettext("Closed · opens at %(time)s") % {"time": clock}
    return gettext("Closed · opens %(day)s at %(time)s") % {"day": day, "time": clock}


def rules(expression: str) -> list[str]:
    """The rules of an expression, one per item, for display."""
    return [rule.strip() for rule in expression.split(";") if rule.strip()]
