"""booking_create: every rule of issue #4 refuses with its own code and saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from comptoir.bookings import services
from comptoir.bookings.exceptions import (
    BadDuration,
    BadSlot,
    EndBeforeStart,
    InThePast,
    NotBookable,
    OutsideOpeningHours,
    ResourceFull,
    SlotTaken,
    TooFarAhead,
    TooLate,
    TrainingRequired,
)
from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.tests.factories import (
    QualificationFactory,
    ResourceFactory,
    TrainingFactory,
)
from comptoir.bookings.tests.helpers import MONDAY, NOW, PARIS, SATURDAY, at, book, member, refused
from comptoir.community.models import Role
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PlaceRoleFactory,
)
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

TODAY = dt.datetime.now(tz=PARIS).date()


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, name="Salle Jacquard")


@pytest.fixture
def resident(place):
    return member(place, Role.RESIDENT)


# The happy path ---------------------------------------------------------------------------


def test_it_books_a_free_room_and_records_who_booked_it(room, resident):
    booking = book(room, resident, at(MONDAY, 10), title="  Réunion d'équipe  ")

    assert booking.status == Booking.Status.CONFIRMED
    assert (booking.person, booking.resource) == (resident, room)
    assert booking.title == "Réunion d'équipe"
    # A room holds one booking at a time: the row is covered by the exclusion constraint.
    assert booking.exclusive is True
    event = AuditEvent.objects.get(verb="booking.created")
    assert (event.actor, event.target_id, event.place) == (resident, str(booking.pk), room.place)


def test_it_books_from_opening_time_and_up_to_closing_time(room, resident):
    book(room, resident, at(MONDAY, 9))
    book(room, resident, at(MONDAY, 17), at(MONDAY, 18))

    assert Booking.objects.count() == 2


# Times --------------------------------------------------------------------------------------


def test_it_refuses_an_end_before_the_start(room, resident):
    with refused(EndBeforeStart, "end_before_start", field="end"):
        book(room, resident, at(MONDAY, 11), at(MONDAY, 10))


def test_it_refuses_an_end_equal_to_the_start(room, resident):
    with refused(EndBeforeStart, "end_before_start", field="end"):
        book(room, resident, at(MONDAY, 11), at(MONDAY, 11))


def test_it_refuses_a_start_in_the_past(room, resident):
    with refused(InThePast, "in_the_past", field="start"):
        book(room, resident, at(MONDAY, 10), now=at(MONDAY, 10, 1))


# Opening hours ------------------------------------------------------------------------------


def test_it_refuses_a_booking_starting_before_opening(room, resident):
    with refused(OutsideOpeningHours, "outside_opening_hours"):
        book(room, resident, at(MONDAY, 8, 30), at(MONDAY, 9, 30))


def test_it_refuses_a_booking_ending_after_closing(room, resident):
    with refused(OutsideOpeningHours, "outside_opening_hours"):
        book(room, resident, at(MONDAY, 17, 30), at(MONDAY, 18, 30))


def test_it_refuses_a_booking_on_a_closed_day(room, resident):
    with refused(OutsideOpeningHours, "outside_opening_hours"):
        book(room, resident, at(SATURDAY, 10))


def test_it_refuses_a_booking_through_the_night(place, resident):
    # Open at the start and at the end, but closed in between.
    room = ResourceFactory(place=place, max_minutes=24 * 60)

    with refused(OutsideOpeningHours, "outside_opening_hours"):
        book(room, resident, at(MONDAY, 17), at(MONDAY + dt.timedelta(days=1), 10))


# Duration and slot grid ---------------------------------------------------------------------


def test_it_refuses_a_booking_longer_than_the_longest_allowed(place, resident):
    room = ResourceFactory(place=place, max_minutes=120)

    with refused(BadDuration, "bad_duration", field="end"):
        book(room, resident, at(MONDAY, 10), at(MONDAY, 12, 30))


def test_it_refuses_a_booking_shorter_than_the_shortest_allowed(place, resident):
    room = ResourceFactory(place=place, min_minutes=60)

    with refused(BadDuration, "bad_duration", field="end"):
        book(room, resident, at(MONDAY, 10), at(MONDAY, 10, 30))


def test_it_refuses_a_start_off_the_slot_grid(room, resident):
    with refused(BadSlot, "bad_slot", field="start"):
        book(room, resident, at(MONDAY, 10, 15), at(MONDAY, 11, 15))


def test_it_refuses_a_duration_off_the_slot_grid(room, resident):
    with refused(BadSlot, "bad_slot"):
        book(room, resident, at(MONDAY, 10), at(MONDAY, 10, 45))


def test_it_follows_the_slot_grid_of_the_resource(place, resident):
    machine = ResourceFactory(place=place, slot_minutes=15, min_minutes=15)

    booking = book(machine, resident, at(MONDAY, 10, 15), at(MONDAY, 10, 45))

    assert booking.pk is not None


# How far ahead ------------------------------------------------------------------------------

HORIZONS = [(Role.TRAVELLER, 7), (Role.NOMAD, 30), (Role.RESIDENT, 90)]


@pytest.mark.parametrize(("role", "days"), HORIZONS)
def test_each_role_may_book_up_to_its_horizon(room, role, days):
    person = member(room.place, role)
    start = at(MONDAY, 10)

    book(room, person, start, now=start - dt.timedelta(days=days))

    assert Booking.objects.filter(person=person).count() == 1


@pytest.mark.parametrize(("role", "days"), HORIZONS)
def test_it_refuses_a_booking_beyond_the_horizon_of_the_role(room, role, days):
    person = member(room.place, role)
    start = at(MONDAY, 10)

    with refused(TooFarAhead, "too_far_ahead", field="start") as info:
        book(room, person, start, now=start - dt.timedelta(days=days, minutes=1))
    assert str(days) in info.value.message


def test_it_uses_the_horizon_the_resource_sets_for_a_role(place):
    room = ResourceFactory(place=place, horizon_days={"traveller": 2, "nomad": 30})
    traveller = member(place, Role.TRAVELLER)

    with refused(TooFarAhead, "too_far_ahead"):
        book(room, traveller, at(MONDAY, 10), now=at(MONDAY - dt.timedelta(days=3), 10))


def test_the_longest_horizon_of_the_roles_held_applies(room):
    person = member(room.place, Role.TRAVELLER)
    PlaceRoleFactory(person=person, place=room.place, role=Role.NOMAD)
    start = at(MONDAY, 10)

    book(room, person, start, now=start - dt.timedelta(days=20))

    assert Booking.objects.count() == 1


def test_a_concierge_books_with_no_horizon(room, concierge):
    start = at(MONDAY, 10)

    book(room, concierge, start, now=start - dt.timedelta(days=400))

    assert Booking.objects.filter(person=concierge).count() == 1


# Booking deadline ---------------------------------------------------------------------------


def test_it_refuses_a_booking_after_the_booking_deadline(place, resident):
    room = ResourceFactory(place=place, book_before_minutes=60)

    with refused(TooLate, "too_late", field="start"):
        book(room, resident, at(MONDAY, 10), now=at(MONDAY, 9, 1))


def test_it_books_right_at_the_booking_deadline(place, resident):
    room = ResourceFactory(place=place, book_before_minutes=60)

    book(room, resident, at(MONDAY, 10), now=at(MONDAY, 9))

    assert Booking.objects.count() == 1


# Overlaps and capacity ----------------------------------------------------------------------


def test_it_refuses_an_overlapping_booking_of_a_room(room, resident):
    book(room, resident, at(MONDAY, 10), at(MONDAY, 12))
    other = member(room.place, Role.NOMAD)

    with refused(SlotTaken, "slot_taken", field="start"):
        book(room, other, at(MONDAY, 11), at(MONDAY, 13))


def test_it_refuses_a_booking_inside_an_existing_one(room, resident):
    book(room, resident, at(MONDAY, 10), at(MONDAY, 13))

    with refused(SlotTaken, "slot_taken"):
        book(room, member(room.place), at(MONDAY, 11), at(MONDAY, 12))


def test_it_allows_back_to_back_bookings_of_a_room(room, resident):
    book(room, resident, at(MONDAY, 10), at(MONDAY, 11))
    book(room, member(room.place), at(MONDAY, 11), at(MONDAY, 12))

    assert Booking.objects.filter(resource=room).count() == 2


def test_a_booking_of_another_room_does_not_block_the_slot(room, resident):
    other_room = ResourceFactory(place=room.place)
    book(other_room, member(room.place), at(MONDAY, 10))

    book(room, resident, at(MONDAY, 10))

    assert Booking.objects.count() == 2


@pytest.fixture
def desks(place):
    return ResourceFactory(place=place, kind=Resource.Kind.DESK, name="Open space", capacity=2)


def test_it_books_a_desk_area_up_to_its_capacity(desks):
    first = book(desks, member(desks.place), at(MONDAY, 10))
    book(desks, member(desks.place), at(MONDAY, 10))

    # Several places: the rows stay out of the capacity-1 exclusion constraint.
    assert first.exclusive is False
    assert Booking.objects.filter(resource=desks).count() == 2


def test_it_refuses_a_desk_beyond_the_capacity_of_the_area(desks):
    book(desks, member(desks.place), at(MONDAY, 10))
    book(desks, member(desks.place), at(MONDAY, 10, 30))

    with refused(ResourceFull, "resource_full", field="start"):
        book(desks, member(desks.place), at(MONDAY, 10, 30), at(MONDAY, 12))


def test_it_counts_desks_in_use_at_the_same_instant_not_every_overlapping_booking(desks):
    # 10-11 and 11-12 never run together: a 10-12 booking never makes three at once.
    book(desks, member(desks.place), at(MONDAY, 10), at(MONDAY, 11))
    book(desks, member(desks.place), at(MONDAY, 11), at(MONDAY, 12))

    book(desks, member(desks.place), at(MONDAY, 10), at(MONDAY, 12))

    assert Booking.objects.filter(resource=desks).count() == 3


def test_the_sweep_still_refuses_when_two_desks_are_in_use_at_one_instant(desks):
    book(desks, member(desks.place), at(MONDAY, 10), at(MONDAY, 11))
    book(desks, member(desks.place), at(MONDAY, 11), at(MONDAY, 12))
    book(desks, member(desks.place), at(MONDAY, 10), at(MONDAY, 12))

    # 11:30-12:00 is taken twice (11-12 and 10-12).
    with refused(ResourceFull, "resource_full"):
        book(desks, member(desks.place), at(MONDAY, 11, 30), at(MONDAY, 12, 30))


def test_a_cancelled_booking_does_not_block_the_slot(room, resident):
    first = book(room, resident, at(MONDAY, 10))
    services.booking_cancel(booking=first, by=resident, now=NOW)

    second = book(room, member(room.place), at(MONDAY, 10))

    assert second.status == Booking.Status.CONFIRMED


def test_an_overlap_refused_by_the_database_becomes_slot_taken(room, resident, monkeypatch):
    # Two requests checked the room at the same time: only the exclusion constraint sees it.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's exclusion constraint")
    book(room, resident, at(MONDAY, 10))
    monkeypatch.setattr(services, "_check_capacity", lambda *args, **kwargs: None)

    with refused(SlotTaken, "slot_taken", field="start"):
        book(room, member(room.place), at(MONDAY, 10, 30))


# Trainings ----------------------------------------------------------------------------------


@pytest.fixture
def laser(place):
    training = TrainingFactory(place=place, name="Découpe laser", validity_months=12)
    return ResourceFactory(
        place=place,
        kind=Resource.Kind.EQUIPMENT,
        name="Découpeuse laser",
        required_training=training,
    )


def test_it_refuses_equipment_without_the_training_and_names_it(laser, resident):
    with refused(TrainingRequired, "training_required") as info:
        book(laser, resident, at(MONDAY, 10))
    assert "Découpe laser" in info.value.message


def test_it_books_equipment_with_a_valid_qualification(laser, resident):
    QualificationFactory(person=resident, training=laser.required_training, granted_on=TODAY)

    book(laser, resident, at(MONDAY, 10))

    assert Booking.objects.filter(resource=laser).count() == 1


def test_it_refuses_equipment_with_an_expired_qualification(laser, resident):
    QualificationFactory(
        person=resident,
        training=laser.required_training,
        granted_on=TODAY - dt.timedelta(days=400),
        expires_on=TODAY - dt.timedelta(days=1),
    )

    with refused(TrainingRequired, "training_required"):
        book(laser, resident, at(MONDAY, 10))


def test_it_refuses_equipment_when_the_qualification_expires_before_the_booking(laser, resident):
    QualificationFactory(
        person=resident,
        training=laser.required_training,
        granted_on=TODAY - dt.timedelta(days=300),
        expires_on=MONDAY - dt.timedelta(days=1),
    )

    with refused(TrainingRequired, "training_required"):
        book(laser, resident, at(MONDAY, 10))


def test_a_qualification_is_valid_on_its_last_day(laser, resident):
    QualificationFactory(
        person=resident,
        training=laser.required_training,
        granted_on=TODAY - dt.timedelta(days=300),
        expires_on=MONDAY,
    )

    book(laser, resident, at(MONDAY, 10))

    assert Booking.objects.count() == 1


def test_it_reads_the_expiry_on_the_local_day_of_the_booking(place, laser, resident):
    # 00:30 in Paris is still the day before in UTC: the qualification ended that day.
    place.opening_hours = "24/7"
    place.save()
    QualificationFactory(
        person=resident,
        training=laser.required_training,
        granted_on=TODAY - dt.timedelta(days=300),
        expires_on=MONDAY - dt.timedelta(days=1),
    )
    start = at(MONDAY, 0, 30).astimezone(dt.UTC)

    with refused(TrainingRequired, "training_required"):
        book(laser, resident, start)


def test_a_training_of_another_equipment_is_not_enough(laser, resident):
    QualificationFactory(
        person=resident, training=TrainingFactory(place=laser.place), granted_on=TODAY
    )

    with refused(TrainingRequired, "training_required"):
        book(laser, resident, at(MONDAY, 10))


# Who may book -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.NOMAD, Role.TRAVELLER])
def test_every_role_in_allowed_roles_may_book(room, role):
    person = member(room.place, role)

    book(room, person, at(MONDAY, 10))

    assert Booking.objects.filter(person=person).count() == 1


def test_it_refuses_a_role_not_in_allowed_roles(place):
    room = ResourceFactory(place=place, allowed_roles=["resident"])

    with refused(NotBookable, "not_bookable"):
        book(room, member(place, Role.NOMAD), at(MONDAY, 10))


def test_it_refuses_a_person_with_no_role(room, person):
    with refused(NotBookable, "not_bookable"):
        book(room, person, at(MONDAY, 10))


def test_it_refuses_a_person_whose_role_has_ended(room, person):
    PlaceRoleFactory(
        person=person,
        place=room.place,
        role=Role.RESIDENT,
        valid_until=TODAY - dt.timedelta(days=1),
    )

    with refused(NotBookable, "not_bookable"):
        book(room, person, at(MONDAY, 10))


def test_it_refuses_a_role_held_in_another_place(room, person):
    PlaceRoleFactory(person=person, role=Role.RESIDENT)

    with refused(NotBookable, "not_bookable"):
        book(room, person, at(MONDAY, 10))


def test_it_refuses_an_inactive_resource(place, resident):
    room = ResourceFactory(place=place, is_active=False)

    with refused(NotBookable, "not_bookable"):
        book(room, resident, at(MONDAY, 10))


def test_a_concierge_may_book_a_resource_closed_to_members_roles(place, concierge):
    room = ResourceFactory(place=place, allowed_roles=[])

    book(room, concierge, at(MONDAY, 10))

    assert Booking.objects.count() == 1


def test_a_partner_structure_books_through_an_affiliated_person_without_a_role(room, person):
    structure = OrganizationFactory(name="Atelier Vélo")
    room.partners.add(structure)
    AffiliationFactory(person=person, organization=structure)

    booking = book(room, person, at(MONDAY, 10), organization=structure)

    assert booking.organization == structure


def test_a_partner_structure_books_90_days_ahead_by_default(room, person):
    structure = OrganizationFactory()
    room.partners.add(structure)
    AffiliationFactory(person=person, organization=structure)
    start = at(MONDAY, 10)

    book(room, person, start, organization=structure, now=start - dt.timedelta(days=90))
    with refused(TooFarAhead, "too_far_ahead"):
        book(
            room,
            person,
            start + dt.timedelta(hours=1),
            organization=structure,
            now=start - dt.timedelta(days=91),
        )


def test_a_partner_structure_follows_the_partner_horizon_of_the_resource(place, person):
    room = ResourceFactory(place=place, horizon_days={"partner": 10})
    structure = OrganizationFactory()
    room.partners.add(structure)
    AffiliationFactory(person=person, organization=structure)
    start = at(MONDAY, 10)

    with refused(TooFarAhead, "too_far_ahead"):
        book(room, person, start, organization=structure, now=start - dt.timedelta(days=11))


def test_it_refuses_a_structure_that_is_not_a_partner(room, resident):
    structure = OrganizationFactory(name="Collectif Hors Champ")
    AffiliationFactory(person=resident, organization=structure)

    with refused(NotBookable, "not_bookable", field="organization") as info:
        book(room, resident, at(MONDAY, 10), organization=structure)
    assert "Collectif Hors Champ" in info.value.message


def test_it_refuses_a_partner_structure_through_a_person_not_affiliated_to_it(room, person):
    structure = OrganizationFactory()
    room.partners.add(structure)

    with refused(NotBookable, "not_bookable", field="organization"):
        book(room, person, at(MONDAY, 10), organization=structure)


def test_a_concierge_books_for_someone_else(room, concierge, resident):
    booking = book(room, resident, at(MONDAY, 10), by=concierge)

    assert booking.person == resident
    assert AuditEvent.objects.get(verb="booking.created").actor == concierge


def test_a_member_cannot_book_for_someone_else(room, resident):
    other = member(room.place, Role.RESIDENT)

    with refused(NotAllowed, "forbidden"):
        book(room, resident, at(MONDAY, 10), by=other)


def test_a_concierge_of_another_place_cannot_book_for_someone_else(room, resident):
    elsewhere = member(ResourceFactory().place, Role.CONCIERGE_PERMANENT)

    with refused(NotAllowed, "forbidden"):
        book(room, resident, at(MONDAY, 10), by=elsewhere)
