"""invoice_chains_verify and comptoir_verify_invoices: each entity's chain is intact, or the
first broken invoice is named (tampering is simulated with the database's trigger off)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comptoir.invoicing.chain import invoice_hash
from comptoir.invoicing.models import Invoice
from comptoir.invoicing.selectors import invoice_chains_verify
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller
from comptoir.invoicing.tests.tampering import tamper
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices(place, concierge, person):
    make_seller(place)
    return [
        invoice_issue(order=make_order(place, concierge, person), by=concierge) for _ in range(4)
    ]


def verify() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("comptoir_verify_invoices", stdout=out)
    except CommandError as error:
        return 1, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_intact_chains_are_reported_intact(invoices, concierge, person):
    other = PlaceFactory()
    make_seller(other)
    invoice_issue(order=make_order(other, concierge, person), by=concierge)
    reports = invoice_chains_verify()
    assert [(r.count, r.intact) for r in reports] == [(4, True), (1, True)]
    code, output = verify()
    assert code == 0 and "2 chain(s) intact" in output


def test_no_invoice_is_an_empty_report(db):
    assert invoice_chains_verify() == []
    assert verify()[0] == 0


def test_an_altered_amount_is_found(invoices):
    tamper(f"UPDATE invoicing_invoice SET total_cents = 1 WHERE id = {invoices[1].pk}")
    (report,) = invoice_chains_verify()
    assert report.broken_number == invoices[1].number
    assert report.reason == "son contenu ne correspond pas à son empreinte"
    code, output = verify()
    assert code == 1 and invoices[1].number in output


def test_an_altered_line_is_found(invoices):
    tamper(f"UPDATE invoicing_invoiceline SET label = 'Autre' WHERE invoice_id = {invoices[2].pk}")
    assert invoice_chains_verify()[0].broken_number == invoices[2].number


def test_a_forger_rehashing_an_altered_invoice_breaks_the_next_link(invoices):
    forged = Invoice.objects.get(pk=invoices[1].pk)
    forged.total_cents = 1
    rehashed = invoice_hash(forged, list(forged.lines.all()))
    tamper(
        f"UPDATE invoicing_invoice SET total_cents = 1, hash = '{rehashed}' "
        f"WHERE id = {invoices[1].pk}"
    )
    report = invoice_chains_verify()[0]
    assert report.broken_number == invoices[2].number
    assert report.reason == "elle n’est pas chaînée à la facture précédente"


def test_a_removed_invoice_is_found(invoices):
    tamper(f"DELETE FROM invoicing_invoiceline WHERE invoice_id = {invoices[1].pk}")
    tamper(f"DELETE FROM invoicing_invoice WHERE id = {invoices[1].pk}")
    report = invoice_chains_verify()[0]
    assert report.broken_number == invoices[2].number


def test_removing_the_last_invoices_is_found_from_the_counter(invoices):
    for invoice in invoices[2:]:
        tamper(f"DELETE FROM invoicing_invoiceline WHERE invoice_id = {invoice.pk}")
        tamper(f"DELETE FROM invoicing_invoice WHERE id = {invoice.pk}")
    report = invoice_chains_verify()[0]
    assert report.broken_number == invoices[1].number
    assert verify()[0] == 1
