"""payment_record and payment_refund: money received for an order, in part or in full, never
more than what is due; refunds of credit notes; each chained with the entity's documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.billing.exceptions import OrderClosed, Overpayment, RefundExceedsReceived
from comptoir.billing.models import Order
from comptoir.core.models import AuditEvent
from comptoir.invoicing.exceptions import (
    NoLegalEntity,
    PaymentAmountInvalid,
    PaymentDateInvalid,
    PaymentMeansInvalid,
    PaymentReferenceInvalid,
    RefundExceedsCredit,
)
from comptoir.invoicing.models import Payment
from comptoir.invoicing.selectors import invoice_chains_verify, payments_of_order
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record, payment_refund
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(place, concierge, person):
    make_seller(place)
    return make_order(place, concierge, person, line(2000, 3))  # 60,00 €


def pay(order, by, cents, **kwargs):
    return payment_record(
        order=order, means=kwargs.pop("means", "cash"), amount_cents=cents, by=by, **kwargs
    )


def test_partial_payments_then_the_order_is_paid(order, concierge):
    first = pay(order, concierge, 2500, means="cheque", reference="CHQ 12")
    order.refresh_from_db()
    assert (order.status, order.received_cents) == (Order.Status.PENDING, 2500)
    second = pay(order, concierge, 3500, means="direct_debit", received_on=first.received_on)
    order.refresh_from_db()
    assert (order.status, order.received_cents) == (Order.Status.PAID, 6000)
    assert order.paid_at is not None
    assert [p.number for p in payments_of_order(order_id=order.pk)] == [first.number, second.number]
    year = first.received_on.year
    assert (first.number, second.number) == (f"P{year}-000001", f"P{year}-000002")
    assert (first.means, first.reference, second.means) == ("cheque", "CHQ 12", "direct_debit")


def test_a_payment_received_earlier_is_dated_then(order, concierge):
    payment = pay(order, concierge, 100, received_on=dt.date(2025, 12, 31))
    assert (payment.received_on, payment.number) == (dt.date(2025, 12, 31), "P2025-000001")


def test_every_means_is_accepted(place, concierge, person):
    make_seller(place)
    for means in ("cash", "card", "cheque", "transfer", "direct_debit", "online"):
        order = make_order(place, concierge, person)
        assert pay(order, concierge, order.total_cents, means=means).means == means


def test_over_payment_is_refused_with_what_remains(order, concierge):
    pay(order, concierge, 5000)
    with pytest.raises(Overpayment) as refused:
        pay(order, concierge, 1001)
    assert refused.value.message == "Il ne reste que 10,00\xa0€ à payer sur cette vente."
    order.refresh_from_db()
    assert (order.received_cents, Payment.objects.count()) == (5000, 1)


def test_a_paid_order_takes_no_more_payment(order, concierge):
    pay(order, concierge, 6000)
    with pytest.raises(OrderClosed):
        pay(order, concierge, 1)


def test_a_cancelled_order_takes_no_payment(order, concierge):
    Order.objects.filter(pk=order.pk).update(status=Order.Status.CANCELLED)
    with pytest.raises(OrderClosed):
        pay(order, concierge, 100)
    assert not Payment.objects.exists()


@pytest.mark.parametrize("cents", [0, -5, True])
def test_a_zero_negative_or_non_integer_amount_is_refused(order, concierge, cents):
    with pytest.raises(PaymentAmountInvalid):
        pay(order, concierge, cents)


def test_bad_means_date_or_reference_are_refused_and_nothing_is_saved(order, concierge):
    with pytest.raises(PaymentMeansInvalid):
        pay(order, concierge, 100, means="barter")
    with pytest.raises(PaymentDateInvalid):
        pay(order, concierge, 100, received_on=timezone.localdate() + dt.timedelta(days=2))
    with pytest.raises(PaymentReferenceInvalid):
        pay(order, concierge, 100, reference="x" * 101)
    order.refresh_from_db()
    assert (order.received_cents, Payment.objects.count()) == (0, 0)


def test_a_place_without_legal_entity_records_nothing(place, concierge, person):
    order = make_order(place, concierge, person)
    with pytest.raises(NoLegalEntity):
        pay(order, concierge, 100)
    order.refresh_from_db()
    assert order.received_cents == 0


def test_a_credit_note_before_payment_lowers_what_is_due(order, concierge):
    invoice = invoice_issue(order=order, by=concierge)
    credit_note_issue(
        invoice=invoice,
        by=concierge,
        reason="Une journée annulée",
        lines={invoice.lines.get().pk: 1},
    )
    with pytest.raises(Overpayment):
        pay(order, concierge, 6000)
    pay(order, concierge, 4000)
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_a_refund_is_a_negative_payment_tied_to_its_credit_note(order, concierge):
    pay(order, concierge, 6000)
    invoice = invoice_issue(order=order, by=concierge)
    note = credit_note_issue(
        invoice=invoice,
        by=concierge,
        reason="Une journée annulée",
        lines={invoice.lines.get().pk: 1},
    )
    refund = payment_refund(credit_note=note, means="transfer", amount_cents=1500, by=concierge)
    assert (refund.amount_cents, refund.credit_note, refund.is_refund) == (-1500, note, True)
    with pytest.raises(RefundExceedsCredit) as refused:
        payment_refund(credit_note=note, means="transfer", amount_cents=501, by=concierge)
    assert refused.value.message == (
        f"Il ne reste que 5,00\xa0€ à rembourser sur l’avoir {note.number}."
    )
    payment_refund(credit_note=note, means="cash", amount_cents=500, by=concierge)
    order.refresh_from_db()
    assert (order.status, order.received_cents) == (Order.Status.PAID, 4000)
    assert [p.amount_cents for p in payments_of_order(order_id=order.pk)] == [6000, -1500, -500]


def test_a_refund_never_exceeds_what_was_received(order, concierge):
    pay(order, concierge, 1000)
    invoice = invoice_issue(order=order, by=concierge)
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    with pytest.raises(RefundExceedsReceived):
        payment_refund(credit_note=note, means="cash", amount_cents=1001, by=concierge)
    assert Payment.objects.count() == 1


def test_payments_join_the_chain_of_invoices_and_credit_notes(order, concierge):
    first = pay(order, concierge, 1000)
    invoice = invoice_issue(order=order, by=concierge)
    second = pay(order, concierge, 5000)
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulé")
    refund = payment_refund(credit_note=note, means="cash", amount_cents=6000, by=concierge)
    chain = [first, invoice, second, note, refund]
    assert [d.chain_position for d in chain] == [1, 2, 3, 4, 5]
    assert [d.previous_hash for d in chain[1:]] == [d.hash for d in chain[:-1]]
    assert [(r.count, r.intact) for r in invoice_chains_verify()] == [(5, True)]
    assert list(Payment.objects.values_list("sequence", flat=True)) == [1, 2, 3]


def test_payments_and_refunds_are_audited(order, concierge):
    payment = pay(order, concierge, 6000)
    event = AuditEvent.objects.get(verb="payment.received")
    assert (event.actor, event.data["number"], event.data["amount_cents"]) == (
        concierge,
        payment.number,
        6000,
    )
