"""Roles of people in places, over periods that never overlap."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comptoir.community import permissions, ties
from comptoir.community.audit import Verb
from comptoir.community.exceptions import (
    InvalidPeriod,
    RoleOverlap,
)
from comptoir.community.models import (
    Organization,
    Person,
    PlaceRole,
)
from comptoir.community.services._common import save_clean as _save_clean
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place


def _overlapping(
    *,
    person: Person,
    place: Place,
    role: str,
    valid_from: date,
    valid_until: date | None,
    exclude_pk: int | None = None,
) -> bool:
    qs = PlaceRole.objects.filter(person=person, place=place, role=role).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from)
    )
    if valid_until is not None:
        qs = qs.filter(valid_from__lte=valid_until)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


@transaction.atomic
def place_role_assign(
    *,
    person: Person,
    place: Place,
    role: str,
    by: Actor | None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    organization: Organization | None = None,
    note: str = "",
) -> PlaceRole:
    """Give a person a role in a place for a period; periods of the same role never overlap."""
    if by is not None and not permissions.can_assign_role(by, place.pk, role):
        raise NotAllowed()
    valid_from = valid_from or timezone.localdate()
    if valid_until is not None and valid_until < valid_from:
        raise InvalidPeriod(field="valid_until")
    # Serialise role changes per person so two concurrent assignments cannot both pass.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if _overlapping(
        person=person, place=place, role=role, valid_from=valid_from, valid_until=valid_until
    ):
        raise RoleOverlap(field="valid_from")
    place_role = PlaceRole(
        person=person,
        place=place,
        role=role,
        valid_from=valid_from,
        valid_until=valid_until,
        organization=organization,
        note=note,
    )
    _save_clean(place_role)
    audit_record(
        actor=by,
        verb=Verb.ROLE_ASSIGNED,
        target=place_role,
        place=place,
        data={
            "person": person.pk,
            "role": role,
            "from": str(valid_from),
            "until": str(valid_until) if valid_until else None,
        },
    )
    permissions.forget_roles(person)
    return place_role


@transaction.atomic
def place_role_end(*, place_role: PlaceRole, by: Actor | None, on: date | None = None) -> PlaceRole:
    """End a role on `on` (default: yesterday, so it no longer counts today)."""
    if by is not None and not permissions.can_assign_role(by, place_role.place_id, place_role.role):
        raise NotAllowed()
    end = on or (timezone.localdate() - timedelta(days=1))
    if place_role.valid_until is not None and place_role.valid_until <= end:
        # Already over by then: ending it again must not extend it.
        return place_role
    if end < place_role.valid_from:
        # A role that had not started yet is simply withdrawn.
        audit_record(actor=by, verb=Verb.ROLE_WITHDRAWN, target=place_role, place=place_role.place)
        place_role.delete()
        ties.forget_if_loose(place_role.person_id, place_role.place_id)
        permissions.forget_roles(place_role.person)
        return place_role
    place_role.valid_until = end
    _save_clean(place_role)
    audit_record(
        actor=by,
        verb=Verb.ROLE_ENDED,
        target=place_role,
        place=place_role.place,
        data={"until": str(end)},
    )
    permissions.forget_roles(place_role.person)
    return place_role
