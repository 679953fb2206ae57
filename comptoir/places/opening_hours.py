"""OSM `opening_hours` handling through the opening-hours-py parser, with the place's public
holidays (`PH`).

opening-hours-py knows countries but not their regions, and Alsace-Moselle or the overseas
departments have holidays of their own. So the holidays come from one source, the `holidays`
package (country and subdivision), and the parser is built without a country: on an
ordinary day `PH` matches nothing; on a holiday the day is read from the expression with
`PH` replaced by that day's weekday, which makes every `PH` selector match exactly that day
("Mo-Fr 09:00-18:00; PH off" reads "…; Th off" on a Thursday holiday). Days are evaluated
one kind at a time and stitched together, so a change is never looked up across a holiday
with the wrong expression.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays as holidays_lib
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


DEFAULT_COUNTRY = "FR"
WEEKDAY_TOKENS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_PH = re.compile(r"\bPH\b")
# A change further away than this is "never" (a place closed for good, or open 24/7).
HORIZON = timedelta(days=400)


class HoursOwner(Protocol):
    """What a place gives to evaluate its hours (places.Place has these fields)."""

    opening_hours: str
    timezone: str
    country: str
    holiday_region: str


@dataclass(frozen=True)
class Holidays:
    """The public holidays of a country (ISO 3166-1 alpha-2) and optionally one of its
    subdivisions as the `holidays` package names them (e.g. FR "57" Moselle, "6AE" Alsace)."""

    country: str = DEFAULT_COUNTRY
    region: str = ""

    def dates(self, year: int) -> frozenset[date]:
        return _holiday_dates(self.country, self.region, year)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in self.dates(day.year)

    def next_after(self, day: date) -> date | None:
        """The first holiday strictly after `day`, within the horizon."""
        for year in (day.year, day.year + 1):
            later = sorted(d for d in self.dates(year) if d > day)
            if later:
                return later[0]
        return None


@functools.lru_cache(maxsize=256)
def _holiday_dates(country: str, region: str, year: int) -> frozenset[date]:
    if not country:
        return frozenset()  # no calendar: `PH` never matches
    try:
        calendar = holidays_lib.country_holidays(country, subdiv=region or None, years=year)
    except NotImplementedError:
        # An unknown country or region (validated on save; an old row must not break a page).
        return frozenset()
    return frozenset(calendar)


def validate_holidays(country: str, region: str) -> None:
    """Raise ValidationError unless `holidays` knows this country and region."""
    supported = holidays_lib.list_supported_countries()
    if country not in supported:
        message = _(
            "Unknown country code “%(value)s”: give the ISO 3166-1 code (two capital letters, "
            "e.g. FR) of a country whose public holidays are known."
        )
        raise ValidationError({"country": message % {"value": country}})
    if region and region not in supported[country]:
        message = _(
            "Unknown region “%(value)s” for the country %(country)s: leave it empty for the "
            "national holidays, or give one of its subdivisions (e.g. 57 for Moselle in FR)."
        )
        raise ValidationError({"holiday_region": message % {"value": region, "country": country}})


@functools.lru_cache(maxsize=32)
def region_choices(country: str) -> list[tuple[str, str]]:
    """(code, "Name (code)") of the country's regions that have public holidays of their own
    (the `holidays` package's subdivisions; France's school zones, which have none, are left
    out), for a select."""
    supported = holidays_lib.list_supported_countries()
    year = 2025  # which regions differ does not depend on the year
    national = _holiday_dates(country, "", year)
    codes = [
        code
        for code in supported.get(country, [])
        if _holiday_dates(country, code, year) != national
    ]
    if not codes:
        return []
    aliases = getattr(holidays_lib.country_holidays(country), "subdivisions_aliases", {})
    names: dict[str, str] = {}
    for alias, code in aliases.items():
        # The longest alias is the name ("Moselle"), the short ones are codes ("GP").
        if len(alias) > len(names.get(code, "")):
            names[code] = alias
    return [(code, f"{names[code]} ({code})" if code in names else code) for code in codes]


def _without_comments(expression: str, replace: str) -> str:
    """`PH` replaced by `replace` outside the quoted comments."""
    parts = expression.split('"')
    return '"'.join(_PH.sub(replace, part) if i % 2 == 0 else part for i, part in enumerate(parts))


@functools.lru_cache(maxsize=512)
def _parse(expression: str) -> ohp.OpeningHours | None:
    try:
        return ohp.OpeningHours(expression)
    except (ohp.ParserError, ValueError):  # type: ignore[attr-defined]
        # Rows written before validation existed must not break a page.
        return None


class Hours:
    """An expression read in local (naive) time with a set of public holidays."""

    def __init__(self, expression: str, holidays: Holidays) -> None:
        self.expression = expression
        self.holidays = holidays
        self.base = _parse(expression)

    @property
    def is_readable(self) -> bool:
        return self.base is not None

    @property
    def uses_holidays(self) -> bool:
        return bool(_PH.search(self.expression))

    def _for_day(self, day: date) -> ohp.OpeningHours:
        """The expression that reads `day` right: on a holiday, `PH` is that day."""
        assert self.base is not None
        if not self.uses_holidays or day not in self.holidays:
            return self.base
        swapped = _parse(_without_comments(self.expression, WEEKDAY_TOKENS[day.weekday()]))
        # A PH construct the swap cannot express (e.g. "PH -1 day") keeps the plain reading.
        return swapped or self.base

    def _segment_end(self, moment: datetime) -> datetime:
        """Where the stretch of days read with one expression ends after `moment`."""
        day = moment.date()
        if day in self.holidays:
            return datetime.combine(day + timedelta(days=1), time(0, 0))
        following = self.holidays.next_after(day)
        if following is None:
            return moment + HORIZON
        return min(datetime.combine(following, time(0, 0)), moment + HORIZON)

    def state(self, moment: datetime) -> ohp.State:
        state, _comment = self._for_day(moment.date()).state(moment)
        return state

    def intervals(
        self, start: datetime, end: datetime
    ) -> Iterator[tuple[datetime, datetime, ohp.State]]:
        """(begin, end, state) covering [start, end), each read with its day's expression."""
        assert self.base is not None
        if not self.uses_holidays:
            for begin, finish, state, _comment in self.base.intervals(start, end):
                yield begin, min(finish or end, end), state
            return
        cursor = start
        while cursor < end:
            stop = min(self._segment_end(cursor), end)
            for begin, finish, state, _comment in self._for_day(cursor.date()).intervals(
                cursor, stop
            ):
                finish = min(finish or stop, stop)
                if begin < finish:
                    yield max(begin, cursor), finish, state
            cursor = stop

    def next_change(self, moment: datetime) -> datetime | None:
        """When the state at `moment` next changes, or None beyond the horizon."""
        assert self.base is not None
        if not self.uses_holidays:
            return self.base.next_change(moment)
        current = self.state(moment)
        limit = moment + HORIZON
        cursor = moment
        while cursor < limit:
            stop = self._segment_end(cursor)
            change = self._for_day(cursor.date()).next_change(cursor)
            if change is not None and change < stop:
                if self.state(change) != current:
                    return change
                cursor = change
                continue
            if self.state(stop) != current:
                return stop
            cursor = stop
        return None


