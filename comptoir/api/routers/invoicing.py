"""Invoices issued from orders, their credit notes, and the payments of orders: for the
place's concierges (issue, credit, record) and for the buyer (read)."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.openapi import media
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, InSchema, Slug
from comptoir.billing import selectors as billing_selectors
from comptoir.billing.models import Order
from comptoir.community import permissions
from comptoir.core.exceptions import NotAllowed
from comptoir.core.ranges import MAX_CENTS, SupportedDate
from comptoir.core.types import Actor
from comptoir.invoicing import pdf, selectors, services
from comptoir.invoicing.models import CreditNote, Invoice, Payment, PaymentMeans
from comptoir.invoicing.services import REASON_MAX, payments
from comptoir.invoicing.services.payments import REFERENCE_MAX

router = Router(tags=["invoicing"])
PDF = media(pdf.PDF, {"type": "string", "format": "binary"})
XML = media(pdf.XML, {"type": "string"})


# --- Schemas ---------------------------------------------------------------------------------


class InvoiceIssueIn(InSchema):
    buyer_address: str = Field("", max_length=300, description="Printed on the invoice.")


class DocumentLineOut(Schema):
    position: int
    label: str
    quantity: int
    unit_price_before_tax_cents: int
    vat_rate_bp: int
    total_before_tax_cents: int
    total_cents: int


class InvoiceLineOut(DocumentLineOut):
    id: int


class CreditNoteLineOut(DocumentLineOut):
    invoice_line_id: int


class VatTotalOut(Schema):
    rate_bp: int
    before_tax_cents: int
    vat_cents: int
    total_cents: int


class InvoiceSummaryOut(Schema):
    id: int
    number: str
    order_id: int
    issue_date: date
    due_date: date
    buyer_name: str
    total_cents: int


class InvoiceOut(InvoiceSummaryOut):
    place: str
    sale_date: date
    seller_name: str
    seller_siret: str
    seller_address: str
    seller_vat_regime: str
    seller_vat_number: str
    buyer_address: str
    buyer_siren: str
    total_before_tax_cents: int
    total_vat_cents: int
    vat_totals: list[VatTotalOut]
    exemption_mention: str
    late_penalty_rate_bp: int
    recovery_indemnity_cents: int
    hash: str
    lines: list[InvoiceLineOut]

    @staticmethod
    def resolve_place(obj: Invoice) -> str:
        return obj.place.slug

    @staticmethod
    def resolve_lines(obj: Invoice) -> list[Any]:
        return list(obj.lines.all())


class CreditLineIn(InSchema):
    line_id: int = Field(description="The id of a line of the invoice.")
    quantity: int = Field(ge=1, le=1_000_000)


class CreditNoteIn(InSchema):
    reason: str = Field(min_length=1, max_length=REASON_MAX)
    lines: list[CreditLineIn] | None = Field(
        None, max_length=200, description="Lines and quantities; left out: all that remains."
    )


class CreditNoteOut(Schema):
    id: int
    number: str
    invoice_id: int
    issue_date: date
    reason: str
    total_before_tax_cents: int
    total_vat_cents: int
    total_cents: int
    vat_totals: list[VatTotalOut]
    hash: str
    lines: list[CreditNoteLineOut]

    @staticmethod
    def resolve_lines(obj: CreditNote) -> list[Any]:
        return list(obj.lines.all())


class OrderPaymentIn(InSchema):
    means: PaymentMeans
    amount_cents: int = Field(ge=1, le=MAX_CENTS)
    received_on: SupportedDate | None = Field(None, description="Default: today.")
    reference: str = Field("", max_length=REFERENCE_MAX)


class RefundIn(OrderPaymentIn):
    """What is paid back on a credit note (a positive amount)."""


class OrderPaymentOut(Schema):
    id: int
    number: str
    order_id: int
    means: str
    received_on: date
    amount_cents: int = Field(description="Negative for a refund.")
    reference: str
    credit_note_id: int | None
    hash: str
    created_at: datetime


# --- Lookups ---------------------------------------------------------------------------------


def _order_seen_by(user: Actor, order_id: int) -> Order:
    """The order for its buyer and the place's concierges; others get a 404."""
    order = billing_selectors.order_get(pk=order_id)
    if not permissions.can_view_order(user, order):
        raise Order.DoesNotExist
    return order


def _order_for_desk(user: Actor, order_id: int) -> Order:
    order = _order_seen_by(user, order_id)
    if not permissions.can_sell(user, order.place_id):
        raise NotAllowed()
    return order


def _invoice_seen_by(user: Actor, invoice_id: int) -> Invoice:
    invoice = selectors.invoice_get(pk=invoice_id)
    if not permissions.can_view_order(user, invoice.order):
        raise Invoice.DoesNotExist
    return invoice


def _credit_note_seen_by(user: Actor, credit_note_id: int) -> CreditNote:
    """A credit note for those who see the invoice it credits; others get a 404."""
    note = selectors.credit_note_get(pk=credit_note_id)
    if not permissions.can_view_order(user, note.invoice.order):
        raise CreditNote.DoesNotExist
    return note


# --- Endpoints -------------------------------------------------------------------------------


