"""Reads of the desk: the events whose attendance someone may take, and an event's
attendance list with its counts (two queries whatever the number of people)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from comptoir.agenda.models import Event, Registration


def events_for_attendance() -> QuerySet[Event]:
    """Events with what the attendance page shows of them (permission checked by the view)."""
    return Event.objects.exclude(status=Event.Status.DRAFT).select_related("place", "space")


def attendance_list(*, event: Event) -> QuerySet[Registration]:
    """Who is expected: confirmed people (walk-ins last), then the waitlist, by name."""
    order = Case(
        When(status=Registration.Status.WAITLISTED, then=Value(2)),
        When(walk_in=True, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .annotate(rank=order)
        .order_by("rank", "name", "pk")
    )


@dataclass(frozen=True)
class AttendanceCounts:
    confirmed: int
    present: int
    absent: int
    unmarked: int
    walk_ins: int
    waitlisted: int


def attendance_counts(*, event: Event) -> AttendanceCounts:
    status, attendance = Registration.Status, Registration.Attendance
    confirmed = Q(status=status.CONFIRMED)
    figures: dict[str, Any] = event.registrations.aggregate(
        confirmed=Count("pk", filter=confirmed),
        present=Count("pk", filter=confirmed & Q(attendance=attendance.PRESENT)),
        absent=Count("pk", filter=confirmed & Q(attendance=attendance.ABSENT)),
        unmarked=Count("pk", filter=confirmed & Q(attendance=attendance.UNKNOWN)),
        walk_ins=Count("pk", filter=confirmed & Q(walk_in=True)),
        waitlisted=Count("pk", filter=Q(status=status.WAITLISTED)),
    )
    return AttendanceCounts(**{name: value or 0 for name, value in figures.items()})
