"""The invoicing pages: an order's payments and invoice (for its buyer and the place's
concierges, who record payments and issue the invoice there), the page of an issued invoice
(where the concierges issue credit notes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from comptoir.billing import selectors as billing_selectors
from comptoir.billing.models import Order
from comptoir.billing.views import sales_place, vat_label
from comptoir.community import permissions
from comptoir.community.forms import add_domain_error
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.core.money import format_cents
from comptoir.invoicing import closing_selectors, pdf, selectors, services
from comptoir.invoicing.forms import CreditNoteForm, InvoiceIssueForm, PaymentForm, RefundForm
from comptoir.invoicing.models import CreditNote, Invoice, InvoiceLine, VatRegime
from comptoir.invoicing.services import payments
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422
ORDER_PAGE = "invoicing/order_payments.html"
INVOICE_PAGE = "invoicing/invoice_detail.html"


@dataclass(frozen=True)
class RateRow:
    label: str
    before_tax_cents: int
    vat_cents: int
    total_cents: int


# --- An order's payments and invoice ---------------------------------------------------------


def _order(request: AuthedRequest, pk: int, *, act: bool = False) -> Order:
    """The order for its buyer and the place's concierges (others: 404); acting on it (a
    payment, an invoice) is the concierges' (the buyer: 403)."""
    try:
        order = billing_selectors.order_get(pk=pk)
    except Order.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_view_order(request.user, order):
        raise Http404
    if act and not permissions.can_sell(request.user, order.place_id):
        raise PermissionDenied
    return order


def _order_context(request: AuthedRequest, order: Order, **forms: Any) -> dict[str, Any]:
    can_act = permissions.can_sell(request.user, order.place_id)
    return {
        "order": order,
        "balance": selectors.order_balance(order=order),
        "payments": selectors.payments_of_order(order_id=order.pk),
        "receipt_payments": list(order.payments.all()),
        "invoice": selectors.invoice_of_order(order_id=order.pk),
        "can_act": can_act,
        "payment_form": forms.get("payment_form") or PaymentForm(),
        "invoice_form": forms.get("invoice_form") or InvoiceIssueForm(),
        "notice": forms.get("notice", ""),
    }


