"""Redistribution: a prestation (a service contract the cooperative sells) records its
revenue, and its distribution rule shares it: a part to the place's commons (in basis
points), the rest pro rata of the validated hours given to the place and to its projects
in the prestation's period, each kind weighted. Amounts are whole cents, shared by the
largest-remainder method so the lines add up exactly to the revenue. The concierge
previews the statement (nothing saved), then validates it: the shares are written and the
prestation can no longer change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.contributions.audit import Verb
from comptoir.contributions.exceptions import BadPrestation, StatementLocked
from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place
from comptoir.projects.models import Project

Kind = Contribution.Kind

# Kinds counted in hours that share a prestation's revenue, and their default weight. The
# use of equipment counts only when the rule gives it a weight.
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    Kind.WORK: Decimal(1),
    Kind.DOCUMENTATION: Decimal(1),
    Kind.ANIMATION: Decimal(1),
    Kind.EQUIPMENT: Decimal(0),
}
WEIGHT_MAX = Decimal(10)
REVENUE_MAX_CENTS = 100_000_000  # one million euros
ALL_BP = 10_000
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "client",
        "project",
        "revenue_cents",
        "delivered_on",
        "commons_share_bp",
        "weights",
        "period_start",
        "period_end",
    }
)


# --- The arithmetic (pure) -------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a statement: a person (None for the commons) and their amount."""

    person_id: int | None
    weighted_hours: Decimal
    amount_cents: int


def distribute(
    *, revenue_cents: int, commons_share_bp: int, weighted_hours: dict[int, Decimal]
) -> list[Line]:
    """Share `revenue_cents` between the commons and people pro rata of their weighted
    hours; the amounts add up exactly to the revenue (largest remainder, ties to the
    commons, then to more hours, then to the smaller person id). With no hours, all goes
    to the commons."""
    hours = {pk: Decimal(h) for pk, h in weighted_hours.items() if h > 0}
    total_hours = sum(hours.values(), Decimal(0))
    commons_bp = commons_share_bp if total_hours > 0 else ALL_BP
    commons_quota = Fraction(revenue_cents * commons_bp, ALL_BP)
    people_cents = Fraction(revenue_cents * (ALL_BP - commons_bp), ALL_BP)
    quotas: dict[int | None, Fraction] = {None: commons_quota}
    for pk, h in hours.items():
        quotas[pk] = people_cents * Fraction(h) / Fraction(total_hours)
    amounts = {key: int(quota) for key, quota in quotas.items()}  # floor: quotas are >= 0
    left = revenue_cents - sum(amounts.values())

    def rank(key: int | None) -> tuple[Fraction, int, Decimal, int]:
        remainder = quotas[key] - amounts[key]
        if key is None:
            return (-remainder, 0, Decimal(0), 0)
        return (-remainder, 1, -hours[key], key)

    for key in sorted(quotas, key=rank)[:left]:
        amounts[key] += 1
    lines = [Line(None, Decimal(0), amounts[None])] if commons_bp or not hours else []
    lines += [Line(pk, hours[pk], amounts[pk]) for pk in sorted(hours)]
    return lines


# --- Reading the contributions of a prestation ------------------------------------------------


def weights_of(prestation: Prestation) -> dict[str, Decimal]:
    weights = dict(DEFAULT_WEIGHTS)
    for kind, value in (prestation.weights or {}).items():
        weights[kind] = Decimal(str(value))
    return weights


def counted_contributions(prestation: Prestation) -> Any:
    """The validated hour contributions to the place or its projects in the period."""
    weights = {kind: w for kind, w in weights_of(prestation).items() if w > 0}
    projects = Project.objects.filter(places=prestation.place_id).values("pk")
    return Contribution.objects.filter(
        Q(place_id=prestation.place_id) | Q(project__in=projects),
        status=Contribution.Status.VALIDATED,
        unit=Contribution.Unit.HOUR,
        kind__in=list(weights),
        happened_on__gte=prestation.period_start,
        happened_on__lte=prestation.period_end,
    )


def weighted_hours_of(prestation: Prestation) -> dict[int, Decimal]:
    """{person id: Σ quantity × weight of their kind}, in one query."""
    weights = weights_of(prestation)
    totals: dict[int, Decimal] = {}
    rows = counted_contributions(prestation).values_list("contributor_id", "kind", "quantity")
    for person_id, kind, quantity in rows:
        totals[person_id] = totals.get(person_id, Decimal(0)) + quantity * weights[kind]
    return totals


@dataclass
class StatementLine:
    person: Person | None  # None for the commons
    weighted_hours: Decimal
    amount_cents: int


@dataclass
class Statement:
    prestation: Prestation
    lines: list[StatementLine] = field(default_factory=list)
    validated: bool = False

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @property
    def total_hours(self) -> Decimal:
        return sum((line.weighted_hours for line in self.lines), Decimal(0))

    @property
    def nobody(self) -> bool:
        return all(line.person is None for line in self.lines)


def _compute(prestation: Prestation) -> list[Line]:
    return distribute(
        revenue_cents=prestation.revenue_cents,
        commons_share_bp=prestation.commons_share_bp,
        weighted_hours=weighted_hours_of(prestation),
    )


