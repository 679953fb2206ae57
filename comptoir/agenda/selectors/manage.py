"""Reads of the concierges' event pages: a place's events with how full they are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from comptoir.agenda.models import Event, EventSeries, Registration
from comptoir.places.models import Place

CONFIRMED = Q(registrations__status=Registration.Status.CONFIRMED)
WAITLISTED = Q(registrations__status=Registration.Status.WAITLISTED)


def events_of_place(*, place: Place, now: datetime, past: bool = False) -> QuerySet[Event]:
    """The place's events still to come (soonest first) or over (latest first), with their
    confirmed and waitlisted counts, in one query."""
    events = (
        Event.objects.filter(place=place)
        .select_related("space", "series", "organizer_person", "organizer_organization")
        .annotate(
            confirmed_count=Count("registrations", filter=CONFIRMED),
            waitlist_count=Count("registrations", filter=WAITLISTED),
        )
    )
    if past:
        return events.filter(end__lte=now).order_by("-start", "-pk")
    return events.filter(end__gt=now).order_by("start", "pk")


@dataclass
class EventRow:
    event: Event
    confirmed: int
    waitlisted: int

    @property
    def fill_rate(self) -> int | None:
        """Percentage of seats taken; None when the seats are not limited."""
        if not self.event.capacity:
            return None
        return round(100 * self.confirmed / self.event.capacity)


def event_rows(events: object) -> list[EventRow]:
    return [
        EventRow(event, getattr(event, "confirmed_count", 0), getattr(event, "waitlist_count", 0))
        for event in events  # type: ignore[attr-defined]
    ]


def people_to_tell(event: Event) -> int:
    """The people an event's cancellation is emailed to: its active registrations with an
    email address."""
    return (
        event.registrations.exclude(status=Registration.Status.CANCELLED).exclude(email="").count()
    )


def people_to_call(event: Event) -> list[Registration]:
    """The people registered with a phone number only: the concierge calls them."""
    return people_to_call_among([event])


def people_to_call_among(events: Sequence[Event]) -> list[Registration]:
    """`people_to_call` for several events (the coming dates of a series), by date, each
    with its event's start."""
    return list(
        Registration.objects.filter(event__in=events)
        .exclude(status=Registration.Status.CANCELLED)
        .filter(email="")
        .exclude(phone="")
        .select_related("event")
        .only("name", "phone", "event__start")
        .order_by("event__start", "name")
    )


def coming_in_series(event: Event, now: datetime) -> int:
    """How many events of the event's series are still to come (0 outside a series)."""
    if event.series_id is None:
        return 0
    return Event.objects.scheduled().filter(series_id=event.series_id, start__gt=now).count()


def event_for_edit(*, pk: int) -> Event | None:
    """An event with what its edit and cancel pages show (None when there is none)."""
    return (
        Event.objects.select_related("place", "place__network", "space", "series")
        .filter(pk=pk)
        .first()
    )


def series_get(*, pk: int) -> EventSeries | None:
    return EventSeries.objects.select_related("place").filter(pk=pk).first()


def series_coming(series: EventSeries, now: datetime) -> list[Event]:
    """The series' events still to come, soonest first."""
    return list(series.events.scheduled().filter(start__gt=now).order_by("start"))


def series_coming_with_people(series: EventSeries, now: datetime) -> list[Event]:
    """`series_coming`, each with `people`: how many registrations still hold."""
    active = ~Q(registrations__status=Registration.Status.CANCELLED)
    return list(
        series.events.scheduled()
        .filter(start__gt=now)
        .annotate(people=Count("registrations", filter=active))
        .order_by("start")
    )
