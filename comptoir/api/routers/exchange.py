"""The exchange board of a place, for its members: offers and requests (search by kind,
skill and words), post one, reply, close; a member's opt-in to the emails about requests
matching their skills."""

import datetime as dt
from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, InSchema, PersonRefOut, Slug
from comptoir.core.exceptions import NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.exchange import permissions, selectors, services
from comptoir.exchange.models import Post
from comptoir.places.models import Place

router = Router(tags=["exchange board"])

READS: dict[int, type[Schema]] = {**READ_ERRORS, 403: ErrorOut}


class PostSkillOut(Schema):
    slug: str
    name: str


class PostOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    author: PersonRefOut
    skills: list[PostSkillOut]
    status: str
    expires_on: dt.date
    created_at: dt.datetime

    @staticmethod
    def resolve_skills(obj: Post) -> list[Any]:
        return list(obj.skills.all())


class ReplyOut(Schema):
    id: int
    author: PersonRefOut
    body: str
    created_at: dt.datetime


class PostDetailOut(PostOut):
    replies: list[ReplyOut]

    @staticmethod
    def resolve_replies(obj: Post) -> list[Any]:
        return list(obj.replies.all())


class PostIn(InSchema):
    kind: Post.Kind
    title: str = Field(max_length=200)
    body: str = Field("", max_length=4000)
    skills: list[Annotated[str, Field(max_length=90)]] = Field(
        default_factory=list, max_length=10, description="Slugs of skills of the directory."
    )
    expires_on: SupportedDate | None = Field(None, description="In 30 days when left out.")


class ReplyIn(InSchema):
    body: str = Field(max_length=2000)


class AlertsIn(InSchema):
    on: bool


class AlertsOut(Schema):
    on: bool


def _place(user: Any, slug: str) -> Place:
    place = place_get_active(slug=slug)
    if not permissions.can_use_board(user, place.pk):
        raise NotAllowed()
    return place


@router.get("/places/{slug}/exchange-posts", response={200: list[PostOut], **READS})
@paginate(Pagination)
def list_posts(
    request: AuthedApiRequest,
    slug: Slug,
    kind: Post.Kind | None = None,
    skill: Annotated[str, Field(max_length=90)] = "",
    q: Annotated[str, Field(max_length=100)] = "",
) -> QuerySet[Post]:
    """The place's open offers and requests, newest first (its members)."""
    place = _place(request.auth, slug)
    return selectors.board(place=place, kind=kind or "", skill=skill, query=q)


@router.post("/places/{slug}/exchange-posts", response={201: PostDetailOut, **WRITE_ERRORS})
def create_post(request: AuthedApiRequest, slug: Slug, payload: PostIn) -> Status:
    """Post an offer or a request; a request's skills tell the members who opted in."""
    place = _place(request.auth, slug)
    post = services.post_create(
        place=place,
        by=request.auth,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        skills=payload.skills,
        expires_on=payload.expires_on,
    )
    return Status(201, selectors.post_get(place=place, pk=post.pk))


@router.get("/places/{slug}/exchange-posts/{post_id}", response={200: PostDetailOut, **READS})
def get_post(request: AuthedApiRequest, slug: Slug, post_id: int) -> Post:
    """An offer or a request with its replies."""
    return selectors.post_get(place=_place(request.auth, slug), pk=post_id)


@router.post(
    "/places/{slug}/exchange-posts/{post_id}/replies", response={201: ReplyOut, **WRITE_ERRORS}
)
def reply(request: AuthedApiRequest, slug: Slug, post_id: int, payload: ReplyIn) -> Status:
    """Reply to an open offer or request: its author is told."""
    post = selectors.post_get(place=_place(request.auth, slug), pk=post_id)
    return Status(201, services.reply_create(post=post, by=request.auth, body=payload.body))


@router.post(
    "/places/{slug}/exchange-posts/{post_id}/close", response={200: PostDetailOut, **WRITE_ERRORS}
)
def close(request: AuthedApiRequest, slug: Slug, post_id: int) -> Post:
    """Close an offer or a request (its author or a concierge of the place)."""
    place = _place(request.auth, slug)
    post = selectors.post_get(place=place, pk=post_id)
    if not permissions.can_close(request.auth, post):
        raise NotAllowed()
    services.post_close(post=post, by=request.auth)
    return selectors.post_get(place=place, pk=post_id)


@router.put("/me/skill-alerts", response={200: AlertsOut, **WRITE_ERRORS})
def set_alerts(request: AuthedApiRequest, payload: AlertsIn) -> dict[str, bool]:
    """Be told by email (or not) of the requests matching the skills of one's profile."""
    return {"on": services.alerts_set(by=request.auth, on=payload.on)}
