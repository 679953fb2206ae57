"""Payments and refunds share their entity's chain with its invoices and credit notes, in the
order they were recorded: altering, removing or rehashing one is found by
invoice_chains_verify and comptoir_verify_invoices (with the database's triggers off)."""

from __future__ import annotations

import pytest

from comptoir.invoicing.chain import payment_hash
from comptoir.invoicing.models import Payment
from comptoir.invoicing.selectors import invoice_chains_verify
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record, payment_refund
from comptoir.invoicing.tests.factories import make_order, make_seller
from comptoir.invoicing.tests.selectors.test_credit_note_chain import verify
from comptoir.invoicing.tests.tampering import tamper

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(place, concierge, person):
    """Payment, invoice, payment, credit note, refund, payment (another order)."""
    make_seller(place)
    order = make_order(place, concierge, person)  # 15,00 €
    first = payment_record(order=order, means="cash", amount_cents=500, by=concierge)
    invoice = invoice_issue(order=order, by=concierge)
    second = payment_record(order=order, means="card", amount_cents=1000, by=concierge)
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    refund = payment_refund(credit_note=note, means="transfer", amount_cents=1500, by=concierge)
    other = make_order(place, concierge, person)
    last = payment_record(order=other, means="online", amount_cents=1500, by=concierge)
    return [first, invoice, second, note, refund, last]


def test_the_chain_holds_payments_in_the_order_they_were_recorded(documents):
    assert [d.chain_position for d in documents] == [1, 2, 3, 4, 5, 6]
    assert [d.previous_hash for d in documents[1:]] == [d.hash for d in documents[:-1]]
    (report,) = invoice_chains_verify()
    assert (report.count, report.intact, report.seller_name) == (
        6,
        True,
        "Coopérative du Comptoir",
    )
    code, output = verify()
    assert code == 0 and "6 document(s)" in output


@pytest.mark.parametrize(
    "change",
    ["amount_cents = 1", "means = 'cash'", "reference = 'X'", "received_on = '2020-01-01'"],
)
def test_an_altered_payment_is_found(documents, change):
    payment = documents[2]
    tamper(f"UPDATE invoicing_payment SET {change} WHERE id = {payment.pk}")
    (report,) = invoice_chains_verify()
    assert (report.broken_number, report.reason) == (
        payment.number,
        "son contenu ne correspond pas à son empreinte",
    )
    code, output = verify()
    assert code == 1 and payment.number in output


def test_a_refund_pointed_at_another_order_is_found(documents):
    refund = documents[4]
    other = documents[5].order_id
    tamper(f"UPDATE invoicing_payment SET order_id = {other} WHERE id = {refund.pk}")
    assert invoice_chains_verify()[0].broken_number == refund.number


def test_a_forger_rehashing_a_payment_breaks_the_next_link(documents):
    payment = Payment.objects.get(pk=documents[2].pk)
    payment.amount_cents = 1
    rehashed = payment_hash(payment)
    tamper(
        f"UPDATE invoicing_payment SET amount_cents = 1, hash = '{rehashed}' "
        f"WHERE id = {payment.pk}"
    )
    assert invoice_chains_verify()[0].broken_number == documents[3].number


def test_a_removed_payment_is_found(documents):
    tamper(f"DELETE FROM invoicing_payment WHERE id = {documents[2].pk}")
    assert invoice_chains_verify()[0].broken_number == documents[3].number


def test_removing_the_last_payment_is_found_from_the_counter(documents):
    tamper(f"DELETE FROM invoicing_payment WHERE id = {documents[5].pk}")
    report = invoice_chains_verify()[0]
    assert report.broken_number == documents[4].number
    assert verify()[0] == 1


def test_a_chain_that_starts_with_a_payment_names_its_entity(place, concierge, person):
    make_seller(place)
    payment_record(
        order=make_order(place, concierge, person), means="cash", amount_cents=1, by=concierge
    )
    (report,) = invoice_chains_verify()
    assert (report.seller_name, report.count, report.intact) == ("Coopérative du Comptoir", 1, True)
