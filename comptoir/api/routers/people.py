"""/people: the directory, as far as the caller may see it, and the caller's own profile."""

from typing import Any

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
    PlaceRefOut,
)
from comptoir.community import permissions, selectors, services
from comptoir.community.models import Person, ProfileType, Visibility

router = Router(tags=["people"])


class PeopleFilters(FilterSchema):
    q: str = Field("", max_length=100, description="Words of the name.")
    skill: str = Field("", max_length=80, description="Who knows how to… (skill name).")


class SkillOut(Schema):
    # Resolvers rather than dotted aliases: ninja resolves those through the template
    # engine, which costs more than the whole query on a page of 50 people.
    name: str
    slug: str
    level: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.skill.name)

    @staticmethod
    def resolve_slug(obj: Any) -> str:
        return str(obj.skill.slug)


class PersonListOut(Schema):
    id: int
    display_name: str
    pronouns: str
    profile_types: list[str]
    skills: list[SkillOut] = Field(..., alias="person_skills")
    email: str | None = Field(None, description="Only when the caller may see it.")

    @staticmethod
    def resolve_email(obj: Person, context: dict[str, Any]) -> str | None:
        return obj.email if permissions.can_see_contact(context["request"].auth, obj) else None


class AffiliationOut(Schema):
    organization: str = Field(..., alias="organization.slug")
    organization_name: str = Field(..., alias="organization.name")
    title: str


class PersonRoleOut(Schema):
    place: PlaceRefOut
    role: str


class PersonDetailOut(PersonListOut):
    bio: str
    affiliations: list[AffiliationOut]
    roles: list[PersonRoleOut] = Field(..., alias="place_roles")


class MeOut(PersonDetailOut):
    email: str  # type: ignore[assignment]
    first_name: str
    last_name: str
    phone: str
    directory_visibility: str
    show_email: bool
    preferred_language: str

    @staticmethod
    def resolve_email(obj: Person, context: dict[str, Any]) -> str:
        return obj.email


class MePatchIn(InSchema):
    first_name: str = Field(UNSET, min_length=1)
    last_name: str = UNSET
    pronouns: str = UNSET
    bio: str = UNSET
    phone: str = UNSET
    profile_types: list[ProfileType] = UNSET
    directory_visibility: Visibility = UNSET
    show_email: bool = UNSET
    preferred_language: str = Field(UNSET, max_length=5)
    skills: list[str] = Field(UNSET, max_length=50, description="Replaces the skill list.")


@router.get("/people", response=list[PersonListOut], auth=PUBLIC)
@paginate(Pagination)
def list_people(request: ApiRequest, filters: Query[PeopleFilters]) -> QuerySet[Person]:
    return selectors.people_search(user=request.auth, query=filters.q, skill=filters.skill)


@router.get("/people/me", response={200: MeOut, **READ_ERRORS})
def get_me(request: AuthedApiRequest) -> Person:
    return selectors.person_get_visible(user=request.auth, pk=request.auth.pk)


@router.patch("/people/me", response={200: MeOut, **WRITE_ERRORS})
def update_me(request: AuthedApiRequest, payload: MePatchIn) -> Person:
    fields = payload.model_dump(exclude_unset=True)
    services.person_update_profile(person=request.auth, by=request.auth, **fields)
    return selectors.person_get_visible(user=request.auth, pk=request.auth.pk)


@router.get("/people/{int:person_id}", response={200: PersonDetailOut, **READ_ERRORS}, auth=PUBLIC)
def get_person(request: ApiRequest, person_id: int) -> Person:
    return selectors.person_get_visible(user=request.auth, pk=person_id)
