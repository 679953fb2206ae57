"""Writes of bookable resources and their rules, by the place's permanent concierges."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from comptoir.bookings.audit import Verb
from comptoir.bookings.models import Resource
from comptoir.community import permissions
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place

RULE_FIELDS = (
    "name",
    "kind",
    "space",
    "capacity",
    "allowed_roles",
    "horizon_days",
    "slot_minutes",
    "min_minutes",
    "max_minutes",
    "usual_minutes",
    "book_before_minutes",
    "cancel_before_minutes",
    "hourly_price_cents",
    "partner_hourly_cents",
    "nomad_payment",
    "minutes_per_ticket",
    "uses_included_hours",
    "required_training",
    "is_active",
)


def _check(place: Place, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise InvalidInput(field=sorted(unknown)[0])
    for name in ("space", "required_training"):
        value = fields.get(name)
        if value is not None and value.place_id != place.pk:
            raise InvalidInput(field=name)


def _unique_slug(place: Place, name: str) -> str:
    base = slugify(name)[:40] or "ressource"
    slug, n = base, 1
    while Resource.objects.filter(place=place, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def resource_create(*, place: Place, by: Actor, **fields: Any) -> Resource:
    if not permissions.can_manage_resources(by, place.pk):
        raise NotAllowed()
    _check(place, fields)
    resource = Resource(place=place, slug=_unique_slug(place, fields.get("name", "")), **fields)
    resource.full_clean()
    resource.save()
    audit_record(actor=by, verb=Verb.RESOURCE_CREATED, target=resource, place=place)
    return resource


@transaction.atomic
def resource_update(
    *, resource: Resource, by: Actor | None, decision: Model | None = None, **fields: Any
) -> Resource:
    """Change a resource's rules: its place's concierges, or a decision of a governance
    body (`decision`: its authority, named in the audit)."""
    if decision is None and (
        by is None or not permissions.can_manage_resources(by, resource.place_id)
    ):
        raise NotAllowed()
    _check(resource.place, fields)
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.full_clean()
    resource.save()
    audit_record(
        actor=by,
        verb=Verb.RESOURCE_UPDATED,
        target=resource,
        place=resource.place,
        data={"fields": sorted(fields)} | ({"decision": decision.pk} if decision else {}),
    )
    return resource
