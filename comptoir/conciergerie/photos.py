"""A parcel's photo (comptoir.core.photos): taken at the desk when it arrives, seen by its
addressee and the place's concierges."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.conciergerie.models import Parcel
from comptoir.conciergerie.permissions import can_edit_parcel, can_view_parcel
from comptoir.conciergerie.services.parcels import PHOTO_KIND
from comptoir.core import photos


def register() -> None:
    photos.register(
        photos.Target(
            kind=PHOTO_KIND,
            word="colis",
            label=_("parcel"),
            model=Parcel,
            can_view=can_view_parcel,
            can_edit=can_edit_parcel,
            page_url=lambda parcel: reverse("conciergerie:parcels", args=[parcel.place.slug]),
            place_of=lambda parcel: parcel.place,
            name_of=lambda parcel: f"{parcel.carrier} #{parcel.pk}",
            queryset=lambda: Parcel.objects.select_related("place"),
        )
    )
