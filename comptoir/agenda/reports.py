"""Activity reports for funders: what a place did over a period, computed by five queries
whatever the data (aggregates in SQL; the people present of the period counted once each
in Python, per public and per service), plus the fixed queries of the sections the apps
above register (`report_sections`: the conciergerie's requests done, the roster's hours).

Definitions (the report page says them too):
- a session is a scheduled (not cancelled) event of the place starting in the period, in
  the place's time zone; hours of mediation sum the durations of the sessions whose kind
  is in `MEDIATION_KINDS`;
- registrations are the confirmed registrations (walk-ins apart), the waitlist apart;
- the attendance rate is present / (present + absent) among the marked registrations
  (walk-ins apart) of sessions that have started;
- unique people are the distinct identities among the people present (walk-ins included);
- first-time people attended this place for the first time inside the period, returning
  people had attended before it.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Trunc
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.agenda import report_sections
from comptoir.agenda.models import MEDIATION_KINDS, Event, EventKind, Registration
from comptoir.core import mediation
from comptoir.core.db import reading_from_replica
from comptoir.places.models import Place


@dataclass(frozen=True)
class Row:
    """One line of a breakdown (a kind, a public, a service)."""

    key: str
    label: str
    sessions: int = 0
    hours: float = 0.0
    people: int = 0


@dataclass
class ActivityReport:
    place: Place
    start: date
    end: date
    sessions: int = 0
    mediation_sessions: int = 0
    mediation_hours: float = 0.0
    registrations: int = 0
    waitlisted: int = 0
    walk_ins: int = 0
    present: int = 0  # presences, walk-ins included
    marked_present: int = 0  # registrations (walk-ins apart) of started sessions
    marked_absent: int = 0
    unique_people: int = 0
    first_time: int = 0
    returning: int = 0
    by_kind: list[Row] = field(default_factory=list)
    by_public: list[Row] = field(default_factory=list)
    by_service: list[Row] = field(default_factory=list)
    # Sessions per day, week or month of the period (`timeline_unit`), per kind: every
    # bucket of the period listed, oldest first (counted by the same query as `by_kind`).
    timeline_unit: str = "day"
    timeline: list[tuple[date, dict[str, int]]] = field(default_factory=list)
    # What the apps above agenda add (the conciergerie, the roster's hours on duty…).
    sections: list[report_sections.ReportSection] = field(default_factory=list)

    @property
    def attendance_rate(self) -> float | None:
        """Between 0 and 1, or None when nobody was marked."""
        marked = self.marked_present + self.marked_absent
        return self.marked_present / marked if marked else None

    @property
    def attendance_percent(self) -> int | None:
        rate = self.attendance_rate
        return None if rate is None else round(rate * 100)


def period_bounds(place: Place, start: date, end: date) -> tuple[datetime, datetime]:
    """From the start day's midnight to the midnight after the end day, in the place's
    time zone (both days included)."""
    tz = zoneinfo.ZoneInfo(place.timezone)
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _hours(duration: timedelta | None) -> float:
    return round(duration.total_seconds() / 3600, 2) if duration else 0.0


@reading_from_replica()  # a report: the replica's work when there is one
def activity_report(
    *, place: Place, start: date, end: date, now: datetime | None = None
) -> ActivityReport:
    """The figures of a place over a period (both days included), in five queries, and
    the sections the apps above register (`report_sections`), each in its fixed number."""
    now = now or timezone.now()
    low, high = period_bounds(place, start, end)
    sessions = Event.objects.scheduled().filter(place=place, start__gte=low, start__lt=high)
    report = ActivityReport(place=place, start=start, end=end)
    _count_sessions(report, sessions.order_by(), zoneinfo.ZoneInfo(place.timezone))
    registrations = Registration.objects.filter(event__in=sessions.order_by().values("pk"))
    present = registrations.filter(
        status=Registration.Status.CONFIRMED, attendance=Registration.Attendance.PRESENT
    )
    _count_registrations(report, registrations, now)
    _count_first_time(report, place, low, high)
    lists = {
        pk: (publics or [], services or [])
        for pk, publics, services in sessions.order_by().values_list("pk", "publics", "services")
    }
    # The people present, once each per event: a few thousand rows a year for a busy place,
    # cheaper counted here than expanded from JSON lists and de-duplicated in SQL.
    by_public: dict[str, set[str]] = defaultdict(set)
    by_service: dict[str, set[str]] = defaultdict(set)
    for event_id, identity, category in present.order_by().values_list(
        "event_id", "identity", "public_category"
    ):
        by_public[category].add(identity)
        for service in lists.get(event_id, ((), ()))[1]:
            by_service[service].add(identity)
    publics = Counter(value for publics_, _services in lists.values() for value in publics_)
    services = Counter(value for _publics, services_ in lists.values() for value in services_)
    report.by_public = [
        Row(value, value, sessions=publics[value], people=len(by_public.get(value, ())))
        for value in mediation.PUBLICS
    ] + [Row("", _("Not specified"), people=len(by_public.get("", ())))]
    report.by_service = [
        Row(value, value, sessions=services[value], people=len(by_service.get(value, ())))
        for value in mediation.SERVICES
    ]
    period = report_sections.Period(start=start, end=end, low=low, high=high, now=now)
    report.sections = report_sections.sections_of(place, period)
    return report


def timeline_unit(start: date, end: date) -> str:
    """Days up to a month, weeks up to half a year, months up to five years, years beyond."""
    days = (end - start).days + 1
    if days <= 31:
        return "day"
    return "week" if days <= 183 else "month" if days <= 1830 else "year"


def bucket_of(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _buckets(start: date, end: date, unit: str) -> list[date]:
    buckets, day = [], bucket_of(start, unit)
    while day <= end:
        buckets.append(day)
        if unit == "year":
            day = day.replace(year=day.year + 1)
        elif unit == "month":
            day = (day + timedelta(days=32)).replace(day=1)
        else:
            day += timedelta(days=7 if unit == "week" else 1)
    return buckets


def _count_sessions(
    report: ActivityReport, sessions: QuerySet[Event], tz: zoneinfo.ZoneInfo
) -> None:
    duration = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())
    unit = timeline_unit(report.start, report.end)
    counts: Counter[str] = Counter()
    durations: dict[str, timedelta] = defaultdict(timedelta)
    per_bucket: dict[date, Counter[str]] = defaultdict(Counter)
    for kind, bucket, count, total in (
        sessions.annotate(bucket=Trunc("start", unit, tzinfo=tz))
        .values_list("kind", "bucket")
        .annotate(count=Count("pk"), duration=Sum(duration))
        .values_list("kind", "bucket", "count", "duration")
    ):
        counts[kind] += count
        durations[kind] += total or timedelta()
        per_bucket[bucket.astimezone(tz).date()][kind] += count
    rows = {kind: (counts[kind], durations[kind]) for kind in counts}
    report.timeline_unit = unit
    report.timeline = [
        (bucket, dict(per_bucket.get(bucket, {})))
        for bucket in _buckets(report.start, report.end, unit)
    ]
    report.by_kind = [
        Row(
            kind.value,
            str(kind.label),
            sessions=rows.get(kind.value, (0, None))[0],
            hours=_hours(rows.get(kind.value, (0, None))[1]),
        )
        for kind in EventKind
    ]
    report.sessions = sum(row.sessions for row in report.by_kind)
    mediation_rows = [row for row in report.by_kind if row.key in MEDIATION_KINDS]
    report.mediation_sessions = sum(row.sessions for row in mediation_rows)
    report.mediation_hours = round(sum(row.hours for row in mediation_rows), 2)


def _count_registrations(
    report: ActivityReport, registrations: QuerySet[Registration], now: datetime
) -> None:
    status, attendance = Registration.Status, Registration.Attendance
    registered = Q(walk_in=False, status=status.CONFIRMED)
    started = Q(event__start__lte=now)
    is_present = Q(status=status.CONFIRMED, attendance=attendance.PRESENT)
    figures = registrations.aggregate(
        registrations=Count("pk", filter=registered),
        waitlisted=Count("pk", filter=Q(walk_in=False, status=status.WAITLISTED)),
        walk_ins=Count("pk", filter=Q(walk_in=True) & is_present),
        present=Count("pk", filter=is_present),
        marked_present=Count("pk", filter=registered & started & Q(attendance=attendance.PRESENT)),
        marked_absent=Count("pk", filter=registered & started & Q(attendance=attendance.ABSENT)),
        unique_people=Count("identity", distinct=True, filter=is_present),
    )
    for name, value in figures.items():
        setattr(report, name, value or 0)


def _count_first_time(report: ActivityReport, place: Place, low: datetime, high: datetime) -> None:
    """First-time people first attended this place inside the period, returning people
    before it: one pass over the place's presences up to the period's end, grouped by
    person (their first presence, and whether they came in the period)."""
    came = Registration.objects.filter(
        event__place=place,
        event__status=Event.Status.SCHEDULED,
        event__start__lt=high,
        status=Registration.Status.CONFIRMED,
        attendance=Registration.Attendance.PRESENT,
    )
    in_period = Case(When(event__start__gte=low, then=Value(1)), default=Value(0))
    figures = (
        came.order_by()
        .values("identity")
        .annotate(first=Min("event__start"), here=Max(in_period))
        .aggregate(
            first_time=Count("identity", filter=Q(here=1, first__gte=low)),
            returning=Count("identity", filter=Q(here=1, first__lt=low)),
        )
    )
    report.first_time = figures["first_time"] or 0
    report.returning = figures["returning"] or 0
