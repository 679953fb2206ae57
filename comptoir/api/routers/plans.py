"""/plans: the offers of a place and of its network; created and edited by its permanent
concierges (network offers by the network admins)."""

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.access import selectors, services
from comptoir.access.models import Plan, TicketUnit
from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, UNSET, WRITE_ERRORS, FilterSchema, InSchema, Slug
from comptoir.community import permissions
from comptoir.core.types import Viewer
from comptoir.places import selectors as place_selectors

router = Router(tags=["plans"])

# Bounds of the counts and prices of an offer (PostgreSQL integers, and common sense).
MAX_CENTS = 10_000_000
MAX_COUNT = 10_000


class PlanFilters(FilterSchema):
    kind: Plan.Kind | None = None
    include_inactive: bool = Field(
        False, description="Also the offers no longer on sale (permanent concierges only)."
    )


class PlanOut(Schema):
    id: int
    kind: str
    name: str
    description: str
    price_cents: int
    vat_rate_bp: int
    holder: str
    seats: int
    included_room_hours: int
    commitment_months: int
    tickets: int
    ticket_unit: str
    validity_months: int
    network_wide: bool
    is_active: bool
    position: int
    place: str | None = Field(None, description="Slug of the place selling it, if any.")
    network: str | None = Field(None, description="Slug of the network, for a network offer.")

    @staticmethod
    def resolve_place(obj: Plan) -> str | None:
        return obj.place.slug if obj.place_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_network(obj: Plan) -> str | None:
        return obj.network.slug if obj.network_id else None  # type: ignore[union-attr]


class PlanPatchIn(InSchema):
    # Leave a field out to keep it; `null` is refused. The kind of an offer never changes.
    name: str = Field(UNSET, min_length=1, max_length=120)
    description: str = UNSET
    price_cents: int = Field(UNSET, ge=0, le=MAX_CENTS)
    vat_rate_bp: int = Field(UNSET, ge=0, le=10_000)
    holder: Plan.Holder = UNSET
    seats: int = Field(UNSET, ge=1, le=MAX_COUNT)
    included_room_hours: int = Field(UNSET, ge=0, le=MAX_COUNT)
    commitment_months: int = Field(UNSET, ge=0, le=120)
    tickets: int = Field(UNSET, ge=0, le=MAX_COUNT)
    ticket_unit: TicketUnit = UNSET
    validity_months: int = Field(UNSET, ge=0, le=120)
    network_wide: bool = UNSET
    is_active: bool = UNSET
    position: int = Field(UNSET, ge=0, le=MAX_COUNT)


class PlanCreateIn(PlanPatchIn):
    kind: Plan.Kind
    name: str = Field(..., min_length=1, max_length=120)


def plan_get_visible(*, user: Viewer, pk: int) -> Plan:
    """An offer on sale, or any offer for those who manage it (404 otherwise)."""
    plan = selectors.plan_get(pk=pk)
    if not plan.is_active and not permissions.can_manage_plan(user, plan):
        raise Plan.DoesNotExist
    return plan


@router.get("/places/{slug}/plans", response=list[PlanOut], auth=PUBLIC)
@paginate(Pagination)
def list_place_plans(
    request: ApiRequest, slug: Slug, filters: Query[PlanFilters]
) -> QuerySet[Plan]:
    """The offers of the place and of its network. Offers no longer on sale are listed only
    for the place's permanent concierges who ask for them."""
    place = place_get_active(slug=slug)
    inactive = filters.include_inactive and permissions.can_manage_plans(request.auth, place.pk)
    plans = selectors.plans_offered_at(place=place, include_inactive=inactive)
    return plans.filter(kind=filters.kind) if filters.kind else plans


@router.get("/plans/{int:plan_id}", response={200: PlanOut, **READ_ERRORS}, auth=PUBLIC)
def get_plan(request: ApiRequest, plan_id: int) -> Plan:
    return plan_get_visible(user=request.auth, pk=plan_id)


@router.post("/places/{slug}/plans", response={201: PlanOut, **WRITE_ERRORS})
def create_plan(request: AuthedApiRequest, slug: Slug, payload: PlanCreateIn) -> Status:
    place = place_selectors.place_get_for_edit(slug=slug)
    plan = services.plan_create(
        place=place, by=request.auth, **payload.model_dump(exclude_unset=True)
    )
    return Status(201, selectors.plan_get(pk=plan.pk))


@router.patch("/plans/{int:plan_id}", response={200: PlanOut, **WRITE_ERRORS})
def update_plan(request: AuthedApiRequest, plan_id: int, payload: PlanPatchIn) -> Plan:
    plan = plan_get_visible(user=request.auth, pk=plan_id)
    services.plan_update(plan=plan, by=request.auth, **payload.model_dump(exclude_unset=True))
    return plan
