"""Issued credit notes and their lines are never changed nor deleted: the model refuses it
and, whatever path a write takes, the database does too."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from comptoir.invoicing.models import CreditNote, CreditNoteLine, ImmutableError, Invoice
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(place, concierge, person) -> CreditNote:
    make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    return credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")


def test_the_model_refuses_to_save_or_delete_a_credit_note(note):
    note.reason = "Autre chose"
    with pytest.raises(ImmutableError):
        note.save()
    with pytest.raises(ImmutableError):
        note.delete()
    with pytest.raises(ImmutableError):
        note.lines.get().delete()


def test_querysets_refuse_to_update_or_delete(note):
    with pytest.raises(ImmutableError):
        CreditNote.objects.filter(pk=note.pk).update(total_cents=1)
    with pytest.raises(ImmutableError):
        CreditNoteLine.objects.filter(credit_note=note).delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE invoicing_creditnote SET total_cents = 1",
        "UPDATE invoicing_creditnote SET reason = 'autre'",
        "DELETE FROM invoicing_creditnote",
        "UPDATE invoicing_creditnoteline SET quantity = 2",
        "DELETE FROM invoicing_creditnoteline",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(note, statement):
    with pytest.raises(IntegrityError, match="inalterable"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    stored = CreditNote.objects.get(pk=note.pk)
    assert (stored.total_cents, stored.reason) == (note.total_cents, "Annulé")
    assert stored.lines.get().quantity == 1


def test_the_credited_invoice_cannot_be_deleted(note):
    with pytest.raises((ProtectedError, ImmutableError)):
        Invoice.objects.get(pk=note.invoice_id).delete()
    assert Invoice.objects.filter(pk=note.invoice_id).exists()
