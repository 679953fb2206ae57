"""Billing's part of a person's data (see `community.personal_data`): their orders.

Erasure keeps the orders whole, buyer snapshot included: accounting records are kept ten
years (Code de commerce, art. L123-22) and the future invoices are issued from them."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from comptoir.billing.models import Order, OrderLine, Payment
from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell, cents


def _orders(person: Person) -> list[Row]:
    orders = (
        Order.objects.filter(buyer=person)
        .select_related("place")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.order_by("pk")),
            Prefetch("payments", queryset=Payment.objects.order_by("created_at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "reference": order.reference,
            "date": cell(order.created_at),
            "place": order.place.name,
            "buyer_name": order.buyer_name,
            "buyer_email": order.buyer_email,
            "status": order.get_status_display(),
            "total": cents(order.total_cents),
            "lines": [
                f"{line.quantity} × {line.description}: {cents(line.total_cents)} €"
                for line in order.lines.all()
            ],
            "payments": [
                f"{cell(payment.created_at)} {payment.get_method_display()}: "
                f"{cents(payment.amount_cents)} €"
                for payment in order.payments.all()
            ],
        }
        for order in orders
    ]


def erase(erasure: Erasure) -> None:
    # The orders stay as they are (see above); only the audit log's copies of the name go.
    ids = Order.objects.filter(buyer=erasure.person).values_list("pk", flat=True)
    erasure.scrub_audit(Order, ids)


PROVIDER = Provider(
    app="billing",
    order=20,
    sections=(
        Section(
            "orders",
            _("Orders and payments"),
            (
                ("reference", _("reference")),
                ("date", _("date")),
                ("place", _("place")),
                ("buyer_name", _("buyer name")),
                ("buyer_email", _("buyer email")),
                ("status", _("status")),
                ("total", _("total (€)")),
                ("lines", _("lines")),
                ("payments", _("payments")),
            ),
            _orders,
        ),
    ),
    erase=erase,
)
