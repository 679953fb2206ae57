"""Offers (plans) of a place or of a whole network."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model

from comptoir.access.audit import Verb
from comptoir.access.models import Plan
from comptoir.community import permissions
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Network, Place

PLAN_FIELDS = (
    "kind",
    "name",
    "description",
    "price_cents",
    "vat_rate_bp",
    "holder",
    "seats",
    "included_room_hours",
    "commitment_months",
    "tickets",
    "ticket_unit",
    "validity_months",
    "network_wide",
    "is_active",
    "position",
)


def _save(plan: Plan) -> None:
    # Before full_clean, whose constraint check would only say "constraint … violated".
    if plan.kind == Plan.Kind.TICKET_BOOK and not plan.tickets:
        raise InvalidInput(field="tickets")
    if plan.kind == Plan.Kind.DISCOVERY and plan.price_cents:
        raise InvalidInput(field="price_cents")
    plan.full_clean()
    plan.save()


@transaction.atomic
def plan_create(
    *, by: Actor, place: Place | None = None, network: Network | None = None, **fields: Any
) -> Plan:
    if (place is None) == (network is None):
        raise InvalidInput(field="place")
    if place is not None and not permissions.can_manage_plans(by, place.pk):
        raise NotAllowed()
    if network is not None and not permissions.is_network_admin(by):
        raise NotAllowed()
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise InvalidInput(field=sorted(unknown)[0])
    plan = Plan(place=place, network=network, **fields)
    _save(plan)
    audit_record(actor=by, verb=Verb.PLAN_CREATED, target=plan, place=place)
    return plan


@transaction.atomic
def plan_update(
    *, plan: Plan, by: Actor | None, decision: Model | None = None, **fields: Any
) -> Plan:
    """Change an offer: by its managers, or by a decision of a governance body (`decision`,
    the proposal that adopted the change, is its authority and is named in the audit)."""
    if decision is None and (by is None or not permissions.can_manage_plan(by, plan)):
        raise NotAllowed()
    for name, value in fields.items():
        if name not in PLAN_FIELDS or name == "kind":
            raise InvalidInput(field=name)
        setattr(plan, name, value)
    _save(plan)
    audit_record(
        actor=by,
        verb=Verb.PLAN_UPDATED,
        target=plan,
        place=plan.place,
        data={"fields": sorted(fields)} | ({"decision": decision.pk} if decision else {}),
    )
    return plan
