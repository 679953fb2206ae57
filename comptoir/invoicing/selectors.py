"""Reads of invoicing: an invoice for its page, its credit notes and what remains to credit,
payments, and the verification of the chains (invoices, credit notes and payments, one chain
per entity)."""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch, QuerySet, Sum
from django.utils.translation import gettext as _

from comptoir.billing.models import Order
from comptoir.billing.receipts import ReceiptPayment
from comptoir.invoicing.chain import credit_note_hash, invoice_hash, payment_hash
from comptoir.invoicing.models import (
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Payment,
)

# A document of an entity's chain.
Document = Invoice | CreditNote | Payment


def invoice_get_of_place(*, place_id: int, number: str) -> Invoice:
    """An invoice of a place by its number, with its lines and order. A number is unique per
    seller; should the place have changed legal entity, the latest invoice is the one."""
    found = (
        Invoice.objects.filter(place_id=place_id, number=number)
        .select_related("place", "order")
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")))
        .order_by("-pk")
        .first()
    )
    if found is None:
        raise Invoice.DoesNotExist
    return found


def credit_note_get_of_place(*, place_id: int, number: str) -> CreditNote:
    """A credit note of a place by its number, with its lines and its invoice's order (the
    latest, as for invoices, should the place have changed legal entity)."""
    found = (
        CreditNote.objects.filter(place_id=place_id, number=number)
        .select_related("place", "invoice__order")
        .prefetch_related(Prefetch("lines", queryset=CreditNoteLine.objects.order_by("position")))
        .order_by("-pk")
        .first()
    )
    if found is None:
        raise CreditNote.DoesNotExist
    return found


def credit_notes_of_invoice(*, invoice_id: int) -> list[CreditNote]:
    """The credit notes of an invoice, in the order of their issue."""
    return list(CreditNote.objects.filter(invoice_id=invoice_id).order_by("chain_position"))


def credited_quantities(*, invoice_id: int) -> dict[int, int]:
    """Each line of the invoice (by id) with the quantity its credit notes credited so far."""
    rows = (
        CreditNoteLine.objects.filter(credit_note__invoice_id=invoice_id)
        .values("invoice_line_id")
        .annotate(credited=Sum("quantity"))
        .order_by()
    )
    return {row["invoice_line_id"]: row["credited"] for row in rows}


def invoice_remaining_cents(*, invoice: Invoice) -> int:
    """What remains to credit on the invoice, including tax (each line is credited by
    cumulative shares, so a fully credited invoice has exactly its total credited)."""
    credited = CreditNote.objects.filter(invoice_id=invoice.pk).aggregate(total=Sum("total_cents"))[
        "total"
    ]
    return invoice.total_cents - (credited or 0)


@dataclass(frozen=True)
class ChainReport:
    seller_id: int
    seller_name: str
    count: int
    broken_number: str | None = None  # the first document whose link does not hold
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_number is None


def invoice_chains_verify(*, seller_ids: Collection[int] | None = None) -> list[ChainReport]:
    """Each entity's chain of invoices, credit notes and payments, from its first document:
    every hash recomputed from the stored content, each linked to the previous one whatever
    its kind, positions and the numbers of each series (invoices, credit notes, payments)
    without gaps. `seller_ids` limits it to these entities' chains."""
    only = {} if seller_ids is None else {"seller_id__in": list(seller_ids)}
    invoices = (
        Invoice.objects.filter(**only)
        .order_by("seller_id", "chain_position")
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")))
        .iterator(chunk_size=500)
    )
    credit_notes = (
        CreditNote.objects.filter(**only)
        .order_by("seller_id", "chain_position")
        .prefetch_related(Prefetch("lines", queryset=CreditNoteLine.objects.order_by("position")))
        .iterator(chunk_size=500)
    )
    payments = (
        Payment.objects.filter(**only)
        .order_by("seller_id", "chain_position")
        .select_related("seller")
        .iterator(chunk_size=500)
    )
    documents: Iterator[Document] = heapq.merge(
        invoices,
        credit_notes,
        payments,
        key=lambda document: (document.seller_id, document.chain_position),
    )
    counter_rows = InvoiceCounter.objects.all()
    if seller_ids is not None:
        counter_rows = counter_rows.filter(organization_id__in=list(seller_ids))
    counters = {(c.organization_id, c.series): c.last_sequence for c in counter_rows}
    return [
        _verify(list(chain), counters)
        for _seller, chain in groupby(documents, lambda document: document.seller_id)
    ]


def _hash(document: Document) -> str:
    if isinstance(document, Payment):
        return payment_hash(document)
    if isinstance(document, CreditNote):
        return credit_note_hash(document, list(document.lines.all()))
    return invoice_hash(document, list(document.lines.all()))


def _verify(chain: list[Document], counters: dict[tuple[int, str], int]) -> ChainReport:
    first = chain[0]
    name = first.seller.name if isinstance(first, Payment) else first.seller_name
    for invoice, reason in _breaks(chain, counters):
        return ChainReport(first.seller_id, name, len(chain), invoice.number, reason)
    return ChainReport(first.seller_id, name, len(chain))


