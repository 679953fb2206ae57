"""Writes of the places app: one transaction each, audited with the place they belong to."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.text import slugify

from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places import permissions
from comptoir.places.audit import Verb
from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space

PLACE_FIELDS = (
    "name",
    "summary",
    "description",
    "address",
    "postal_code",
    "commune",
    "insee_code",
    "latitude",
    "longitude",
    "timezone",
    "opening_hours",
    "country",
    "holiday_region",
    "services",
    "typology",
    "legal_entity",
    "email",
    "phone",
    "website",
    "is_active",
)
SPACE_FIELDS = ("name", "kind", "capacity", "description", "accessibility_notes", "is_active")


def _save_clean(obj: models.Model) -> None:
    # full_clean runs the field validators (OSM opening hours, postal code, time zone…) and the
    # model's constraints, so bad input is a ValidationError and nothing is written.
    obj.full_clean()
    obj.save()


def _clean_list(values: Any) -> list[str]:
    """Strip, drop blanks and duplicates, keep the order."""
    seen: dict[str, None] = {}
    for value in values or []:
        text = " ".join(str(value).split())
        if text:
            seen.setdefault(text, None)
    return list(seen)


def _check_editor(by: Actor | None, place: Place) -> None:
    # `by=None` is the system (demo loader, migrations); people must be allowed.
    if by is not None and not permissions.can_edit_place(by, place.pk):
        raise NotAllowed()


def _unique_place_slug(name: str) -> str:
    base = slugify(name)[:45] or "lieu"
    slug, n = base, 2
    while Place.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def place_create(
    *,
    network: Network,
    name: str,
    address: str,
    postal_code: str,
    commune: str,
    by: Actor | None,
    slug: str = "",
    **fields: Any,
) -> Place:
    """Open a new place in a network (network administrators only)."""
    if by is not None and not permissions.is_network_admin(by):
        raise NotAllowed()
    unknown = set(fields) - set(PLACE_FIELDS)
    if unknown:
        raise ValueError(f"Not place fields: {sorted(unknown)}")
    for name_ in ("services", "typology"):
        if name_ in fields:
            fields[name_] = _clean_list(fields[name_])
    place = Place(
        network=network,
        name=name.strip(),
        slug=slug or _unique_place_slug(name),
        address=address,
        postal_code=postal_code,
        commune=commune,
        **fields,
    )
    _save_clean(place)
    audit_record(actor=by, verb=Verb.PLACE_CREATED, target=place, place=place)
    return place


@transaction.atomic
def place_update(
    *, place: Place, by: Actor | None, decision: models.Model | None = None, **fields: Any
) -> Place:
    """Change a place's description, address, hours…; permanent concierges and admins only,
    or a decision of a governance body (`decision`: its authority, named in the audit)."""
    if decision is None and (by is None or not permissions.can_edit_place(by, place.pk)):
        raise NotAllowed()
    unknown = set(fields) - set(PLACE_FIELDS)
    if unknown:
        raise ValueError(f"Not place fields: {sorted(unknown)}")
    for name in ("services", "typology"):
        if name in fields:
            fields[name] = _clean_list(fields[name])
    changed = sorted(name for name, value in fields.items() if getattr(place, name) != value)
    for name, value in fields.items():
        setattr(place, name, value)
    _save_clean(place)
    audit_record(
        actor=by,
        verb=Verb.PLACE_UPDATED,
        target=place,
        place=place,
        data={"fields": changed} | ({"decision": decision.pk} if decision else {}),
    )
    return place


def _unique_space_slug(place: Place, name: str) -> str:
    base = slugify(name)[:45] or "espace"
    slug, n = base, 2
    while Space.objects.filter(place=place, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def space_create(
    *,
    place: Place,
    name: str,
    kind: str,
    by: Actor | None,
    capacity: int = 1,
    slug: str = "",
    description: str = "",
    accessibility_notes: str = "",
) -> Space:
    _check_editor(by, place)
    space = Space(
        place=place,
        name=name.strip(),
        slug=slug or _unique_space_slug(place, name),
        kind=kind,
        capacity=capacity,
        description=description,
        accessibility_notes=accessibility_notes,
    )
    _save_clean(space)
    audit_record(actor=by, verb=Verb.SPACE_CREATED, target=space, place=place, data={"kind": kind})
    return space


@transaction.atomic
def space_update(*, space: Space, by: Actor | None, **fields: Any) -> Space:
    _check_editor(by, space.place)
    unknown = set(fields) - set(SPACE_FIELDS)
    if unknown:
        raise ValueError(f"Not space fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(space, name, value)
    _save_clean(space)
    audit_record(
        actor=by,
        verb=Verb.SPACE_UPDATED,
        target=space,
        place=space.place,
        data={"fields": sorted(fields)},
    )
    return space


@transaction.atomic
def equipment_create(
    *, space: Space, name: str, by: Actor | None, quantity: int = 1, description: str = ""
) -> Equipment:
    _check_editor(by, space.place)
    equipment = Equipment(
        space=space, name=name.strip(), quantity=quantity, description=description
    )
    _save_clean(equipment)
    audit_record(actor=by, verb=Verb.EQUIPMENT_CREATED, target=equipment, place=space.place)
    return equipment


@transaction.atomic
def nearby_place_set(
    *,
    place: Place,
    walking_minutes: int,
    by: Actor | None,
    other: Place | None = None,
    name: str = "",
    url: str = "",
) -> NearbyPlace:
    """Declare (or update) a nearby tiers-lieu: a place of the network or a named one."""
    _check_editor(by, place)
    lookup = {"other": other} if other is not None else {"other": None, "name": name.strip()}
    nearby = NearbyPlace.objects.filter(place=place, **lookup).first() or NearbyPlace(
        place=place, **lookup
    )
    nearby.walking_minutes = walking_minutes
    nearby.url = url
    if other is not None and name:
        nearby.name = name.strip()
    _save_clean(nearby)
    audit_record(
        actor=by,
        verb=Verb.NEARBY_PLACE_SET,
        target=nearby,
        place=place,
        data={"walking_minutes": walking_minutes},
    )
    return nearby
