"""Roles held in a place (concierge, resident, nomad, traveller), managed by its concierges."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.schemas import WRITE_ERRORS, FilterSchema, InSchema, PersonRefOut, Slug
from comptoir.community import permissions, selectors, services
from comptoir.community.models import Organization, Person, PlaceRole, Role
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.places.models import Place

router = Router(tags=["roles"])


class RoleFilters(FilterSchema):
    role: Role | None = None
    current: bool = Field(True, description="Only roles valid today.")
    q: str = Field("", max_length=100, description="Name or email of the person.")


class RolePersonOut(PersonRefOut):
    email: str


class RoleOut(Schema):
    id: int
    person: RolePersonOut
    place: str
    role: str
    valid_from: date
    valid_until: date | None
    organization: str | None = None
    note: str

    # Resolvers, not dotted aliases (which ninja resolves slowly through the template engine).
    @staticmethod
    def resolve_place(obj: PlaceRole) -> str:
        return obj.place.slug

    @staticmethod
    def resolve_organization(obj: PlaceRole) -> str | None:
        return obj.organization.slug if obj.organization else None


class RoleAssignIn(InSchema):
    person_id: int
    role: Role
    valid_from: SupportedDate | None = None
    valid_until: SupportedDate | None = None
    organization: str | None = Field(None, description="Slug of the structure, if any.")
    note: str = Field("", max_length=200)


class RoleEndIn(InSchema):
    on: SupportedDate | None = Field(None, description="Last day of the role (default: yesterday).")


class RoleEndOut(Schema):
    id: int
    withdrawn: bool = Field(..., description="True when the role had not started yet.")
    valid_until: date | None


def place_managed_by(*, user: Person, slug: str) -> Place:
    """The place whose roles this user manages (404 unknown, 403 not a concierge there)."""
    place = selectors.place_get_for_roles(slug=slug)
    if not permissions.can_manage_roles(user, place.pk):
        raise NotAllowed()
    return place


def role_managed_by(*, user: Person, pk: int) -> PlaceRole:
    """A role in a place whose roles this user manages (404 unknown, 403 otherwise)."""
    role = PlaceRole.objects.select_related("place", "person").get(pk=pk)
    if not permissions.can_manage_roles(user, role.place_id):
        raise NotAllowed()
    return role


def role_assign_targets(*, user: Person, payload: RoleAssignIn) -> dict:
    """The person and organization named by the payload, as field errors when unknown."""
    person = selectors.people_visible_to(user=user).filter(pk=payload.person_id).first()
    if person is None:
        raise InvalidInput(_("Unknown person."), field="person_id")
    organization = None
    if payload.organization:
        organization = Organization.objects.filter(slug=payload.organization).first()
        if organization is None:
            raise InvalidInput(_("Unknown organization."), field="organization")
    return {"person": person, "organization": organization}


@router.get("/places/{slug}/roles", response=list[RoleOut])
@paginate(Pagination)
def list_place_roles(
    request: AuthedApiRequest, slug: Slug, filters: Query[RoleFilters]
) -> QuerySet[PlaceRole]:
    place = place_managed_by(user=request.auth, slug=slug)
    return selectors.place_roles_of_place(
        place_id=place.pk, role=filters.role or "", current_only=filters.current, query=filters.q
    ).select_related("place")


@router.post("/places/{slug}/roles", response={201: RoleOut, **WRITE_ERRORS})
def assign_role(request: AuthedApiRequest, slug: Slug, payload: RoleAssignIn) -> Status:
    place = place_managed_by(user=request.auth, slug=slug)
    fields = payload.model_dump(include={"role", "valid_from", "valid_until", "note"})
    targets = role_assign_targets(user=request.auth, payload=payload)
    role = services.place_role_assign(place=place, by=request.auth, **fields, **targets)
    return Status(201, role)


@router.post("/roles/{int:role_id}/end", response={200: RoleEndOut, **WRITE_ERRORS})
def end_role(request: AuthedApiRequest, role_id: int, payload: RoleEndIn | None = None) -> dict:
    role = role_managed_by(user=request.auth, pk=role_id)
    ended = services.place_role_end(
        place_role=role, by=request.auth, on=payload.on if payload else None
    )
    return {"id": role_id, "withdrawn": ended.pk is None, "valid_until": ended.valid_until}
