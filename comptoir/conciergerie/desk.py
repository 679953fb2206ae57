"""The parcels waiting for the person checked in, shown at the desk (`presence.desk`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comptoir.conciergerie import selectors
from comptoir.presence.desk import DeskNote


def waiting_parcels(place: Any, person: Any) -> list[DeskNote]:
    shelves = selectors.parcels_waiting_by_person(place_id=place.pk).get(person.pk)
    if not shelves:
        return []
    text = ngettext(
        "%(count)d parcel waits for %(name)s",
        "%(count)d parcels wait for %(name)s",
        len(shelves),
    ) % {"count": len(shelves), "name": person.display_name}
    named = sorted({shelf for shelf in shelves if shelf})
    if named:
        text += " · " + _("shelf %(shelves)s") % {"shelves": ", ".join(named)}
    url = reverse("conciergerie:parcels", args=[place.slug]) + f"?pour={person.pk}"
    return [DeskNote(text, url)]
