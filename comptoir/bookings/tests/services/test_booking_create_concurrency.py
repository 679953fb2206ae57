"""Many people ask for the same slot at the same instant: the database keeps the count."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from comptoir.bookings import services
from comptoir.bookings.exceptions import ResourceFull, SlotTaken
from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.community.models import Person, Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

PARIS = ZoneInfo("Europe/Paris")


def next_weekday_at(hour: int) -> dt.datetime:
    today = dt.datetime.now(tz=PARIS).date()
    day = today + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


def race(resource: Resource, people: list[Person], start: dt.datetime) -> list[str]:
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(person_id: int) -> None:
        try:
            who = Person.objects.get(pk=person_id)
            what = Resource.objects.select_related("place").get(pk=resource.pk)
            barrier.wait(timeout=30)
            try:
                services.booking_create(
                    resource=what,
                    person=who,
                    start=start,
                    end=start + dt.timedelta(hours=1),
                    by=who,
                )
                result = "booked"
            except (SlotTaken, ResourceFull):
                result = "refused"
        except Exception as error:  # recorded, so the assertion shows it
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(p.pk,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return outcomes


def members(place, count: int) -> list[Person]:
    people = PersonFactory.create_batch(count)
    for person in people:
        PlaceRoleFactory(person=person, place=place, role=Role.RESIDENT)
    return people


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_fifty_requests_for_one_room_make_exactly_one_booking(place):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's exclusion constraint (CI runs on PostgreSQL)")
    room = ResourceFactory(place=place, capacity=1)
    outcomes = race(room, members(place, 50), next_weekday_at(10))
    assert sorted(outcomes) == ["booked"] + ["refused"] * 49
    assert Booking.objects.filter(resource=room).count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_thirty_requests_for_ten_desks_make_exactly_ten_bookings(place):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs on PostgreSQL)")
    desks = ResourceFactory(place=place, kind=Resource.Kind.DESK, capacity=10)
    outcomes = race(desks, members(place, 30), next_weekday_at(14))
    assert sorted(outcomes) == ["booked"] * 10 + ["refused"] * 20
    assert Booking.objects.filter(resource=desks).count() == 10
