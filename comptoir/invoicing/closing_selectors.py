"""Reads of closings: the totals of a day, an entity's closings, the entity's "today", and the
verification of each entity's chain of closings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.community.models import Organization
from comptoir.invoicing.closings import closing_hash
from comptoir.invoicing.models import Closing, CreditNote, Invoice, InvoicingProfile, Payment
from comptoir.invoicing.selectors import ChainReport
from comptoir.places.models import Place

DEFAULT_TIMEZONE = "Europe/Paris"


def entity_today(*, seller_id: int) -> dt.date:
    """Today in the timezone of the entity's first place (its periods are that place's days)."""
    zone = (
        Place.objects.filter(legal_entity_id=seller_id)
        .order_by("pk")
        .values_list("timezone", flat=True)
        .first()
    )
    return timezone.localtime(timezone=ZoneInfo(zone or DEFAULT_TIMEZONE)).date()


def invoicing_profile(*, seller_id: int | None) -> InvoicingProfile | None:
    """The entity's invoicing profile (None without an entity or a profile)."""
    if seller_id is None:
        return None
    return InvoicingProfile.objects.filter(organization_id=seller_id).first()


def closings_of_entity(*, seller_id: int) -> QuerySet[Closing]:
    """The entity's closings, the latest first."""
    return Closing.objects.filter(seller_id=seller_id).order_by("-chain_position")


def closed_periods(*, seller_id: int, kind: str, start: dt.date, end: dt.date) -> set[dt.date]:
    """The first days of the entity's closings of this kind that start between the bounds."""
    return set(
        Closing.objects.filter(
            seller_id=seller_id, kind=kind, period_start__gte=start, period_start__lte=end
        ).values_list("period_start", flat=True)
    )


def _rates(rows: Iterable[list[dict[str, int]]]) -> list[dict[str, int]]:
    """Totals per VAT rate summed over documents (each a list of per-rate totals)."""
    by_rate: dict[int, dict[str, int]] = {}
    for totals in rows:
        for total in totals:
            into = by_rate.setdefault(
                total["rate_bp"],
                {"rate_bp": total["rate_bp"], "before_tax_cents": 0, "vat_cents": 0},
            )
            into["before_tax_cents"] += total["before_tax_cents"]
            into["vat_cents"] += total["vat_cents"]
            into["total_cents"] = into.get("total_cents", 0) + total["total_cents"]
    return [by_rate[rate] for rate in sorted(by_rate, reverse=True)]


def _last(
    model: type[Invoice] | type[CreditNote] | type[Payment], **filters: Any
) -> tuple[str, str]:
    found = (
        model.objects.filter(**filters)
        .order_by("-chain_position")
        .values_list("number", "hash")
        .first()
    )
    return found or ("", "")


def day_totals(*, seller_id: int, day: dt.date) -> dict[str, Any]:
    """What the entity issued, credited and received dated on this day, and its last
    document of each kind: the content of the day's closing."""
    invoices = list(
        Invoice.objects.filter(seller_id=seller_id, issue_date=day).values_list(
            "vat_totals", flat=True
        )
    )
    notes = list(
        CreditNote.objects.filter(seller_id=seller_id, issue_date=day).values_list(
            "vat_totals", flat=True
        )
    )
    received = (
        Payment.objects.filter(seller_id=seller_id, received_on=day)
        .values("means")
        .annotate(cents=Sum("amount_cents"), count=Count("pk"))
        .order_by("means")
    )
    by_means = [
        {"means": row["means"], "cents": row["cents"], "count": row["count"]} for row in received
    ]
    invoice = _last(Invoice, seller_id=seller_id, issue_date=day)
    note = _last(CreditNote, seller_id=seller_id, issue_date=day)
    payment = _last(Payment, seller_id=seller_id, received_on=day)
    return _content(
        _rates(invoices),
        _rates(notes),
        by_means,
        counts=(len(invoices), len(notes), sum(row["count"] for row in by_means)),
        last=(invoice, note, payment),
    )


def _content(
    invoiced: list[dict[str, int]],
    credited: list[dict[str, int]],
    received: list[dict[str, Any]],
    *,
    counts: tuple[int, int, int],
    last: tuple[tuple[str, str], tuple[str, str], tuple[str, str]],
) -> dict[str, Any]:
    (invoice_no, invoice_hash), (note_no, note_hash), (payment_no, payment_hash) = last
    return {
        "invoiced": invoiced,
        "credited": credited,
        "received": received,
        "invoice_count": counts[0],
        "credit_note_count": counts[1],
        "payment_count": counts[2],
        "invoiced_cents": sum(total["total_cents"] for total in invoiced),
        "credited_cents": sum(total["total_cents"] for total in credited),
        "received_cents": sum(row["cents"] for row in received),
        "last_invoice_number": invoice_no,
        "last_invoice_hash": invoice_hash,
        "last_credit_note_number": note_no,
        "last_credit_note_hash": note_hash,
        "last_payment_number": payment_no,
        "last_payment_hash": payment_hash,
    }


