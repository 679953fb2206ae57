"""The generated network's invoices: each place's legal entity gets its invoicing profile and
issues an invoice for a share of the place's orders (paid or pending, never cancelled), on
the day of the sale, numbered per year and chained as `invoice_issue` numbers and chains
them (`invoicing.services.invoice_draft` builds each one), so the invoice lists, the
outstanding page, the statements and the FEC are measured with data. Written in bulk, place
by place: a few queries per place, whatever the number of invoices."""

from __future__ import annotations

import time as time_module
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from comptoir.billing.models import Order, OrderLine
from comptoir.community.models import Organization
from comptoir.core.bulk import sql_delete
from comptoir.devtools.generate.base import DOMAIN
from comptoir.invoicing.models import (
    Closing,
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    InvoicingProfile,
    Payment,
    VatRegime,
)
from comptoir.invoicing.services import invoice_draft
from comptoir.places.models import Place

SHARE = 0.5  # of the orders, invoiced
LINE_FIELDS = (
    "order_id",
    "description",
    "quantity",
    "unit_price_cents",
    "vat_rate_bp",
    "total_cents",
)
TABLES = (
    "invoicing_invoice",
    "invoicing_invoiceline",
    "invoicing_creditnote",
    "invoicing_creditnoteline",
    "invoicing_payment",
    "invoicing_closing",
)


def _vat_number(siren: str) -> str:
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


class InvoiceGenerator:
    def __init__(self, gen: Any, places: list[Place]) -> None:
        self.gen = gen
        self.rng = gen.rng
        # As `invoice_issue`, only an entity with a SIRET invoices (15 % of the generated
        # structures have none).
        with_siret = set(
            Organization.objects.filter(pk__in=[p.legal_entity_id for p in places])
            .exclude(siret="")
            .values_list("pk", flat=True)
        )
        self.places = [place for place in places if place.legal_entity_id in with_siret]

    def write(self) -> int:
        """Issue the invoices; returns how many."""
        started = time_module.perf_counter()
        profiles = self.profiles()
        sirens = dict(
            Organization.objects.filter(email__endswith=f"@{DOMAIN}").values_list("pk", "siret")
        )
        counters: list[InvoiceCounter] = []
        issued = 0
        for place in self.places:
            profile = profiles[place.legal_entity_id]  # type: ignore[index]
            invoices, lines, last = self.of_place(place, profile, sirens)
            Invoice.objects.bulk_create(invoices, batch_size=2000)
            for invoice, its_lines in zip(invoices, lines, strict=True):
                for line in its_lines:
                    line.invoice_id = invoice.pk
            InvoiceLine.objects.bulk_create(
                [line for its_lines in lines for line in its_lines], batch_size=2000
            )
            counters += [
                InvoiceCounter(organization_id=profile.organization_id, series=s, last_sequence=n)
                for s, n in last.items()
            ]
            issued += len(invoices)
        InvoiceCounter.objects.bulk_create(counters)
        seconds = time_module.perf_counter() - started
        self.gen.say(f"  invoices: {issued} ({seconds:.1f} s)")
        return issued

    def profiles(self) -> dict[int, InvoicingProfile]:
        entities = Organization.objects.in_bulk([p.legal_entity_id for p in self.places])
        rows = [
            InvoicingProfile(
                organization=entity,
                address=f"{place.address}, {place.postal_code} {place.commune}"[:300],
                vat_regime=VatRegime.SUBJECT,
                vat_number=_vat_number(entity.siret[:9]),
            )
            for place in self.places
            if (entity := entities[place.legal_entity_id])  # type: ignore[index]
        ]
        self.gen.bulk(InvoicingProfile, rows)
        return {row.organization_id: row for row in rows}

    def of_place(
        self, place: Place, profile: InvoicingProfile, sirens: dict[int, str]
    ) -> tuple[list[Invoice], list[list[InvoiceLine]], dict[str, int]]:
        """A share of the place's orders invoiced in the order they were made (two queries)."""
        zone = ZoneInfo(place.timezone)
        orders = (
            Order.objects.filter(place=place, total_cents__gt=0)
            .exclude(status=Order.Status.CANCELLED)
            .order_by("created_at", "pk")
            .values_list("pk", "created_at", "buyer_name", "buyer_organization_id")
        )
        chosen = [row for row in orders.iterator(chunk_size=5000) if self.rng.random() < SHARE]
        lines_of: dict[int, list[OrderLine]] = defaultdict(list)
        for row in (
            OrderLine.objects.filter(order__place=place, order_id__in=[r[0] for r in chosen])
            .order_by("pk")
            .values(*LINE_FIELDS)
            .iterator(chunk_size=5000)
        ):
            lines_of[row.pop("order_id")].append(OrderLine(**row))
        invoices: list[Invoice] = []
        lines: list[list[InvoiceLine]] = []
        last: dict[str, int] = {}
        previous = ""
        for pk, created_at, buyer_name, org_id in chosen:
            if not lines_of[pk]:
                continue
            day = timezone.localtime(created_at, timezone=zone).date()
            series = str(day.year)
            last[series] = last.get(series, 0) + 1
            invoice, its_lines = invoice_draft(
                order=Order(pk=pk, place_id=place.pk, buyer_name=buyer_name),
                lines=lines_of[pk],
                profile=profile,
                issue_date=day,
                sale_date=day,
                sequence=last[series],
                chain_position=len(invoices) + 1,
                previous_hash=previous,
                buyer_siren=sirens.get(org_id, "")[:9] if org_id else "",
            )
            invoice.created_at = created_at
            previous = invoice.hash
            invoices.append(invoice)
            lines.append(its_lines)
        return invoices, lines, last


@contextmanager
def _past_the_triggers() -> Iterator[None]:
    """The generated documents are removed past their inalterability triggers (generated
    data only, on a bench database), which are back as they were afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks left pending (in a transaction) would block ALTER.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_inalterable")
            try:
                yield
            finally:
                for table in TABLES:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_inalterable")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        names = ", ".join(f"'{table}'" for table in TABLES)
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({names})"
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        try:
            yield
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)


def wipe_invoicing() -> None:
    """Every document of the generated entities, then their counters and profiles."""
    entities = Organization.objects.filter(email__endswith=f"@{DOMAIN}")
    sellers = {"seller__in": entities}
    with _past_the_triggers():
        sql_delete(Payment.objects.filter(**sellers))
        sql_delete(CreditNoteLine.objects.filter(credit_note__seller__in=entities))
        sql_delete(CreditNote.objects.filter(**sellers))
        sql_delete(InvoiceLine.objects.filter(invoice__seller__in=entities))
        sql_delete(Invoice.objects.filter(**sellers))
        sql_delete(Closing.objects.filter(**sellers))
    sql_delete(InvoiceCounter.objects.filter(organization__in=entities))
    sql_delete(InvoicingProfile.objects.filter(organization__in=entities))
