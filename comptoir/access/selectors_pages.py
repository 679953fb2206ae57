"""Small reads the access and sales pages need besides comptoir.access.selectors: lookups by
slug or id that raise DoesNotExist (the views turn it into a 404), and the desk's choices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from comptoir.access.models import Plan, Purchase, Subscription, SubscriptionPeriod
from comptoir.access.selectors import plans_offered_at
from comptoir.billing.models import Order
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core.desk_tokens import person_id_from_token
from comptoir.core.types import Viewer
from comptoir.places.models import Network, Place


def network_get(*, slug: str) -> Network:
    return Network.objects.get(slug=slug)


def person_find(*, value: str, viewer: Viewer) -> Person | None:
    """The active person whose email or account number is `value`, if any. By number only
    someone whose private data the viewer sees (community.permissions): numbers can be
    tried one after the other, emails are given by the person. A token from the desk's
    links (`core.desk_tokens`) stands for the person the desk found."""
    value = value.strip()
    desk_found = person_id_from_token(value) if ":" in value else None
    if desk_found is not None:
        return Person.objects.filter(pk=desk_found, is_active=True).first()
    if value.isdigit():
        person = Person.objects.filter(pk=int(value), is_active=True).first()
        visible = person is not None and permissions.can_see_private_data(viewer, person)
        return person if visible else None
    if "@" in value:
        return Person.objects.filter(email__iexact=value, is_active=True).first()
    return None


def plans_sellable_at(*, place: Place) -> QuerySet[Plan]:
    """The offers the desk of `place` may sell: active, and not the free discovery visit."""
    return plans_offered_at(place=place).exclude(kind=Plan.Kind.DISCOVERY)


def plan_get_any(*, pk: int) -> Plan:
    return Plan.objects.select_related("place", "network").get(pk=pk)


def subscription_get_with_period(*, pk: int, day: date | None = None) -> Subscription:
    """One subscription as its row shows it: with the period covering `day` (today)."""
    day = day or timezone.localdate()
    current = SubscriptionPeriod.objects.filter(start__lte=day, end__gte=day)
    return (
        Subscription.objects.select_related("plan", "place", "person", "organization")
        .prefetch_related(Prefetch("periods", queryset=current, to_attr="current_periods"))
        .get(pk=pk)
    )


def network_place_ids(*, network: Network, among: set[int]) -> set[int]:
    """Which of the places `among` belong to `network`."""
    return set(Place.objects.filter(network=network, pk__in=among).values_list("pk", flat=True))


def network_slug_of_place(*, slug: str) -> str | None:
    return Place.objects.filter(slug=slug).values_list("network__slug", flat=True).first()


def plans_buyable_at(*, place: Place) -> QuerySet[Plan]:
    """What a member may buy for themself here: offers on sale held by a person (a
    structure's subscription and the free discovery visit go through the desk)."""
    return (
        plans_offered_at(place=place)
        .exclude(kind=Plan.Kind.DISCOVERY)
        .exclude(kind=Plan.Kind.SUBSCRIPTION, holder=Plan.Holder.ORGANIZATION)
    )


def plan_is_buyable(plan: Plan) -> bool:
    """The rule of `plans_buyable_at`, on a plan already read (no query)."""
    return (
        plan.is_active
        and plan.kind != Plan.Kind.DISCOVERY
        and not (plan.kind == Plan.Kind.SUBSCRIPTION and plan.holder == Plan.Holder.ORGANIZATION)
    )


def plan_ids_buyable_by(*, viewer: Viewer, place: Place, plans: Iterable[Plan]) -> set[int]:
    """Among `plans` (offered at the place), those this viewer may buy for themself: none
    unless they hold a role here."""
    if not permissions.is_member(viewer, place.pk):
        return set()
    return {plan.pk for plan in plans if plan_is_buyable(plan)}


def plan_buyable_get(*, place: Place, pk: int) -> Plan:
    """One offer a member may buy here (Plan.DoesNotExist otherwise)."""
    return plans_buyable_at(place=place).get(pk=pk)


def purchases_awaiting_payment(*, person: Viewer, place: Place) -> QuerySet[Purchase]:
    """A person's own purchases at the place whose order still waits for payment."""
    person_id = person.pk if getattr(person, "is_authenticated", False) else None
    if person_id is None:
        return Purchase.objects.none()
    return (
        Purchase.objects.filter(
            person_id=person_id,
            place=place,
            status=Purchase.Status.PENDING,
            order__status=Order.Status.PENDING,
        )
        .select_related("plan", "order")
        .order_by("-created_at", "-pk")
    )
