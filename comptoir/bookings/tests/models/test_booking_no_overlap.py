"""The database's own guard: PostgreSQL's `booking_no_overlap` exclusion constraint refuses
two confirmed bookings of a capacity-1 resource over overlapping times, whoever writes them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, at
from comptoir.community.tests.factories import PersonFactory


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")


@pytest.fixture
def room(place):
    return ResourceFactory(place=place)


def row(resource: Resource, start_hour: int, end_hour: int, **fields) -> Booking:
    """A booking written straight with the ORM, bypassing every service check."""
    fields.setdefault("exclusive", resource.capacity == 1)
    return Booking.objects.create(
        resource=resource,
        person=PersonFactory(),
        start=at(MONDAY, start_hour),
        end=at(MONDAY, end_hour),
        **fields,
    )


def test_it_refuses_two_overlapping_confirmed_bookings_of_a_room(postgresql, room):
    row(room, 10, 12)

    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        row(room, 11, 13)

    assert Booking.objects.filter(resource=room).count() == 1


def test_it_refuses_a_booking_of_exactly_the_same_slot(postgresql, room):
    row(room, 10, 11)

    with pytest.raises(IntegrityError), transaction.atomic():
        row(room, 10, 11)


def test_it_allows_back_to_back_bookings(postgresql, room):
    row(room, 10, 11)
    row(room, 11, 12)

    assert Booking.objects.filter(resource=room).count() == 2


def test_it_allows_overlapping_bookings_of_a_resource_with_several_places(postgresql, place):
    desks = ResourceFactory(place=place, kind=Resource.Kind.DESK, capacity=3)

    row(desks, 10, 12)
    row(desks, 11, 13)

    assert Booking.objects.filter(resource=desks, exclusive=False).count() == 2


def test_a_cancelled_booking_does_not_block_the_slot(postgresql, room):
    row(room, 10, 12, status=Booking.Status.CANCELLED)

    row(room, 10, 12)

    assert Booking.objects.confirmed().filter(resource=room).count() == 1


def test_cancelling_frees_the_slot_for_the_database(postgresql, room):
    first = row(room, 10, 12)
    first.status = Booking.Status.CANCELLED
    first.save()

    row(room, 11, 12)

    assert Booking.objects.filter(resource=room).count() == 2


def test_overlapping_bookings_of_two_rooms_are_allowed(postgresql, room):
    row(room, 10, 12)
    row(ResourceFactory(place=room.place), 10, 12)

    assert Booking.objects.count() == 2


def test_the_database_refuses_an_end_before_the_start(room):
    # `booking_end_after_start` is a plain check constraint: every database has it.
    with pytest.raises(IntegrityError), transaction.atomic():
        row(room, 12, 10)
