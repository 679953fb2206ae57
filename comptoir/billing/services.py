"""Writes of sales: orders with their lines, and payments. Callers hold the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from comptoir.billing.audit import Verb
from comptoir.billing.exceptions import EmptyOrder, InvalidAmount, OrderClosed
from comptoir.billing.models import Order, OrderLine, Payment, PaymentMethod
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import InvalidInput
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
    payment_method: str | None = None,
    payment_reference: str = "",
    note: str = "",
) -> Order:
    """An order with its lines; paid in full at once when a payment method is given."""
    if not lines:
        raise EmptyOrder()
    if payment_method is not None and payment_method not in PaymentMethod.values:
        raise InvalidInput(field="payment_method")
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
    if payment_method is not None:
        payment_record(
            order=order,
            method=payment_method,
            amount_cents=order.total_cents,
            by=by,
            reference=payment_reference,
        )
    return order


@transaction.atomic
def payment_record(
    *, order: Order, method: str, amount_cents: int, by: Actor | None, reference: str = ""
) -> Payment | None:
    """Record money received; the order is paid once payments reach its total.

    A free order (total 0) is simply marked paid, with no payment row."""
    if method not in PaymentMethod.values:
        raise InvalidInput(field="method")
    if amount_cents < 0 or (amount_cents == 0 and order.total_cents > 0):
        raise InvalidAmount(field="amount_cents")
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status != Order.Status.PENDING and amount_cents > 0:
        raise OrderClosed(field="order")
    payment = None
    if amount_cents > 0:
        payment = Payment.objects.create(
            order=locked,
            method=method,
            amount_cents=amount_cents,
            reference=reference[:100],
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        audit_record(
            actor=by,
            verb=Verb.PAYMENT_RECORDED,
            target=locked,
            place=locked.place,
            data={"amount_cents": amount_cents, "method": method},
        )
    received = sum(locked.payments.values_list("amount_cents", flat=True))
    if received >= locked.total_cents and locked.status == Order.Status.PENDING:
        locked.status = Order.Status.PAID
        locked.paid_at = timezone.now()
        locked.save(update_fields=["status", "paid_at", "updated_at"])
    # The caller's instance (e.g. the order order_create returns) shows the new status.
    order.status, order.paid_at, order.updated_at = locked.status, locked.paid_at, locked.updated_at
    return payment