def sum_of(closings: list[Closing]) -> dict[str, Any]:
    """The content of a closing made of shorter ones (a month of its days, a year of its
    months), in the order of their periods: the sums, and the last documents of the last
    period that had one of each kind."""
    ordered = sorted(closings, key=lambda closing: closing.period_start)
    by_means: dict[str, dict[str, Any]] = defaultdict(lambda: {"cents": 0, "count": 0})
    for closing in ordered:
        for row in closing.received:
            by_means[row["means"]]["cents"] += row["cents"]
            by_means[row["means"]]["count"] += row["count"]

    def last(kind: str) -> tuple[str, str]:
        for closing in reversed(ordered):
            number = getattr(closing, f"last_{kind}_number")
            if number:
                return number, getattr(closing, f"last_{kind}_hash")
        return "", ""

    return _content(
        _rates(closing.invoiced for closing in ordered),
        _rates(closing.credited for closing in ordered),
        [{"means": means, **by_means[means]} for means in sorted(by_means)],
        counts=(
            sum(closing.invoice_count for closing in ordered),
            sum(closing.credit_note_count for closing in ordered),
            sum(closing.payment_count for closing in ordered),
        ),
        last=(last("invoice"), last("credit_note"), last("payment")),
    )


def closings_within(*, seller_id: int, kind: str, start: dt.date, end: dt.date) -> list[Closing]:
    return list(
        Closing.objects.filter(
            seller_id=seller_id, kind=kind, period_start__gte=start, period_end__lte=end
        ).order_by("period_start")
    )


# --- Verification --------------------------------------------------------------------------


def closing_chains_verify(*, seller_ids: Collection[int] | None = None) -> list[ChainReport]:
    """Each entity's chain of closings from its first: positions without gaps, each linked to
    the previous one, each hash recomputed from the stored content, and the last documents
    each names still there with the hash it recorded."""
    closings = Closing.objects.order_by("seller_id", "chain_position")
    if seller_ids is not None:
        closings = closings.filter(seller_id__in=list(seller_ids))
    rows = list(closings)
    names = dict(
        Organization.objects.filter(pk__in={row.seller_id for row in rows}).values_list(
            "pk", "name"
        )
    )
    hashes = _document_hashes(rows)
    reports = []
    for seller_id, chain in groupby(rows, lambda closing: closing.seller_id):
        chain_list = list(chain)
        broken = next(_breaks(chain_list, hashes), None)
        name = names.get(seller_id, "")
        if broken is None:
            reports.append(ChainReport(seller_id, name, len(chain_list)))
        else:
            reports.append(ChainReport(seller_id, name, len(chain_list), str(broken[0]), broken[1]))
    return reports


def _document_hashes(closings: list[Closing]) -> dict[tuple[int, str], str]:
    """(seller, number) -> hash of the documents the closings name, in three queries."""
    wanted: dict[str, set[str]] = {"invoice": set(), "credit_note": set(), "payment": set()}
    for closing in closings:
        for kind, numbers in wanted.items():
            number = getattr(closing, f"last_{kind}_number")
            if number:
                numbers.add(number)
    sellers = {closing.seller_id for closing in closings}
    found: dict[tuple[int, str], str] = {}
    for kind, model in (("invoice", Invoice), ("credit_note", CreditNote), ("payment", Payment)):
        if wanted[kind]:
            for seller_id, number, hash_ in model.objects.filter(
                seller_id__in=sellers, number__in=wanted[kind]
            ).values_list("seller_id", "number", "hash"):
                found[(seller_id, number)] = hash_
    return found


def _breaks(
    chain: list[Closing], hashes: dict[tuple[int, str], str]
) -> Iterator[tuple[Closing, str]]:
    previous_hash = ""
    for position, closing in enumerate(chain, start=1):
        if closing.chain_position != position:
            yield closing, _("a closing is missing before this one in the chain")
        if closing.previous_hash != previous_hash:
            yield closing, _("it is not linked to the previous closing")
        if closing_hash(closing) != closing.hash:
            yield closing, _("its content does not match its hash")
        for kind in ("invoice", "credit_note", "payment"):
            number = getattr(closing, f"last_{kind}_number")
            recorded = getattr(closing, f"last_{kind}_hash")
            if number and hashes.get((closing.seller_id, number)) != recorded:
                yield closing, _("a document it closed is missing or changed")
        previous_hash = closing.hash
