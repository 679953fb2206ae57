"""Services refuse callers without the right, whatever the view or API in front of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.access import rules, services
from comptoir.access.models import TicketMovement
from comptoir.access.tests.factories import subscription_plan
from comptoir.access.tests.helpers import buy, buy_book
from comptoir.billing import services as billing
from comptoir.billing.exceptions import OrderClosed
from comptoir.billing.models import Order
from comptoir.core.exceptions import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(place, concierge, person):
    return buy(subscription_plan(place), place=place, by=concierge, person=person).subscription


@pytest.mark.parametrize(
    "action",
    [
        services.subscription_pause,
        services.subscription_cancel,
        services.subscription_end,
    ],
)
def test_it_refuses_subscription_changes_by_a_non_concierge(subscription, stranger, action):
    with pytest.raises(NotAllowed):
        action(subscription, by=stranger)
    subscription.refresh_from_db()
    assert subscription.status == "active" and not subscription.cancel_at_period_end


def test_it_refuses_a_ledger_correction_by_a_non_concierge(place, concierge, person, stranger):
    book = buy_book(person, place=place, by=concierge)
    with pytest.raises(NotAllowed):
        services.ticket_book_adjust(book=book, quantity=5, reason="cadeau", by=stranger)
    assert services.balance(book) == 10


def test_a_network_book_is_corrected_by_the_place_that_sold_it_only(
    place, sister_place, concierge, sister_concierge, superuser, person
):
    book = buy_book(person, place=sister_place, by=superuser, network_wide=True)
    assert not rules.can_correct_book(concierge, book)
    with pytest.raises(NotAllowed):
        services.ticket_book_adjust(book=book, quantity=1, reason="x", by=concierge, place=place)
    assert rules.can_correct_book(sister_concierge, book)
    services.ticket_book_adjust(
        book=book, quantity=1, reason="x", by=sister_concierge, place=sister_place
    )
    assert services.balance(book) == 11


@pytest.mark.parametrize("kind", [TicketMovement.Kind.CONSUMPTION, TicketMovement.Kind.PURCHASE])
def test_it_refuses_other_movements_than_corrections_and_refunds(place, concierge, person, kind):
    book = buy_book(person, place=place, by=concierge)
    with pytest.raises(InvalidInput):
        services.ticket_book_adjust(book=book, quantity=-1, reason="x", by=concierge, kind=kind)
    assert book.movements.count() == 1


def test_it_refuses_a_payment_on_a_paid_order(place, concierge, person, subscription):
    order = Order.objects.get(buyer=person)
    assert order.status == Order.Status.PAID
    with pytest.raises(OrderClosed):
        billing.payment_record(order=order, method="cash", amount_cents=100, by=concierge)
    assert order.payments.count() == 1


def test_ending_a_subscription_cancels_the_unpaid_renewals_of_removed_months(
    place, concierge, subscription
):
    later = timezone.localdate() + dt.timedelta(days=70)
    services.subscription_renew(subscription, today=later)
    renewals = Order.objects.filter(status=Order.Status.PENDING)
    assert renewals.count() == 2
    services.subscription_end(subscription, by=concierge, on=timezone.localdate())
    assert not Order.objects.filter(status=Order.Status.PENDING).exists()
    assert Order.objects.filter(status=Order.Status.CANCELLED).count() == 2
