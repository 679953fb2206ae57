"""Small reads the access, sales and presence routers need that no selector offers yet.

Each raises DoesNotExist (a 404) or returns None where the caller turns it into a field
error. Visibility rules still come from `community.permissions` and the app selectors.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from comptoir.access import selectors as access_selectors
from comptoir.access.models import Plan, Subscription
from comptoir.community import permissions
from comptoir.community import selectors as community_selectors
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.types import Actor
from comptoir.places.models import Network, Place, Space
from comptoir.presence.models import Visit


def place_get_active(*, slug: str) -> Place:
    """An active place by slug, without joins (a 404 when there is none)."""
    return Place.objects.active().get(slug=slug)


def place_named(*, slug: str, field: str = "place") -> Place:
    """An active place named in a body or a filter: unknown is a field error, not a 404."""
    # With its access settings: the check-in reads them, and this saves a query.
    place = access_selectors.active_place_with_settings(slug=slug)
    if place is None:
        raise InvalidInput(_("Unknown place."), field=field)
    return place


def plan_get_or_none(*, pk: int) -> Plan | None:
    return Plan.objects.filter(pk=pk).first()


def network_get(*, slug: str) -> Network:
    return Network.objects.get(slug=slug)


def person_get_active(*, pk: int) -> Person | None:
    """The active person, None for unknown ids (a field error here)."""
    return community_selectors.person_active_or_none(pk=pk)


def person_whose_access(*, user: Actor, pk: int | None) -> Person:
    """Whose books or visits to list: the caller by default, anyone for the concierges
    (403 for others, before the lookup, so ids cannot be probed; 422 when unknown)."""
    if pk is None or pk == user.pk:
        return user
    if not permissions.can_search_private_data(user):
        raise NotAllowed()
    person = person_get_active(pk=pk)
    if person is None or not permissions.can_view_access_of(user, person):
        raise InvalidInput(_("Unknown person."), field="person_id")
    return person


def organization_get_or_none(*, slug: str) -> Organization | None:
    return Organization.objects.filter(slug=slug).first()


def space_of_place(*, place: Place, slug: str) -> Space | None:
    return Space.objects.filter(place_id=place.pk, slug=slug, is_active=True).first()


def subscription_get_visible(*, user: Actor, pk: int) -> Subscription:
    """A subscription its holder, their structure's people or the place's concierges may see
    (raises DoesNotExist otherwise, so it is a 404)."""
    subscription = access_selectors.subscription_get(pk=pk)
    if permissions.can_manage_subscriptions(user, subscription.place_id):
        return subscription
    mine = access_selectors.subscriptions_of_person(person=user).filter(pk=pk)
    if not mine.exists():
        raise Subscription.DoesNotExist
    return subscription


def visit_get(*, pk: int) -> Visit:
    return Visit.objects.select_related("person", "place", "space").get(pk=pk)
