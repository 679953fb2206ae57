"""plan_sell and the payment taken at the desk: chained by invoicing when the place's legal
entity can invoice, a plain receipt payment otherwise (a tiers-lieu without SIRET still sells)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from comptoir.access import services
from comptoir.access.models import TicketBook
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.billing import models as billing_models
from comptoir.billing.models import Order
from comptoir.community.tests.factories import OrganizationFactory
from comptoir.core.exceptions import InvalidInput
from comptoir.core.models import AuditEvent
from comptoir.invoicing import models as invoicing_models
from comptoir.invoicing.selectors import invoice_chains_verify, payments_of_order
from comptoir.invoicing.tests.factories import make_seller


def sell(plan, place, by, **kwargs):
    kwargs.setdefault("payment_method", "cash")
    return services.plan_sell(plan=plan, place=place, by=by, **kwargs)


@pytest.mark.django_db
def test_a_sale_where_the_entity_invoices_records_a_numbered_chained_payment(
    place, concierge, person
):
    seller = make_seller(place)
    plan = ticket_book_plan(place, price_cents=8000)
    sale = sell(
        plan, place, concierge, person=person, payment_method="card", payment_reference="T1"
    )
    assert sale.payment_chained is True
    order = sale.order
    assert (order.status, order.received_cents) == (Order.Status.PAID, 8000)
    assert order.paid_at is not None
    payment = invoicing_models.Payment.objects.get()
    year = timezone.localdate().year
    assert (payment.order_id, payment.seller, payment.number) == (
        order.pk,
        seller,
        f"P{year}-000001",
    )
    assert (payment.means, payment.amount_cents, payment.reference) == ("card", 8000, "T1")
    assert payments_of_order(order_id=order.pk) == [payment]
    # Not counted twice: no receipt payment beside it.
    assert not billing_models.Payment.objects.exists()
    assert Order.objects.get(pk=order.pk).received_cents == 8000
    assert AuditEvent.objects.filter(verb="payment.received").count() == 1


@pytest.mark.django_db
def test_successive_sales_are_numbered_in_order_and_the_chain_holds(place, concierge, person):
    seller = make_seller(place)
    plan = ticket_book_plan(place, price_cents=4000)
    for _ in range(3):
        sell(plan, place, concierge, person=person)
    numbers = list(
        invoicing_models.Payment.objects.order_by("chain_position").values_list("number", flat=True)
    )
    year = timezone.localdate().year
    assert numbers == [f"P{year}-{n:06d}" for n in (1, 2, 3)]
    [report] = invoice_chains_verify(seller_ids=[seller.pk])
    assert report.intact and report.count == 3


@pytest.mark.django_db
def test_without_a_legal_entity_the_sale_keeps_a_plain_receipt_payment(place, concierge, person):
    sale = sell(ticket_book_plan(place, price_cents=8000), place, concierge, person=person)
    assert sale.payment_chained is False
    assert sale.order.status == Order.Status.PAID
    assert Order.objects.get(pk=sale.order.pk).received_cents == 8000
    assert sale.order.payments.get().amount_cents == 8000
    assert not invoicing_models.Payment.objects.exists()
    assert TicketBook.objects.get().person == person
    event = AuditEvent.objects.get(verb="plan.sold")
    assert event.data["payment_chained"] is False


@pytest.mark.django_db
def test_an_entity_without_siret_or_profile_also_falls_back(place, concierge, person):
    place.legal_entity = OrganizationFactory(siret="")
    place.save(update_fields=["legal_entity"])
    sale = sell(ticket_book_plan(place), place, concierge, person=person)
    assert sale.payment_chained is False
    assert sale.order.status == Order.Status.PAID
    assert sale.order.payments.count() == 1
    assert not invoicing_models.Payment.objects.exists()


@pytest.mark.django_db
def test_a_free_plan_is_paid_with_no_payment_at_all(place, concierge, person):
    make_seller(place)
    sale = sell(ticket_book_plan(place, price_cents=0), place, concierge, person=person)
    assert sale.order.status == Order.Status.PAID
    assert not invoicing_models.Payment.objects.exists()
    assert not billing_models.Payment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("invoicing", [True, False])
def test_a_too_long_reference_is_refused_and_nothing_is_sold(place, concierge, person, invoicing):
    if invoicing:
        make_seller(place)
    with pytest.raises(InvalidInput):
        sell(ticket_book_plan(place), place, concierge, person=person, payment_reference="x" * 101)
    assert not Order.objects.exists()
    assert not TicketBook.objects.exists()
