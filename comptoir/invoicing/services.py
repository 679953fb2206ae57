"""Writes of invoicing: issuing an invoice from an order."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comptoir.billing.models import Order, OrderLine
from comptoir.community.models import Organization, validate_siret
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.invoicing import vat
from comptoir.invoicing.audit import Verb
from comptoir.invoicing.chain import invoice_hash
from comptoir.invoicing.exceptions import (
    AlreadyInvoiced,
    InvoicingNotConfigured,
    NoLegalEntity,
    NothingToInvoice,
    OrderCancelledError,
    SiretMissing,
)
from comptoir.invoicing.models import (
    RECOVERY_INDEMNITY_CENTS,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    InvoicingProfile,
    VatRegime,
)


@transaction.atomic
def invoice_issue(*, order: Order, by: Actor | None, buyer_address: str = "") -> Invoice:
    """Issue the invoice of an order: the next number of its seller, hashed into the chain."""
    locked = Order.objects.select_for_update(of=("self",)).select_related("place").get(pk=order.pk)
    lines = list(locked.lines.order_by("pk"))
    _check_order(locked, lines)
    profile = _seller_profile(locked)
    seller = profile.organization
    issue_date = timezone.localtime(timezone=ZoneInfo(locked.place.timezone)).date()
    series = str(issue_date.year)
    sequence = _next_sequence(seller=seller, series=series)
    invoice_lines = _lines(lines, profile)
    invoice = Invoice(
        place=locked.place,
        order=locked,
        seller=seller,
        series=series,
        sequence=sequence,
        number=f"F{series}-{sequence:06d}",
        created_at=timezone.now(),
        **_dates(locked, profile, issue_date),
        **_seller_snapshot(profile),
        **_buyer_snapshot(locked, buyer_address),
        **_totals(invoice_lines, profile),
        **_chain_link(seller),
    )
    invoice.hash = invoice_hash(invoice, invoice_lines)
    invoice.save(force_insert=True)
    for line in invoice_lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(invoice_lines)
    audit_record(
        actor=by,
        verb=Verb.INVOICE_ISSUED,
        target=invoice,
        place=locked.place,
        data={"number": invoice.number, "order": locked.pk, "total_cents": invoice.total_cents},
    )
    return invoice


def _check_order(order: Order, lines: list[OrderLine]) -> None:
    if order.status == Order.Status.CANCELLED:
        raise OrderCancelledError(field="order")
    if Invoice.objects.filter(order_id=order.pk).exists():
        raise AlreadyInvoiced(field="order")
    if not lines:
        raise NothingToInvoice(field="order")


def _seller_profile(order: Order) -> InvoicingProfile:
    """The invoicing profile of the place's legal entity, locked: one entity issues one
    invoice at a time, so its chain follows the order of issue."""
    entity_id = order.place.legal_entity_id
    if entity_id is None:
        raise NoLegalEntity(field="legal_entity")
    entity = Organization.objects.get(pk=entity_id)
    try:
        if not entity.siret:
            raise ValidationError("no SIRET")
        validate_siret(entity.siret)
    except ValidationError as invalid:
        raise SiretMissing(field="siret") from invalid
    profile = InvoicingProfile.objects.select_for_update().filter(organization_id=entity_id).first()
    if profile is None:
        raise InvoicingNotConfigured(field="legal_entity")
    profile.organization = entity
    return profile


def _next_sequence(*, seller: Organization, series: str) -> int:
    # The row is created if missing without a race (INSERT … ON CONFLICT DO NOTHING), then
    # locked until the issuing transaction ends: the next issuer waits and reads our number.
    InvoiceCounter.objects.bulk_create(
        [InvoiceCounter(organization=seller, series=series)], ignore_conflicts=True
    )
    counter = InvoiceCounter.objects.select_for_update().get(organization=seller, series=series)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def _dates(order: Order, profile: InvoicingProfile, issue_date: dt.date) -> dict[str, dt.date]:
    zone = ZoneInfo(order.place.timezone)
    return {
        "issue_date": issue_date,
        "sale_date": timezone.localtime(order.created_at, timezone=zone).date(),
        "due_date": issue_date + dt.timedelta(days=profile.payment_terms_days),
    }


def _seller_snapshot(profile: InvoicingProfile) -> dict[str, str]:
    return {
        "seller_name": profile.organization.name,
        "seller_siret": profile.organization.siret,
        "seller_address": profile.address,
        "seller_vat_regime": profile.vat_regime,
        "seller_vat_number": profile.vat_number,
    }


def _buyer_snapshot(order: Order, address: str) -> dict[str, object]:
    organization = (
        Organization.objects.filter(pk=order.buyer_organization_id).first()
        if order.buyer_organization_id
        else None
    )
    return {
        "buyer_name": order.buyer_name,
        "buyer_address": address[:300],
        "buyer_siren": organization.siret[:9] if organization else "",
        "buyer_is_business": organization is not None,
        "recovery_indemnity_cents": RECOVERY_INDEMNITY_CENTS if organization else 0,
    }


def _rate(line: OrderLine, profile: InvoicingProfile) -> int:
    """An entity not subject to VAT charges none, whatever rate the sale recorded."""
    return line.vat_rate_bp if profile.vat_regime == VatRegime.SUBJECT else 0


def _lines(lines: list[OrderLine], profile: InvoicingProfile) -> list[InvoiceLine]:
    return [
        InvoiceLine(
            position=position,
            label=line.description,
            quantity=line.quantity,
            unit_price_before_tax_cents=vat.before_tax(line.unit_price_cents, _rate(line, profile)),
            vat_rate_bp=_rate(line, profile),
            total_before_tax_cents=vat.before_tax(line.total_cents, _rate(line, profile)),
            total_cents=line.total_cents,
        )
        for position, line in enumerate(lines, start=1)
    ]


def _totals(lines: list[InvoiceLine], profile: InvoicingProfile) -> dict[str, object]:
    totals = vat.rate_totals((line.total_cents, line.vat_rate_bp) for line in lines)
    # Under the franchise the regime's own mention (art. 293 B) is printed instead.
    exempt = profile.vat_regime == VatRegime.SUBJECT and any(t.rate_bp == 0 for t in totals)
    return {
        "total_before_tax_cents": sum(total.before_tax_cents for total in totals),
        "total_vat_cents": sum(total.vat_cents for total in totals),
        "total_cents": sum(total.total_cents for total in totals),
        "vat_totals": [total.as_dict() for total in totals],
        "late_penalty_rate_bp": profile.late_penalty_rate_bp,
        "exemption_mention": profile.exemption_mention if exempt else "",
    }


def _chain_link(seller: Organization) -> dict[str, object]:
    previous = Invoice.objects.filter(seller=seller).order_by("-chain_position").first()
    return {
        "chain_position": previous.chain_position + 1 if previous else 1,
        "previous_hash": previous.hash if previous else "",
    }
