"""ticket_books_expire: the tickets left on a book past its date leave through the ledger."""

from __future__ import annotations

import datetime as dt

import pytest

from comptoir.access import services
from comptoir.access.models import TicketMovement
from comptoir.access.tests.helpers import buy_book
from comptoir.access.tests.timing import at


@pytest.mark.django_db
def test_it_writes_an_expiry_for_the_tickets_left(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    services.ticket_consume(
        person=person, place=place, at=at(book.expires_on, 10), day=book.expires_on, by=None
    )
    assert services.ticket_books_expire(today=book.expires_on + dt.timedelta(days=1)) == 1
    expiry = book.movements.get(kind=TicketMovement.Kind.EXPIRY)
    assert expiry.quantity == -9
    assert book.expires_on.strftime("%d/%m/%Y") in expiry.reason
    assert services.balance(book) == 0


@pytest.mark.django_db
def test_it_leaves_a_book_alone_on_its_last_day(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    assert services.ticket_books_expire(today=book.expires_on) == 0
    assert services.balance(book) == 10


@pytest.mark.django_db
def test_it_expires_a_book_only_once(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    later = book.expires_on + dt.timedelta(days=1)
    services.ticket_books_expire(today=later)
    assert services.ticket_books_expire(today=later) == 0
    assert book.movements.filter(kind=TicketMovement.Kind.EXPIRY).count() == 1


@pytest.mark.django_db
def test_it_writes_nothing_for_a_used_up_book(place, concierge, person):
    book = buy_book(person, place=place, by=concierge, validity_months=1, tickets=1)
    services.ticket_book_adjust(book=book, quantity=-1, reason="Utilisé", by=concierge)
    assert services.ticket_books_expire(today=book.expires_on + dt.timedelta(days=1)) == 0
    assert not book.movements.filter(kind=TicketMovement.Kind.EXPIRY).exists()
