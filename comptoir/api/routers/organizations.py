"""/organizations: the structures of the network (associations, cooperatives, companies…)."""

from typing import Any

from django.db.models import QuerySet
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
    PersonRefOut,
    Slug,
)
from comptoir.community import selectors, services
from comptoir.community.models import Organization

router = Router(tags=["organizations"])


class OrganizationFilters(FilterSchema):
    category: Organization.Category | None = None
    q: str = Field("", max_length=100, description="Part of the name.")


class OrganizationOut(Schema):
    slug: str
    name: str
    category: str
    legal_form: str
    website: str


class OrganizationListOut(OrganizationOut):
    member_count: int


class OrganizationDetailOut(OrganizationOut):
    siret: str
    description: str
    email: str
    members: list[PersonRefOut] = Field(..., description="Members the caller may see.")

    @staticmethod
    def resolve_members(obj: Organization, context: dict[str, Any]) -> list[Any]:
        return list(
            selectors.organization_members_visible(user=context["request"].auth, organization=obj)
        )


class OrganizationCreateIn(InSchema):
    name: str = Field(..., min_length=1, max_length=150)
    category: Organization.Category
    legal_form: Organization.LegalForm = Organization.LegalForm.ASSOCIATION
    siret: str = Field("", description="14 digits; spaces are ignored.")
    description: str = ""
    website: str = ""
    email: str = ""


class OrganizationPatchIn(InSchema):
    name: str = Field(UNSET, min_length=1, max_length=150)
    category: Organization.Category = UNSET
    legal_form: Organization.LegalForm = UNSET
    siret: str = UNSET
    description: str = UNSET
    website: str = UNSET
    email: str = UNSET


@router.get("/organizations", response=list[OrganizationListOut], auth=PUBLIC)
@paginate(Pagination)
def list_organizations(
    request: ApiRequest, filters: Query[OrganizationFilters]
) -> QuerySet[Organization]:
    return selectors.organizations_listed(category=filters.category or "", query=filters.q)


@router.get(
    "/organizations/{slug}", response={200: OrganizationDetailOut, **READ_ERRORS}, auth=PUBLIC
)
def get_organization(request: ApiRequest, slug: Slug) -> Organization:
    return selectors.organization_get(slug=slug)


@router.post("/organizations", response={201: OrganizationDetailOut, **WRITE_ERRORS})
def create_organization(request: AuthedApiRequest, payload: OrganizationCreateIn) -> Status:
    organization = services.organization_create(by=request.auth, **payload.model_dump())
    return Status(201, organization)


@router.patch("/organizations/{slug}", response={200: OrganizationDetailOut, **WRITE_ERRORS})
def update_organization(
    request: AuthedApiRequest, slug: Slug, payload: OrganizationPatchIn
) -> Organization:
    organization = selectors.organization_get(slug=slug)
    fields = payload.model_dump(exclude_unset=True)
    return services.organization_update(organization=organization, by=request.auth, **fields)
