"""The Give Box: what a place's box offers and its monthly figures (anyone), giving an
object and reserving one without an account (throttled per address, 429), and the
concierges' moderation. Photos are added on the page (a multipart form)."""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, InSchema, Slug
from comptoir.core import ratelimit
from comptoir.core.exceptions import NotAllowed
from comptoir.givebox import selectors, services, weights
from comptoir.givebox.models import Gift

router = Router(tags=["give box"])
Action = Literal["taken", "hide", "show", "remove"]
ACTIONS = {
    "taken": services.gift_mark_taken,
    "hide": services.gift_hide,
    "show": services.gift_show,
    "remove": services.gift_remove,
}


class GiftIn(InSchema):
    title: str = Field(max_length=120)
    category: Gift.Category
    where: Gift.Where
    contact: str = Field("", max_length=200, description="Required for an object to collect.")
    giver_name: str = Field("", max_length=80)
    description: str = Field("", max_length=1000)


class GiftOut(Schema):
    id: int
    title: str
    description: str
    category: str
    where: str
    contact: str
    giver_name: str
    status: str
    created_at: dt.datetime
    expires_at: dt.datetime
    reserved_until: dt.datetime | None


class GiftReserveIn(InSchema):
    name: str = Field(max_length=80, description="A first name, shown while reserved.")


class GiftModerateIn(InSchema):
    action: Action


class GiveBoxMonthOut(Schema):
    month: dt.date
    given: int
    taken: int
    kept_kg: float


class GiveBoxFiguresOut(Schema):
    months: list[GiveBoxMonthOut]
    grams_per_category: dict[str, int]
    source: str


@router.get("/places/{slug}/give-box", response={200: list[GiftOut], **READ_ERRORS}, auth=PUBLIC)
@paginate(Pagination)
def list_gifts(request: ApiRequest, slug: Slug) -> QuerySet[Gift]:
    """What the place's Give Box offers now, the newest first."""
    return selectors.gifts_shown(place=place_get_active(slug=slug), now=timezone.now())


@router.post(
    "/places/{slug}/give-box",
    response={201: GiftOut, **WRITE_ERRORS, 429: ErrorOut},
    auth=PUBLIC,
)
def post_gift(request: ApiRequest, slug: Slug, payload: GiftIn) -> Status:
    """Give an object away, with or without an account (throttled per address)."""
    place = place_get_active(slug=slug)
    ratelimit.consume(request, "givebox_post")
    gift = services.gift_post(place=place, by=request.auth, **payload.model_dump())  # type: ignore[arg-type]
    return Status(201, gift)


@router.post(
    "/gifts/{gift_id}/reserve",
    response={200: GiftOut, **WRITE_ERRORS, 429: ErrorOut},
    auth=PUBLIC,
)
def reserve_gift(request: ApiRequest, gift_id: int, payload: GiftReserveIn) -> Gift:
    """Hold an object for 48 hours: 409 `gift_unavailable` when someone holds it."""
    gift = Gift.objects.shown().select_related("place").get(pk=gift_id)
    ratelimit.consume(request, "givebox_reserve")
    return services.gift_reserve(gift=gift, name=payload.name, by=request.auth)  # type: ignore[arg-type]


@router.post("/gifts/{gift_id}/moderate", response={200: GiftOut, **WRITE_ERRORS})
def moderate_gift(request: AuthedApiRequest, gift_id: int, payload: GiftModerateIn) -> Gift:
    """Mark what left, hide, show again or remove (the place's concierges)."""
    gift = Gift.objects.select_related("place").get(pk=gift_id)
    if not selectors.can_moderate(request.auth, gift.place_id):
        raise NotAllowed()
    return ACTIONS[payload.action](gift=gift, by=request.auth)


@router.get(
    "/places/{slug}/give-box/figures", response={200: GiveBoxFiguresOut, **READ_ERRORS}, auth=PUBLIC
)
def figures(request: ApiRequest, slug: Slug) -> dict[str, object]:
    """Objects given and taken per month over a year, and the weight kept out of the bin
    (category averages: `grams_per_category`, from `source`)."""
    place = place_get_active(slug=slug)
    since = (timezone.localdate() - dt.timedelta(days=365)).replace(day=1)
    months = selectors.monthly_figures(place=place, since=since)
    return {"months": months, "grams_per_category": weights.GRAMS, "source": weights.SOURCE}
