"""The demo documentation of Comptoir Numérique: its sections, shared resources and press
(texts in texts.py), written through the publishing services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from comptoir.community.models import Person
from comptoir.core.licences import Licence
from comptoir.devtools.demo import texts as demo_texts
from comptoir.places.models import Place
from comptoir.publishing import services as publishing
from comptoir.publishing.models import PressItem, Section, SharedResource


def load_documentation(main: Place, claire: Person) -> None:
    """The documentation of Comptoir Numérique from its Movilab page (idempotent)."""
    if Section.objects.filter(place=main).exists():
        return
    for key, body in demo_texts.SECTIONS.items():
        publishing.section_save(
            place=main, key=key, body=body, base_revision=0, by=claire, summary="Movilab"
        )
    SharedResource.objects.bulk_create(
        SharedResource(
            place=main, title=title, author=author, theme=theme, licence=Licence.CC_BY_SA
        )
        for title, author, theme in demo_texts.RESOURCES
    )
    today = timezone.localdate()
    PressItem.objects.bulk_create(
        PressItem(place=main, title=title, outlet=outlet, published_on=today - timedelta(days=400))
        for title, outlet in demo_texts.PRESS
    )
