"""Reading photos: one query for every object a page shows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db.models import Q

from comptoir.core.models import Photo


def photos_of(*, kind: str, object_id: int) -> list[Photo]:
    return list(Photo.objects.filter(kind=kind, object_id=object_id).order_by("position", "pk"))


def photos_by_object(wanted: dict[str, Collection[int]]) -> dict[tuple[str, int], list[Photo]]:
    """The photos of several objects of several kinds ({kind: ids}) in one query, by
    (kind, id), each list in gallery order."""
    condition = Q()
    for kind, ids in wanted.items():
        if ids:
            condition |= Q(kind=kind, object_id__in=sorted(ids))
    found: dict[tuple[str, int], list[Photo]] = defaultdict(list)
    if not condition:
        return found
    for photo in Photo.objects.filter(condition).order_by("kind", "object_id", "position", "pk"):
        found[(photo.kind, photo.object_id)].append(photo)
    return found
