"""A person's photos (comptoir.core.photos): on their profile, seen by whoever sees the
profile, added and removed by the person (and the network administrators); in their data
export, and removed by their erasure."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.core import photos
from comptoir.core.models import Photo
from comptoir.core.photos import services as photo_services


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


def _photos(person: Person) -> list[Row]:
    return [
        {"alt": photo.alt, "address": photo.url, "at": cell(photo.created_at)}
        for photo in Photo.objects.filter(kind="person", object_id=person.pk).order_by(
            "position", "pk"
        )
    ]


def erase(erasure: Erasure) -> None:
    """A person's photos are personal data: removed with their files (their audit lines
    scrubbed of the former name)."""
    photos = Photo.objects.filter(kind="person", object_id=erasure.person.pk)
    erasure.scrub_audit(Photo, photos.values_list("pk", flat=True))
    photo_services.photos_forget(kind="person", object_id=erasure.person.pk)


PROVIDER = Provider(
    app="photos",
    order=15,
    sections=(
        Section(
            "photos",
            _("My photos"),
            (("alt", _("text alternative")), ("address", _("address")), ("at", _("date"))),
            _photos,
        ),
    ),
    erase=erase,
)
