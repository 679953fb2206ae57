"""ticket_consume: one ticket of the usable book that expires first, recorded in the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.access import services
from comptoir.access.models import TicketMovement
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.access.tests.helpers import buy_book
from comptoir.access.tests.timing import at, next_monday


def consume(person, place, day=None, by=None):
    day = day or next_monday()
    return services.ticket_consume(person=person, place=place, at=at(day, 10), day=day, by=by)


@pytest.mark.django_db
def test_it_writes_a_consumption_of_one_ticket(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, tickets=10)
    consumption = consume(person, place, by=concierge)
    assert consumption.book == book
    assert consumption.balance_after == 9
    movement = consumption.movement
    assert (movement.kind, movement.quantity, movement.place, movement.by) == (
        TicketMovement.Kind.CONSUMPTION,
        -1,
        place,
        concierge,
    )
    assert services.balance(book) == 9


@pytest.mark.django_db
def test_it_derives_the_balance_from_the_whole_ledger(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, tickets=10)
    consume(person, place)
    consume(person, place)
    services.ticket_book_adjust(book=book, quantity=3, reason="Geste commercial", by=concierge)
    assert services.balance(book) == 10 - 2 + 3
    assert services.balances([book.pk]) == {book.pk: 11}


@pytest.mark.django_db
def test_it_uses_the_book_that_expires_first(place, concierge, person):
    later = buy_book(person, place=place, by=concierge, validity_months=12)
    sooner = buy_book(person, place=place, by=concierge, validity_months=6)
    assert consume(person, place).book == sooner
    assert services.balance(later) == 10


@pytest.mark.django_db
def test_it_moves_on_to_the_next_book_when_the_first_is_used_up(place, concierge, person):
    sooner = buy_book(person, place=place, by=concierge, validity_months=6, tickets=1)
    later = buy_book(person, place=place, by=concierge, validity_months=12)
    assert consume(person, place).book == sooner
    assert consume(person, place).book == later
    assert (services.balance(sooner), services.balance(later)) == (0, 9)


@pytest.mark.django_db
def test_it_returns_nothing_and_writes_nothing_when_the_books_are_used_up(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, tickets=1)
    consume(person, place)
    assert consume(person, place) is None
    assert services.balance(book) == 0
    assert book.movements.count() == 2


@pytest.mark.django_db
def test_it_never_uses_a_book_after_its_expiry_date(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    after = book.expires_on + dt.timedelta(days=1)
    assert consume(person, place, day=after) is None
    assert services.balance(book) == 10


@pytest.mark.django_db
def test_it_uses_a_book_on_its_last_valid_day(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    assert consume(person, place, day=book.expires_on).book == book


@pytest.mark.django_db
def test_it_never_uses_a_book_before_its_purchase_date(place, concierge, person):
    buy_book(person, place=place, by=concierge)
    assert consume(person, place, day=timezone.localdate() - dt.timedelta(days=1)) is None


@pytest.mark.django_db
def test_it_uses_a_network_book_in_another_place_and_records_that_place(
    place, sister_place, concierge, person
):
    book = buy_book(person, place=place, by=concierge, network_wide=True)
    consumption = consume(person, sister_place)
    assert consumption.book == book
    assert consumption.movement.place == sister_place


@pytest.mark.django_db
def test_it_keeps_a_place_book_to_its_place(place, sister_place, concierge, person):
    book = buy_book(person, place=place, by=concierge, network_wide=False)
    assert consume(person, sister_place) is None
    assert services.balance(book) == 10


@pytest.mark.django_db
def test_it_keeps_a_network_book_to_its_network(place, foreign_place, concierge, person):
    buy_book(person, place=place, by=concierge, network_wide=True)
    assert consume(person, foreign_place) is None


@pytest.mark.django_db
def test_it_prefers_the_sooner_network_book_over_a_later_local_one(
    place, sister_place, concierge, person
):
    local_seller = _concierge_of(sister_place)
    local = buy_book(person, place=sister_place, by=local_seller, validity_months=12)
    network = buy_book(person, place=place, by=concierge, network_wide=True, validity_months=3)
    assert consume(person, sister_place).book == network
    assert services.balance(local) == 10


@pytest.mark.django_db
def test_it_never_uses_the_book_of_someone_else(place, concierge, person, stranger):
    buy_book(person, place=place, by=concierge)
    assert consume(stranger, place) is None


@pytest.mark.django_db
def test_it_keeps_the_value_of_one_ticket_for_the_settlement(place, concierge, person):
    plan = ticket_book_plan(place, tickets=3, price_cents=1000)
    book = buy_book(person, place=place, by=concierge, plan=plan)
    assert book.ticket_value_cents == 333


def _concierge_of(place):
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

    who = PersonFactory()
    PlaceRoleFactory(person=who, place=place, role=Role.CONCIERGE_PERMANENT)
    return who


@pytest.mark.django_db
def test_several_tickets_come_from_the_first_book_that_has_enough(place, concierge, person):
    small = buy_book(person, place=place, by=concierge, tickets=2, validity_months=1)
    large = buy_book(person, place=place, by=concierge, tickets=10)
    day = next_monday()
    consumption = services.ticket_consume(
        person=person,
        place=place,
        at=at(day, 10),
        day=day,
        by=concierge,
        quantity=3,
        reason="Réservation salle Jaune",
    )
    assert consumption.book == large
    assert (consumption.movement.quantity, consumption.movement.reason) == (
        -3,
        "Réservation salle Jaune",
    )
    assert (services.balance(small), services.balance(large)) == (2, 7)


@pytest.mark.django_db
def test_it_consumes_nothing_when_no_book_has_enough(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, tickets=2)
    day = next_monday()
    consumption = services.ticket_consume(
        person=person, place=place, at=at(day, 10), day=day, by=concierge, quantity=3
    )
    assert consumption is None
    assert services.balance(book) == 2
