"""The page of an issued invoice, for its buyer and the concierges of the place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from comptoir.billing.views import vat_label
from comptoir.community import permissions
from comptoir.core.http import AuthedRequest
from comptoir.invoicing import selectors
from comptoir.invoicing.models import Invoice, InvoiceLine, VatRegime
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place


@dataclass(frozen=True)
class RateRow:
    label: str
    before_tax_cents: int
    vat_cents: int
    total_cents: int


@login_required
@require_GET
def invoice_detail(request: AuthedRequest, slug: str, number: str) -> HttpResponse:
    try:
        place = place_selectors.place_get_for_edit(slug=slug)
        invoice = selectors.invoice_get_of_place(place_id=place.pk, number=number)
    except (Place.DoesNotExist, Invoice.DoesNotExist) as missing:
        raise Http404 from missing
    # Someone else's invoice is a 404: its existence is not revealed.
    if not permissions.can_view_order(request.user, invoice.order):
        raise Http404
    return render(request, "invoicing/invoice_detail.html", _context(invoice))


def _context(invoice: Invoice) -> dict[str, Any]:
    lines: list[InvoiceLine] = list(invoice.lines.all())
    return {
        "invoice": invoice,
        "place": invoice.place,
        "lines": [(line, vat_label(line.vat_rate_bp)) for line in lines],
        "rates": [
            RateRow(
                vat_label(rate["rate_bp"]),
                rate["before_tax_cents"],
                rate["vat_cents"],
                rate["total_cents"],
            )
            for rate in invoice.vat_totals
        ],
        "franchise": invoice.seller_vat_regime == VatRegime.FRANCHISE,
        "penalty_rate": vat_label(invoice.late_penalty_rate_bp),
        "credit_notes": selectors.credit_notes_of_invoice(invoice_id=invoice.pk),
        "remaining_cents": selectors.invoice_remaining_cents(invoice=invoice),
    }
