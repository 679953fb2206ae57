"""order_create: an order with its lines, paid in full when a payment method is given."""

from __future__ import annotations

import pytest

from comptoir.billing import services
from comptoir.billing.exceptions import EmptyOrder
from comptoir.billing.models import Order, OrderLine, Payment
from comptoir.community.tests.factories import OrganizationFactory
from comptoir.core.exceptions import InvalidInput
from comptoir.core.models import AuditEvent


def line(price=1500, quantity=1, **fields):
    return services.LineSpec(
        kind=OrderLine.Kind.OTHER,
        description=fields.pop("description", "Café suspendu"),
        unit_price_cents=price,
        quantity=quantity,
        **fields,
    )


@pytest.mark.django_db
def test_it_totals_the_lines_in_cents(place, concierge, person):
    order = services.order_create(
        place=place, lines=[line(1500, 2), line(250)], by=concierge, buyer=person
    )
    assert order.total_cents == 3250
    assert [(ln.quantity, ln.unit_price_cents, ln.total_cents) for ln in order.lines.all()] == [
        (2, 1500, 3000),
        (1, 250, 250),
    ]


@pytest.mark.django_db
def test_it_keeps_the_vat_rate_of_each_line(place, concierge, person):
    order = services.order_create(
        place=place, lines=[line(vat_rate_bp=550)], by=concierge, buyer=person
    )
    assert order.lines.get().vat_rate_bp == 550


@pytest.mark.django_db
def test_it_leaves_an_order_without_payment_awaiting_payment(place, concierge, person):
    order = services.order_create(place=place, lines=[line()], by=concierge, buyer=person)
    assert order.status == Order.Status.PENDING
    assert order.paid_at is None
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_it_snapshots_the_buyer(place, concierge, person):
    order = services.order_create(place=place, lines=[line()], by=concierge, buyer=person)
    assert (order.buyer_name, order.buyer_email) == (person.get_full_name(), person.email)


@pytest.mark.django_db
def test_it_bills_a_structure_by_its_name(place, concierge, person):
    organization = OrganizationFactory(email="contact@structure.example")
    order = services.order_create(
        place=place, lines=[line()], by=concierge, buyer=person, buyer_organization=organization
    )
    assert (order.buyer_name, order.buyer_email) == (organization.name, organization.email)


@pytest.mark.django_db
def test_it_refuses_an_order_without_a_buyer(place, concierge):
    with pytest.raises(InvalidInput):
        services.order_create(place=place, lines=[line()], by=concierge)
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_order_without_lines(place, concierge, person):
    with pytest.raises(EmptyOrder):
        services.order_create(place=place, lines=[], by=concierge, buyer=person)
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_it_leaves_a_free_order_pending_for_its_caller_to_settle(place, concierge, person):
    order = services.order_create(place=place, lines=[line(0)], by=concierge, buyer=person)
    assert order.status == Order.Status.PENDING
    services.payment_record(order=order, method="cash", amount_cents=0, by=concierge)
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_it_audits_the_order(place, concierge, person):
    services.order_create(place=place, lines=[line(1500)], by=concierge, buyer=person)
    verbs = list(AuditEvent.objects.filter(place=place).values_list("verb", flat=True))
    assert verbs == ["order.created"]
