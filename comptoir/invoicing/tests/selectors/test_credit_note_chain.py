"""Credit notes share their entity's chain with its invoices: one chain of legal documents in
the order of issue, verified by invoice_chains_verify and comptoir_verify_invoices (tampering
is simulated with the database's triggers off)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comptoir.invoicing.chain import credit_note_hash
from comptoir.invoicing.models import CreditNote
from comptoir.invoicing.selectors import invoice_chains_verify
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller
from comptoir.invoicing.tests.tampering import tamper

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(place, concierge, person):
    """Invoice, invoice, credit note of the first, invoice, credit note of the second."""
    make_seller(place)

    def invoice():
        return invoice_issue(order=make_order(place, concierge, person), by=concierge)

    first, second = invoice(), invoice()
    note = credit_note_issue(invoice=first, by=concierge, reason="Annulé")
    third = invoice()
    other_note = credit_note_issue(invoice=second, by=concierge, reason="Remboursé")
    return [first, second, note, third, other_note]


def verify() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("comptoir_verify_invoices", stdout=out)
    except CommandError as error:
        return 1, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_the_chain_follows_the_order_of_issue(documents):
    assert [d.chain_position for d in documents] == [1, 2, 3, 4, 5]
    assert [d.previous_hash for d in documents[1:]] == [d.hash for d in documents[:-1]]
    (report,) = invoice_chains_verify()
    assert (report.count, report.intact) == (5, True)
    assert verify()[0] == 0


def test_an_altered_credit_note_is_found(documents):
    note = documents[2]
    tamper(f"UPDATE invoicing_creditnote SET total_cents = 1 WHERE id = {note.pk}")
    (report,) = invoice_chains_verify()
    assert report.broken_number == note.number
    assert report.reason == "son contenu ne correspond pas à son empreinte"
    code, output = verify()
    assert code == 1 and note.number in output


def test_an_altered_credit_note_line_is_found(documents):
    note = documents[4]
    tamper(f"UPDATE invoicing_creditnoteline SET label = 'Autre' WHERE credit_note_id = {note.pk}")
    assert invoice_chains_verify()[0].broken_number == note.number


def test_a_credit_note_pointed_at_another_invoice_is_found(documents):
    note = documents[2]
    tamper(f"UPDATE invoicing_creditnote SET invoice_id = {documents[3].pk} WHERE id = {note.pk}")
    assert invoice_chains_verify()[0].broken_number == note.number


def test_a_forger_rehashing_a_credit_note_breaks_the_next_link(documents):
    note = CreditNote.objects.get(pk=documents[2].pk)
    note.total_cents = 1
    rehashed = credit_note_hash(note, list(note.lines.all()))
    tamper(
        f"UPDATE invoicing_creditnote SET total_cents = 1, hash = '{rehashed}' WHERE id = {note.pk}"
    )
    report = invoice_chains_verify()[0]
    assert report.broken_number == documents[3].number  # the invoice issued after it


def test_a_removed_credit_note_is_found(documents):
    note = documents[2]
    tamper(f"DELETE FROM invoicing_creditnoteline WHERE credit_note_id = {note.pk}")
    tamper(f"DELETE FROM invoicing_creditnote WHERE id = {note.pk}")
    report = invoice_chains_verify()[0]
    assert report.broken_number == documents[3].number


def test_removing_the_last_credit_note_is_found_from_the_counter(documents):
    note = documents[4]
    tamper(f"DELETE FROM invoicing_creditnoteline WHERE credit_note_id = {note.pk}")
    tamper(f"DELETE FROM invoicing_creditnote WHERE id = {note.pk}")
    report = invoice_chains_verify()[0]
    assert report.broken_number == documents[2].number
    assert verify()[0] == 1
