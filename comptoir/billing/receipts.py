"""The payments a receipt shows: billing's own receipt payments, and those the apps above
record (invoicing's numbered payments), which they register here at start-up since billing
cannot import them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from comptoir.billing.models import Order


@dataclass(frozen=True)
class ReceiptPayment:
    created_at: datetime
    method_label: str
    reference: str
    amount_cents: int
    number: str = ""  # the payment's number in its seller's chain, if it has one


PaymentSource = Callable[[Order], list[ReceiptPayment]]

_SOURCES: list[PaymentSource] = []


def register(source: PaymentSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def receipt_payments(order: Order) -> list[ReceiptPayment]:
    """The order's payments from every source, oldest first."""
    rows = [
        ReceiptPayment(
            created_at=payment.created_at,
            method_label=str(payment.get_method_display()),
            reference=payment.reference,
            amount_cents=payment.amount_cents,
        )
        for payment in order.payments.all()
    ]
    for source in _SOURCES:
        rows.extend(source(order))
    return sorted(rows, key=lambda row: row.created_at)


# Whether the viewer may pay the order online (the online app registers its answer at
# start-up; without it, never).
OnlineCheck = Callable[[Order, object], bool]
_ONLINE: list[OnlineCheck] = []


def register_online(check: OnlineCheck) -> None:
    if check not in _ONLINE:
        _ONLINE.append(check)


def payable_online(order: Order, viewer: object) -> bool:
    return any(check(order, viewer) for check in _ONLINE)
