"""Quoting before confirming, and moving a booking until its deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from comptoir.access import services as access
from comptoir.access.tests.helpers import buy_book
from comptoir.billing.models import Order
from comptoir.bookings import services
from comptoir.bookings.exceptions import AlreadyPaid, OutsideOpeningHours, SlotTaken, TooLate
from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, NOW, at, book, member, refused
from comptoir.community.models import Role

pytestmark = pytest.mark.django_db


def test_a_quote_says_the_price_and_writes_nothing(place):
    room = ResourceFactory(place=place, hourly_price_cents=1500)
    nomad = member(place, Role.NOMAD)
    quote = services.booking_quote(
        resource=room, person=nomad, start=at(MONDAY, 10), end=at(MONDAY, 12), by=nomad, now=NOW
    )
    assert (quote.minutes, quote.price_cents) == (120, 3000)
    assert "30" in quote.describe()
    assert not Booking.objects.exists() and not Order.objects.exists()


def test_a_quote_refuses_what_booking_would_refuse(place):
    room = ResourceFactory(place=place)
    resident = member(place)
    book(room, resident, at(MONDAY, 10))
    with pytest.raises(SlotTaken):
        services.booking_quote(
            resource=room,
            person=member(place),
            start=at(MONDAY, 10),
            end=at(MONDAY, 11),
            by=None,
            now=NOW,
        )


def test_moving_frees_the_old_slot_and_takes_the_new_one(place):
    room = ResourceFactory(place=place)
    resident = member(place)
    booking = book(room, resident, at(MONDAY, 10))
    moved = services.booking_move(
        booking=booking, start=at(MONDAY, 14), end=at(MONDAY, 15), by=resident, now=NOW
    )
    assert (moved.pk, moved.start) == (booking.pk, at(MONDAY, 14))
    # The old slot is free for someone else.
    assert book(room, member(place), at(MONDAY, 10)).start == at(MONDAY, 10)


def test_moving_recharges_tickets_exactly(place, concierge):
    desk = ResourceFactory(
        place=place,
        kind=Resource.Kind.DESK,
        capacity=4,
        max_minutes=480,
        nomad_payment=Resource.NomadPayment.TICKETS,
        minutes_per_ticket=240,
    )
    nomad = member(place, Role.NOMAD)
    ticket_book = buy_book(nomad, place=place, by=concierge, tickets=10)
    booking = book(desk, nomad, at(MONDAY, 9), at(MONDAY, 10))
    assert access.balance(ticket_book) == 9
    services.booking_move(
        booking=booking, start=at(MONDAY, 9), end=at(MONDAY, 17), by=nomad, now=NOW
    )
    assert access.balance(ticket_book) == 8  # one given back, two taken


def test_moving_onto_a_taken_slot_changes_nothing(place):
    room = ResourceFactory(place=place)
    mine = book(room, member(place), at(MONDAY, 10))
    book(room, member(place), at(MONDAY, 14))
    with pytest.raises(SlotTaken):
        services.booking_move(
            booking=mine, start=at(MONDAY, 14), end=at(MONDAY, 15), by=mine.person, now=NOW
        )
    mine.refresh_from_db()
    assert mine.start == at(MONDAY, 10)


def test_moving_outside_opening_hours_is_refused(place):
    room = ResourceFactory(place=place)
    mine = book(room, member(place), at(MONDAY, 10))
    with pytest.raises(OutsideOpeningHours):
        services.booking_move(
            booking=mine, start=at(MONDAY, 19), end=at(MONDAY, 20), by=mine.person, now=NOW
        )


def test_moving_after_the_deadline_is_refused(place):
    room = ResourceFactory(place=place, cancel_before_minutes=120)
    mine = book(room, member(place), at(MONDAY, 10))
    late = at(MONDAY, 9)
    with refused(TooLate):
        services.booking_move(
            booking=mine, start=at(MONDAY, 14), end=at(MONDAY, 15), by=mine.person, now=late
        )


def test_a_paid_booking_is_moved_at_the_desk(place, concierge):
    room = ResourceFactory(place=place, hourly_price_cents=1000)
    nomad = member(place, Role.NOMAD)
    booking = book(room, nomad, at(MONDAY, 10))
    Order.objects.filter(pk=booking.order_line.order_id).update(status=Order.Status.PAID)
    with pytest.raises(AlreadyPaid):
        services.booking_move(
            booking=booking, start=at(MONDAY, 14), end=at(MONDAY, 15), by=nomad, now=NOW
        )


def test_a_day_before_the_week_is_refused_for_a_moved_booking_in_the_past(place):
    room = ResourceFactory(place=place)
    mine = book(room, member(place), at(MONDAY, 10))
    with pytest.raises(Exception) as error:
        services.booking_move(
            booking=mine, start=NOW - dt.timedelta(days=1), end=NOW, by=mine.person, now=NOW
        )
    assert getattr(error.value, "code", "") == "in_the_past"


def test_the_quote_for_a_move_ignores_the_booking_being_moved(place, concierge):
    from comptoir.access.tests.factories import subscription_plan
    from comptoir.access.tests.helpers import buy

    room = ResourceFactory(place=place, uses_included_hours=True, hourly_price_cents=1000)
    resident = member(place)
    buy(subscription_plan(place, included_room_hours=1), place=place, by=concierge, person=resident)
    booking = book(room, resident, at(MONDAY, 10))
    quote = services.booking_quote(
        resource=room,
        person=resident,
        start=at(MONDAY, 10, 30),
        end=at(MONDAY, 11, 30),
        by=resident,
        now=NOW,
        moving=booking,
    )
    # Overlapping its own old time is fine, and its hour of the plan is counted as given back.
    assert (quote.included_minutes, quote.price_cents) == (60, 0)
    moved = services.booking_move(
        booking=booking, start=at(MONDAY, 10, 30), end=at(MONDAY, 11, 30), by=resident, now=NOW
    )
    assert (moved.included_minutes, moved.price_cents) == (60, 0)
