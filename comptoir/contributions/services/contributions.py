"""Contributions: what someone gave to a project or to the place itself, logged by them and
validated by a porteur or a concierge. Each kind has its units (hours of work, euros,
items) and sane bounds; someone who is not a member of the project (or holds no role in
the place) only proposes, and a member's contribution waits for validation. A decision is
taken under a row lock, so two validators never both decide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.community import permissions
from comptoir.contributions import permissions as rules
from comptoir.contributions.audit import Verb
from comptoir.contributions.exceptions import (
    AlreadyDecided,
    BadDate,
    BadQuantity,
    BadUnit,
    NoRecipient,
)
from comptoir.contributions.models import Contribution
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place
from comptoir.projects.models import Project

Kind = Contribution.Kind
Unit = Contribution.Unit
Status = Contribution.Status

# The units each kind of contribution is counted in; the first is the default.
UNITS: dict[str, tuple[str, ...]] = {
    Kind.WORK: (Unit.HOUR,),
    Kind.DOCUMENTATION: (Unit.HOUR,),
    Kind.ANIMATION: (Unit.HOUR,),
    Kind.MONEY: (Unit.EURO,),
    Kind.MATERIAL: (Unit.ITEM,),
    Kind.EQUIPMENT: (Unit.HOUR, Unit.ITEM),
}

# At most this much in one contribution: one day's hours, a large gift, a big delivery.
CAPS: dict[str, Decimal] = {
    Unit.HOUR: Decimal(24),
    Unit.EURO: Decimal(100_000),
    Unit.ITEM: Decimal(10_000),
}

OLDEST = dt.date(2000, 1, 1)
DESCRIPTION_MAX = Contribution._meta.get_field("description").max_length or 300


def default_unit(kind: str) -> str:
    return UNITS[kind][0]


def _clean_quantity(raw: Any, unit: str) -> Decimal:
    try:
        quantity = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as error:
        raise BadQuantity(field="quantity") from error
    if not quantity.is_finite() or quantity <= 0:
        raise BadQuantity(field="quantity")
    cap = CAPS[unit]
    if quantity > cap:  # first: quantizing 1e30 would overflow decimal's 28 digits
        raise BadQuantity(
            _("At most %(cap)s %(unit)s in one contribution: split it by day or by gift.")
            % {"cap": f"{cap:,}".replace(",", "\u202f"), "unit": Unit(unit).label},
            field="quantity",
        )
    if quantity != quantity.quantize(Decimal("0.01")):
        raise BadQuantity(_("Enter a quantity with at most two decimals."), field="quantity")
    return quantity


def _clean_date(happened_on: dt.date, today: dt.date) -> dt.date:
    if happened_on > today:
        raise BadDate(field="happened_on")
    if happened_on < OLDEST:
        raise BadDate(_("This date is too far in the past."), field="happened_on")
    return happened_on


def _clean_description(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise InvalidInput(_("Say what it was."), field="description")
    if len(text) > DESCRIPTION_MAX:
        raise InvalidInput(
            _("At most %(max)s characters.") % {"max": DESCRIPTION_MAX}, field="description"
        )
    return text


def _initial_status(by: Actor, project: Project | None, place: Place | None) -> str:
    if project is not None:
        member = permissions.is_project_member(by, project)
    else:
        assert place is not None  # contribution_log refused a contribution to nobody
        member = permissions.is_member(by, place.pk) or permissions.is_concierge(by, place.pk)
    return Status.PENDING if member else Status.PROPOSED


@transaction.atomic
def contribution_log(
    *,
    by: Actor,
    kind: str,
    quantity: Any,
    description: str,
    happened_on: dt.date,
    unit: str | None = None,
    project: Project | None = None,
    place: Place | None = None,
    today: dt.date | None = None,
) -> Contribution:
    """Log what `by` gave to a project or to a place: pending for a member, proposed
    otherwise."""
    if not getattr(by, "is_authenticated", False):
        raise NotAllowed()
    if (project is None) == (place is None):
        raise NoRecipient()
    if kind not in UNITS:
        raise InvalidInput(_("Choose a kind of contribution."), field="kind")
    unit = unit or default_unit(kind)
    if unit not in UNITS[kind]:
        raise BadUnit(field="unit")
    contribution = Contribution(
        project=project,
        place=place,
        contributor=by,
        kind=kind,
        unit=unit,
        quantity=_clean_quantity(quantity, unit),
        description=_clean_description(description),
        happened_on=_clean_date(happened_on, today or timezone.localdate()),
        status=_initial_status(by, project, place),
    )
    contribution.save()
    audit_record(
        actor=by,
        verb=Verb.CONTRIBUTION_LOGGED,
        target=contribution,
        place=place,
        data={"kind": kind, "quantity": str(contribution.quantity), "unit": unit},
    )
    return contribution


def _decide(*, contribution: Contribution, by: Actor, status: str, verb: Verb) -> Contribution:
    locked = (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=contribution.pk)
    )
    if not rules.can_validate(by, locked):
        if locked.contributor_id == getattr(by, "pk", None):
            raise NotAllowed(_("Someone else validates your own contributions."))
        raise NotAllowed(
            _("Only a project lead or a concierge of the place validates contributions.")
        )
    if not locked.is_open:
        raise AlreadyDecided()
    locked.status = status
    locked.validated_by = by
    locked.validated_at = timezone.now()
    locked.save(update_fields=["status", "validated_by", "validated_at", "updated_at"])
    audit_record(actor=by, verb=verb, target=locked, place=locked.place)
    contribution.status = locked.status
    contribution.validated_by = by
    contribution.validated_at = locked.validated_at
    return locked


@transaction.atomic
def contribution_validate(*, contribution: Contribution, by: Actor) -> Contribution:
    """Validate a pending or proposed contribution (a porteur or a concierge)."""
    return _decide(
        contribution=contribution,
        by=by,
        status=Status.VALIDATED,
        verb=Verb.CONTRIBUTION_VALIDATED,
    )


@transaction.atomic
def contribution_refuse(*, contribution: Contribution, by: Actor) -> Contribution:
    """Refuse a pending or proposed contribution (a porteur or a concierge)."""
    return _decide(
        contribution=contribution, by=by, status=Status.REFUSED, verb=Verb.CONTRIBUTION_REFUSED
    )