def _breaks(
    chain: list[Document], counters: dict[tuple[int, str], int]
) -> Iterator[tuple[Document, str]]:
    previous_hash = ""
    last_sequence: dict[str, int] = {}
    last_of_series: dict[str, Document] = {}
    for position, invoice in enumerate(chain, start=1):
        if invoice.chain_position != position:
            yield invoice, _("an invoice is missing before this one in the chain")
        if invoice.previous_hash != previous_hash:
            yield invoice, _("it is not linked to the previous invoice")
        if invoice.sequence != last_sequence.get(invoice.series, 0) + 1:
            yield invoice, _("its number does not follow the previous one of its series")
        if _hash(invoice) != invoice.hash:
            yield invoice, _("its content does not match its hash")
        previous_hash, last_sequence[invoice.series] = invoice.hash, invoice.sequence
        last_of_series[invoice.series] = invoice
    # The counter gave numbers the chain no longer holds: its last invoices were removed.
    for series, invoice in last_of_series.items():
        if counters.get((invoice.seller_id, series), 0) > invoice.sequence:
            yield invoice, _("invoices numbered after this one are missing")


def payments_of_order(*, order_id: int) -> list[Payment]:
    """An order's payments and refunds, in the order they were recorded."""
    return list(
        Payment.objects.filter(order_id=order_id)
        .select_related("credit_note")
        .order_by("chain_position")
    )


def receipt_payments(order: Order) -> list[ReceiptPayment]:
    """The order's payments as its receipt shows them (see billing.receipts)."""
    return [
        ReceiptPayment(
            created_at=payment.created_at,
            method_label=str(payment.get_means_display()),
            reference=payment.reference,
            amount_cents=payment.amount_cents,
            number=payment.number,
        )
        for payment in payments_of_order(order_id=order.pk)
    ]


def invoice_of_order(*, order_id: int) -> Invoice | None:
    return Invoice.objects.filter(order_id=order_id).first()


def order_credited_cents(*, order_id: int) -> int:
    """What the credit notes of the order's invoice credited, including tax."""
    total = CreditNote.objects.filter(invoice__order_id=order_id).aggregate(t=Sum("total_cents"))
    return int(total["t"] or 0)


@dataclass(frozen=True)
class Balance:
    """An order's money: its total, what was credited, what was received (net of refunds)."""

    total_cents: int
    credited_cents: int
    received_cents: int

    @property
    def due_cents(self) -> int:
        return max(self.total_cents - self.credited_cents - self.received_cents, 0)

    @property
    def owed_back_cents(self) -> int:
        """What was received beyond what is now owed (a credit note not yet refunded)."""
        return max(self.received_cents - (self.total_cents - self.credited_cents), 0)


def order_balance(*, order: Order) -> Balance:
    return Balance(order.total_cents, order_credited_cents(order_id=order.pk), order.received_cents)


def invoice_lines_remaining(*, invoice: Invoice) -> list[tuple[InvoiceLine, int]]:
    """Each line of the invoice with the quantity that remains to credit on it."""
    credited = credited_quantities(invoice_id=invoice.pk)
    return [(line, line.quantity - credited.get(line.pk, 0)) for line in invoice.lines.all()]


def invoices_of_place(*, place_id: int) -> QuerySet[Invoice]:
    """A place's invoices, the latest first (lines are read by the detail, not the list)."""
    return Invoice.objects.filter(place_id=place_id).order_by("-issue_date", "-pk")


def invoice_get(*, pk: int) -> Invoice:
    """An invoice with its place, order and lines (raises DoesNotExist)."""
    return (
        Invoice.objects.select_related("place", "order")
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")))
        .get(pk=pk)
    )


def credit_note_get(*, pk: int) -> CreditNote:
    """A credit note with its invoice and its order's place (raises DoesNotExist)."""
    return (
        CreditNote.objects.select_related("invoice__order", "place")
        .prefetch_related(Prefetch("lines", queryset=CreditNoteLine.objects.order_by("position")))
        .get(pk=pk)
    )


def place_seller_ids(*, place_id: int, legal_entity_id: int | None) -> set[int]:
    """The entities whose chains hold a place's documents: its legal entity and any entity
    that invoiced or received payments there before."""
    sellers = set(
        Invoice.objects.filter(place_id=place_id).values_list("seller_id", flat=True).distinct()
    )
    sellers |= set(
        Payment.objects.filter(place_id=place_id).values_list("seller_id", flat=True).distinct()
    )
    if legal_entity_id is not None:
        sellers.add(legal_entity_id)
    return sellers


def credit_notes_left_to_refund(*, invoice_id: int) -> list[tuple[CreditNote, int]]:
    """The invoice's credit notes, each with what remains to pay back on it."""
    notes = (
        CreditNote.objects.filter(invoice_id=invoice_id)
        .annotate(refunded=Sum("refunds__amount_cents"))
        .order_by("chain_position")
    )
    return [(note, note.total_cents + (note.refunded or 0)) for note in notes]
