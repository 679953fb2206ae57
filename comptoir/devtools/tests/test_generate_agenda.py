"""The generated agenda keeps the rules the services enforce: events hold their room
without overlapping any booking, never more confirmed people than seats, a waitlist only
behind a full event, one registration per person and event, attendance only afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from comptoir.agenda.models import Event, Registration
from comptoir.bookings.models import Booking
from comptoir.devtools.tests.test_generate import generate
from comptoir.places.models import Place

pytestmark = pytest.mark.django_db


def test_it_writes_the_events_and_registrations_asked_for() -> None:
    generate(events=120, registrations=900)

    assert Event.objects.count() == 120
    registered = Registration.objects.filter(walk_in=False).count()
    assert 600 <= registered <= 1200
    assert Registration.objects.filter(walk_in=True).exists()
    assert Event.objects.filter(start__gt=timezone.now()).exists()
    assert Event.objects.filter(end__lt=timezone.now()).exists()
    assert set(Event.objects.values_list("place_id", flat=True)) == set(
        Place.objects.filter(network__slug="reseau-genere").values_list("pk", flat=True)
    )


def test_events_hold_their_rooms_without_overlapping_bookings() -> None:
    generate()

    held = Event.objects.filter(booking__isnull=False).select_related("booking")
    assert held.exists()
    for event in held:
        assert (event.booking.start, event.booking.end) == (event.start, event.end)
        assert event.booking.resource.space_id == event.space_id
        cancelled = event.status == Event.Status.CANCELLED
        assert (event.booking.status == Booking.Status.CANCELLED) == cancelled
        if not cancelled:
            overlapping = Booking.objects.confirmed().filter(
                resource_id=event.booking.resource_id, start__lt=event.end, end__gt=event.start
            )
            assert list(overlapping) == [event.booking]


def test_registrations_keep_seats_waitlists_and_attendance_rules(place: Any) -> None:
    generate(registrations=1500)  # enough for some events to be full

    now = timezone.now()
    events = Event.objects.annotate(
        confirmed=Count("registrations", filter=Q(
            registrations__status="confirmed", registrations__walk_in=False
        )),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )  # fmt: skip
    assert events.filter(waiting__gt=0).exists()
    for event in events.filter(capacity__isnull=False):
        assert event.confirmed <= event.capacity
        if event.waiting:
            assert event.confirmed == event.capacity
    active = Registration.objects.exclude(status="cancelled")
    duplicates = active.values("event_id", "identity").annotate(n=Count("pk")).filter(n__gt=1)
    assert not duplicates.exists()
    marked = Registration.objects.exclude(attendance="")
    assert marked.exists()
    assert not marked.filter(event__end__gt=now).exists()
    assert not marked.exclude(status="confirmed").exists()
    assert not Registration.objects.exclude(public_category="").filter(consent=False).exists()
    assert not Registration.objects.filter(walk_in=True).exclude(attendance="present").exists()


def test_reset_replaces_the_agenda() -> None:
    generate()

    generate(reset=True, events=30, registrations=100)

    assert Event.objects.count() == 30
    assert not Booking.objects.filter(event__isnull=True, seats__gt=1, resource__capacity=1)
