"""The generator's invoices: about half of the generated orders (never a cancelled one)
invoiced by their place's entity, numbered per year without a gap, in the order of the
sales, each chain intact by the verification the treasurers run; a reset removes them past
their inalterability triggers, which stay in force afterwards."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from comptoir.billing.models import Order
from comptoir.devtools.generate.base import NETWORK_SLUG
from comptoir.devtools.tests.test_generate import generate
from comptoir.invoicing.models import Invoice, InvoiceCounter, InvoiceLine, InvoicingProfile
from comptoir.invoicing.selectors import invoice_chains_verify

pytestmark = pytest.mark.django_db


def test_a_share_of_the_orders_is_invoiced_numbered_and_chained() -> None:
    out = generate(orders=200)
    orders = Order.objects.filter(place__network__slug=NETWORK_SLUG, total_cents__gt=0)
    invoices = Invoice.objects.filter(place__network__slug=NETWORK_SLUG)
    assert "invoices:" in out
    assert 0.3 * orders.count() < invoices.count() < 0.7 * orders.count()
    assert not invoices.filter(order__status=Order.Status.CANCELLED).exists()
    assert InvoiceLine.objects.filter(invoice__in=invoices).count() >= invoices.count()
    for invoice in invoices.select_related("order")[:50]:
        assert invoice.total_cents == invoice.order.total_cents
        assert invoice.seller_id == invoice.place.legal_entity_id
    for counter in InvoiceCounter.objects.all():
        numbers = sorted(
            invoices.filter(seller_id=counter.organization_id, series=counter.series).values_list(
                "sequence", flat=True
            )
        )
        assert numbers == list(range(1, counter.last_sequence + 1))
    sellers = set(invoices.values_list("seller_id", flat=True))
    reports = invoice_chains_verify(seller_ids=sellers)
    assert len(reports) == len(sellers) >= 1 and all(report.intact for report in reports)


def test_a_reset_removes_them_and_the_triggers_still_hold() -> None:
    generate(orders=60)
    generate(orders=60, reset=True)
    assert InvoicingProfile.objects.count() == Invoice.objects.values("seller").distinct().count()
    invoice = Invoice.objects.first()
    assert invoice is not None
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM invoicing_invoiceline WHERE invoice_id = %s", [invoice.pk])
