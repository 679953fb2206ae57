"""Writes of payments: money received for an order and refunds of credit notes, each chained
with the entity's invoices and credit notes.

Lock order, as invoices and credit notes take it: the order's row first (billing's
`order_lock`: two payments of one order are counted one after the other, so together they
never exceed what is due), then the entity's invoicing profile (one document of its chain at
a time), then its counter."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.billing import services as billing
from comptoir.billing.models import Order
from comptoir.core.money import format_cents
from comptoir.core.ranges import is_supported
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.invoicing.audit import Verb
from comptoir.invoicing.chain import payment_hash
from comptoir.invoicing.closings import ensure_open
from comptoir.invoicing.exceptions import (
    PaymentAmountInvalid,
    PaymentDateInvalid,
    PaymentMeansInvalid,
    PaymentReferenceInvalid,
    RefundExceedsCredit,
)
from comptoir.invoicing.models import CreditNote, Payment, PaymentMeans
from comptoir.invoicing.selectors import order_credited_cents
from comptoir.invoicing.services import _chain_link, _next_sequence, _seller_profile

REFERENCE_MAX = 100


@transaction.atomic
def payment_record(
    *,
    order: Order,
    means: str,
    amount_cents: int,
    by: Actor | None,
    received_on: dt.date | None = None,
    reference: str = "",
) -> Payment:
    """Record money received for an order; it becomes paid once nothing remains due."""
    reference = _check(means, amount_cents, reference)
    locked = billing.order_lock(order_id=order.pk)
    day = _day(locked, received_on)
    billing.order_receive(
        order=locked,
        amount_cents=amount_cents,
        credited_cents=order_credited_cents(order_id=locked.pk),
    )
    payment = _chain(locked, means=means, amount_cents=amount_cents, day=day, ref=reference)
    audit_record(
        actor=by,
        verb=Verb.PAYMENT_RECEIVED,
        target=payment,
        place=locked.place,
        data={"number": payment.number, "order": locked.pk, "amount_cents": amount_cents},
    )
    order.status, order.received_cents = locked.status, locked.received_cents
    order.paid_at, order.updated_at = locked.paid_at, locked.updated_at
    return payment


@transaction.atomic
def payment_refund(
    *,
    credit_note: CreditNote,
    means: str,
    amount_cents: int,
    by: Actor | None,
    received_on: dt.date | None = None,
    reference: str = "",
) -> Payment:
    """Pay back (part of) a credit note: a negative payment tied to it, never more than the
    credit note left to refund nor than what was received for the order."""
    reference = _check(means, amount_cents, reference)
    order_id = credit_note.invoice.order_id
    locked = billing.order_lock(order_id=order_id)
    day = _day(locked, received_on)
    left = credit_note.total_cents + _refunded_cents(credit_note)
    if amount_cents > left:
        raise RefundExceedsCredit(
            _("Only %(left)s remain to refund on credit note %(number)s.")
            % {"left": format_cents(left), "number": credit_note.number},
            field="amount_cents",
        )
    billing.order_receive(order=locked, amount_cents=-amount_cents)
    payment = _chain(
        locked, means=means, amount_cents=-amount_cents, day=day, ref=reference, note=credit_note
    )
    audit_record(
        actor=by,
        verb=Verb.PAYMENT_REFUNDED,
        target=payment,
        place=locked.place,
        data={
            "number": payment.number,
            "credit_note": credit_note.number,
            "amount_cents": -amount_cents,
        },
    )
    return payment


@transaction.atomic
def payment_return(
    *,
    payment: Payment,
    by: Actor | None,
    returned_on: dt.date | None = None,
    reference: str = "",
) -> Payment:
    """A direct debit the payer's bank returned unpaid: a negative direct-debit payment of
    the same amount, chained like any other, and the order due again (paid orders reopen).
    The caller (the direct-debit app) makes sure a debit is returned once."""
    if payment.means != PaymentMeans.DIRECT_DEBIT or payment.amount_cents <= 0:
        raise PaymentMeansInvalid(field="payment")
    reference = reference.strip()[:REFERENCE_MAX]
    locked = billing.order_lock(order_id=payment.order_id)
    day = _day(locked, returned_on)
    if day < payment.received_on:
        raise PaymentDateInvalid(field="returned_on")
    billing.order_reopen(
        order=locked,
        amount_cents=payment.amount_cents,
        credited_cents=order_credited_cents(order_id=locked.pk),
    )
    reversal = _chain(
        locked,
        means=PaymentMeans.DIRECT_DEBIT,
        amount_cents=-payment.amount_cents,
        day=day,
        ref=reference,
    )
    audit_record(
        actor=by,
        verb=Verb.PAYMENT_RETURNED,
        target=reversal,
        place=locked.place,
        data={
            "number": reversal.number,
            "returns": payment.number,
            "amount_cents": reversal.amount_cents,
        },
    )
    return reversal


def _check(means: str, amount_cents: int, reference: str) -> str:
    if means not in PaymentMeans.values:
        raise PaymentMeansInvalid(field="means")
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise PaymentAmountInvalid(field="amount_cents")
    reference = reference.strip()
    if len(reference) > REFERENCE_MAX:
        raise PaymentReferenceInvalid(field="reference")
    return reference


def _day(order: Order, received_on: dt.date | None) -> dt.date:
    today = timezone.localtime(timezone=ZoneInfo(order.place.timezone)).date()
    if received_on is None:
        return today
    if received_on > today or not is_supported(received_on):
        raise PaymentDateInvalid(field="received_on")
    return received_on


def _refunded_cents(credit_note: CreditNote) -> int:
    """What was refunded on the credit note so far (negative)."""
    total = Payment.objects.filter(credit_note_id=credit_note.pk).aggregate(t=Sum("amount_cents"))
    return int(total["t"] or 0)


def _chain(
    order: Order,
    *,
    means: str,
    amount_cents: int,
    day: dt.date,
    ref: str,
    note: CreditNote | None = None,
) -> Payment:
    """The payment numbered and hashed into its seller's chain (the profile locked)."""
    profile = _seller_profile(order)
    seller = profile.organization
    # A date in a closed period is refused once the chain is locked (a closing takes it too).
    ensure_open(seller_id=seller.pk, day=day)
    series = f"P{day.year}"
    sequence = _next_sequence(seller=seller, series=series)
    payment = Payment(
        place=order.place,
        order=order,
        seller=seller,
        series=series,
        sequence=sequence,
        number=f"{series}-{sequence:06d}",
        means=means,
        received_on=day,
        amount_cents=amount_cents,
        reference=ref,
        credit_note=note,
        created_at=timezone.now(),
        **_chain_link(seller),
    )
    payment.hash = payment_hash(payment)
    payment.save(force_insert=True)
    return payment
