"""What a booking costs: included hours first for résidents, tickets or money for nomades,
the partner rate for structures, nothing for concierges; given back on cancellation."""

from __future__ import annotations

import pytest

from comptoir.access import services as access
from comptoir.access.models import Plan
from comptoir.access.tests.factories import subscription_plan
from comptoir.access.tests.helpers import buy, buy_book
from comptoir.billing.models import Order, OrderLine
from comptoir.bookings import services
from comptoir.bookings.exceptions import NotEnoughTickets
from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, NOW, at, book, member
from comptoir.community.models import Role
from comptoir.community.tests.factories import AffiliationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(place):
    return ResourceFactory(
        place=place, uses_included_hours=True, hourly_price_cents=1000, max_minutes=480
    )


def resident_with_hours(place, concierge, hours=2):
    person = member(place, Role.RESIDENT)
    plan = subscription_plan(place, included_room_hours=hours)
    buy(plan, place=place, by=concierge, person=person)
    return person


def test_a_resident_uses_the_included_hours_first(place, concierge, room):
    resident = resident_with_hours(place, concierge, hours=2)
    first = book(room, resident, at(MONDAY, 10), at(MONDAY, 11, 30))
    assert (first.included_minutes, first.price_cents, first.order_line) == (90, 0, None)
    second = book(room, resident, at(MONDAY, 14), at(MONDAY, 15))
    # 30 minutes left in the plan, then 30 minutes at 10 € an hour.
    assert (second.included_minutes, second.price_cents) == (30, 500)
    line = second.order_line
    assert (line.kind, line.total_cents, line.order.status) == (
        OrderLine.Kind.BOOKING,
        500,
        Order.Status.PENDING,
    )


def test_a_structure_s_hours_are_shared_by_its_people(place, concierge, room):
    structure = OrganizationFactory()
    plan = subscription_plan(place, holder=Plan.Holder.ORGANIZATION, seats=3, included_room_hours=1)
    buy(plan, place=place, by=concierge, organization=structure)
    alice, bruno = member(place, Role.RESIDENT), member(place, Role.RESIDENT)
    for who in (alice, bruno):
        AffiliationFactory(person=who, organization=structure)
    assert book(room, alice, at(MONDAY, 10), at(MONDAY, 10, 30)).included_minutes == 30
    later = book(room, bruno, at(MONDAY, 11), at(MONDAY, 12))
    assert (later.included_minutes, later.price_cents) == (30, 500)


def test_cancelling_gives_the_included_hours_back(place, concierge, room):
    resident = resident_with_hours(place, concierge, hours=1)
    booking = book(room, resident, at(MONDAY, 10), at(MONDAY, 11))
    services.booking_cancel(booking=booking, by=resident, now=NOW)
    again = book(room, resident, at(MONDAY, 14), at(MONDAY, 15))
    assert (again.included_minutes, again.price_cents) == (60, 0)


def test_a_nomad_pays_with_tickets_when_the_resource_says_so(place, concierge):
    desk = ResourceFactory(
        place=place,
        kind=Resource.Kind.DESK,
        capacity=5,
        nomad_payment=Resource.NomadPayment.TICKETS,
        minutes_per_ticket=240,
        max_minutes=480,
    )
    nomad = member(place, Role.NOMAD)
    ticket_book = buy_book(nomad, place=place, by=concierge, tickets=10)
    booking = book(desk, nomad, at(MONDAY, 9), at(MONDAY, 14))
    assert (booking.tickets_used, booking.ticket_book, booking.price_cents) == (2, ticket_book, 0)
    assert access.balance(ticket_book) == 8
    services.booking_cancel(booking=booking, by=nomad, now=NOW)
    assert access.balance(ticket_book) == 10


def test_a_nomad_without_enough_tickets_is_refused_and_nothing_is_kept(place, concierge):
    desk = ResourceFactory(place=place, nomad_payment=Resource.NomadPayment.TICKETS)
    nomad = member(place, Role.NOMAD)
    with pytest.raises(NotEnoughTickets):
        book(desk, nomad, at(MONDAY, 10))
    assert not Booking.objects.exists()


def test_a_nomad_pays_money_by_default(place, room):
    nomad = member(place, Role.NOMAD)
    booking = book(room, nomad, at(MONDAY, 10), at(MONDAY, 12))
    assert (booking.price_cents, booking.order_line.order.buyer) == (2000, nomad)


def test_a_partner_structure_pays_its_hourly_rate(place):
    epn_room = ResourceFactory(place=place, kind=Resource.Kind.EPN_ROOM, partner_hourly_cents=2500)
    partner = OrganizationFactory()
    epn_room.partners.add(partner)
    organizer = member(place, Role.TRAVELLER)
    AffiliationFactory(person=organizer, organization=partner)
    booking = book(epn_room, organizer, at(MONDAY, 14), at(MONDAY, 16), organization=partner)
    order = booking.order_line.order
    assert (booking.price_cents, order.buyer_organization) == (5000, partner)


def test_a_concierge_books_for_the_place_for_free(place, concierge, room):
    booking = book(room, concierge, at(MONDAY, 10), at(MONDAY, 12))
    assert (booking.price_cents, booking.order_line) == (0, None)


def test_cancelling_cancels_the_unpaid_order(place, room):
    nomad = member(place, Role.NOMAD)
    booking = book(room, nomad, at(MONDAY, 10))
    services.booking_cancel(booking=booking, by=nomad, now=NOW)
    assert booking.order_line.order.__class__.objects.get().status == Order.Status.CANCELLED
