"""/projects and their needs: the cooperative projects of the places, read by anyone,
started by any member of a place (who becomes its porteur), edited by their porteurs and
their places' concierges. Thin adapters over `comptoir.projects.services` and
`.selectors`; refusals come back as their codes (403 `forbidden`, 422 `invalid`,
`place_not_allowed`, 409 `need_not_open`, `already_answered`)."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema
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
    PlaceRefOut,
    Slug,
)
from comptoir.community.models import Skill
from comptoir.core import markdown
from comptoir.core.exceptions import InvalidInput
from comptoir.core.licences import Licence
from comptoir.core.types import Actor
from comptoir.places.models import Place
from comptoir.projects import selectors, services
from comptoir.projects.models import Need, Project

router = Router(tags=["projects"])


# --- Schemas --------------------------------------------------------------------------------


def _places(obj: Project) -> list[PlaceRefOut]:
    return [PlaceRefOut(slug=p.slug, name=p.name) for p in obj.places.all()]


class ProjectListOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    status: str = Field(..., description="idee, incubation, actif, pause or termine.")
    licence: str = Field(..., description='An SPDX identifier, or "" when not chosen yet.')
    places: list[PlaceRefOut]
    open_needs: int = Field(..., alias="open_needs_count")
    members: int = Field(..., alias="members_count")
    updated_at: datetime

    @staticmethod
    def resolve_places(obj: Project) -> list[PlaceRefOut]:
        return _places(obj)


class MemberOut(Schema):
    person: PersonRefOut
    role: str = Field(..., description="porteur, contributeur or mentor.")


class ProjectSkillOut(Schema):
    slug: str
    name: str


class NeedOut(Schema):
    id: int
    project: str = Field(..., alias="project.slug")
    kind: str = Field(..., description="skill, resource, funding or people.")
    title: str
    description: str = Field(..., description="Markdown.")
    skill: ProjectSkillOut | None
    status: str = Field(..., description="open, met or closed.")
    answers: int = Field(..., description='Offers of help ("je peux aider").')
    people_with_skill: int | None = Field(
        ...,
        description="For a skill: how many people of the project's places, visible to you "
        'in the directory, know it ("3 people here know KiCad").',
    )
    created_at: datetime

    @staticmethod
    def resolve_answers(obj: Need) -> int:
        return len(obj.answers.all())

    @staticmethod
    def resolve_people_with_skill(obj: Need) -> int | None:
        match = getattr(obj, "match", None)
        return match.count if match is not None else None


class JournalEntryOut(Schema):
    id: int
    author: PersonRefOut | None
    text: str = Field(..., description="Markdown.")
    created_at: datetime


class ProjectDetailOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    status: str = Field(..., description="idee, incubation, actif, pause or termine.")
    licence: str = Field(..., description='An SPDX identifier, or "" when not chosen yet.')
    places: list[PlaceRefOut]
    description: str = Field(..., description="Markdown.")
    description_html: str = Field(..., description="The description, rendered and sanitised.")
    code_url: str
    site_url: str
    members: list[MemberOut]
    needs: list[NeedOut]
    journal: list[JournalEntryOut] = Field(
        ..., description=f"The {selectors.JOURNAL_LENGTH} latest entries."
    )
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_places(obj: Project) -> list[PlaceRefOut]:
        return _places(obj)

    @staticmethod
    def resolve_description_html(obj: Project) -> str:
        return str(markdown.render(obj.description))

    @staticmethod
    def resolve_members(obj: Project) -> list[Any]:
        return list(obj.members.all())

    @staticmethod
    def resolve_needs(obj: Project) -> list[Need]:
        return list(obj.needs.all())

    @staticmethod
    def resolve_journal(obj: Project) -> list[Any]:
        return obj.journal_latest  # type: ignore[attr-defined,no-any-return]


class ProjectFilters(FilterSchema):
    status: Project.Status | None = None
    place: str = Field("", description="A place's slug.")
    q: str = Field("", max_length=100, description="Words of the title or the summary.")
    has_open_needs: bool = False


class ProjectIn(InSchema):
    title: str = Field(..., min_length=1, max_length=160)
    summary: str = Field("", max_length=300)
    description: str = Field("", description="Markdown (sanitised when shown).")
    status: Project.Status = Project.Status.IDEA
    licence: Licence = Licence.UNDECIDED
    code_url: str = Field("", max_length=200, description="Its code repository (http(s)://).")
    site_url: str = Field("", max_length=200, description="Its website (http(s)://).")
    places: list[Slug] = Field(
        ..., min_length=1, description="Slugs of the places it lives in (where you hold a role)."
    )


class ProjectPatchIn(InSchema):
    # Leave a field out to keep it; `null` is refused for text fields.
    title: str = Field(UNSET, min_length=1, max_length=160)
    summary: str = Field(UNSET, max_length=300)
    description: str = UNSET
    status: Project.Status = UNSET
    licence: Licence = UNSET
    code_url: str | None = Field(None, max_length=200, description='`null` or "" clears it.')
    site_url: str | None = Field(None, max_length=200, description='`null` or "" clears it.')
    places: list[Slug] = Field(UNSET, min_length=1)


class NeedIn(InSchema):
    kind: Need.Kind
    title: str = Field(..., min_length=1, max_length=160)
    description: str = Field("", description="Markdown.")
    skill: Slug | None = Field(None, description="The slug of a skill of the directory.")
    skill_name: str = Field(
        "", max_length=80, description="Or the name of a skill (added to the list when new)."
    )


class NeedCloseIn(InSchema):
    met: bool = Field(True, description="true: someone met it; false: simply closed.")


class AnswerIn(InSchema):
    message: str = Field("", max_length=2000)


class AnswerOut(Schema):
    id: int
    need_id: int
    person: PersonRefOut
    message: str
    created_at: datetime


class NeedsOut(Schema):
    items: list[NeedOut]


# --- Reads ----------------------------------------------------------------------------------


def project_need(*, project_slug: str, pk: int, user: Actor) -> Need:
    """A need as its project's page shows it (answers counted, skill matched)."""
    project = selectors.project_get(slug=project_slug, user=user)
    return next(need for need in project.needs.all() if need.pk == pk)


