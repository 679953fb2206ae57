"""ticket_book_adjust: corrections with a reason and refunds, never below zero."""

from __future__ import annotations

import pytest

from comptoir.access import services
from comptoir.access.exceptions import InsufficientBalance, InvalidQuantity, MissingReason
from comptoir.access.models import TicketMovement
from comptoir.access.tests.helpers import buy_book
from comptoir.core.models import AuditEvent


@pytest.fixture
def book(place, concierge, person):
    return buy_book(person, place=place, by=concierge, tickets=10)


@pytest.mark.django_db
def test_it_records_a_correction_with_its_reason(book, concierge):
    movement = services.ticket_book_adjust(
        book=book, quantity=-2, reason="  Doublon de passage  ", by=concierge
    )
    assert (movement.kind, movement.quantity, movement.reason, movement.by) == (
        TicketMovement.Kind.CORRECTION,
        -2,
        "Doublon de passage",
        concierge,
    )
    assert services.balance(book) == 8


@pytest.mark.django_db
def test_it_refuses_a_correction_without_a_reason(book, concierge):
    with pytest.raises(MissingReason):
        services.ticket_book_adjust(book=book, quantity=1, reason="   ", by=concierge)
    assert services.balance(book) == 10
    assert book.movements.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_zero_quantity(book, concierge):
    with pytest.raises(InvalidQuantity):
        services.ticket_book_adjust(book=book, quantity=0, reason="Rien", by=concierge)


@pytest.mark.django_db
def test_it_refuses_a_correction_that_would_go_below_zero(book, concierge):
    with pytest.raises(InsufficientBalance):
        services.ticket_book_adjust(book=book, quantity=-11, reason="Erreur", by=concierge)
    assert services.balance(book) == 10
    assert book.movements.count() == 1


@pytest.mark.django_db
def test_it_allows_a_correction_down_to_exactly_zero(book, concierge):
    services.ticket_book_adjust(book=book, quantity=-10, reason="Remboursé", by=concierge)
    assert services.balance(book) == 0


@pytest.mark.django_db
def test_it_records_a_refund_of_tickets(book, concierge):
    movement = services.ticket_book_adjust(
        book=book, quantity=1, reason="", by=concierge, kind=TicketMovement.Kind.REFUND
    )
    assert movement.kind == TicketMovement.Kind.REFUND
    assert services.balance(book) == 11
    assert AuditEvent.objects.filter(verb="ticket_book.refunded").count() == 1


@pytest.mark.django_db
def test_it_records_the_place_of_the_correction(book, concierge, sister_place):
    movement = services.ticket_book_adjust(
        book=book, quantity=1, reason="Oubli", by=concierge, place=sister_place
    )
    assert movement.place == sister_place


@pytest.mark.django_db
def test_it_audits_a_correction_with_its_reason(book, concierge, place):
    services.ticket_book_adjust(book=book, quantity=-1, reason="Erreur de saisie", by=concierge)
    event = AuditEvent.objects.get(verb="ticket_book.corrected")
    assert (event.actor, event.place) == (concierge, place)
    assert event.data == {"quantity": -1, "reason": "Erreur de saisie"}
