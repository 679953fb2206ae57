"""The places' photos (comptoir.core.photos): places, spaces and equipment, shown on the
place's public page, added and removed by whoever may edit the place."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.core import photos
from comptoir.core.types import Viewer
from comptoir.places import permissions
from comptoir.places.models import Equipment, Place, Space


def _place_page(place: Place, anchor: str = "") -> str:
    return reverse("places:place-detail", kwargs={"slug": place.slug}) + anchor


def register() -> None:
    def public(viewer: Viewer, obj: Any) -> bool:
        return True  # the querysets below hold only what the public pages show

    photos.register(
        photos.Target(
            kind="place",
            word="lieu",
            label=_("place"),
            model=Place,
            can_view=public,
            can_edit=lambda viewer, place: permissions.can_edit_place(viewer, place.pk),
            page_url=_place_page,
            place_of=lambda place: place,
            name_of=lambda place: place.name,
            queryset=lambda: Place.objects.active(),
        )
    )
    photos.register(
        photos.Target(
            kind="space",
            word="espace",
            label=_("space"),
            model=Space,
            can_view=public,
            can_edit=lambda viewer, space: permissions.can_edit_place(viewer, space.place_id),
            page_url=lambda space: _place_page(space.place, f"#space-{space.pk}"),
            place_of=lambda space: space.place,
            name_of=lambda space: f"{space.name} · {space.place.name}",
            queryset=lambda: Space.objects.filter(
                is_active=True, place__is_active=True
            ).select_related("place"),
        )
    )
    photos.register(
        photos.Target(
            kind="equipment",
            word="equipement",
            label=_("equipment"),
            model=Equipment,
            can_view=public,
            can_edit=lambda viewer, item: permissions.can_edit_place(viewer, item.space.place_id),
            page_url=lambda item: _place_page(item.space.place, f"#space-{item.space_id}"),
            place_of=lambda item: item.space.place,
            name_of=lambda item: f"{item.name} · {item.space.place.name}",
            queryset=lambda: Equipment.objects.filter(
                is_active=True, space__is_active=True, space__place__is_active=True
            ).select_related("space__place"),
        )
    )
