"""Reads of the places app: querysets tuned for the pages and the API."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from comptoir.places.models import NearbyPlace, Place, Space
from comptoir.places.opening_hours import OpenState, open_state


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
    return open_state(place.opening_hours, place.timezone, at or timezone.now())
