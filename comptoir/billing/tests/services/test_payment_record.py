"""payment_record: money received; the order is paid once the payments reach its total."""

from __future__ import annotations

import pytest

from comptoir.billing import services
from comptoir.billing.exceptions import InvalidAmount, Overpayment
from comptoir.billing.models import Order, OrderLine
from comptoir.core.exceptions import InvalidInput


@pytest.fixture
def order(place, concierge, person):
    spec = services.LineSpec(
        kind=OrderLine.Kind.SUBSCRIPTION, description="Résident, mars", unit_price_cents=25000
    )
    return services.order_create(place=place, lines=[spec], by=concierge, buyer=person)


@pytest.mark.django_db
def test_it_marks_the_order_paid_when_paid_in_full(order, concierge):
    payment = services.payment_record(
        order=order, method="transfer", amount_cents=25000, by=concierge, reference="VIR-1"
    )
    assert (payment.amount_cents, payment.recorded_by, payment.reference) == (
        25000,
        concierge,
        "VIR-1",
    )
    assert order.status == Order.Status.PAID
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.paid_at is not None


@pytest.mark.django_db
def test_it_keeps_the_order_awaiting_payment_until_the_total_is_reached(order, concierge):
    services.payment_record(order=order, method="cash", amount_cents=10000, by=concierge)
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    services.payment_record(order=order, method="card", amount_cents=15000, by=concierge)
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert sorted(order.payments.values_list("method", flat=True)) == ["card", "cash"]


@pytest.mark.django_db
def test_it_refuses_a_negative_amount(order, concierge):
    with pytest.raises(InvalidAmount):
        services.payment_record(order=order, method="cash", amount_cents=-1, by=concierge)
    assert not order.payments.exists()


@pytest.mark.django_db
def test_it_refuses_a_zero_payment_on_an_order_to_pay(order, concierge):
    with pytest.raises(InvalidAmount):
        services.payment_record(order=order, method="cash", amount_cents=0, by=concierge)
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


@pytest.mark.django_db
def test_it_refuses_an_unknown_method(order, concierge):
    with pytest.raises(InvalidInput):
        services.payment_record(order=order, method="barter", amount_cents=25000, by=concierge)
    assert not order.payments.exists()


@pytest.mark.django_db
def test_it_refuses_more_than_what_remains_due_and_counts_what_was_received(order, concierge):
    services.payment_record(order=order, method="cash", amount_cents=20000, by=concierge)
    with pytest.raises(Overpayment) as refused:
        services.payment_record(order=order, method="cash", amount_cents=5001, by=concierge)
    assert refused.value.message == "Il ne reste que 50,00\xa0€ à payer sur cette vente."
    order.refresh_from_db()
    assert (order.received_cents, order.payments.count()) == (20000, 1)
