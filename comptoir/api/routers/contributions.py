"""/contributions and /prestations: what people give to a project or to a place (each a
ValueFlows EconomicEvent), validated by a porteur or a concierge, and the prestations whose
revenue is shared back by a distribution statement the concierge validates (then it is
immutable). Thin adapters over `comptoir.contributions.services`; refusals come back as their
codes."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.openapi import media
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_named
from comptoir.api.schemas import (
    READ_ERRORS,
    UNSET,
    WRITE_ERRORS,
    FilterSchema,
    InSchema,
    PersonRefOut,
    Slug,
)
from comptoir.community import permissions
from comptoir.contributions import permissions as rules
from comptoir.contributions import selectors, valueflows
from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.contributions.services import contributions as services
from comptoir.contributions.services import redistribution
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.core.types import Actor
from comptoir.places.models import Place
from comptoir.projects.models import Project

router = Router(tags=["contributions"])


# --- Schemas --------------------------------------------------------------------------------


class ContributionOut(Schema):
    id: int
    project: str | None = Field(..., description="The project's slug (null: to a place).")
    place: str | None = Field(..., description="The place's slug, for a gift to the place.")
    contributor: PersonRefOut
    kind: str = Field(..., description=", ".join(Contribution.Kind.values))
    action: str = Field(..., description="Its ValueFlows action: work, use, transfer…")
    description: str
    quantity: Decimal = Field(..., description='A decimal, written as a string ("2.50").')
    unit: str = Field(..., description=", ".join(Contribution.Unit.values))
    happened_on: date
    status: str = Field(..., description="proposed, pending, validated or refused.")
    validated_by: PersonRefOut | None
    validated_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_project(obj: Contribution) -> str | None:
        return obj.project.slug if obj.project_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_place(obj: Contribution) -> str | None:
        return obj.place.slug if obj.place_id else None  # type: ignore[union-attr]


class ContributionIn(InSchema):
    kind: Contribution.Kind
    description: str = Field(..., max_length=300, description="What it was.")
    quantity: Decimal = Field(
        ..., description="Hours (at most 24), euros or items; more than zero, two decimals."
    )
    unit: Contribution.Unit | None = Field(
        None, description="Defaults to the kind's unit (hours of work, euros, items)."
    )
    happened_on: SupportedDate = Field(..., description="The day it happened (not in the future).")


class PlaceContributionIn(ContributionIn):
    place: Slug = Field(..., description="The slug of the place it was given to.")


class ContributionFilters(FilterSchema):
    status: Contribution.Status | None = None


class MyContributionFilters(ContributionFilters):
    mine: bool = Field(
        True,
        description="true: the caller's own contributions; false: those waiting for the "
        "caller to validate them.",
    )


class PrestationOut(Schema):
    id: int
    place: str = Field(..., alias="place.slug")
    project: str | None = Field(..., description="The slug of the project it belongs to.")
    title: str
    client: str
    revenue_cents: int
    delivered_on: date
    commons_share_bp: int = Field(..., description="The share to the commons, in ‱ (2000: 20 %).")
    weights: dict[str, str] = Field(
        ...,
        description="Weight per kind of contribution counted in hours (default 1; equipment 0).",
    )
    period_start: date = Field(..., description="Validated hours from this day…")
    period_end: date = Field(..., description="…until this one (included) share the revenue.")
    status: str = Field(..., description="draft or validated (then immutable).")
    validated_by: PersonRefOut | None
    validated_at: datetime | None

    @staticmethod
    def resolve_project(obj: Prestation) -> str | None:
        return obj.project.slug if obj.project_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_weights(obj: Prestation) -> dict[str, str]:
        return {kind: str(value) for kind, value in (obj.weights or {}).items()}


class StatementLineOut(Schema):
    person: PersonRefOut | None = Field(..., description="null: the place's commons.")
    weighted_hours: Decimal
    amount_cents: int


class StatementOut(Schema):
    validated: bool = Field(
        ..., description="false: a preview computed now; true: the shares as validated."
    )
    total_cents: int = Field(..., description="Always the revenue, to the cent.")
    total_hours: Decimal
    lines: list[StatementLineOut]


class PrestationDetailOut(PrestationOut):
    statement: StatementOut

    @staticmethod
    def resolve_statement(obj: Prestation) -> dict[str, Any]:
        statement = redistribution.statement_preview(prestation=obj)
        return {
            "validated": statement.validated,
            "total_cents": statement.total_cents,
            "total_hours": statement.total_hours,
            "lines": statement.lines,
        }


class ShareOut(Schema):
    prestation_id: int
    prestation: str = Field(..., alias="prestation.title")
    place: str = Field(..., alias="prestation.place.slug")
    delivered_on: date = Field(..., alias="prestation.delivered_on")
    weighted_hours: Decimal
    amount_cents: int


class PrestationIn(InSchema):
    title: str = Field(..., min_length=1, max_length=160)
    client: str = Field("", max_length=160)
    project: Slug | None = Field(None, description="The slug of one of the place's projects.")
    revenue_cents: int = Field(..., description="The revenue, in cents (at most 1 M€).")
    delivered_on: SupportedDate
    period_start: SupportedDate
    period_end: SupportedDate
    commons_share_bp: int = Field(2000, description="The share to the commons, in ‱.")
    weights: dict[str, Decimal] = Field(
        {}, description="Weight per kind counted in hours, between 0 and 10."
    )


class PrestationPatchIn(InSchema):
    # Leave a field out to keep it; `project: null` detaches it from its project.
    title: str = Field(UNSET, min_length=1, max_length=160)
    client: str = Field(UNSET, max_length=160)
    project: Slug | None = None
    revenue_cents: int = UNSET
    delivered_on: SupportedDate = UNSET
    period_start: SupportedDate = UNSET
    period_end: SupportedDate = UNSET
    commons_share_bp: int = UNSET
    weights: dict[str, Decimal] = UNSET


# --- Reads ----------------------------------------------------------------------------------


def _with_refs(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return contributions.select_related("project", "place", "contributor", "validated_by")


def contribution_out(pk: int) -> Contribution:
    return _with_refs(Contribution.objects.all()).get(pk=pk)


# --- Contributions --------------------------------------------------------------------------


@router.get(
    "/projects/{slug}/contributions",
    response={200: list[ContributionOut], **READ_ERRORS},
    auth=PUBLIC,
)
@paginate(Pagination)
def list_project_contributions(
    request: ApiRequest, slug: Slug, filters: Query[ContributionFilters]
) -> QuerySet[Contribution]:
    """A project's contributions, latest first: the validated ones for anyone, the waiting
    ones too for its porteurs and its places' concierges, and one's own whatever their
    status."""
    project = selectors.project_for_contributions(slug=slug)
    contributions = _with_refs(
        selectors.contributions_visible_on_project(
            project=project,
            user=request.auth,
            validator=rules.validates_project(request.auth, project),
        )
    )
    if filters.status:
        contributions = contributions.filter(status=filters.status)
    return contributions.order_by("-happened_on", "-pk")


@router.get("/contributions", response={200: list[ContributionOut], **READ_ERRORS})
@paginate(Pagination)
def list_contributions(
    request: AuthedApiRequest, filters: Query[MyContributionFilters]
) -> QuerySet[Contribution]:
    """`mine=true` (the default): the caller's contribution history; `mine=false`: the
    contributions waiting for the caller to validate them."""
    if filters.mine:
        contributions = _with_refs(selectors.contributions_of_person(person=request.auth))
    else:
        contributions = _with_refs(selectors.contributions_to_validate(user=request.auth))
    if filters.status:
        contributions = contributions.filter(status=filters.status)
    return contributions.order_by("-happened_on", "-pk")


def _log(request: AuthedApiRequest, payload: ContributionIn, **recipient: Any) -> Status:
    contribution = services.contribution_log(
        by=request.auth,
        kind=payload.kind,
        quantity=payload.quantity,
        description=payload.description,
        happened_on=payload.happened_on,
        unit=payload.unit,
        **recipient,
    )
    return Status(201, contribution_out(contribution.pk))


@router.post("/projects/{slug}/contributions", response={201: ContributionOut, **WRITE_ERRORS})
def log_project_contribution(
    request: AuthedApiRequest, slug: Slug, payload: ContributionIn
) -> Status:
    """Log what you gave to a project: `pending` for its members (a porteur or a concierge
    validates it), `proposed` for anyone else. 422 `bad_quantity` (zero, negative, more
    than 24 hours…), `bad_unit`, `bad_date` (in the future)."""
    project = selectors.project_for_contributions(slug=slug)
    return _log(request, payload, project=project)


@router.post("/contributions", response={201: ContributionOut, **WRITE_ERRORS})
def log_place_contribution(request: AuthedApiRequest, payload: PlaceContributionIn) -> Status:
    """Log what you gave to a place itself (running it, documentation, material…), named by
    `place`: `pending` for the people holding a role there, `proposed` otherwise."""
    return _log(request, payload, place=place_named(slug=payload.place))


@router.post(
    "/contributions/{int:contribution_id}/validate",
    response={200: ContributionOut, **WRITE_ERRORS},
)
def validate_contribution(request: AuthedApiRequest, contribution_id: int) -> Contribution:
    """Validate a pending or proposed contribution (a porteur of its project or a concierge;
    never one's own: 403). 409 `already_decided`."""
    contribution = selectors.contribution_get(pk=contribution_id)
    services.contribution_validate(contribution=contribution, by=request.auth)
    return contribution_out(contribution_id)


@router.post(
    "/contributions/{int:contribution_id}/refuse",
    response={200: ContributionOut, **WRITE_ERRORS},
)
def refuse_contribution(request: AuthedApiRequest, contribution_id: int) -> Contribution:
    """Refuse a pending or proposed contribution (same rights as validating it)."""
    contribution = selectors.contribution_get(pk=contribution_id)
    services.contribution_refuse(contribution=contribution, by=request.auth)
    return contribution_out(contribution_id)


@router.get(
    "/projects/{slug}/contributions.jsonld",
    response={200: dict[str, Any], **READ_ERRORS},
    auth=PUBLIC,
    openapi_extra=media("application/ld+json", {"type": "object"}),
)
def project_contributions_jsonld(request: ApiRequest, slug: Slug) -> HttpResponse:
    """The project's validated contributions as ValueFlows JSON-LD (`application/ld+json`):
    one `vf:EconomicEvent` each, the context inlined."""
    project = selectors.project_for_contributions(slug=slug)
    document = valueflows.project_document(
        project,
        selectors.project_validated_for_export(project=project),
        project_iri=request.build_absolute_uri(reverse("projects:detail", args=[project.slug])),
        person_iri=lambda pk: request.build_absolute_uri(
            reverse("community:person-detail", args=[pk])
        ),
    )
    return JsonResponse(
        document, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )


# --- Prestations ----------------------------------------------------------------------------


def _place_managed(user: Actor, slug: str) -> Place:
    place = Place.objects.active().get(slug=slug)
    if not permissions.can_manage_prestations(user, place.pk):
        raise NotAllowed(_("Only the place's concierges manage prestations."))
    return place


def _project_of_place(place: Place, slug: str | None) -> Project | None:
    if slug is None:
        return None
    project = Project.objects.filter(slug=slug, places=place).first()
    if project is None:
        raise InvalidInput(_("This project is not one of the place's."), field="project")
    return project


@router.get("/shares", response={200: list[ShareOut], **READ_ERRORS})
@paginate(Pagination)
def list_my_shares(request: AuthedApiRequest) -> QuerySet[Share]:
    """The caller's lines of validated distribution statements, latest first: what each
    prestation paid back for their validated hours."""
    return selectors.shares_of_person(person=request.auth)


@router.get("/places/{slug}/prestations", response={200: list[PrestationOut], **WRITE_ERRORS})
@paginate(Pagination)
def list_prestations(request: AuthedApiRequest, slug: Slug) -> QuerySet[Prestation]:
    """The prestations a place sold, latest first (its concierges)."""
    place = _place_managed(request.auth, slug)
    return selectors.prestations_of_place(place=place).select_related("place", "validated_by")


@router.post("/places/{slug}/prestations", response={201: PrestationDetailOut, **WRITE_ERRORS})
def create_prestation(request: AuthedApiRequest, slug: Slug, payload: PrestationIn) -> Status:
    """Record a prestation and its distribution rule (the place's concierges): a share to
    the commons, the rest pro rata of the validated hours of the period, each kind weighted.
    422 `bad_prestation` for a revenue out of bounds, a period in the wrong order…"""
    place = _place_managed(request.auth, slug)
    values = payload.model_dump()
    values["project"] = _project_of_place(place, payload.project)
    prestation = redistribution.prestation_create(place=place, by=request.auth, **values)
    return Status(201, selectors.prestation_get(pk=prestation.pk))


@router.get(
    "/prestations/{int:prestation_id}",
    response={200: PrestationDetailOut, **READ_ERRORS},
)
def get_prestation(request: AuthedApiRequest, prestation_id: int) -> Prestation:
    """A prestation with its statement: a preview computed now while it is a draft (nothing
    saved), the validated shares afterwards. For the place's concierges and the people
    with a share of it."""
    return selectors.prestation_visible(pk=prestation_id, user=request.auth)


@router.patch(
    "/prestations/{int:prestation_id}", response={200: PrestationDetailOut, **WRITE_ERRORS}
)
def update_prestation(
    request: AuthedApiRequest, prestation_id: int, payload: PrestationPatchIn
) -> Prestation:
    """Change a draft prestation or its rule (the place's concierges; 403 for others); 409
    `statement_locked` once its statement is validated."""
    prestation = selectors.prestation_get(pk=prestation_id)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    if "project" in changes:
        changes["project"] = _project_of_place(prestation.place, changes["project"])
    redistribution.prestation_update(prestation=prestation, by=request.auth, **changes)
    return selectors.prestation_get(pk=prestation_id)


@router.post(
    "/prestations/{int:prestation_id}/validate",
    response={200: PrestationDetailOut, **WRITE_ERRORS},
)
def validate_prestation(request: AuthedApiRequest, prestation_id: int) -> Prestation:
    """Validate the statement (the place's concierges): its shares are written, each person
    sees theirs, and the prestation can no longer change (409 `statement_locked`)."""
    prestation = selectors.prestation_get(pk=prestation_id)
    redistribution.prestation_validate(prestation=prestation, by=request.auth)
    return selectors.prestation_get(pk=prestation_id)
