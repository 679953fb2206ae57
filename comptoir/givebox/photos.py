"""The Give Box objects' photos (comptoir.core.photos): seen by anyone while the object is
on the public page (by the place's concierges always), changed by the concierges; the
giver's photo is stored when the object is posted (`services.gift_post`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.core import photos
from comptoir.givebox import selectors
from comptoir.givebox.models import Gift


def _can_view(viewer: object, gift: Gift) -> bool:
    return gift.status == Gift.Status.AVAILABLE or selectors.can_moderate(viewer, gift.place_id)  # type: ignore[arg-type]


def register() -> None:
    photos.register(
        photos.Target(
            kind="gift",
            word="don",
            label=_("Give Box object"),
            model=Gift,
            can_view=_can_view,
            can_edit=lambda viewer, gift: selectors.can_moderate(viewer, gift.place_id),
            page_url=lambda gift: (
                reverse("givebox:box", kwargs={"slug": gift.place.slug}) + f"#gift-{gift.pk}"
            ),
            place_of=lambda gift: gift.place,
            name_of=lambda gift: gift.title,
            queryset=lambda: Gift.objects.select_related("place"),
        )
    )
