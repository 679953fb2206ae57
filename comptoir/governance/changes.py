"""Changes a proposal may carry to settings other apps hold, as data: each kind says how a
value is checked when the proposal is written (an invalid value is refused then, never at
apply time) and how it is applied, through the owning app's service, once adopted.

- `plan_price`: an offer's price (access), in cents;
- `opening_hours`: a place's opening hours (places), in OSM syntax;
- `booking_rule`: one rule of a bookable resource (bookings), e.g. its longest booking;
- `role`: a role given to someone in the place (community), from the effective date."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.access.models import Plan
from comptoir.access.services.plans import plan_update
from comptoir.bookings.models import Resource
from comptoir.bookings.resources import resource_update
from comptoir.community.models import Person, Role
from comptoir.community.services.roles import place_role_assign
from comptoir.core.ranges import MAX_CENTS
from comptoir.governance.exceptions import ChangeInvalid
from comptoir.governance.models import Body
from comptoir.places.models import Place
from comptoir.places.services import place_update

# The rules of a resource a decision may change: numbers the model checks.
BOOKING_RULES = (
    "capacity",
    "slot_minutes",
    "min_minutes",
    "usual_minutes",
    "max_minutes",
    "book_before_minutes",
    "cancel_before_minutes",
    "hourly_price_cents",
    "partner_hourly_cents",
    "minutes_per_ticket",
)


@dataclass(frozen=True)
class Target:
    obj: models.Model
    value: Any  # the value cleaned, as stored
    previous: Any


@dataclass(frozen=True)
class ChangeKind:
    label: Any
    check: Callable[[Body, int, Any], Target]
    apply: Callable[[models.Model, Any, date, models.Model], None]


def _places_of(body: Body) -> models.QuerySet[Place]:
    if body.place_id is not None:
        return Place.objects.filter(pk=body.place_id)
    return Place.objects.filter(network_id=body.network_id or 0)


def _valid(obj: models.Model, field: str, value: Any) -> None:
    trial = copy.copy(obj)
    setattr(trial, field, value)
    try:
        trial.full_clean()
    except ValidationError as error:
        raise ChangeInvalid(field="value") from error


def _int(value: Any, low: int = 0, high: int = MAX_CENTS) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ChangeInvalid(field="value")
    try:
        number = int(value)
    except ValueError as error:
        raise ChangeInvalid(field="value") from error
    if not low <= number <= high:
        raise ChangeInvalid(field="value")
    return number


def _plan_check(body: Body, target_id: int, value: Any) -> Target:
    places = _places_of(body)
    plan = Plan.objects.filter(
        models.Q(place__in=places) | models.Q(network_id=body.network_id or 0), pk=target_id
    ).first()
    if plan is None:
        raise ChangeInvalid(field="target")
    cents = _int(value)
    _valid(plan, "price_cents", cents)
    return Target(plan, cents, plan.price_cents)


def _plan_apply(obj: models.Model, value: Any, on: date, decision: models.Model) -> None:
    plan = Plan.objects.select_for_update().get(pk=obj.pk)
    plan_update(plan=plan, by=None, decision=decision, price_cents=value)


def _hours_check(body: Body, target_id: int, value: Any) -> Target:
    place = _places_of(body).filter(pk=target_id).first()
    if place is None:
        raise ChangeInvalid(field="target")
    if not isinstance(value, str) or len(value) > 255:
        raise ChangeInvalid(field="value")
    _valid(place, "opening_hours", value.strip())
    return Target(place, value.strip(), place.opening_hours)


def _hours_apply(obj: models.Model, value: Any, on: date, decision: models.Model) -> None:
    place = Place.objects.select_for_update().get(pk=obj.pk)
    place_update(place=place, by=None, decision=decision, opening_hours=value)


def _rule_check(body: Body, target_id: int, value: Any) -> Target:
    resource = Resource.objects.filter(place__in=_places_of(body), pk=target_id).first()
    if resource is None:
        raise ChangeInvalid(field="target")
    if not isinstance(value, dict) or value.get("rule") not in BOOKING_RULES:
        raise ChangeInvalid(field="value")
    rule = value["rule"]
    number = _int(value.get("value"), 0, 10_000_000)
    _valid(resource, rule, number)
    return Target(resource, {"rule": rule, "value": number}, getattr(resource, rule))


def _rule_apply(obj: models.Model, value: Any, on: date, decision: models.Model) -> None:
    resource = Resource.objects.select_for_update().get(pk=obj.pk)
    resource_update(
        resource=resource, by=None, decision=decision, **{value["rule"]: value["value"]}
    )


def _role_check(body: Body, target_id: int, value: Any) -> Target:
    place = _places_of(body).filter(pk=target_id).first()
    if place is None:
        raise ChangeInvalid(field="target")
    if not isinstance(value, dict) or value.get("role") not in Role.values:
        raise ChangeInvalid(field="value")
    person_id = _int(value.get("person"), 1, 2**62)
    if not Person.objects.filter(pk=person_id, is_active=True).exists():
        raise ChangeInvalid(field="value")
    return Target(place, {"person": person_id, "role": value["role"]}, None)


def _role_apply(obj: models.Model, value: Any, on: date, decision: models.Model) -> None:
    assert isinstance(obj, Place)
    place_role_assign(
        person=Person.objects.get(pk=value["person"]),
        place=obj,
        role=value["role"],
        by=None,
        valid_from=on,
        note=str(_("Decision no. %(number)s") % {"number": decision.pk}),
    )


KINDS: dict[str, ChangeKind] = {
    "plan_price": ChangeKind(_("Price of an offer"), _plan_check, _plan_apply),
    "opening_hours": ChangeKind(_("Opening hours of a place"), _hours_check, _hours_apply),
    "booking_rule": ChangeKind(_("Booking rule of a resource"), _rule_check, _rule_apply),
    "role": ChangeKind(_("Role given to someone"), _role_check, _role_apply),
}


def check(body: Body, kind: str, target_id: Any, value: Any) -> Target:
    """The object and the cleaned value of a change, or ChangeInvalid."""
    if kind not in KINDS:
        raise ChangeInvalid(field="kind")
    return KINDS[kind].check(body, _int(target_id, 1, 2**62), value)