def statement_preview(*, prestation: Prestation) -> Statement:
    """The statement as it stands: the stored shares once validated, else computed now
    (nothing saved)."""
    if prestation.status == Prestation.Status.VALIDATED:
        shares = prestation.shares.select_related("person").order_by("person_id")
        lines = [StatementLine(s.person, s.weighted_hours, s.amount_cents) for s in shares]
        lines.sort(key=lambda line: line.person is not None)
        return Statement(prestation, lines, validated=True)
    computed = _compute(prestation)
    people = Person.objects.in_bulk([line.person_id for line in computed if line.person_id])
    lines = [
        StatementLine(
            people.get(line.person_id) if line.person_id else None,
            _two_places(line.weighted_hours),
            line.amount_cents,
        )
        for line in computed
    ]
    return Statement(prestation, lines)


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


# --- Writes ----------------------------------------------------------------------------------


def clean_weights(raw: Any) -> dict[str, str]:
    """{kind: "1.5"} for the hour kinds, each weight between 0 and 10 (two decimals)."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise BadPrestation(_("The weights are not valid."), field="weights")
    cleaned: dict[str, str] = {}
    for kind, value in raw.items():
        if kind not in DEFAULT_WEIGHTS:
            raise BadPrestation(
                _("Only contributions counted in hours have a weight."), field="weights"
            )
        try:
            weight = Decimal(str(value).replace(",", "."))
        except (InvalidOperation, ValueError) as error:
            raise BadPrestation(_("A weight is a number."), field="weights") from error
        if not weight.is_finite() or weight < 0 or weight > WEIGHT_MAX:
            raise BadPrestation(_("A weight is between 0 and 10."), field="weights")
        cleaned[kind] = str(_two_places(weight).normalize())
    return cleaned


def _check(prestation: Prestation) -> None:
    if not prestation.title.strip():
        raise BadPrestation(_("Give the prestation a title."), field="title")
    if not 0 < prestation.revenue_cents <= REVENUE_MAX_CENTS:
        raise BadPrestation(
            _("The revenue is between 0,01 € and 1 000 000 €."), field="revenue_cents"
        )
    if not 0 <= prestation.commons_share_bp <= ALL_BP:
        raise BadPrestation(
            _("The share to the commons is between 0 and 100 %."), field="commons_share_bp"
        )
    if prestation.period_end < prestation.period_start:
        raise BadPrestation(_("The period ends before it starts."), field="period_end")
    if prestation.delivered_on > timezone.localdate() + dt.timedelta(days=366):
        raise BadPrestation(_("The delivery date is too far ahead."), field="delivered_on")
    project = prestation.project
    if project is not None and not project.places.filter(pk=prestation.place_id).exists():
        raise BadPrestation(_("This project is not one of the place's."), field="project")


def _require_manager(by: Actor, place_id: int) -> None:
    if not permissions.can_manage_prestations(by, place_id):
        raise NotAllowed(_("Only the place's concierges manage prestations."))


@transaction.atomic
def prestation_create(
    *,
    place: Place,
    by: Actor,
    title: str,
    revenue_cents: int,
    delivered_on: dt.date,
    period_start: dt.date,
    period_end: dt.date,
    commons_share_bp: int = 2000,
    weights: dict[str, Any] | None = None,
    client: str = "",
    project: Project | None = None,
) -> Prestation:
    """Record a prestation sold by the place, with its distribution rule (a draft)."""
    _require_manager(by, place.pk)
    prestation = Prestation(
        place=place,
        project=project,
        title=" ".join((title or "").split()),
        client=" ".join((client or "").split()),
        revenue_cents=revenue_cents,
        delivered_on=delivered_on,
        period_start=period_start,
        period_end=period_end,
        commons_share_bp=commons_share_bp,
        weights=clean_weights(weights),
    )
    _check(prestation)
    prestation.save()
    audit_record(actor=by, verb=Verb.PRESTATION_CREATED, target=prestation, place=place)
    return prestation


def _lock(prestation: Prestation) -> Prestation:
    return (
        Prestation.objects.select_for_update(of=("self",))
        .select_related("place", "project")
        .get(pk=prestation.pk)
    )


@transaction.atomic
def prestation_update(*, prestation: Prestation, by: Actor, **changes: Any) -> Prestation:
    """Change a draft prestation or its rule; refused once its statement is validated."""
    locked = _lock(prestation)
    _require_manager(by, locked.place_id)
    if locked.status == Prestation.Status.VALIDATED:
        raise StatementLocked()
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise BadPrestation(field=sorted(unknown)[0])
    if "weights" in changes:
        changes["weights"] = clean_weights(changes["weights"])
    for name in ("title", "client"):
        if name in changes:
            changes[name] = " ".join((changes[name] or "").split())
    for name, value in changes.items():
        setattr(locked, name, value)
    _check(locked)
    locked.save()
    audit_record(actor=by, verb=Verb.PRESTATION_UPDATED, target=locked, place=locked.place)
    return locked


@transaction.atomic
def prestation_validate(*, prestation: Prestation, by: Actor) -> Prestation:
    """Compute the statement, write its shares and freeze the prestation."""
    locked = _lock(prestation)
    _require_manager(by, locked.place_id)
    if locked.status == Prestation.Status.VALIDATED:
        raise StatementLocked()
    lines = _compute(locked)
    Share.objects.bulk_create(
        Share(
            prestation=locked,
            person_id=line.person_id,
            weighted_hours=_two_places(line.weighted_hours),
            amount_cents=line.amount_cents,
        )
        for line in lines
    )
    locked.status = Prestation.Status.VALIDATED
    locked.validated_by = by
    locked.validated_at = timezone.now()
    locked.save(update_fields=["status", "validated_by", "validated_at", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.PRESTATION_VALIDATED,
        target=locked,
        place=locked.place,
        data={"revenue_cents": locked.revenue_cents, "lines": len(lines)},
    )
    prestation.status = locked.status
    prestation.validated_at = locked.validated_at
    return locked