def places_named(slugs: list[str]) -> list[Place]:
    """The active places named in a body, in its order; an unknown one is a field error."""
    found = Place.objects.active().in_bulk(slugs, field_name="slug")
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise InvalidInput(_("Unknown place: %(slug)s.") % {"slug": unknown[0]}, field="places")
    return [found[slug] for slug in dict.fromkeys(slugs)]


def skill_named(slug: str | None) -> Skill | None:
    if slug is None:
        return None
    skill = Skill.objects.filter(slug=slug).first()
    if skill is None:
        raise InvalidInput(_("Unknown skill."), field="skill")
    return skill


# --- Projects -------------------------------------------------------------------------------


@router.get("/projects", response={200: list[ProjectListOut], **READ_ERRORS}, auth=PUBLIC)
@paginate(Pagination)
def list_projects(request: ApiRequest, filters: Query[ProjectFilters]) -> QuerySet[Project]:
    """The projects of every place, the most recently updated first; `status`, `place` (a
    slug) and `q` (words of the title or the summary) narrow the list."""
    return selectors.projects_listed(
        status=filters.status or "",
        place=filters.place,
        query=filters.q,
        has_open_needs=filters.has_open_needs,
    )


@router.get("/projects/{slug}", response={200: ProjectDetailOut, **READ_ERRORS}, auth=PUBLIC)
def get_project(request: ApiRequest, slug: Slug) -> Project:
    """A project with its members, its needs and the latest entries of its journal."""
    return selectors.project_get(slug=slug, user=request.auth)


# --- Needs ----------------------------------------------------------------------------------


@router.get("/projects/{slug}/needs", response={200: NeedsOut, **READ_ERRORS}, auth=PUBLIC)
def list_needs(request: ApiRequest, slug: Slug) -> dict:
    """What the project asks the community for, the open needs first."""
    project = selectors.project_get(slug=slug, user=request.auth)
    return {"items": list(project.needs.all())}


@router.post("/projects", response={201: ProjectDetailOut, **WRITE_ERRORS})
def create_project(request: AuthedApiRequest, payload: ProjectIn) -> Status:
    """Start a project (anyone holding a role in a place) in places where one holds a role
    (422 `place_not_allowed` elsewhere); the creator becomes its porteur. Its slug comes
    from the title."""
    values = payload.model_dump()
    values["places"] = places_named(payload.places)
    project = services.project_create(by=request.auth, **values)
    return Status(201, selectors.project_get(slug=project.slug, user=request.auth))


@router.patch("/projects/{slug}", response={200: ProjectDetailOut, **WRITE_ERRORS})
def update_project(request: AuthedApiRequest, slug: Slug, payload: ProjectPatchIn) -> Project:
    """Change a project (its porteurs and its places' concierges; 403 otherwise). Leave a
    field out to keep it. The slug stays."""
    project = Project.objects.get(slug=slug)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    for link in ("code_url", "site_url"):
        if link in changes and changes[link] is None:
            changes[link] = ""
    if "places" in changes:
        changes["places"] = places_named(changes["places"])
    services.project_update(project=project, by=request.auth, **changes)
    return selectors.project_get(slug=slug, user=request.auth)


@router.post("/projects/{slug}/needs", response={201: NeedOut, **WRITE_ERRORS})
def create_need(request: AuthedApiRequest, slug: Slug, payload: NeedIn) -> Status:
    """Ask the community for a skill, a resource, funding or people (the project's editors).
    A `skill` need names a skill of the directory (`skill`) or a new one (`skill_name`);
    `people_with_skill` then says how many people of the project's places hold it."""
    project = Project.objects.get(slug=slug)
    need = services.need_create(
        project=project,
        by=request.auth,
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        skill=skill_named(payload.skill),
        skill_name=payload.skill_name,
    )
    return Status(201, project_need(project_slug=slug, pk=need.pk, user=request.auth))


@router.post("/needs/{int:need_id}/answers", response={201: AnswerOut, **WRITE_ERRORS})
def answer_need(
    request: AuthedApiRequest, need_id: int, payload: Body[AnswerIn | None] = None
) -> Status:
    """ "Je peux aider": offer to meet an open need, once (409 `already_answered`,
    `need_not_open`)."""
    need = Need.objects.get(pk=need_id)
    answer = services.need_answer(
        need=need, by=request.auth, message=(payload or AnswerIn.model_validate({})).message
    )
    return Status(201, answer)


@router.post("/needs/{int:need_id}/close", response={200: NeedOut, **WRITE_ERRORS})
def close_need(
    request: AuthedApiRequest, need_id: int, payload: Body[NeedCloseIn | None] = None
) -> Need:
    """Close an open need, met or not (the project's editors; 409 `need_not_open`)."""
    need = Need.objects.select_related("project").get(pk=need_id)
    met = (payload or NeedCloseIn.model_validate({})).met
    services.need_close(need=need, by=request.auth, met=met)
    return project_need(project_slug=need.project.slug, pk=need_id, user=request.auth)
