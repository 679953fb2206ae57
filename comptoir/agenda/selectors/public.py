"""Reads of the agenda's public pages: the upcoming public events of a place or of the
network (filtered by kind, public, service and a first day), each with its seats left in
one aggregate query for the whole page, an event with what its page shows, and the
viewer's own registration. A constant number of queries whatever the number of events
and registrations."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast

from comptoir.agenda.models import Event, Registration
from comptoir.bookings import holds
from comptoir.core.types import Viewer
from comptoir.places.models import Place

ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


@dataclass(frozen=True)
class AgendaFilters:
    """What the public agenda is narrowed to; empty strings mean "any"."""

    start: datetime
    kind: str = ""
    public: str = ""
    service: str = ""


def _list_contains(field: str, value: str) -> Q:
    """A JSON list field holding `value`: `@>` on PostgreSQL (GIN-indexable); SQLite has no
    JSON containment, so there the stored text is searched for the JSON-encoded value."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}_text__contains": json.dumps(value)})


def events_public() -> QuerySet[Event]:
    """Every public event (scheduled or cancelled, never drafts) of an active place."""
    return (
        Event.objects.public()
        .filter(place__is_active=True)
        .select_related("place")
        .defer("place__description", "place__opening_hours")
    )


def events_upcoming(*, filters: AgendaFilters, place: Place | None = None) -> QuerySet[Event]:
    """Public events not over yet at `filters.start`, soonest first (the network's, or one
    place's); the filters use the (place, start) and (start) indexes."""
    # An event lasts at most LONGEST_HOLD, so the bound on `start` lets the index on it
    # narrow the scan to the events that can still be running.
    events = (
        events_public()
        .filter(end__gt=filters.start, start__gt=filters.start - holds.LONGEST_HOLD)
        .defer("description", "accessibility")
    )
    if place is not None:
        events = events.filter(place=place)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    for field, value in (("publics", filters.public), ("services", filters.service)):
        if not value:
            continue
        if connection.vendor != "postgresql":
            events = events.annotate(**{f"{field}_text": Cast(field, TextField())})
        events = events.filter(_list_contains(field, value))
    return events.order_by("start", "pk")


@dataclass(frozen=True)
class Seats:
    """How full an event is."""

    capacity: int | None
    confirmed: int
    waitlisted: int

    @property
    def left(self) -> int | None:
        """Seats still free; None when the number is not limited."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self) -> bool:
        return self.left == 0


def seats_of(events: Iterable[Event]) -> dict[int, Seats]:
    """The seats of each event, in one aggregate query for all of them."""
    events = list(events)
    if not events:
        return {}
    rows = (
        Registration.objects.filter(event_id__in=[e.pk for e in events], status__in=ACTIVE)
        .values("event_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        .order_by()
    )
    counts = {row["event_id"]: (row["confirmed"], row["waitlisted"]) for row in rows}
    return {e.pk: Seats(e.capacity, *counts.get(e.pk, (0, 0))) for e in events}


def with_seats(events: Iterable[Event]) -> list[Event]:
    """The events with their `seats` set (one query for all)."""
    events = list(events)
    seats = seats_of(events)
    for event in events:
        event.seats = seats[event.pk]  # type: ignore[attr-defined]
    return events


def event_get_public(*, pk: int) -> Event:
    """A public event with its place, space and organizers (raises Event.DoesNotExist)."""
    return (
        Event.objects.public()
        .filter(place__is_active=True)
        .select_related("place", "space", "organizer_person", "organizer_organization")
        .get(pk=pk)
    )


def registration_of(*, event: Event, user: Viewer) -> Registration | None:
    """The viewer's own registration to the event that still holds (none when anonymous)."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, person_id=user.pk, status__in=ACTIVE)
        .order_by("-created_at", "-pk")
        .first()
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first on the waitlist (the waitlist is served in order of registration)."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk),
        event_id=registration.event_id,
        status=Registration.Status.WAITLISTED,
    ).count()
    return ahead + 1