Span = tuple[time, time]  # opens, closes (closes 00:00 = midnight at the end of the day)


def _spans(hours: Hours, day: date) -> list[Span]:
    start = datetime.combine(day, time(0, 0))
    spans: list[Span] = []
    for begin, finish, state in hours.intervals(start, start + timedelta(days=1)):
        if state == ohp.State.OPEN:
            spans.append((begin.time(), finish.time()))
    return spans


def usual_week(expression: str, around: date) -> list[list[Span]] | None:
    """The open spans of each weekday (Monday first) of the week of `around`, read as an
    ordinary week (no public holiday); None when the hours are unknown or unreadable."""
    hours = Hours(expression, Holidays(country=""))
    if not expression or not hours.is_readable:
        return None
    monday = around - timedelta(days=around.weekday())
    return [_spans(hours, monday + timedelta(days=offset)) for offset in range(7)]


def holiday_exceptions(owner: HoursOwner, start: date, days: int) -> list[tuple[date, list[Span]]]:
    """The public holidays within `days` days from `start` whose hours differ from the same
    weekday's usual hours, with their spans (none: closed all day)."""
    hours = Hours(owner.opening_hours, holidays_of(owner))
    if not owner.opening_hours or not hours.is_readable or not hours.uses_holidays:
        return []
    usual = Hours(owner.opening_hours, Holidays(country=""))
    end = start + timedelta(days=days)
    found = []
    for year in range(start.year, end.year + 1):
        for day in sorted(hours.holidays.dates(year)):
            if start <= day < end and _spans(hours, day) != _spans(usual, day):
                found.append((day, _spans(hours, day)))
    return found


def holidays_of(owner: HoursOwner) -> Holidays:
    return Holidays(owner.country or DEFAULT_COUNTRY, owner.holiday_region)


def open_state(
    expression: str, tz_name: str, at: datetime, holidays: Holidays | None = None
) -> OpenState:
    """Whether a place is open at `at` (aware) and when that changes, in its own timezone.
    `holidays`: the place's public holidays (France's when not given)."""
    if not expression:
        return UNKNOWN
    hours = Hours(expression, holidays or Holidays())
    if not hours.is_readable:
        return UNKNOWN
    zone = ZoneInfo(tz_name)
    local = at.astimezone(zone).replace(tzinfo=None)
    state = hours.state(local)
    change = hours.next_change(local)
    aware = change.replace(tzinfo=zone) if change else None
    return OpenState(
        is_open=state == ohp.State.OPEN, is_known=state != ohp.State.UNKNOWN, next_change=aware
    )


def place_open_state(place: HoursOwner, at: datetime) -> OpenState:
    """`open_state` of a place, with its own time zone and public holidays."""
    return open_state(place.opening_hours, place.timezone, at, holidays_of(place))


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
