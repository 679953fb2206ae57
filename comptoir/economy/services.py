"""Writes of the economy: the other income a treasurer records, changes or deletes, the
budget of a year, and the invoices of the network's settlement between places. One
transaction each; every refusal is a DomainError (a translated message, a 4xx)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from comptoir.access import selectors as access_selectors
from comptoir.billing.models import OrderLine
from comptoir.billing.services import LineSpec, order_create
from comptoir.community.models import Organization
from comptoir.core import ranges
from comptoir.core.inputs import is_unstorable, unstorable_message
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.economy import exceptions as errors
from comptoir.economy.audit import Verb
from comptoir.economy.models import Budget, IncomeKind, OtherIncome, SettlementInvoice, Source
from comptoir.invoicing.closings import is_closed
from comptoir.invoicing.models import InvoicingProfile
from comptoir.invoicing.services import invoice_issue
from comptoir.places.models import Network, Place

LABEL_MAX = 200
NOTE_MAX = 500


@dataclass(frozen=True)
class IncomeSpec:
    kind: str
    label: str
    payer: str
    amount_cents: int
    received_on: dt.date
    programme: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    note: str = ""


def _text(value: str, field: str, limit: int, *, required: bool) -> str:
    text = (value or "").strip()
    if is_unstorable(text):
        raise errors.TextRequired(unstorable_message(), field=field)
    if required and not text:
        raise errors.TextRequired(field=field)
    if len(text) > limit:
        raise errors.TextRequired(
            _("At most %(limit)s characters.") % {"limit": limit}, field=field
        )
    return text


def _checked(spec: IncomeSpec) -> dict[str, object]:
    """The spec's fields once every rule holds (the database's checks say the same)."""
    if spec.kind not in IncomeKind.values:
        raise errors.KindUnknown(field="kind")
    if isinstance(spec.amount_cents, bool) or spec.amount_cents <= 0:
        raise errors.AmountNotPositive(field="amount_cents")
    if spec.amount_cents > ranges.MAX_CENTS:
        raise errors.AmountTooLarge(field="amount_cents")
    for field in ("received_on", "period_start", "period_end"):
        day = getattr(spec, field)
        if day is not None and not ranges.is_supported(day):
            raise errors.YearOutOfRange(ranges.out_of_range_message(), field=field)
    if (spec.period_start is None) != (spec.period_end is None):
        raise errors.PeriodIncomplete(field="period_end")
    if spec.period_start and spec.period_end and spec.period_end < spec.period_start:
        raise errors.PeriodDisordered(field="period_end")
    programme = _text(spec.programme, "programme", LABEL_MAX, required=False)
    if spec.kind == IncomeKind.GRANT:
        if spec.period_start is None:
            raise errors.GrantNeedsPeriod(field="period_start")
        if not programme:
            raise errors.GrantNeedsProgramme(field="programme")
    return {
        "kind": spec.kind,
        "label": _text(spec.label, "label", LABEL_MAX, required=True),
        "payer": _text(spec.payer, "payer", LABEL_MAX, required=True),
        "programme": programme,
        "amount_cents": spec.amount_cents,
        "received_on": spec.received_on,
        "period_start": spec.period_start,
        "period_end": spec.period_end,
        "note": _text(spec.note, "note", NOTE_MAX, required=False),
    }


def _ensure_open(place: Place, day: dt.date) -> None:
    """Nothing dated in a closed period of the place's entity (its FEC carries the income).
    The entity's invoicing profile is locked first, as closings lock it: no closing commits
    between this check and the write."""
    entity_id = place.legal_entity_id
    if entity_id is None:
        return
    list(
        InvoicingProfile.objects.select_for_update()
        .filter(organization_id=entity_id)
        .values_list("pk", flat=True)
    )
    if is_closed(seller_id=entity_id, day=day):
        raise errors.IncomePeriodClosed(field="received_on")


def _audit_data(income: OtherIncome) -> dict[str, object]:
    return {
        "kind": income.kind,
        "amount_cents": income.amount_cents,
        "received_on": income.received_on.isoformat(),
        "payer": income.payer,
    }


@transaction.atomic
def income_record(*, place: Place, spec: IncomeSpec, by: Actor | None) -> OtherIncome:
    fields = _checked(spec)
    _ensure_open(place, spec.received_on)
    income = OtherIncome.objects.create(
        place=place,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
        **fields,  # type: ignore[arg-type]
    )
    audit_record(
        actor=by, verb=Verb.INCOME_RECORDED, target=income, place=place, data=_audit_data(income)
    )
    return income


@transaction.atomic
def income_update(*, income: OtherIncome, spec: IncomeSpec, by: Actor | None) -> OtherIncome:
    fields = _checked(spec)
    locked = OtherIncome.objects.select_for_update().select_related("place").get(pk=income.pk)
    _ensure_open(locked.place, locked.received_on)
    _ensure_open(locked.place, spec.received_on)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    audit_record(
        actor=by,
        verb=Verb.INCOME_CHANGED,
        target=locked,
        place=locked.place,
        data=_audit_data(locked),
    )
    return locked


@transaction.atomic
def income_delete(*, income: OtherIncome, by: Actor | None) -> None:
    locked = OtherIncome.objects.select_for_update().select_related("place").get(pk=income.pk)
    _ensure_open(locked.place, locked.received_on)
    audit_record(
        actor=by,
        verb=Verb.INCOME_DELETED,
        target=locked,
        place=locked.place,
        data=_audit_data(locked),
    )
    locked.delete()


@transaction.atomic
def budget_set(
    *, place: Place, year: int, amounts: Mapping[str, int | None], by: Actor | None
) -> list[Budget]:
    """The year's budget of the place, one amount per source (None or absent: no line)."""
    if isinstance(year, bool) or not ranges.SUPPORTED_YEARS[0] <= year <= ranges.SUPPORTED_YEARS[1]:
        raise errors.YearOutOfRange(field="year")
    for source, cents in amounts.items():
        if source not in Source.values:
            raise errors.SourceUnknown(field=source)
        if cents is not None and (isinstance(cents, bool) or cents < 0):
            raise errors.AmountNotPositive(
                _("A budget is zero or more, in euros and cents."), field=source
            )
        if cents is not None and cents > ranges.MAX_CENTS:
            raise errors.AmountTooLarge(field=source)
    # Two treasurers saving at once: the second waits for the first, then replaces it.
    Place.objects.select_for_update().filter(pk=place.pk).first()
    Budget.objects.filter(place=place, year=year).delete()
    lines = Budget.objects.bulk_create(
        [
            Budget(place=place, year=year, source=source, amount_cents=cents)
            for source in Source.values
            if (cents := amounts.get(source)) is not None
        ]
    )
    audit_record(
        actor=by,
        verb=Verb.BUDGET_SET,
        target=place,
        place=place,
        data={"year": year, "amounts": {line.source: line.amount_cents for line in lines}},
    )
    return lines


