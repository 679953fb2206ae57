"""Writes of sales: orders with their lines, and payments. Callers hold the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.billing.audit import Verb
from comptoir.billing.exceptions import (
    EmptyOrder,
    InvalidAmount,
    OrderClosed,
    Overpayment,
    RefundExceedsReceived,
)
from comptoir.billing.models import Order, OrderLine, Payment, PaymentMethod
from comptoir.billing.signals import order_paid
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import InvalidInput
from comptoir.core.money import format_cents
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place


@dataclass(frozen=True)
class LineSpec:
    kind: str
    description: str
    unit_price_cents: int
    quantity: int = 1
    vat_rate_bp: int = 2000
    plan: Any = None


def _buyer_snapshot(person: Person | None, organization: Organization | None) -> dict[str, str]:
    if organization is not None:
        email = getattr(organization, "email", "") or (person.email if person else "")
        return {"buyer_name": organization.name[:200], "buyer_email": email}
    if person is not None:
        name = person.get_full_name() or person.email
        return {"buyer_name": name[:200], "buyer_email": person.email}
    raise InvalidInput(field="buyer")


@transaction.atomic
def order_create(
    *,
    place: Place,
    lines: list[LineSpec],
    by: Actor | None,
    buyer: Person | None = None,
    buyer_organization: Organization | None = None,
    note: str = "",
) -> Order:
    """An order with its lines, awaiting payment. Who takes the payment at once (a sale at
    the desk) records it from above, through invoicing, so that it is numbered and chained."""
    if not lines:
        raise EmptyOrder()
    order = Order.objects.create(
        place=place,
        buyer=buyer,
        buyer_organization=buyer_organization,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        note=note[:200],
        total_cents=sum(line.unit_price_cents * line.quantity for line in lines),
        **_buyer_snapshot(buyer, buyer_organization),
    )
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                kind=line.kind,
                description=line.description[:200],
                quantity=line.quantity,
                unit_price_cents=line.unit_price_cents,
                vat_rate_bp=line.vat_rate_bp,
                total_cents=line.unit_price_cents * line.quantity,
                plan=line.plan,
            )
            for line in lines
        ]
    )
    audit_record(
        actor=by,
        verb=Verb.ORDER_CREATED,
        target=order,
        place=place,
        data={"total_cents": order.total_cents},
    )
    return order


@transaction.atomic
def payment_record(
    *, order: Order, method: str, amount_cents: int, by: Actor | None, reference: str = ""
) -> Payment | None:
    """Record money received as a plain receipt payment, neither numbered nor chained: only
    for a seller that cannot invoice (no legal entity, SIRET or invoicing profile); the
    others record payments through invoicing. The order is paid once payments reach its
    total; a free order (total 0) is simply marked paid, with no payment row."""
    if method not in PaymentMethod.values:
        raise InvalidInput(field="method")
    if amount_cents < 0 or (amount_cents == 0 and order.total_cents > 0):
        raise InvalidAmount(field="amount_cents")
    locked = order_lock(order_id=order.pk)
    payment = None
    if amount_cents > 0:
        payment = _payment_line(locked, method, amount_cents, reference, by, Verb.PAYMENT_RECORDED)
    elif locked.status == Order.Status.PENDING:
        _mark_paid(locked)
    # The caller's instance (e.g. the order order_create returns) shows the new status.
    order.status, order.paid_at, order.updated_at = locked.status, locked.paid_at, locked.updated_at
    order.received_cents = locked.received_cents
    return payment


def _payment_line(
    locked: Order, method: str, cents: int, reference: str, by: Actor | None, verb: Verb
) -> Payment:
    """Money received (positive) or given back (negative) on the locked order: counted by
    `order_receive` first, which refuses more than is due or than was received."""
    order_receive(order=locked, amount_cents=cents)
    payment = Payment.objects.create(
        order=locked,
        method=method,
        amount_cents=cents,
        reference=reference[:100],
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        actor=by,
        verb=verb,
        target=locked,
        place=locked.place,
        data={"amount_cents": abs(cents), "method": method},
    )
    return payment


@transaction.atomic
def payment_refund(
    *, order: Order, method: str, amount_cents: int, by: Actor | None, reference: str = ""
) -> Payment:
    """Give back money received as a receipt payment (a deposit returned): a payment line of
    the opposite sign on the order, counted by `order_receive`, so never more than what was
    received (and still held) for it. The order keeps its status: what it sold stays sold.
    Only for money that is not invoiced; an invoiced order is refunded through invoicing's
    credit notes."""
    if method not in PaymentMethod.values:
        raise InvalidInput(field="method")
    if amount_cents <= 0:
        raise InvalidAmount(field="amount_cents")
    locked = order_lock(order_id=order.pk)
    payment = _payment_line(locked, method, -amount_cents, reference, by, Verb.RECEIPT_REFUNDED)
    order.received_cents = locked.received_cents
    return payment


def order_lock(*, order_id: int) -> Order:
    """The order's row, locked until the caller's transaction ends: whoever counts money on
    it (a payment, a refund, an invoice) waits for the others, so what is due is read once
    the previous payment is counted."""
    return Order.objects.select_for_update(of=("self",)).select_related("place").get(pk=order_id)


def order_due_cents(*, order: Order, credited_cents: int = 0) -> int:
    """What remains to be paid: the total less what was credited and what was received
    (negative when more was received than is now owed)."""
    return order.total_cents - credited_cents - order.received_cents


@transaction.atomic
def order_receive(*, order: Order, amount_cents: int, credited_cents: int = 0) -> None:
    """Count money received for an order (negative: refunded), locked by `order_lock`; never
    more than what remains due. The order becomes paid once nothing remains due."""
    if amount_cents > 0:
        if order.status != Order.Status.PENDING:
            raise OrderClosed(field="order")
        due = order_due_cents(order=order, credited_cents=credited_cents)
        if amount_cents > due:
            raise Overpayment(
                _("Only %(due)s remain to be paid on this order.")
                % {"due": format_cents(max(due, 0))},
                field="amount_cents",
            )
    elif -amount_cents > order.received_cents:
        raise RefundExceedsReceived(
            _("Only %(received)s were received for this order.")
            % {"received": format_cents(order.received_cents)},
            field="amount_cents",
        )
    order.received_cents += amount_cents
    order.save(update_fields=["received_cents", "updated_at"])
    if (
        order.status == Order.Status.PENDING
        and order_due_cents(order=order, credited_cents=credited_cents) <= 0
    ):
        _mark_paid(order)


def order_reopen(*, order: Order, amount_cents: int, credited_cents: int = 0) -> None:
    """Money received and then taken back by the payer's bank (a returned direct debit), on
    the order locked by `order_lock`: what it paid is due again, and a paid order waits for
    payment again (what it bought stays handed over; the debt is the payer's)."""
    if amount_cents <= 0 or amount_cents > order.received_cents:
        raise RefundExceedsReceived(
            _("Only %(received)s were received for this order.")
            % {"received": format_cents(order.received_cents)},
            field="amount_cents",
        )
    order.received_cents -= amount_cents
    fields = ["received_cents", "updated_at"]
    if (
        order.status == Order.Status.PAID
        and order_due_cents(order=order, credited_cents=credited_cents) > 0
    ):
        order.status, order.paid_at = Order.Status.PENDING, None
        fields += ["status", "paid_at"]
    order.save(update_fields=fields)


def order_settle_credited(*, order: Order, credited_cents: int) -> None:
    """After a credit note, on the order locked by `order_lock`: once credit notes and what
    was received leave nothing due, a pending order is closed — cancelled when nothing was
    received (it was wholly credited before any payment), paid otherwise."""
    if order.status != Order.Status.PENDING:
        return
    if order_due_cents(order=order, credited_cents=credited_cents) > 0:
        return
    if order.received_cents == 0:
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status", "updated_at"])
    else:
        _mark_paid(order)


def _mark_paid(order: Order) -> None:
    order.status = Order.Status.PAID
    order.paid_at = timezone.now()
    order.save(update_fields=["status", "paid_at", "updated_at"])
    order_paid.send(sender=Order, order=order)
