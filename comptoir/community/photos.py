"""A person's photos (comptoir.core.photos): on their profile, seen by whoever sees the
profile, added and removed by the person (and the network administrators)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core import photos


def register() -> None:
    photos.register(
        photos.Target(
            kind="person",
            word="personne",
            label=_("person"),
            model=Person,
            can_view=permissions.can_view_person,
            can_edit=permissions.can_edit_person,
            page_url=lambda person: reverse("community:person-detail", kwargs={"pk": person.pk}),
            name_of=lambda person: person.display_name,
            queryset=lambda: Person.objects.filter(is_active=True, erased_at__isnull=True),
        )
    )
