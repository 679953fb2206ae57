"""An event and members' bookings racing for the same slot, in real concurrent
transactions: exactly one wins, the others are refused cleanly (no 500, no overlap)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from comptoir.agenda.exceptions import SpaceTaken
from comptoir.agenda.models import Event, EventKind
from comptoir.agenda.services import events as services
from comptoir.bookings import services as booking_services
from comptoir.bookings.exceptions import ResourceFull, SlotTaken
from comptoir.bookings.models import Booking
from comptoir.bookings.tests.helpers import MONDAY, NOW, at, member
from comptoir.community.models import Person, Role
from comptoir.places.models import Place, Space
from comptoir.places.tests.factories import SpaceFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def race(attempts: list[Callable[[], str]]) -> list[str]:
    """Run every attempt at once, each in its own thread and connection."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(attempt: Callable[[], str]) -> None:
        try:
            barrier.wait(timeout=30)
            result = attempt()
        except Exception as error:  # recorded, so the assertion shows it
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return outcomes


def schedule(place_id: int, by_id: int, space_id: int, hour: int) -> Callable[[], str]:
    def attempt() -> str:
        place = Place.objects.get(pk=place_id)
        by = Person.objects.get(pk=by_id)
        data = services.EventInput(
            title="Atelier",
            kind=EventKind.WORKSHOP,
            start=at(MONDAY, hour),
            end=at(MONDAY, hour + 2),
            space=Space.objects.get(pk=space_id),
        )
        try:
            services.event_create(place=place, by=by, data=data, now=NOW)
        except SpaceTaken:
            return "refused"
        return "event"

    return attempt


def book(resource_id: int, person_id: int, hour: int) -> Callable[[], str]:
    def attempt() -> str:
        from comptoir.bookings.models import Resource

        resource = Resource.objects.select_related("place").get(pk=resource_id)
        person = Person.objects.get(pk=person_id)
        try:
            booking_services.booking_create(
                resource=resource,
                person=person,
                start=at(MONDAY, hour),
                end=at(MONDAY, hour + 1),
                by=person,
                now=NOW,
            )
        except (SlotTaken, ResourceFull):
            return "refused"
        return "booking"

    return attempt


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's exclusion constraint and row locks (CI runs on it)")


def test_an_event_and_a_member_racing_for_a_slot_make_exactly_one_winner(
    place: Any, concierge: Any, epn_space: Any, epn_resource: Any
) -> None:
    needs_postgresql()
    residents = [member(place, Role.RESIDENT) for _ in range(4)]
    attempts = [schedule(place.pk, concierge.pk, epn_space.pk, 10)]
    attempts += [book(epn_resource.pk, r.pk, 10 + i % 2) for i, r in enumerate(residents)]

    outcomes = race(attempts)

    assert len(outcomes) == 5
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    winners = [o for o in outcomes if o != "refused"]
    # Either the event holds 10:00-12:00, or members took it (one per hour at most).
    assert winners == ["event"] or ("event" not in winners and 1 <= len(winners) <= 2)
    confirmed = Booking.objects.filter(resource=epn_resource, status=Booking.Status.CONFIRMED)
    spans = sorted((b.start, b.end) for b in confirmed)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), spans
    assert Event.objects.count() == (1 if winners == ["event"] else 0)


def test_two_events_racing_for_a_space_without_resource_make_one(
    place: Any, concierge: Any
) -> None:
    needs_postgresql()
    hall = SpaceFactory(place=place, name="Grande salle", capacity=40)

    outcomes = race([schedule(place.pk, concierge.pk, hall.pk, 10 + i % 2) for i in range(4)])

    assert sorted(outcomes) == ["event"] + ["refused"] * 3
    assert Event.objects.filter(space=hall).count() == 1


def test_racing_through_the_pages_answers_409_never_500(
    place: Any, concierge: Any, epn_space: Any, epn_resource: Any
) -> None:
    needs_postgresql()
    resident = member(place, Role.RESIDENT)
    url = reverse("agenda:event-create", args=[place.slug])
    data = {
        "title": "Atelier",
        "kind": EventKind.WORKSHOP,
        "date": MONDAY.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "space": epn_space.pk,
        "price": "0",
    }

    def post_event() -> str:
        client = Client()
        client.force_login(Person.objects.get(pk=concierge.pk))
        return str(client.post(url, data).status_code)

    outcomes = race([post_event, post_event, book(epn_resource.pk, resident.pk, 11)])

    assert "500" not in outcomes
    assert sorted(outcomes) in (["302", "409", "refused"], ["409", "409", "booking"])
