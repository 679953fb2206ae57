"""Reads of the places app: querysets tuned for the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from comptoir.places import opening_hours
from comptoir.places.models import NearbyPlace, Network, Place, Space
from comptoir.places.opening_hours import OpenState, describe_open_state


def places_public() -> QuerySet[Place]:
    return Place.objects.active().select_related("network", "legal_entity")


def place_get_public(*, slug: str) -> Place:
    """The place with its spaces, equipment and nearby places prefetched (raises DoesNotExist)."""
    return (
        places_public()
        .prefetch_related(
            Prefetch(
                "spaces",
                queryset=Space.objects.filter(is_active=True).prefetch_related("equipment"),
            ),
            Prefetch("nearby", queryset=NearbyPlace.objects.select_related("other")),
        )
        .get(slug=slug)
    )


def spaces_public() -> QuerySet[Space]:
    return Space.objects.filter(is_active=True, place__is_active=True).select_related("place")


def place_open_state(*, place: Place, at: datetime | None = None) -> OpenState:
    """Open or closed, with the place's own time zone and public holidays."""
    return opening_hours.place_open_state(place, at or timezone.now())


@dataclass(frozen=True)
class OpenStatus:
    """A place's open state with its human wording, for badges."""

    state: OpenState
    label: str

    @property
    def css_class(self) -> str:
        if not self.state.is_known:
            return "unknown"
        return "open" if self.state.is_open else "closed"


def place_open_status(*, place: Place, at: datetime | None = None) -> OpenStatus:
    now = at or timezone.now()
    state = place_open_state(place=place, at=now)
    return OpenStatus(state=state, label=describe_open_state(state, now))


def places_listed() -> QuerySet[Place]:
    """The network's active places for the list page and the anonymous home (stable order)."""
    return places_public().order_by("name", "pk")


def place_get(*, slug: str) -> Place:
    """Any place, active or not, with its network (raises DoesNotExist)."""
    return Place.objects.select_related("network").get(slug=slug)


def network_get(*, slug: str) -> Network:
    """A network by its slug (raises DoesNotExist)."""
    return Network.objects.get(slug=slug)


def place_get_for_edit(*, slug: str) -> Place:
    """Any place, active or not, for its editors (raises DoesNotExist)."""
    return Place.objects.select_related("network", "legal_entity").get(slug=slug)


def places_on_map() -> list[Place]:
    """Every active place of the network, with what the map and its list show: one query."""
    return list(
        Place.objects.active()
        .order_by("name", "pk")
        .only("name", "slug", "address", "postal_code", "commune", "latitude", "longitude")
    )
