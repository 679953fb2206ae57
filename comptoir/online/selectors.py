"""Reads of online payments: a place's online payments with what was refunded, one of them,
and what its refund may credit (the order's lines, by position, with what remains)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from comptoir.billing.models import OrderLine
from comptoir.invoicing.models import Invoice
from comptoir.invoicing.selectors import credited_quantities
from comptoir.online.models import Checkout


@dataclass(frozen=True)
class RefundLine:
    position: int
    label: str
    unit_cents: int
    remaining: int


def online_payments_of_place(*, place_id: int) -> QuerySet[Checkout]:
    """The place's online payments received (recorded or kept to refund), latest first."""
    return (
        Checkout.objects.filter(
            order__place_id=place_id,
            status__in=[Checkout.Status.PAID, Checkout.Status.REJECTED],
        )
        .select_related("order", "payment")
        .order_by("-created_at", "-pk")
    )


def checkout_of_place(*, place_id: int, pk: int) -> Checkout:
    """The place's online payment `pk` (raises DoesNotExist, also for another place's)."""
    return (
        Checkout.objects.select_related("order__place", "payment")
        .prefetch_related("refunds__credit_note", "refunds__payment")
        .get(order__place_id=place_id, pk=pk)
    )


def refund_lines(*, checkout: Checkout) -> list[RefundLine]:
    """What a refund may credit: the invoice's lines with what remains on each, or the
    order's lines in full when it is not invoiced yet (the refund issues its invoice)."""
    invoice = Invoice.objects.filter(order_id=checkout.order_id).first()
    if invoice is None:
        lines = OrderLine.objects.filter(order_id=checkout.order_id).order_by("pk")
        return [
            RefundLine(position, line.description, line.unit_price_cents, line.quantity)
            for position, line in enumerate(lines, start=1)
        ]
    credited = credited_quantities(invoice_id=invoice.pk)
    return [
        RefundLine(
            line.position,
            line.label,
            line.total_cents // line.quantity,
            line.quantity - credited.get(line.pk, 0),
        )
        for line in invoice.lines.order_by("position")
    ]