# --- The network's settlement, invoiced ------------------------------------------------------


@dataclass(frozen=True)
class SettlementOutcome:
    created: list[SettlementInvoice]
    existing: int


def _invoiceable(place: Place) -> bool:
    entity = place.legal_entity
    return bool(entity and entity.siret and hasattr(entity, "invoicing_profile"))


@transaction.atomic
def settlement_invoice(*, network: Network, month: dt.date, by: Actor | None) -> SettlementOutcome:
    """For each pair of places of the month's settlement (tickets sold by one, used in the
    other), an order of the place that welcomed the visitors to the entity of the place that
    sold the tickets, for their value (no VAT: a reimbursement between members of the
    network), and its invoice. Once per pair and month: run again, it only adds the pairs
    that appeared since; two runs at once wait for each other."""
    first = month.replace(day=1)
    Network.objects.select_for_update().filter(pk=network.pk).first()
    rows = [
        row
        for row in access_selectors.settlement_report(network=network, month=first)
        if row.value_cents > 0
    ]
    if not rows:
        raise errors.NothingToSettle(field="month")
    done = set(
        SettlementInvoice.objects.filter(month=first).values_list("creditor_id", "debtor_id")
    )
    todo = [row for row in rows if (row.used_in_id, row.seller_id) not in done]
    places = Place.objects.select_related("legal_entity__invoicing_profile").in_bulk(
        {row.used_in_id for row in todo} | {row.seller_id for row in todo}
    )
    missing = sorted(
        {
            places[pid].name
            for row in todo
            for pid in (row.used_in_id, row.seller_id)
            if not _invoiceable(places[pid])
        }
    )
    if missing:
        raise errors.SettlementNotInvoiceable(", ".join(missing), field="month")
    created: list[SettlementInvoice] = []
    for row in todo:
        creditor, debtor = places[row.used_in_id], places[row.seller_id]
        buyer = debtor.legal_entity
        assert isinstance(buyer, Organization)
        line = LineSpec(
            kind=OrderLine.Kind.OTHER,
            description=_(
                "Network settlement %(month)s: %(tickets)s tickets of %(seller)s used at %(place)s"
            )
            % {
                "month": f"{first:%m/%Y}",
                "tickets": row.tickets,
                "seller": debtor.name,
                "place": creditor.name,
            },
            unit_price_cents=row.value_cents,
            vat_rate_bp=0,
        )
        order = order_create(place=creditor, lines=[line], by=by, buyer_organization=buyer)
        invoice_issue(order=order, by=by)
        created.append(
            SettlementInvoice.objects.create(
                month=first,
                creditor=creditor,
                debtor=debtor,
                tickets=row.tickets,
                value_cents=row.value_cents,
                order=order,
            )
        )
        audit_record(
            actor=by,
            verb=Verb.SETTLEMENT_INVOICED,
            target=order,
            place=creditor,
            data={"month": f"{first:%Y-%m}", "debtor": debtor.pk, "value_cents": row.value_cents},
        )
    return SettlementOutcome(created=created, existing=len(rows) - len(todo))
