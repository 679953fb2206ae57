"""Sales pages: the receipt of an order, and the sales of a place for its concierges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.views.decorators.http import require_GET

from comptoir.billing import receipts, selectors
from comptoir.billing.models import Order, OrderLine
from comptoir.community import permissions
from comptoir.core.http import AuthedRequest
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place


@dataclass(frozen=True)
class ReceiptLine:
    line: OrderLine
    vat_label: str
    vat_cents: int


def vat_label(rate_bp: int) -> str:
    """2000 -> "20 %", 550 -> "5,5 %" (the active locale's separator)."""
    decimals = 0 if rate_bp % 100 == 0 else (1 if rate_bp % 10 == 0 else 2)
    return f"{number_format(rate_bp / 100, decimal_pos=decimals)}\u00a0%"


def vat_included(total_cents: int, rate_bp: int) -> int:
    """The VAT inside a price that includes it, rounded to the cent."""
    return round(total_cents * rate_bp / (10000 + rate_bp))


@login_required
@require_GET
def order_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        order = selectors.order_get(pk=pk)
    except Order.DoesNotExist as missing:
        raise Http404 from missing
    # Someone else's receipt is a 404: its existence is not revealed.
    if not permissions.can_view_order(request.user, order):
        raise Http404
    lines = [
        ReceiptLine(
            line=line,
            vat_label=vat_label(line.vat_rate_bp),
            vat_cents=vat_included(line.total_cents, line.vat_rate_bp),
        )
        for line in order.lines.all()
    ]
    payments = receipts.receipt_payments(order)
    context: dict[str, Any] = {
        "order": order,
        "lines": lines,
        "payments": payments,
        "vat_cents": sum(line.vat_cents for line in lines),
        "due_cents": max(order.total_cents - order.received_cents, 0),
        "is_concierge": permissions.can_sell(request.user, order.place_id),
        "payable_online": receipts.payable_online(order, request.user),
    }
    return render(request, "billing/order_detail.html", context)


def sales_place(request: AuthedRequest, slug: str) -> Place:
    """The place whose sales pages the user opens: 404 when unknown, 403 unless they may
    sell there (its concierges); the money pages of invoicing open the same way."""
    try:
        place = place_selectors.place_get_for_edit(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_sell(request.user, place.pk):
        raise PermissionDenied
    return place


@login_required
@require_GET
def order_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = sales_place(request, slug)
    orders = selectors.orders_of_place(place_id=place.pk)
    page = Paginator(orders, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    template = "billing/order_list.html"
    if request.htmx:
        template += "#order-rows"
    return render(request, template, {"place": place, "page": page})
