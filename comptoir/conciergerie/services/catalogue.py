"""The catalogue of a place's conciergerie: services added and withdrawn by its concierges."""

from __future__ import annotations

from collections.abc import Collection

from django.db import IntegrityError, transaction

from comptoir.community.models import Role
from comptoir.conciergerie.audit import Verb
from comptoir.conciergerie.exceptions import RoleUnknown, ServiceInvalid, ServiceNameTaken
from comptoir.conciergerie.models import Service
from comptoir.conciergerie.permissions import can_run_conciergerie
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place

MAX_PRICE_CENTS = 1_000_000  # 10,000 €: beyond, a typing error
MAX_DELAY_HOURS = 24 * 90


@transaction.atomic
def service_create(
    *,
    place: Place,
    kind: str,
    name: str,
    description: str = "",
    price_cents: int = 0,
    delay_hours: int = 24,
    roles: Collection[str] = (),
    open_to_neighbours: bool = False,
    by: Actor | None,
) -> Service:
    """A service the place's desk offers: who may ask (roles; none: any member), its price
    (0: free) and expected delay. Open to neighbours only when free."""
    if by is not None and not can_run_conciergerie(by, place.pk):
        raise NotAllowed()
    name = name.strip()
    if not name or kind not in Service.Kind.values:
        raise InvalidInput(field="name" if not name else "kind")
    if not 0 <= price_cents <= MAX_PRICE_CENTS:
        raise InvalidInput(field="price_cents")
    if not 0 <= delay_hours <= MAX_DELAY_HOURS:
        raise InvalidInput(field="delay_hours")
    if any(role not in Role.values for role in roles):
        raise RoleUnknown(field="roles")
    if open_to_neighbours and price_cents:
        raise ServiceInvalid(field="open_to_neighbours")
    if Service.objects.filter(place=place, name=name).exists():
        raise ServiceNameTaken(field="name")
    try:
        with transaction.atomic():
            service = Service.objects.create(
                place=place,
                kind=kind,
                name=name,
                description=description.strip(),
                price_cents=price_cents,
                delay_hours=delay_hours,
                roles=sorted(set(roles)),
                open_to_neighbours=open_to_neighbours,
            )
    except IntegrityError as race:  # the same name added at the same moment
        raise ServiceNameTaken(field="name") from race
    audit_record(
        actor=by, verb=Verb.SERVICE_CREATED, target=service, place=place, data={"name": name}
    )
    return service


@transaction.atomic
def service_set_active(*, service: Service, active: bool, by: Actor | None) -> Service:
    """Offer a service again, or withdraw it (its requests stay)."""
    if by is not None and not can_run_conciergerie(by, service.place_id):
        raise NotAllowed()
    service.is_active = active
    service.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.SERVICE_CHANGED,
        target=service,
        place=service.place,
        data={"is_active": active},
    )
    return service
