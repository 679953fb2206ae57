"""The parcels waiting for the person checked in, shown at the desk (`presence.desk`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comptoir.conciergerie import selectors
from comptoir.presence.desk import DeskNote


def waiting_parcels(place: Any, person: Any) -> list[DeskNote]:
    parcels = selectors.parcels_waiting_for(place_id=place.pk, person_id=person.pk)
    if not parcels:
        return []
    shelves = sorted({parcel.shelf for parcel in parcels if parcel.shelf})
    text = ngettext(
        "%(count)d parcel waits for %(name)s",
        "%(count)d parcels wait for %(name)s",
        len(parcels),
    ) % {"count": len(parcels), "name": person.display_name}
    if shelves:
        text += " · " + _("shelf %(shelves)s") % {"shelves": ", ".join(shelves)}
    url = reverse("conciergerie:parcels", args=[place.slug]) + f"?pour={person.pk}"
    return [DeskNote(text, url)]