@router.post("/orders/{int:order_id}/invoice", response={201: InvoiceOut, **WRITE_ERRORS})
def issue_invoice(request: AuthedApiRequest, order_id: int, payload: InvoiceIssueIn) -> Status:
    """Issue the invoice of an order (the place's concierges)."""
    order = _order_for_desk(request.auth, order_id)
    invoice = services.invoice_issue(
        order=order, by=request.auth, buyer_address=payload.buyer_address
    )
    return Status(201, selectors.invoice_get(pk=invoice.pk))


@router.get("/places/{slug}/invoices", response={200: list[InvoiceSummaryOut], **READ_ERRORS})
@paginate(Pagination)
def list_place_invoices(request: AuthedApiRequest, slug: Slug) -> QuerySet[Invoice]:
    """A place's invoices, the latest first (the place's concierges)."""
    place = place_get_active(slug=slug)
    if not permissions.can_sell(request.auth, place.pk):
        raise NotAllowed()
    return selectors.invoices_of_place(place_id=place.pk)


@router.get("/invoices/{int:invoice_id}", response={200: InvoiceOut, **READ_ERRORS})
def get_invoice(request: AuthedApiRequest, invoice_id: int) -> Invoice:
    """An invoice, for its buyer and the place's concierges."""
    return _invoice_seen_by(request.auth, invoice_id)


@router.get(
    "/invoices/{int:invoice_id}/pdf", response={200: bytes, **READ_ERRORS}, openapi_extra=PDF
)
def get_invoice_pdf(request: AuthedApiRequest, invoice_id: int) -> HttpResponse:
    """The invoice as a Factur-X PDF: a PDF/A-3 carrying its XML (EN 16931), saved as
    `<number>.pdf`; for its buyer and the place's concierges."""
    return pdf.attachment(pdf.invoice_pdf(_invoice_seen_by(request.auth, invoice_id)))


@router.get("/invoices/{int:invoice_id}/xml", response={200: str, **READ_ERRORS}, openapi_extra=XML)
def get_invoice_xml(request: AuthedApiRequest, invoice_id: int) -> HttpResponse:
    """The invoice's Factur-X XML (UN/CEFACT CII, profile EN 16931), the one its PDF
    carries, saved as `<number>.xml`."""
    return pdf.attachment(pdf.invoice_xml(_invoice_seen_by(request.auth, invoice_id)))


@router.get(
    "/credit-notes/{int:credit_note_id}/pdf",
    response={200: bytes, **READ_ERRORS},
    openapi_extra=PDF,
)
def get_credit_note_pdf(request: AuthedApiRequest, credit_note_id: int) -> HttpResponse:
    """A credit note as a Factur-X PDF (type 381, naming the invoice it credits); for those
    who see that invoice."""
    return pdf.attachment(pdf.credit_note_pdf(_credit_note_seen_by(request.auth, credit_note_id)))


@router.get(
    "/credit-notes/{int:credit_note_id}/xml",
    response={200: str, **READ_ERRORS},
    openapi_extra=XML,
)
def get_credit_note_xml(request: AuthedApiRequest, credit_note_id: int) -> HttpResponse:
    """A credit note's Factur-X XML, the one its PDF carries."""
    return pdf.attachment(pdf.credit_note_xml(_credit_note_seen_by(request.auth, credit_note_id)))


@router.post(
    "/invoices/{int:invoice_id}/credit-notes", response={201: CreditNoteOut, **WRITE_ERRORS}
)
def issue_credit_note(request: AuthedApiRequest, invoice_id: int, payload: CreditNoteIn) -> Status:
    """Credit an invoice in whole (no `lines`) or in part (the place's concierges)."""
    invoice = _invoice_seen_by(request.auth, invoice_id)
    if not permissions.can_sell(request.auth, invoice.place_id):
        raise NotAllowed()
    lines: dict[int, int] | None = None
    if payload.lines is not None:
        lines = {}
        for line in payload.lines:
            lines[line.line_id] = lines.get(line.line_id, 0) + line.quantity
    note = services.credit_note_issue(
        invoice=invoice, by=request.auth, reason=payload.reason, lines=lines
    )
    return Status(201, selectors.credit_note_get(pk=note.pk))


@router.post("/orders/{int:order_id}/payments", response={201: OrderPaymentOut, **WRITE_ERRORS})
def record_payment(request: AuthedApiRequest, order_id: int, payload: OrderPaymentIn) -> Status:
    """Record money received for an order, never more than what remains due."""
    order = _order_for_desk(request.auth, order_id)
    payment = payments.payment_record(order=order, by=request.auth, **payload.model_dump())
    return Status(201, payment)


@router.get("/orders/{int:order_id}/payments", response={200: list[OrderPaymentOut], **READ_ERRORS})
def list_order_payments(request: AuthedApiRequest, order_id: int) -> list[Payment]:
    """An order's payments and refunds, in the order they were recorded."""
    order = _order_seen_by(request.auth, order_id)
    return selectors.payments_of_order(order_id=order.pk)


@router.post(
    "/credit-notes/{int:credit_note_id}/refunds", response={201: OrderPaymentOut, **WRITE_ERRORS}
)
def record_refund(request: AuthedApiRequest, credit_note_id: int, payload: RefundIn) -> Status:
    """Pay back (part of) a credit note: a negative payment of the order."""
    note = selectors.credit_note_get(pk=credit_note_id)
    _order_for_desk(request.auth, note.invoice.order_id)
    refund = payments.payment_refund(credit_note=note, by=request.auth, **payload.model_dump())
    return Status(201, refund)
