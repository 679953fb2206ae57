"""Reads of sales."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from comptoir.billing.models import Order, OrderLine, Payment
from comptoir.community.models import Person


def order_get(*, pk: int) -> Order:
    return (
        Order.objects.select_related("place", "buyer", "buyer_organization", "created_by")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.order_by("pk")),
            Prefetch("payments", queryset=Payment.objects.order_by("created_at")),
        )
        .get(pk=pk)
    )


def orders_of_place(*, place_id: int) -> QuerySet[Order]:
    return Order.objects.filter(place_id=place_id).select_related("buyer").order_by("-created_at")


def orders_of_buyer(*, person: Person) -> QuerySet[Order]:
    return Order.objects.filter(buyer_id=person.pk).select_related("place").order_by("-created_at")


def first_payment_method(*, order_id: int) -> str | None:
    """How the first money on the order was received (a deposit given back the same way)."""
    return (
        Payment.objects.filter(order_id=order_id, amount_cents__gt=0)
        .order_by("created_at", "pk")
        .values_list("method", flat=True)
        .first()
    )
