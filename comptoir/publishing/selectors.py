"""Reads of the documentation: a place's sections with their live blocks, a section's
history, the shared-resources library and the press list, the pages of meetings' minutes
(of a place or a network) with their history."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString

from comptoir.community import permissions as community
from comptoir.core.types import Viewer
from comptoir.governance.models import Meeting, Proposal
from comptoir.places.models import Network, Place
from comptoir.places.selectors import places_public
from comptoir.publishing import live_blocks
from comptoir.publishing.diff import DiffLine, diff_lines
from comptoir.publishing.live_blocks import LiveBlock
from comptoir.publishing.markup import section_html
from comptoir.publishing.models import (
    Page,
    PageRevision,
    PressItem,
    Revision,
    Section,
    SectionKey,
    SharedResource,
)


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


# --- Pages of minutes -----------------------------------------------------------------------


def minutes_pages_of_place(*, place: Place) -> QuerySet[Page]:
    """The pages of minutes of the place's meetings, the latest meeting first."""
    return Page.objects.filter(place=place, meeting__isnull=False).order_by(
        "-meeting__starts_at", "-pk"
    )


MINUTES_LISTED_S = 3600


def minutes_listed_key(place_id: int) -> str:
    return f"publishing:minutes:{place_id}"


def minutes_listed_of_place(*, place: Place) -> list[tuple[int, str]]:
    """(pk, title) of the place's latest 50 pages of minutes, for its documentation page.
    Kept in the cache: that page is read far more often than minutes are published, and
    `services.minutes_page_keep`, their only writer, forgets the list when it writes, so the
    page stays within its 12 queries."""
    key = minutes_listed_key(place.pk)
    listed = cache.get(key)
    if listed is None:
        listed = list(minutes_pages_of_place(place=place).values_list("pk", "title")[:50])
        cache.set(key, listed, MINUTES_LISTED_S)
    return listed


def page_of_place(*, place: Place, pk: int) -> Page:
    """A page of the (public) place's documentation; raises Page.DoesNotExist."""
    return Page.objects.select_related("place", "meeting__body__place").get(place=place, pk=pk)


def page_of_network(*, network: Network, pk: int) -> Page:
    """A page of the network's documentation; raises Page.DoesNotExist."""
    return Page.objects.select_related("network", "meeting__body__network").get(
        network=network, pk=pk
    )


def can_read_network_pages(viewer: Viewer) -> bool:
    """A network's pages are read by those who see its governance: anyone holding a role
    in one of its places, the network admins (a place's pages are public, as its
    documentation is)."""
    return community.is_network_admin(viewer) or bool(community.roles_by_place(viewer))


def page_url(page: Page) -> str:
    if page.place_id is not None:
        return reverse("publishing:minutes", args=[page.place.slug, page.pk])  # type: ignore[union-attr]
    return reverse("publishing:network-minutes", args=[page.network.slug, page.pk])  # type: ignore[union-attr]


def minutes_page_url(meeting: Meeting) -> str | None:
    """Where the meeting's minutes are read in the documentation (governance's registry)."""
    page = Page.objects.select_related("place", "network").filter(meeting=meeting).first()
    return page_url(page) if page is not None else None


def meeting_url(meeting: Meeting) -> str:
    body = meeting.body
    if body.place_id is not None:
        return reverse("governance:meeting", args=[body.place.slug, meeting.pk])  # type: ignore[union-attr]
    return reverse("governance:network-meeting", args=[body.network.slug, meeting.pk])  # type: ignore[union-attr]


def meeting_decisions(meeting: Meeting) -> list[Proposal]:
    """The proposals of the meeting's order of the day that are decided."""
    return list(
        meeting.proposals.filter(status=Proposal.Status.CLOSED)
        .exclude(outcome=Proposal.Outcome.PENDING)
        .select_related("winner")
        .order_by("pk")
    )


@dataclass
class PageChange:
    revision: PageRevision
    diff: list[DiffLine]


def page_history(page: Page) -> list[PageChange]:
    """Each revision, newest first, with what it changed from the one before."""
    revisions = list(page.revisions.select_related("author").order_by("number"))
    changes: list[PageChange] = []
    before = ""
    for revision in revisions:
        changes.append(PageChange(revision, diff_lines(before, revision.body)))
        before = revision.body
    return changes[::-1]
