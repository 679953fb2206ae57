"""/spaces: the rooms and areas of each place; created and edited by its concierges."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.schemas import (
    READ_ERRORS,
    UNSET,
    WRITE_ERRORS,
    FilterSchema,
    InSchema,
    PlaceRefOut,
)
from comptoir.core.exceptions import InvalidInput
from comptoir.places import selectors, services
from comptoir.places.models import Place, Space

router = Router(tags=["spaces"])


class SpaceFilters(FilterSchema):
    place: str = Field("", description="Place slug.")
    kind: Space.Kind | None = None


class SpaceListOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    capacity: int
    place: PlaceRefOut


class SpaceDetailOut(SpaceListOut):
    description: str
    accessibility_notes: str
    is_active: bool
    equipment: list[str]

    @staticmethod
    def resolve_equipment(obj: Space) -> list[str]:
        return [e.name for e in obj.equipment.all()]


class SpaceCreateIn(InSchema):
    place: str = Field(..., description="Slug of the place.")
    name: str
    kind: Space.Kind
    capacity: int = 1
    slug: str = ""
    description: str = ""
    accessibility_notes: str = ""


class SpacePatchIn(InSchema):
    name: str = UNSET
    kind: Space.Kind = UNSET
    capacity: int = UNSET
    description: str = UNSET
    accessibility_notes: str = UNSET
    is_active: bool = UNSET


def spaces_filtered(*, place: str = "", kind: str | None = None) -> QuerySet[Space]:
    qs = selectors.spaces_public().order_by("place__name", "name", "pk")
    if place:
        qs = qs.filter(place__slug=place)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def space_get(*, pk: int) -> Space:
    """Any space of an active place, inactive ones included, for its editors."""
    return (
        Space.objects.select_related("place")
        .prefetch_related("equipment")
        .get(pk=pk, place__is_active=True)
    )


def place_for_space(*, slug: str) -> Place:
    try:
        return selectors.places_public().get(slug=slug)
    except Place.DoesNotExist:
        raise InvalidInput(_("Unknown place."), field="place") from None


@router.get("/spaces", response=list[SpaceListOut], auth=PUBLIC)
@paginate(Pagination)
def list_spaces(request: ApiRequest, filters: Query[SpaceFilters]) -> QuerySet[Space]:
    return spaces_filtered(place=filters.place, kind=filters.kind)


@router.get("/spaces/{int:space_id}", response={200: SpaceDetailOut, **READ_ERRORS}, auth=PUBLIC)
def get_space(request: ApiRequest, space_id: int) -> Space:
    return selectors.spaces_public().prefetch_related("equipment").get(pk=space_id)


@router.post("/spaces", response={201: SpaceDetailOut, **WRITE_ERRORS})
def create_space(request: AuthedApiRequest, payload: SpaceCreateIn) -> Status:
    fields = payload.model_dump(exclude={"place"})
    place = place_for_space(slug=payload.place)
    space = services.space_create(place=place, by=request.auth, **fields)
    return Status(201, space_get(pk=space.pk))


@router.patch("/spaces/{int:space_id}", response={200: SpaceDetailOut, **WRITE_ERRORS})
def update_space(request: AuthedApiRequest, space_id: int, payload: SpacePatchIn) -> Space:
    space = space_get(pk=space_id)
    services.space_update(space=space, by=request.auth, **payload.model_dump(exclude_unset=True))
    return space_get(pk=space_id)
