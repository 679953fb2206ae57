"""Reads of the roster: a place's month of shifts, a person's shifts, the swaps offered to
a concierge, the hours per person and month, and the gaps ahead (the place open, nobody on
duty), read from the place's OSM opening hours."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import opening_hours as ohp
from django.db.models import Prefetch, Q, QuerySet

from comptoir.community import permissions as community
from comptoir.core.types import Actor, Viewer
from comptoir.places.models import Place
from comptoir.places.opening_hours import Hours, holidays_of
from comptoir.roster.models import Assignment, Shift, ShiftPattern, Swap

# Shorter uncovered stretches (a quarter of an hour between two shifts) are no gap.
SMALLEST_GAP = dt.timedelta(minutes=15)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _with_people(shifts: QuerySet[Shift]) -> QuerySet[Shift]:
    return shifts.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("person").prefetch_related(
                Prefetch("swaps", queryset=Swap.objects.filter(status=Swap.Status.OPEN))
            ),
        )
    )


def shifts_of_month(*, place: Place, month: dt.date) -> list[Shift]:
    """The shifts of the place in the month (cancelled ones too, marked), with who is on
    duty and their open swaps: three queries."""
    first, last = month_bounds(month)
    shifts = Shift.objects.filter(place=place, day__gte=first, day__lte=last).order_by(
        "starts_at", "pk"
    )
    return list(_with_people(shifts))


def patterns_of_place(*, place: Place) -> QuerySet[ShiftPattern]:
    return ShiftPattern.objects.filter(place=place).order_by("weekday", "start_time", "pk")


def assignments_of_person(
    *, person: Actor, since: dt.datetime, limit: int = 100
) -> list[Assignment]:
    """A person's shifts ending after `since`, soonest first, with their place and swaps."""
    return list(
        Assignment.objects.filter(person=person, shift__ends_at__gt=since)
        .select_related("shift__place")
        .prefetch_related(Prefetch("swaps", queryset=Swap.objects.filter(status="open")))
        .order_by("shift__starts_at", "pk")[:limit]
    )


def past_assignments_of_person(
    *, person: Actor, until: dt.datetime, limit: int = 20
) -> list[Assignment]:
    """A person's last shifts over, latest first (to record their hours)."""
    return list(
        Assignment.objects.filter(
            person=person, shift__ends_at__lte=until, shift__cancelled_at__isnull=True
        )
        .select_related("shift__place")
        .order_by("-shift__starts_at", "-pk")[:limit]
    )


def swaps_offered_to(*, user: Viewer, now: dt.datetime) -> list[Swap]:
    """The open swaps of shifts to come at the places where `user` is a concierge, offered
    by someone else to anyone or to them, soonest first: one query."""
    swaps = Swap.objects.filter(status=Swap.Status.OPEN, assignment__shift__ends_at__gt=now)
    if not community.is_network_admin(user):
        place_ids = community.concierge_place_ids(user)
        swaps = swaps.filter(assignment__shift__place_id__in=place_ids)
    return list(
        swaps.filter(Q(offered_to__isnull=True) | Q(offered_to_id=user.pk))
        .exclude(offered_by_id=user.pk)
        .select_related("assignment__shift__place", "offered_by", "offered_to")
        .order_by("assignment__shift__starts_at", "pk")
    )


def swap_get(*, pk: int) -> Swap:
    return Swap.objects.select_related("assignment__shift__place").get(pk=pk)


def assignment_get(*, pk: int) -> Assignment:
    return Assignment.objects.select_related("shift__place", "person").get(pk=pk)


def shift_get(*, pk: int) -> Shift:
    return Shift.objects.select_related("place").get(pk=pk)


@dataclass
class HoursLine:
    person_id: int
    name: str
    shifts: int = 0
    hours: float = 0.0


def hours_of_month(*, place: Place, month: dt.date) -> list[HoursLine]:
    """Hours on duty per person in the month at the place (cancelled shifts left out),
    most hours first: one query."""
    first, last = month_bounds(month)
    rows = (
        Assignment.objects.filter(
            shift__place=place,
            shift__day__gte=first,
            shift__day__lte=last,
            shift__cancelled_at__isnull=True,
        )
        .order_by()
        .values_list(
            "person_id",
            "person__first_name",
            "person__last_name",
            "shift__starts_at",
            "shift__ends_at",
        )
    )
    lines: dict[int, HoursLine] = {}
    for person_id, first_name, last_name, starts_at, ends_at in rows:
        line = lines.setdefault(
            person_id, HoursLine(person_id, f"{first_name} {last_name}".strip())
        )
        line.shifts += 1
        line.hours += (ends_at - starts_at).total_seconds() / 3600
    for line in lines.values():
        line.hours = round(line.hours, 2)
    return sorted(lines.values(), key=lambda line: (-line.hours, line.name))


