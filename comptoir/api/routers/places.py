"""/places: the network's places, their opening state, and edits by their concierges."""

from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.schemas import (
    READ_ERRORS,
    UNSET,
    WRITE_ERRORS,
    FilterSchema,
    InSchema,
    Slug,
)
from comptoir.places import selectors, services
from comptoir.places.models import Place, Typology
from comptoir.places.opening_hours import OpenState

router = Router(tags=["places"])


class PlaceFilters(FilterSchema):
    network: str = Field("", description="Network slug.")
    typology: Typology | None = None


class PlaceListOut(Schema):
    slug: str
    name: str
    network: str = Field(..., alias="network.slug")
    summary: str
    commune: str
    postal_code: str
    latitude: float | None
    longitude: float | None
    typology: list[str]


class SpaceInPlaceOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    capacity: int
    accessibility_notes: str
    equipment: list[str]

    @staticmethod
    def resolve_equipment(obj: object) -> list[str]:
        return [e.name for e in obj.equipment.all()]  # type: ignore[attr-defined]


class NearbyOut(Schema):
    name: str = Field(..., alias="display_name")
    slug: str | None = Field(None, alias="other.slug")
    url: str
    walking_minutes: int


# Whose public holidays `PH` means in the opening hours (codes of the `holidays` package).
COUNTRY_HELP = (
    "ISO 3166-1 alpha-2 code (upper case) of the country whose public holidays `PH` means "
    "in opening_hours; one the `holidays` package knows."
)
HOLIDAY_REGION_HELP = (
    "The country's subdivision whose own public holidays apply, as the `holidays` package "
    "codes it (e.g. FR 57, Moselle; 6AE, Alsace; 974, La Réunion); empty: the national ones."
)


class PlaceDetailOut(PlaceListOut):
    description: str
    address: str
    insee_code: str
    timezone: str
    opening_hours: str
    country: str = Field(..., description=COUNTRY_HELP)
    holiday_region: str = Field(..., description=HOLIDAY_REGION_HELP)
    is_open_now: bool
    opening_hours_known: bool
    next_change: datetime | None = Field(
        None, description="When open: closing time; when closed: next opening."
    )
    services: list[str]
    legal_entity: str | None = Field(None, alias="legal_entity.slug")
    email: str
    phone: str
    website: str
    spaces: list[SpaceInPlaceOut]
    nearby: list[NearbyOut]

    @staticmethod
    def resolve_is_open_now(obj: Place) -> bool:
        return _open_state(obj).is_open

    @staticmethod
    def resolve_opening_hours_known(obj: Place) -> bool:
        return _open_state(obj).is_known

    @staticmethod
    def resolve_next_change(obj: Place) -> datetime | None:
        return _open_state(obj).next_change


class PlacePatchIn(InSchema):
    # Leave a field out to keep it; `null` is refused for text fields.
    name: str = UNSET
    summary: str = UNSET
    description: str = UNSET
    address: str = UNSET
    postal_code: str = UNSET
    commune: str = UNSET
    insee_code: str = UNSET
    latitude: Decimal | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    longitude: Decimal | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    timezone: str = UNSET
    opening_hours: str = Field(UNSET, examples=["Mo-Fr 09:00-18:00; Sa 10:00-13:00; PH off"])
    # Checked together by the places service: a region must be one of the country's.
    country: str = Field(UNSET, description=COUNTRY_HELP, examples=["FR"])
    holiday_region: str = Field(UNSET, description=HOLIDAY_REGION_HELP, examples=["57", ""])
    typology: list[Typology] = UNSET
    services: list[str] = UNSET
    email: str = UNSET
    phone: str = UNSET
    website: str = UNSET


def _open_state(place: Place) -> OpenState:
    # Computed once per serialisation so is_open_now and next_change agree.
    state = place.__dict__.get("_api_open_state")
    if state is None:
        state = place.__dict__["_api_open_state"] = selectors.place_open_state(place=place)
    return state


def places_filtered(*, network: str = "", typology: str | None = None) -> QuerySet[Place]:
    qs = selectors.places_public().order_by("name", "pk")
    if network:
        qs = qs.filter(network__slug=network)
    if typology:
        # A JSON list of codes; matching the quoted code works on SQLite and PostgreSQL.
        qs = qs.filter(typology__icontains=f'"{typology}"')
    return qs


@router.get("/places", response=list[PlaceListOut], auth=PUBLIC)
@paginate(Pagination)
def list_places(request: ApiRequest, filters: Query[PlaceFilters]) -> QuerySet[Place]:
    return places_filtered(network=filters.network, typology=filters.typology)


@router.get("/places/{slug}", response={200: PlaceDetailOut, **READ_ERRORS}, auth=PUBLIC)
def get_place(request: ApiRequest, slug: Slug) -> Place:
    return selectors.place_get_public(slug=slug)


@router.patch("/places/{slug}", response={200: PlaceDetailOut, **WRITE_ERRORS})
def update_place(request: AuthedApiRequest, slug: Slug, payload: PlacePatchIn) -> Place:
    place = selectors.places_public().get(slug=slug)
    services.place_update(place=place, by=request.auth, **payload.model_dump(exclude_unset=True))
    return selectors.place_get_public(slug=place.slug)
