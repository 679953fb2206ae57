"""Issued invoices and their lines are never changed nor deleted: the model refuses it and,
whatever path a write takes, the database does too."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from comptoir.billing.models import Order
from comptoir.invoicing.models import ImmutableError, Invoice, InvoiceLine
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(place, concierge, person) -> Invoice:
    make_seller(place)
    return invoice_issue(order=make_order(place, concierge, person), by=concierge)


def test_the_model_refuses_to_save_an_issued_invoice(invoice):
    invoice.buyer_name = "Quelqu'un d'autre"
    with pytest.raises(ImmutableError):
        invoice.save()


def test_the_model_refuses_to_delete_an_invoice_or_a_line(invoice):
    with pytest.raises(ImmutableError):
        invoice.delete()
    with pytest.raises(ImmutableError):
        invoice.lines.first().delete()


def test_querysets_refuse_to_update_or_delete(invoice):
    with pytest.raises(ImmutableError):
        Invoice.objects.filter(pk=invoice.pk).update(total_cents=1)
    with pytest.raises(ImmutableError):
        InvoiceLine.objects.filter(invoice=invoice).delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE invoicing_invoice SET total_cents = 1",
        "DELETE FROM invoicing_invoice",
        "UPDATE invoicing_invoiceline SET label = 'autre chose'",
        "DELETE FROM invoicing_invoiceline",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(invoice, statement):
    with pytest.raises(IntegrityError, match="inalterable"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    stored = Invoice.objects.get(pk=invoice.pk)
    assert stored.total_cents == invoice.total_cents
    assert stored.lines.get().label == "Journée de coworking"


def test_the_invoiced_order_cannot_be_deleted(invoice):
    with pytest.raises(ProtectedError):
        Order.objects.get(pk=invoice.order_id).delete()
