"""The items' photos (comptoir.core.photos): seen by whoever sees the catalogue, added by
the place's concierges."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.core import photos
from comptoir.lending import selectors
from comptoir.lending.models import Item


def register() -> None:
    photos.register(
        photos.Target(
            kind="lending_item",
            word="objet-pret",
            label=_("lendable item"),
            model=Item,
            can_view=lambda viewer, item: selectors.can_view_library(viewer, item.place_id),
            can_edit=lambda viewer, item: selectors.can_manage_library(viewer, item.place_id),
            page_url=lambda item: reverse(
                "lending:item", kwargs={"slug": item.place.slug, "pk": item.pk}
            ),
            place_of=lambda item: item.place,
            name_of=lambda item: f"{item.name} · {item.place.name}",
            queryset=lambda: Item.objects.select_related("place"),
        )
    )
