"""News to the community: the announcements of a place (with its network's) and of a
network (anyone), publishing them (a place's concierges, the network admins) and deleting
them, and each person's own choices (the places whose news they get by email, the alert on
projects' needs for their skills)."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import PUBLIC, AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, InSchema, Slug
from comptoir.core.exceptions import InvalidInput
from comptoir.core.markdown import render
from comptoir.news import selectors, services
from comptoir.news.models import Announcement
from comptoir.news.services import BODY_MAX, TITLE_MAX
from comptoir.places.models import Network, Place

router = Router(tags=["news"])


class AnnouncementIn(InSchema):
    title: str = Field(max_length=TITLE_MAX)
    body: str = Field(max_length=BODY_MAX, description="Markdown.")
    send_email: bool = Field(False, description="Email it to the members who opted in.")


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    body_html: str
    place_slug: str | None
    network_slug: str | None
    published_at: dt.datetime
    email: str
    emailed_count: int

    @staticmethod
    def resolve_body_html(obj: Announcement) -> str:
        return str(render(obj.body))

    @staticmethod
    def resolve_place_slug(obj: Announcement) -> str | None:
        return obj.place.slug if obj.place else None

    @staticmethod
    def resolve_network_slug(obj: Announcement) -> str | None:
        return obj.network.slug if obj.network else None


class NewsChoicesIn(InSchema):
    place_slugs: list[Slug] = Field(
        default_factory=list, max_length=200, description="The places whose news come by email."
    )
    need_alert: bool = False


class NewsChoicesOut(Schema):
    place_slugs: list[str]
    need_alert: bool


@router.get(
    "/places/{slug}/announcements",
    response={200: list[AnnouncementOut], **READ_ERRORS},
    auth=PUBLIC,
)
@paginate(Pagination)
def list_place_announcements(request: AuthedApiRequest, slug: Slug) -> QuerySet[Announcement]:
    """The news of a place and of its network, the latest first."""
    return selectors.announcements_of_place(place=Place.objects.active().get(slug=slug))


@router.get(
    "/networks/{slug}/announcements",
    response={200: list[AnnouncementOut], **READ_ERRORS},
    auth=PUBLIC,
)
@paginate(Pagination)
def list_network_announcements(request: AuthedApiRequest, slug: Slug) -> QuerySet[Announcement]:
    """The news of a network and of its places, the latest first."""
    return selectors.announcements_of_network(network=Network.objects.get(slug=slug))


@router.get(
    "/announcements/{announcement_id}",
    response={200: AnnouncementOut, **READ_ERRORS},
    auth=PUBLIC,
)
def get_announcement(request: AuthedApiRequest, announcement_id: int) -> Announcement:
    return Announcement.objects.select_related("place", "network").get(pk=announcement_id)


@router.post("/places/{slug}/announcements", response={201: AnnouncementOut, **WRITE_ERRORS})
def publish_for_place(request: AuthedApiRequest, slug: Slug, payload: AnnouncementIn) -> Status:
    """Publish an announcement of a place (its concierges)."""
    place = Place.objects.active().get(slug=slug)
    announcement = services.announcement_publish(
        by=request.auth, place=place, **payload.model_dump()
    )
    return Status(201, announcement)


@router.post("/networks/{slug}/announcements", response={201: AnnouncementOut, **WRITE_ERRORS})
def publish_for_network(request: AuthedApiRequest, slug: Slug, payload: AnnouncementIn) -> Status:
    """Publish an announcement of the network (its admins)."""
    network = Network.objects.get(slug=slug)
    announcement = services.announcement_publish(
        by=request.auth, network=network, **payload.model_dump()
    )
    return Status(201, announcement)


@router.delete("/announcements/{announcement_id}", response={204: None, **WRITE_ERRORS})
def delete_announcement(request: AuthedApiRequest, announcement_id: int) -> HttpResponse:
    announcement = Announcement.objects.select_related("place").get(pk=announcement_id)
    services.announcement_delete(announcement=announcement, by=request.auth)
    return HttpResponse(status=204)


def _choices(person_id: int) -> dict[str, object]:
    ids = selectors.opted_in_place_ids(person_id=person_id)
    return {
        "place_slugs": sorted(Place.objects.filter(pk__in=ids).values_list("slug", flat=True)),
        "need_alert": selectors.has_need_alert(person_id=person_id),
    }


@router.get("/people/me/news", response={200: NewsChoicesOut, **READ_ERRORS})
def get_my_news_choices(request: AuthedApiRequest) -> dict[str, object]:
    return _choices(request.auth.pk)


@router.put("/people/me/news", response={200: NewsChoicesOut, **WRITE_ERRORS})
def set_my_news_choices(request: AuthedApiRequest, payload: NewsChoicesIn) -> dict[str, object]:
    """The places (where one holds a role) whose news come by email, and the need alert."""
    wanted = {p.slug: p for p in Place.objects.filter(slug__in=payload.place_slugs)}
    unknown = set(payload.place_slugs) - set(wanted)
    if unknown:
        raise InvalidInput(_("Unknown place."), field="place_slugs")
    services.news_choices_set(
        person=request.auth, places=list(wanted.values()), need_alert=payload.need_alert
    )
    return _choices(request.auth.pk)
