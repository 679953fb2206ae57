"""OSM `opening_hours` handling through the opening-hours-py parser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import opening_hours as ohp
from django.core.exceptions import ValidationError
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


def open_state(expression: str, tz_name: str, at: datetime) -> OpenState:
    """Whether a place is open at `at` (aware) and when that changes, in its own timezone."""
    if not expression:
        return OpenState(is_open=False, is_known=False, next_change=None)
    local = at.astimezone(ZoneInfo(tz_name)).replace(tzinfo=None)
    hours = ohp.OpeningHours(expression)
    state, _comment = hours.state(local)
    change = hours.next_change(local)
    aware = change.replace(tzinfo=ZoneInfo(tz_name)) if change else None
    return OpenState(
        is_open=state == ohp.State.OPEN, is_known=state != ohp.State.UNKNOWN, next_change=aware
    )
