"""Reads of news: the archive of a place (its own announcements and its network's) and of a
network, and a member's choices."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from comptoir.news.models import Announcement, NeedAlert, NewsOptIn
from comptoir.places.models import Network, Place

ARCHIVE_MAX = 200


def announcements_of_place(*, place: Place) -> QuerySet[Announcement]:
    return (
        Announcement.objects.filter(Q(place=place) | Q(network_id=place.network_id))
        .select_related("place", "network")
        .order_by("-published_at", "-pk")
    )


def announcements_of_network(*, network: Network) -> QuerySet[Announcement]:
    return (
        Announcement.objects.filter(Q(network=network) | Q(place__network=network))
        .select_related("place", "network")
        .order_by("-published_at", "-pk")
    )


def opted_in_place_ids(*, person_id: int) -> set[int]:
    return set(NewsOptIn.objects.filter(person_id=person_id).values_list("place_id", flat=True))


def has_need_alert(*, person_id: int) -> bool:
    return NeedAlert.objects.filter(person_id=person_id).exists()
