"""Reads of invoicing: an invoice for its page, and the verification of the chains."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from comptoir.invoicing.chain import invoice_hash
from comptoir.invoicing.models import Invoice, InvoiceCounter, InvoiceLine


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


@dataclass(frozen=True)
class ChainReport:
    seller_id: int
    seller_name: str
    count: int
    broken_number: str | None = None  # the first invoice whose link does not hold
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_number is None


def invoice_chains_verify() -> list[ChainReport]:
    """Each entity's chain, from its first invoice: every hash recomputed from the stored
    content, each linked to the previous one, positions and numbers without gaps."""
    invoices = (
        Invoice.objects.order_by("seller_id", "chain_position")
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")))
        .iterator(chunk_size=500)
    )
    counters = {
        (c.organization_id, c.series): c.last_sequence for c in InvoiceCounter.objects.all()
    }
    return [
        _verify(list(chain), counters)
        for _seller, chain in groupby(invoices, lambda invoice: invoice.seller_id)
    ]


def _verify(chain: list[Invoice], counters: dict[tuple[int, str], int]) -> ChainReport:
    first = chain[0]
    for invoice, reason in _breaks(chain, counters):
        return ChainReport(first.seller_id, first.seller_name, len(chain), invoice.number, reason)
    return ChainReport(first.seller_id, first.seller_name, len(chain))


def _breaks(
    chain: list[Invoice], counters: dict[tuple[int, str], int]
) -> Iterator[tuple[Invoice, str]]:
    previous_hash = ""
    last_sequence: dict[str, int] = {}
    last_of_series: dict[str, Invoice] = {}
    for position, invoice in enumerate(chain, start=1):
        if invoice.chain_position != position:
            yield invoice, _("an invoice is missing before this one in the chain")
        if invoice.previous_hash != previous_hash:
            yield invoice, _("it is not linked to the previous invoice")
        if invoice.sequence != last_sequence.get(invoice.series, 0) + 1:
            yield invoice, _("its number does not follow the previous one of its series")
        if invoice_hash(invoice, list(invoice.lines.all())) != invoice.hash:
            yield invoice, _("its content does not match its hash")
        previous_hash, last_sequence[invoice.series] = invoice.hash, invoice.sequence
        last_of_series[invoice.series] = invoice
    # The counter gave numbers the chain no longer holds: its last invoices were removed.
    for series, invoice in last_of_series.items():
        if counters.get((invoice.seller_id, series), 0) > invoice.sequence:
            yield invoice, _("invoices numbered after this one are missing")
