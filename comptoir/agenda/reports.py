"""Activity reports for funders: what a place did over a period, computed by a handful of
aggregate queries (their number does not grow with the data).

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
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connections
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.agenda.models import MEDIATION_KINDS, Event, EventKind, Registration
from comptoir.core import mediation
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


def activity_report(
    *, place: Place, start: date, end: date, now: datetime | None = None
) -> ActivityReport:
    """The figures of a place over a period (both days included)."""
    now = now or timezone.now()
    low, high = period_bounds(place, start, end)
    sessions = Event.objects.scheduled().filter(place=place, start__gte=low, start__lt=high)
    report = ActivityReport(place=place, start=start, end=end)
    _count_sessions(report, sessions.order_by())
    registrations = Registration.objects.filter(event__in=sessions.order_by().values("pk"))
    present = registrations.filter(
        status=Registration.Status.CONFIRMED, attendance=Registration.Attendance.PRESENT
    )
    _count_registrations(report, registrations, now)
    _count_first_time(report, place, present, low, high)
    by_public_people = dict(
        present.order_by()
        .values_list("public_category")
        .annotate(people=Count("identity", distinct=True))
    )
    counts = _json_counts(sessions.order_by())
    report.by_public = [
        Row(
            value,
            value,
            sessions=counts["publics"].get(value, 0),
            people=by_public_people.get(value, 0),
        )
        for value in mediation.PUBLICS
    ] + [Row("", _("Not specified"), people=by_public_people.get("", 0))]
    report.by_service = [
        Row(
            value,
            value,
            sessions=counts["services"].get(value, 0),
            people=counts["people"].get(value, 0),
        )
        for value in mediation.SERVICES
    ]
    return report


def _count_sessions(report: ActivityReport, sessions: QuerySet[Event]) -> None:
    duration = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())
    rows: dict[str, tuple[int, timedelta | None]] = {
        kind: (count, total)
        for kind, count, total in sessions.values_list("kind")
        .annotate(count=Count("pk"), duration=Sum(duration))
        .values_list("kind", "count", "duration")
    }
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


def _count_first_time(
    report: ActivityReport,
    place: Place,
    present: QuerySet[Registration],
    low: datetime,
    high: datetime,
) -> None:
    """First-time people first attended this place inside the period: one query, the first
    attendance of each identity present in the period."""
    figures = (
        Registration.objects.filter(
            event__place=place,
            event__status=Event.Status.SCHEDULED,
            event__start__lt=high,
            status=Registration.Status.CONFIRMED,
            attendance=Registration.Attendance.PRESENT,
            identity__in=present.order_by().values("identity"),
        )
        .order_by()
        .values("identity")
        .annotate(first=Min("event__start"))
        .aggregate(
            first_time=Count("identity", filter=Q(first__gte=low)),
            returning=Count("identity", filter=Q(first__lt=low)),
        )
    )
    report.first_time = figures["first_time"] or 0
    report.returning = figures["returning"] or 0


def _json_counts(sessions: QuerySet[Event]) -> dict[str, dict[str, int]]:
    """Sessions per public and per service, and people present per service: the events'
    lists are JSON, expanded in SQL (PostgreSQL and SQLite each have their way), the
    sessions' lists first and then joined to the people present."""
    connection = connections[sessions.db]
    event_table = Event._meta.db_table
    registration_table = Registration._meta.db_table

    def expand(column: str) -> str:
        if connection.vendor == "postgresql":
            return f"CROSS JOIN LATERAL jsonb_array_elements_text(e.{column}) AS j(value)"
        return f"JOIN json_each(e.{column}) AS j"

    in_period, params = _compiled(sessions.values("pk"))
    sql = (
        f"SELECT 'publics', j.value, COUNT(*) FROM {event_table} e {expand('publics')} "
        f"WHERE e.id IN ({in_period}) GROUP BY j.value "
        "UNION ALL "
        f"SELECT 'services', j.value, COUNT(*) FROM {event_table} e {expand('services')} "
        f"WHERE e.id IN ({in_period}) GROUP BY j.value "
        "UNION ALL "
        f"SELECT 'people', j.value, COUNT(DISTINCT r.identity) FROM {event_table} e "
        f"{expand('services')} JOIN {registration_table} r ON r.event_id = e.id "
        f"WHERE e.id IN ({in_period}) AND r.status = %s AND r.attendance = %s "
        "GROUP BY j.value"
    )
    present = (Registration.Status.CONFIRMED.value, Registration.Attendance.PRESENT.value)
    counts: dict[str, dict[str, int]] = {"publics": {}, "services": {}, "people": {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *params, *params, *present])
        for kind, value, count in cursor.fetchall():
            counts[kind][value] = count
    return counts


def _compiled(queryset: QuerySet[Any, Any]) -> tuple[str, tuple[Any, ...]]:
    """The SQL of a queryset and its parameters, ready for the database."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)
