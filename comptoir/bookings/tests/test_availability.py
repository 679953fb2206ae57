"""availability: free places per slot, inside the opening hours, at a fixed query cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.bookings import services
from comptoir.bookings.availability import free_slots, place_availability
from comptoir.bookings.exceptions import EndBeforeStart
from comptoir.bookings.models import Booking, Resource, WaitlistEntry
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, NOW, SATURDAY, at, book, member
from comptoir.community.models import Role
from comptoir.core.exceptions import InvalidInput

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, name="Salle Jacquard")


@pytest.fixture
def desks(place):
    return ResourceFactory(
        place=place, name="Open space", kind=Resource.Kind.DESK, capacity=3, slot_minutes=60
    )


def free_at(slots, start):
    return {slot.start: slot.free for slot in slots}[start]


def test_a_booked_room_slot_has_no_place_left(room, place):
    book(room, member(place), at(MONDAY, 10), at(MONDAY, 11))

    slots = free_slots(room, at(MONDAY, 0), at(TUESDAY, 0))

    assert free_at(slots, at(MONDAY, 10)) == 0
    assert free_at(slots, at(MONDAY, 10, 30)) == 0
    assert free_at(slots, at(MONDAY, 9, 30)) == 1
    assert free_at(slots, at(MONDAY, 11)) == 1


def test_a_desk_area_of_three_with_two_bookings_has_one_place_left(desks, place):
    book(desks, member(place), at(MONDAY, 10), at(MONDAY, 12))
    book(desks, member(place), at(MONDAY, 11), at(MONDAY, 12))

    slots = free_slots(desks, at(MONDAY, 0), at(TUESDAY, 0))

    assert [free_at(slots, at(MONDAY, h)) for h in (9, 10, 11, 12)] == [3, 2, 1, 3]


def test_closed_hours_are_absent_and_slots_follow_the_resource_grid(room, desks):
    slots = free_slots(room, at(MONDAY, 0), at(TUESDAY, 0))
    hourly = free_slots(desks, at(MONDAY, 0), at(TUESDAY, 0))

    assert (slots[0].start, slots[-1].end, len(slots)) == (at(MONDAY, 9), at(MONDAY, 18), 18)
    assert [s.start for s in hourly] == [at(MONDAY, h) for h in range(9, 18)]
    assert free_slots(room, at(SATURDAY, 0), at(SATURDAY + dt.timedelta(days=2), 0)) == []


def test_a_range_starting_mid_slot_only_lists_whole_slots(room):
    slots = free_slots(room, at(MONDAY, 9, 10), at(MONDAY, 10, 50))

    assert [s.start for s in slots] == [at(MONDAY, 9, 30), at(MONDAY, 10)]


def test_unknown_opening_hours_leave_the_whole_day_open(room, place):
    place.opening_hours = ""
    place.save(update_fields=["opening_hours"])

    assert len(free_slots(room, at(SATURDAY, 0), at(SATURDAY + dt.timedelta(days=1), 0))) == 48


def test_a_cancelled_booking_frees_its_slot(room, place):
    booker = member(place)
    booking = book(room, booker, at(MONDAY, 10))
    services.booking_cancel(booking=booking, by=booker, now=NOW)

    assert free_at(free_slots(room, at(MONDAY, 9), at(MONDAY, 12)), at(MONDAY, 10)) == 1


def test_a_running_waitlist_offer_holds_the_slot_until_it_expires(room, place):
    offer = WaitlistEntry.objects.create(
        resource=room,
        person=member(place),
        start=at(MONDAY, 14),
        end=at(MONDAY, 15),
        status=WaitlistEntry.Status.OFFERED,
        offer_expires_at=at(MONDAY, 12),
    )

    assert free_at(free_slots(room, at(MONDAY, 9), at(MONDAY, 18)), at(MONDAY, 14)) == 0

    offer.offer_expires_at = timezone.now() - dt.timedelta(minutes=1)
    offer.save()
    assert free_at(free_slots(room, at(MONDAY, 9), at(MONDAY, 18)), at(MONDAY, 14)) == 1


def test_a_booking_started_before_the_range_still_counts(desks, place):
    book(desks, member(place), at(MONDAY, 9), at(MONDAY, 13))

    slots = free_slots(desks, at(MONDAY, 12), at(MONDAY, 14))

    assert [(s.start, s.free) for s in slots] == [(at(MONDAY, 12), 2), (at(MONDAY, 13), 3)]


def test_it_refuses_a_range_over_31_days_or_backwards(room):
    with pytest.raises(InvalidInput) as too_long:
        free_slots(room, at(MONDAY, 0), at(MONDAY + dt.timedelta(days=32), 0))
    with pytest.raises(EndBeforeStart):
        free_slots(room, at(MONDAY, 10), at(MONDAY, 10))

    assert too_long.value.field == "end"
    assert len(free_slots(room, at(MONDAY, 0), at(MONDAY + dt.timedelta(days=31), 0))) > 0


def test_the_place_lists_its_active_resources_only(place, room, desks):
    ResourceFactory(place=place, name="Ancienne salle", is_active=False)
    ResourceFactory(name="Ailleurs")

    answer = place_availability(place, at(MONDAY, 0), at(TUESDAY, 0))

    assert [a.resource for a in answer] == [desks, room]
    assert [len(a.slots) for a in answer] == [9, 18]


def _fill(resources, person, weeks):
    """Bookings every morning and afternoon of `weeks` weeks from MONDAY (straight rows)."""
    rows = []
    for resource in resources:
        for day in range(7 * weeks):
            for hour in (9, 14):
                start = at(MONDAY + dt.timedelta(days=day), hour)
                rows.append(
                    Booking(
                        resource=resource,
                        person=person,
                        start=start,
                        end=start + dt.timedelta(hours=2),
                        exclusive=resource.capacity == 1,
                    )
                )
    Booking.objects.bulk_create(rows)


@pytest.mark.parametrize(("resources", "weeks"), [(1, 1), (6, 4)])
def test_a_week_of_a_place_costs_three_queries_whatever_the_data(
    place, django_assert_num_queries, resources, weeks
):
    made = [ResourceFactory(place=place) for _n in range(resources)]
    _fill(made, member(place, Role.CONCIERGE_PERMANENT), weeks)

    with django_assert_num_queries(3):
        answer = place_availability(place, at(MONDAY, 0), at(MONDAY + dt.timedelta(days=7), 0))

    assert free_at(answer[0].slots, at(MONDAY, 9)) == 0
    assert free_at(answer[0].slots, at(MONDAY, 11)) == 1
