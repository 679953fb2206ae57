"""Writes of invoicing: issuing an invoice from an order, a credit note from an invoice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.billing import services as billing
from comptoir.billing.models import Order, OrderLine
from comptoir.community.models import Organization, validate_siret
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.invoicing import vat
from comptoir.invoicing.audit import Verb
from comptoir.invoicing.chain import PARTIES, credit_note_hash, invoice_hash
from comptoir.invoicing.closings import ensure_open
from comptoir.invoicing.exceptions import (
    AlreadyInvoiced,
    CreditExceedsRemaining,
    CreditQuantityInvalid,
    CreditReasonInvalid,
    FullyCredited,
    InvoicingNotConfigured,
    NoLegalEntity,
    NotALineOfTheInvoice,
    NothingToCredit,
    NothingToInvoice,
    OrderCancelledError,
    SiretMissing,
)
from comptoir.invoicing.models import (
    RECOVERY_INDEMNITY_CENTS,
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    InvoicingProfile,
    Payment,
    VatRegime,
)
from comptoir.invoicing.selectors import credited_quantities, order_credited_cents


@transaction.atomic
def invoice_issue(*, order: Order, by: Actor | None, buyer_address: str = "") -> Invoice:
    """Issue the invoice of an order: the next number of its seller, hashed into the chain."""
    locked = Order.objects.select_for_update(of=("self",)).select_related("place").get(pk=order.pk)
    lines = list(locked.lines.order_by("pk"))
    _check_order(locked, lines)
    profile = _seller_profile(locked)
    seller = profile.organization
    issue_date = timezone.localtime(timezone=ZoneInfo(locked.place.timezone)).date()
    ensure_open(seller_id=seller.pk, day=issue_date)
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
    _save_with_lines(invoice, invoice_lines, link="invoice", model=InvoiceLine)
    audit_record(
        actor=by,
        verb=Verb.INVOICE_ISSUED,
        target=invoice,
        place=locked.place,
        data={"number": invoice.number, "order": locked.pk, "total_cents": invoice.total_cents},
    )
    return invoice


def invoice_draft(
    *,
    order: Order,
    lines: list[OrderLine],
    profile: InvoicingProfile,
    issue_date: dt.date,
    sale_date: dt.date,
    sequence: int,
    chain_position: int,
    previous_hash: str,
    buyer_siren: str = "",
) -> tuple[Invoice, list[InvoiceLine]]:
    """An invoice as `invoice_issue` makes it, hashed but not saved, for a caller that issues
    many at once (the generator of the bench's data) and so numbers and chains them itself;
    `buyer_siren` for a structure, empty for a person. No query."""
    series = str(issue_date.year)
    invoice_lines = _lines(lines, profile)
    invoice = Invoice(
        place_id=order.place_id,
        order=order,
        seller=profile.organization,
        series=series,
        sequence=sequence,
        number=f"F{series}-{sequence:06d}",
        created_at=timezone.now(),
        issue_date=issue_date,
        sale_date=sale_date,
        due_date=issue_date + dt.timedelta(days=profile.payment_terms_days),
        buyer_name=order.buyer_name,
        buyer_siren=buyer_siren,
        buyer_is_business=bool(buyer_siren),
        recovery_indemnity_cents=RECOVERY_INDEMNITY_CENTS if buyer_siren else 0,
        chain_position=chain_position,
        previous_hash=previous_hash,
        **_seller_snapshot(profile),
        **_totals(invoice_lines, profile),
    )
    invoice.hash = invoice_hash(invoice, invoice_lines)
    return invoice, invoice_lines


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
    """The link to the entity's last document, invoice, credit note or payment (the caller holds
    the lock on the entity's invoicing profile, so no other document is being issued)."""
    last = [
        document
        for document in (
            Invoice.objects.filter(seller=seller).order_by("-chain_position").first(),
            CreditNote.objects.filter(seller=seller).order_by("-chain_position").first(),
            Payment.objects.filter(seller=seller).order_by("-chain_position").first(),
        )
        if document is not None
    ]
    previous = max(last, key=lambda document: document.chain_position, default=None)
    return {
        "chain_position": previous.chain_position + 1 if previous else 1,
        "previous_hash": previous.hash if previous else "",
    }


REASON_MAX = 500


@transaction.atomic
def credit_note_issue(
    *, invoice: Invoice, by: Actor | None, reason: str, lines: Mapping[int, int] | None = None
) -> CreditNote:
    """Credit an issued invoice: `lines` maps the ids of its lines to the quantities credited
    (None credits everything that remains). The invoice row is locked first, so two credit
    notes of one invoice are issued one after the other and never credit more than it holds;
    then the entity's profile, as invoices lock it, to keep the shared chain in issue order."""
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise CreditReasonInvalid(field="reason")
    locked = (
        Invoice.objects.select_for_update(of=("self",)).select_related("place").get(pk=invoice.pk)
    )
    invoice_lines = list(locked.lines.order_by("position"))
    credited = credited_quantities(invoice_id=locked.pk)
    quantities = _credit_quantities(invoice_lines, credited, lines)
    # The order next, before the chain, as payments lock them: its status may close below.
    order = billing.order_lock(order_id=locked.order_id)
    _lock_chain(seller_id=locked.seller_id)
    issue_date = timezone.localtime(timezone=ZoneInfo(locked.place.timezone)).date()
    ensure_open(seller_id=locked.seller_id, day=issue_date)
    series = f"A{issue_date.year}"
    sequence = _next_sequence(seller=locked.seller, series=series)
    note_lines = _credit_lines(invoice_lines, credited, quantities)
    note = CreditNote(
        place=locked.place,
        invoice=locked,
        seller_id=locked.seller_id,
        series=series,
        sequence=sequence,
        number=f"{series}-{sequence:06d}",
        issue_date=issue_date,
        reason=reason,
        created_at=timezone.now(),
        **_snapshot_of(locked),
        **_credit_totals(note_lines, locked),
        **_chain_link(locked.seller),
    )
    note.hash = credit_note_hash(note, note_lines)
    _save_with_lines(note, note_lines, link="credit_note", model=CreditNoteLine)
    billing.order_settle_credited(
        order=order, credited_cents=order_credited_cents(order_id=order.pk)
    )
    audit_record(
        actor=by,
        verb=Verb.CREDIT_NOTE_ISSUED,
        target=note,
        place=locked.place,
        data={"number": note.number, "invoice": locked.number, "total_cents": note.total_cents},
    )
    return note


def _save_with_lines(
    document: Invoice | CreditNote,
    lines: Sequence[InvoiceLine | CreditNoteLine],
    *,
    link: str,
    model: type[InvoiceLine] | type[CreditNoteLine],
) -> None:
    """Insert a hashed document, then its lines pointing at it (`link`), in one statement."""
    document.save(force_insert=True)
    for line in lines:
        setattr(line, link, document)
    model.objects.bulk_create(lines)  # type: ignore[arg-type]


def _lock_chain(*, seller_id: int) -> None:
    """Lock the entity's invoicing profile, as invoice_issue does: one document at a time."""
    list(
        InvoicingProfile.objects.select_for_update()
        .filter(organization_id=seller_id)
        .values_list("pk", flat=True)
    )


def _credit_quantities(
    lines: list[InvoiceLine], credited: dict[int, int], wanted: Mapping[int, int] | None
) -> dict[int, int]:
    """The quantity credited on each line, checked against what remains on it."""
    remaining = {line.pk: line.quantity - credited.get(line.pk, 0) for line in lines}
    if not any(remaining.values()):
        raise FullyCredited(field="invoice")
    if wanted is None:
        return {pk: left for pk, left in remaining.items() if left > 0}
    if not wanted:
        raise NothingToCredit(field="lines")
    by_pk = {line.pk: line for line in lines}
    for pk, quantity in wanted.items():
        if pk not in by_pk:
            raise NotALineOfTheInvoice(field="lines")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise CreditQuantityInvalid(field="lines")
        if quantity > remaining[pk]:
            raise CreditExceedsRemaining(
                _("Only %(remaining)d of “%(label)s” remain to credit.")
                % {"remaining": remaining[pk], "label": by_pk[pk].label},
                field="lines",
            )
    return dict(wanted)


def _credit_lines(
    lines: list[InvoiceLine], credited: dict[int, int], quantities: dict[int, int]
) -> list[CreditNoteLine]:
    """One credit line per line credited, in the invoice's order. A line's amount is the
    value of the units credited so far and now less the value of those credited before, so
    crediting a line in several times adds up to exactly its total."""
    result: list[CreditNoteLine] = []
    for line in lines:
        quantity = quantities.get(line.pk)
        if not quantity:
            continue
        before = credited.get(line.pk, 0)
        cents = vat.prorata(line.total_cents, before + quantity, line.quantity) - vat.prorata(
            line.total_cents, before, line.quantity
        )
        result.append(
            CreditNoteLine(
                invoice_line=line,
                position=len(result) + 1,
                label=line.label,
                quantity=quantity,
                unit_price_before_tax_cents=line.unit_price_before_tax_cents,
                vat_rate_bp=line.vat_rate_bp,
                total_before_tax_cents=vat.before_tax(cents, line.vat_rate_bp),
                total_cents=cents,
            )
        )
    return result


def _snapshot_of(invoice: Invoice) -> dict[str, object]:
    """The seller and the buyer as the invoice credited printed them."""
    return {name: getattr(invoice, name) for name in PARTIES}


def _credit_totals(lines: list[CreditNoteLine], invoice: Invoice) -> dict[str, object]:
    """Totals per rate computed as on invoices (VAT rounded once per rate), positive; the
    invoice's exemption mention when an exempt line is credited."""
    totals = vat.rate_totals((line.total_cents, line.vat_rate_bp) for line in lines)
    exempt = any(total.rate_bp == 0 for total in totals)
    return {
        "exemption_mention": invoice.exemption_mention if exempt else "",
        "total_before_tax_cents": sum(total.before_tax_cents for total in totals),
        "total_vat_cents": sum(total.vat_cents for total in totals),
        "total_cents": sum(total.total_cents for total in totals),
        "vat_totals": [total.as_dict() for total in totals],
    }
