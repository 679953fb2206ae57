"""booking_cancel: the booker until the deadline, concierges at any time, nobody twice."""

from __future__ import annotations

import datetime as dt

import pytest

from comptoir.bookings import services
from comptoir.bookings.exceptions import AlreadyCancelled, TooLate
from comptoir.bookings.models import Booking
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, NOW, at, book, member
from comptoir.community.models import Role
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.models import AuditEvent

# The resource's default: cancel at the latest 120 minutes before the start.
START = at(MONDAY, 10)
DEADLINE = START - dt.timedelta(minutes=120)


@pytest.fixture
def room(place):
    return ResourceFactory(place=place)


@pytest.fixture
def resident(place):
    return member(place, Role.RESIDENT)


@pytest.fixture
def booking(room, resident):
    return book(room, resident, START)


def assert_not_cancelled(booking: Booking, error: type[DomainError], code: str, **call) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(error) as info:
        services.booking_cancel(booking=booking, **call)
    assert info.value.code == code
    booking.refresh_from_db()
    assert AuditEvent.objects.count() == events


def test_the_booker_cancels_before_the_deadline(booking, resident):
    cancelled = services.booking_cancel(booking=booking, by=resident, now=NOW)

    booking.refresh_from_db()
    assert booking.status == cancelled.status == Booking.Status.CANCELLED
    assert booking.cancelled_at == NOW
    event = AuditEvent.objects.get(verb="booking.cancelled")
    assert (event.actor, event.target_id) == (resident, str(booking.pk))


def test_the_booker_may_cancel_right_at_the_deadline(booking, resident):
    services.booking_cancel(booking=booking, by=resident, now=DEADLINE)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_a_cancelled_slot_can_be_booked_by_another_person(booking, resident, room):
    services.booking_cancel(booking=booking, by=resident, now=NOW)
    other = member(room.place, Role.NOMAD)

    again = book(room, other, START)

    assert again.status == Booking.Status.CONFIRMED
    assert Booking.objects.confirmed().filter(resource=room).get() == again


def test_the_booker_cannot_cancel_after_the_deadline(booking, resident):
    assert_not_cancelled(
        booking, TooLate, "too_late", by=resident, now=DEADLINE + dt.timedelta(minutes=1)
    )

    assert booking.status == Booking.Status.CONFIRMED


def test_the_refusal_after_the_deadline_says_how_long_before(place, resident):
    room = ResourceFactory(place=place, cancel_before_minutes=1440)
    late = book(room, resident, START)

    with pytest.raises(TooLate) as info:
        services.booking_cancel(booking=late, by=resident, now=START - dt.timedelta(hours=2))
    assert "1440" in info.value.message


def test_a_concierge_cancels_after_the_deadline(booking, concierge):
    services.booking_cancel(booking=booking, by=concierge, now=START - dt.timedelta(minutes=5))

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert AuditEvent.objects.get(verb="booking.cancelled").actor == concierge


def test_someone_else_cannot_cancel(booking, room):
    other = member(room.place, Role.RESIDENT)

    assert_not_cancelled(booking, NotAllowed, "forbidden", by=other, now=NOW)

    assert booking.status == Booking.Status.CONFIRMED


def test_a_concierge_of_another_place_cannot_cancel(booking):
    elsewhere = member(ResourceFactory().place, Role.CONCIERGE_PERMANENT)

    assert_not_cancelled(booking, NotAllowed, "forbidden", by=elsewhere, now=NOW)

    assert booking.status == Booking.Status.CONFIRMED


def test_cancelling_twice_is_refused(booking, resident):
    services.booking_cancel(booking=booking, by=resident, now=NOW)
    first_cancel = Booking.objects.get(pk=booking.pk).cancelled_at

    assert_not_cancelled(
        booking,
        AlreadyCancelled,
        "already_cancelled",
        by=resident,
        now=NOW + dt.timedelta(hours=1),
    )

    # The first cancellation time stays.
    assert booking.cancelled_at == first_cancel