@login_required
@require_GET
def order_payments(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    return render(request, ORDER_PAGE, _order_context(request, order))


@login_required
@require_POST
def payment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _order(request, pk, act=True)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment = payments.payment_record(order=order, by=request.user, **form.movement())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            notice = _("Payment %(number)s of %(amount)s recorded.") % {
                "number": payment.number,
                "amount": format_cents(payment.amount_cents),
            }
            if not request.htmx:
                messages.success(request, notice)
                return redirect("invoicing:order-payments", pk=order.pk)
            order = billing_selectors.order_get(pk=order.pk)
            context = _order_context(request, order, notice=notice)
            return render(request, f"{ORDER_PAGE}#order-payments", context)
    context = _order_context(request, order, payment_form=form)
    template = f"{ORDER_PAGE}#order-payments" if request.htmx else ORDER_PAGE
    return render(request, template, context, status=INVALID)


@login_required
@require_POST
def invoice_create(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _order(request, pk, act=True)
    form = InvoiceIssueForm(request.POST)
    if form.is_valid():
        try:
            invoice = services.invoice_issue(
                order=order, by=request.user, buyer_address=form.cleaned_data["buyer_address"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
            url = reverse("invoicing:invoice-detail", args=[order.place.slug, invoice.number])
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = _order_context(request, order, invoice_form=form)
    template = f"{ORDER_PAGE}#invoice-issue" if request.htmx else ORDER_PAGE
    return render(request, template, context, status=INVALID)


# --- An issued invoice and its credit notes --------------------------------------------------


def _invoice(request: AuthedRequest, slug: str, number: str) -> Invoice:
    try:
        place = place_selectors.place_get_for_edit(slug=slug)
        invoice = selectors.invoice_get_of_place(place_id=place.pk, number=number)
    except (Place.DoesNotExist, Invoice.DoesNotExist) as missing:
        raise Http404 from missing
    # Someone else's invoice is a 404: its existence is not revealed.
    if not permissions.can_view_order(request.user, invoice.order):
        raise Http404
    return invoice


@login_required
@require_GET
def invoice_detail(request: AuthedRequest, slug: str, number: str) -> HttpResponse:
    invoice = _invoice(request, slug, number)
    return render(request, INVOICE_PAGE, _invoice_context(request, invoice))


@login_required
@require_GET
def invoice_pdf(request: AuthedRequest, slug: str, number: str) -> HttpResponse:
    """The invoice as a Factur-X PDF, for those who see its page."""
    return pdf.attachment(pdf.invoice_pdf(_invoice(request, slug, number)))


@login_required
@require_GET
def credit_note_pdf(request: AuthedRequest, slug: str, number: str) -> HttpResponse:
    """A credit note as a Factur-X PDF, for those who see the invoice it credits."""
    try:
        place = place_selectors.place_get_for_edit(slug=slug)
        note = selectors.credit_note_get_of_place(place_id=place.pk, number=number)
    except (Place.DoesNotExist, CreditNote.DoesNotExist) as missing:
        raise Http404 from missing
    if not permissions.can_view_order(request.user, note.invoice.order):
        raise Http404
    return pdf.attachment(pdf.credit_note_pdf(note))


@login_required
@require_POST
def credit_note_create(request: AuthedRequest, slug: str, number: str) -> HttpResponse:
    invoice = _invoice(request, slug, number)
    if not permissions.can_sell(request.user, invoice.place_id):
        raise PermissionDenied
    form = CreditNoteForm(request.POST, lines=selectors.invoice_lines_remaining(invoice=invoice))
    if form.is_valid():
        try:
            note = services.credit_note_issue(
                invoice=invoice,
                by=request.user,
                reason=form.cleaned_data["reason"],
                lines=form.quantities(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            notice = _("Credit note %(number)s of %(amount)s issued.") % {
                "number": note.number,
                "amount": format_cents(note.total_cents),
            }
            if not request.htmx:
                messages.success(request, notice)
                return redirect("invoicing:invoice-detail", slug=slug, number=number)
            context = _invoice_context(request, invoice, notice=notice)
            return render(request, f"{INVOICE_PAGE}#credit-notes", context)
    context = _invoice_context(request, invoice, credit_form=form)
    template = f"{INVOICE_PAGE}#credit-notes" if request.htmx else INVOICE_PAGE
    return render(request, template, context, status=INVALID)


@login_required
@require_POST
def refund_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Pay back (part of) a credit note, from the invoice page (the place's concierges)."""
    try:
        note = selectors.credit_note_get(pk=pk)
    except CreditNote.DoesNotExist as missing:
        raise Http404 from missing
    invoice = _invoice(request, note.place.slug, note.invoice.number)
    if not permissions.can_sell(request.user, invoice.place_id):
        raise PermissionDenied
    form = RefundForm(request.POST, prefix=f"refund-{note.pk}")
    if form.is_valid():
        try:
            refund = payments.payment_refund(credit_note=note, by=request.user, **form.movement())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            notice = _("Refund %(number)s of %(amount)s recorded.") % {
                "number": refund.number,
                "amount": format_cents(-refund.amount_cents),
            }
            if not request.htmx:
                messages.success(request, notice)
                return redirect(
                    "invoicing:invoice-detail", slug=note.place.slug, number=invoice.number
                )
            context = _invoice_context(request, invoice, notice=notice)
            return render(request, f"{INVOICE_PAGE}#credit-notes", context)
    context = _invoice_context(request, invoice, refund_form=form, refund_note=note.pk)
    template = f"{INVOICE_PAGE}#credit-notes" if request.htmx else INVOICE_PAGE
    return render(request, template, context, status=INVALID)


def _refunds(invoice: Invoice, can_act: bool, **extra: Any) -> list[tuple[CreditNote, int, Any]]:
    """Each credit note with what remains to refund and, for the desk, its refund form."""
    rows = []
    for note, left in selectors.credit_notes_left_to_refund(invoice_id=invoice.pk):
        form = None
        if can_act and left > 0:
            form = extra.get("refund_form") if extra.get("refund_note") == note.pk else None
            form = form or RefundForm(prefix=f"refund-{note.pk}")
        rows.append((note, left, form))
    return rows


def _invoice_context(request: AuthedRequest, invoice: Invoice, **extra: Any) -> dict[str, Any]:
    lines: list[InvoiceLine] = list(invoice.lines.all())
    can_act = permissions.can_sell(request.user, invoice.place_id)
    remaining = selectors.invoice_remaining_cents(invoice=invoice)
    credit_form = extra.get("credit_form")
    if can_act and remaining and credit_form is None:
        credit_form = CreditNoteForm(lines=selectors.invoice_lines_remaining(invoice=invoice))
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
        "credit_notes": _refunds(invoice, can_act, **extra),
        "remaining_cents": remaining,
        "can_act": can_act,
        "credit_form": credit_form if can_act and remaining else None,
        "notice": extra.get("notice", ""),
    }


# --- The chains of the place's entities ------------------------------------------------------


@login_required
@require_GET
def chain_verify(request: AuthedRequest, slug: str) -> HttpResponse:
    """Whether each chain holding the place's documents is intact (the command's check)."""
    place = sales_place(request, slug)
    sellers = selectors.place_seller_ids(place_id=place.pk, legal_entity_id=place.legal_entity_id)
    reports = selectors.invoice_chains_verify(seller_ids=sellers) if sellers else []
    closings = closing_selectors.closing_chains_verify(seller_ids=sellers) if sellers else []
    context = {"place": place, "reports": reports, "closing_reports": closings}
    return render(request, "invoicing/chain_verify.html", context)
