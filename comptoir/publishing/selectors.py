"""Reads of the documentation: a place's sections with their live blocks, a section's
history, the shared-resources library and the press list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from comptoir.core.types import Viewer
from comptoir.places.models import Place
from comptoir.places.selectors import places_public
from comptoir.publishing import live_blocks
from comptoir.publishing.live_blocks import LiveBlock
from comptoir.publishing.markup import section_html
from comptoir.publishing.models import PressItem, Revision, Section, SectionKey, SharedResource


@dataclass
class DocSection:
    key: str
    title: str
    section: Section
    blocks: list[LiveBlock]

    @property
    def html(self) -> SafeString:
        return section_html(self.section.body)

    @property
    def body(self) -> str:
        return self.section.body


def place_get_documented(*, slug: str) -> Place:
    """An active place (raises Place.DoesNotExist)."""
    return places_public().get(slug=slug)


def section_get(*, place: Place, key: str) -> Section:
    """The section, or a blank unsaved one (revision 0) when it was never written."""
    found = Section.objects.filter(place=place, key=key).select_related("updated_by").first()
    return found or Section(place=place, key=key)


def sections_of_place(*, place: Place) -> dict[str, Section]:
    """Every section of the place by key, blank ones for those never written (one query)."""
    saved = {s.key: s for s in Section.objects.filter(place=place).select_related("updated_by")}
    return {key: saved.get(key) or Section(place=place, key=key) for key in SectionKey.values}


def documentation_of(*, place: Place, with_blocks: bool = True) -> list[DocSection]:
    """The place's documentation in the Movilab order: each section's text and live blocks."""
    sections = sections_of_place(place=place)
    return [
        DocSection(
            key=key,
            title=str(label),
            section=sections[key],
            blocks=live_blocks.blocks_for(place, key) if with_blocks else [],
        )
        for key, label in SectionKey.choices
    ]


def revisions_of(*, section: Section) -> QuerySet[Revision]:
    """Newest first, with their authors."""
    if section.pk is None:
        return Revision.objects.none()
    return section.revisions.select_related("author").order_by("-number")


def revision_with_previous(*, section: Section, number: int) -> tuple[Revision, Revision | None]:
    """Revision `number` of the section and the one before it (raises Revision.DoesNotExist)."""
    pair = list(
        Revision.objects.filter(section=section, number__in=[number, number - 1])
        .select_related("author")
        .order_by("-number")
    )
    if not pair or pair[0].number != number:
        raise Revision.DoesNotExist
    return pair[0], pair[1] if len(pair) > 1 else None


def resource_file_readable(name: str, viewer: Viewer) -> bool:
    """A shared resource's file is public, as its library is, while its place is active."""
    return SharedResource.objects.filter(file=name, place__in=places_public()).exists()


def resources_of_place(*, place: Place) -> QuerySet[SharedResource]:
    return SharedResource.objects.filter(place=place).order_by("theme", "title", "pk")


def press_of_place(*, place: Place) -> QuerySet[PressItem]:
    return PressItem.objects.filter(place=place).order_by("-published_on", "pk")