@dataclass
class VolunteerHours:
    """The hours on duty of the roster's shifts done over a period: in total, per month
    (the first day of each month of the period, oldest first) and the people who held
    them."""

    hours: float = 0.0
    people: int = 0
    shifts: int = 0
    months: list[tuple[dt.date, float, int]] = field(default_factory=list)  # month, hours, people


def volunteer_hours(
    *, place_ids: list[int], start: dt.date, end: dt.date, now: dt.datetime
) -> VolunteerHours:
    """Hours on duty at the places between `start` and `end` (both days included, by the
    shift's local day): each holder of a slot of a shift not cancelled and over by `now`
    counts the shift's length. One query whatever the data (a row per slot held)."""
    rows = (
        Assignment.objects.filter(
            shift__place_id__in=place_ids,
            shift__day__gte=start,
            shift__day__lte=end,
            shift__cancelled_at__isnull=True,
            shift__ends_at__lte=now,
        )
        .order_by()
        .values_list("person_id", "shift__day", "shift__starts_at", "shift__ends_at")
    )
    seconds: dict[dt.date, float] = defaultdict(float)
    people: dict[dt.date, set[int]] = defaultdict(set)
    everyone: set[int] = set()
    shifts = 0
    for person_id, day, starts_at, ends_at in rows:
        month = day.replace(day=1)
        seconds[month] += (ends_at - starts_at).total_seconds()
        people[month].add(person_id)
        everyone.add(person_id)
        shifts += 1
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append((month, round(seconds.get(month, 0.0) / 3600, 2), len(people.get(month, ()))))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return VolunteerHours(
        hours=round(sum(seconds.values()) / 3600, 2),
        people=len(everyone),
        shifts=shifts,
        months=months,
    )


@dataclass
class Gap:
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    reasons: list[str] = field(default_factory=list)

    @property
    def all_day(self) -> bool:
        """From midnight to midnight: a place open day and night with nobody all day (it
        read "00:00–00:00")."""
        begin, end = self.starts_at, self.ends_at.astimezone(self.starts_at.tzinfo)
        midnight = dt.time()
        return begin.time() == midnight == end.time() and end.date() == begin.date() + dt.timedelta(
            1
        )


def _open_spans(place: Place, first: dt.date, days: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """The place's open stretches, day by day (a place open day and night has one a day)."""
    hours = Hours(place.opening_hours, holidays_of(place))
    if not place.opening_hours or not hours.is_readable:
        return []
    zone = ZoneInfo(place.timezone)
    spans = []
    for offset in range(days):
        start = dt.datetime.combine(first + dt.timedelta(days=offset), dt.time())
        for begin, finish, state in hours.intervals(start, start + dt.timedelta(days=1)):
            if state == ohp.State.OPEN:
                spans.append((begin.replace(tzinfo=zone), finish.replace(tzinfo=zone)))
    return spans


def gaps_ahead(*, place: Place, first: dt.date, days: int) -> list[Gap]:
    """The stretches of the coming `days` days from `first` when the place is open and no
    shift with somebody on duty covers it (two queries at most)."""
    spans = _open_spans(place, first, days)
    if not spans:
        return []
    covered: dict[dt.date, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for starts_at, ends_at, day in (
        Shift.objects.active()
        .filter(place=place, day__gte=first, day__lt=first + dt.timedelta(days=days + 1))
        .filter(assignments__isnull=False)
        .distinct()
        .order_by("starts_at")
        .values_list("starts_at", "ends_at", "day")
    ):
        covered[day].append((starts_at, ends_at))
    zone = ZoneInfo(place.timezone)
    gaps: list[Gap] = []
    for begin, finish in spans:
        day = begin.astimezone(zone).date()
        cursor = begin
        for starts_at, ends_at in sorted(covered.get(day, [])):
            if ends_at <= cursor or starts_at >= finish:
                continue
            if starts_at - cursor >= SMALLEST_GAP:
                gaps.append(Gap(day, cursor, starts_at))
            cursor = max(cursor, ends_at)
        if finish - cursor >= SMALLEST_GAP:
            gaps.append(Gap(day, cursor, finish))
    return gaps
