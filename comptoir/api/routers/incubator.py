"""The incubator: a place's programmes (ordered stages, each with its checklist), the
projects in incubation by cohort, and their Business Model Canvas with its revisions.
Read by the members of the place (and an incubation by the project's members too), as the
pages show them; programmes and stages changed by the place's concierges; the checklist
ticked and the canvas saved by the project's leads, mentors and concierges. Thin adapters
over `comptoir.incubator.services` and `.selectors`; refusals come back as their codes
(403 `forbidden`, 409 `stage_in_use`, `last_stage`, `already_incubated`,
`checklist_incomplete`, `incubation_finished`, `canvas_conflict`, 422 `invalid`).

Paths: /places/{slug}/programmes, /programmes/{id} (and its /stages and /cohorts),
/stages/{id} (and its /items), /checklist-items/{id}, /places/{slug}/incubations,
/incubations (and /{id}/advance, /{id}/ticks/{item_id}, /{id}/canvas,
/{id}/canvas/revisions)."""

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.schemas import (
    READ_ERRORS,
    UNSET,
    WRITE_ERRORS,
    ErrorOut,
    FilterSchema,
    InSchema,
    PersonRefOut,
    Slug,
)
from comptoir.core.exceptions import InvalidInput
from comptoir.core.ranges import SupportedDate
from comptoir.incubator import selectors, services
from comptoir.incubator.models import (
    Canvas,
    CanvasRevision,
    ChecklistItem,
    Incubation,
    Programme,
)
from comptoir.projects.models import Project

router = Router(tags=["incubator"])

Direction = Literal["up", "down"]
# The reads answer 403 too: the incubator is for the members of its place.
READS: dict[int, type[Schema]] = {**READ_ERRORS, 403: ErrorOut}


# --- Schemas --------------------------------------------------------------------------------


class ItemOut(Schema):
    id: int
    position: int
    text: str


class StageOut(Schema):
    id: int
    position: int = Field(..., description="1 for the first stage, in the programme's order.")
    name: str
    description: str
    items: list[ItemOut] = Field(..., description="The stage's checklist, in order.")

    @staticmethod
    def resolve_items(obj: Any) -> list[ChecklistItem]:
        return list(obj.items.all())


class ProgrammeOut(Schema):
    id: int
    place: str = Field(..., alias="place.slug")
    name: str
    description: str = Field(..., description="Markdown.")
    template: str = Field(..., description='incubateur, bm48h, or "".')
    is_active: bool = Field(..., description="Open to new projects.")
    stages: list[StageOut]
    created_at: datetime

    @staticmethod
    def resolve_stages(obj: Programme) -> list[Any]:
        return list(obj.stages.all())


class ProgrammeIn(InSchema):
    template: Programme.Template
    name: str = Field("", max_length=120, description="Empty: the template's name.")
    description: str = Field("", description="Markdown.")


class ProgrammePatchIn(InSchema):
    # Leave a field out to keep it.
    name: str = Field(UNSET, min_length=1, max_length=120)
    description: str = UNSET
    is_active: bool = UNSET


class CohortOut(Schema):
    label: str = Field(..., description='"" for the projects without a cohort.')
    in_progress: int
    finished: int


class CohortsOut(Schema):
    items: list[CohortOut]


class StageIn(InSchema):
    name: str = Field(..., min_length=1, max_length=80)
    description: str = ""


class StagePatchIn(InSchema):
    name: str = Field(UNSET, min_length=1, max_length=80)
    description: str = UNSET


class PositionMoveIn(InSchema):
    direction: Direction = Field(..., description="up (earlier) or down (later).")


class ItemIn(InSchema):
    text: str = Field(..., min_length=1, max_length=300)


class ProjectRefOut(Schema):
    slug: str
    title: str


class StageRefOut(Schema):
    id: int
    position: int
    name: str


class IncubationOut(Schema):
    id: int
    project: ProjectRefOut
    programme_id: int
    stage: StageRefOut = Field(..., description="The current stage (the last, once finished).")
    cohort: str
    started_on: date
    finished_on: date | None


class TickedItemOut(ItemOut):
    done: bool
    done_by: PersonRefOut | None
    done_at: datetime | None


class BoardStageOut(Schema):
    id: int
    position: int
    name: str
    description: str
    state: str = Field(..., description="done, current or next.")
    items: list[TickedItemOut]


class IncubationDetailOut(IncubationOut):
    stages: list[BoardStageOut]
    leads: list[PersonRefOut]
    mentors: list[PersonRefOut]
    canvas_revision: int = Field(..., description="The canvas's latest revision (0: empty).")


class IncubationFilters(FilterSchema):
    programme: int | None = Field(None, description="A programme's id.")
    cohort: str | None = Field(None, max_length=80, description="A cohort's exact label.")
    finished: bool | None = None


class IncubationIn(InSchema):
    project: Slug = Field(..., description="The slug of one of the place's projects.")
    programme: int = Field(..., description="The id of an open programme.")
    cohort: str = Field("", max_length=80)
    started_on: SupportedDate | None = Field(None, description="Default: today.")


class AdvanceIn(InSchema):
    override: bool = Field(False, description="Advance although the checklist is not done.")


class CanvasOut(Schema):
    revision: int = Field(..., description="Send it back as `base_revision` when saving.")
    updated_at: datetime
    key_partners: str
    key_activities: str
    key_resources: str
    value_propositions: str
    customer_relationships: str
    channels: str
    customer_segments: str
    cost_structure: str
    revenue_streams: str


class CanvasRevisionOut(Schema):
    number: int
    author: PersonRefOut | None
    created_at: datetime
    key_partners: str
    key_activities: str
    key_resources: str
    value_propositions: str
    customer_relationships: str
    channels: str
    customer_segments: str
    cost_structure: str
    revenue_streams: str


class CanvasIn(InSchema):
    # A block left out keeps its text.
    base_revision: int = Field(..., ge=0, description="The `revision` your text is based on.")
    key_partners: str = UNSET
    key_activities: str = UNSET
    key_resources: str = UNSET
    value_propositions: str = UNSET
    customer_relationships: str = UNSET
    channels: str = UNSET
    customer_segments: str = UNSET
    cost_structure: str = UNSET
    revenue_streams: str = UNSET


# --- Reads ----------------------------------------------------------------------------------


def programme_out(request: AuthedApiRequest, pk: int) -> Programme:
    return selectors.programme_visible(pk=pk, user=request.auth)


def incubation_out(incubation: Incubation) -> dict[str, Any]:
    """An incubation with its board: stages, checklist ticked or not, leads and mentors."""
    board = selectors.incubation_board(incubation=incubation)
    stages = [
        {
            "id": row.stage.pk,
            "position": row.stage.position,
            "name": row.stage.name,
            "description": row.stage.description,
            "state": row.state,
            "items": [
                {
                    "id": entry.item.pk,
                    "position": entry.item.position,
                    "text": entry.item.text,
                    "done": entry.done,
                    "done_by": entry.tick.done_by if entry.tick else None,
                    "done_at": entry.tick.done_at if entry.tick else None,
                }
                for entry in row.items
            ],
        }
        for row in board.stages
    ]
    return {
        "id": incubation.pk,
        "project": incubation.project,
        "programme_id": incubation.programme_id,
        "stage": incubation.stage,
        "cohort": incubation.cohort,
        "started_on": incubation.started_on,
        "finished_on": incubation.finished_on,
        "stages": stages,
        "leads": [m.person for m in board.leads],
        "mentors": [m.person for m in board.mentors],
        "canvas_revision": incubation.canvas.revision,
    }


def _visible(request: AuthedApiRequest, incubation_id: int) -> Incubation:
    return selectors.incubation_visible(pk=incubation_id, user=request.auth)


def _project_of_place(slug: str, place_id: int) -> Project:
    project = Project.objects.filter(slug=slug, places__pk=place_id).first()
    if project is None:
        raise InvalidInput(_("This project is not a project of this place."), field="project")
    return project


# --- Programmes -----------------------------------------------------------------------------


@router.get("/places/{slug}/programmes", response={200: list[ProgrammeOut], **READS})
@paginate(Pagination)
def list_programmes(request: AuthedApiRequest, slug: Slug) -> QuerySet[Programme]:
    """The place's incubation programmes, the open ones first, each with its stages and
    checklists (the place's members)."""
    place = selectors.place_incubator_visible(slug=slug, user=request.auth)
    return selectors.programmes_listed(place=place)


@router.post("/places/{slug}/programmes", response={201: ProgrammeOut, **WRITE_ERRORS})
def create_programme(request: AuthedApiRequest, slug: Slug, payload: ProgrammeIn) -> Status:
    """Create a programme from a template, its stages and checklists included (the place's
    concierges). 422 when the place already has a programme of this name."""
    place = selectors.place_incubator_visible(slug=slug, user=request.auth)
    programme = services.programme_create(
        place=place,
        template=payload.template,
        name=payload.name,
        description=payload.description,
        by=request.auth,
    )
    return Status(201, programme_out(request, programme.pk))


@router.get("/programmes/{int:programme_id}", response={200: ProgrammeOut, **READS})
def get_programme(request: AuthedApiRequest, programme_id: int) -> Programme:
    """A programme with its ordered stages and their checklists (the place's members)."""
    return programme_out(request, programme_id)


@router.patch("/programmes/{int:programme_id}", response={200: ProgrammeOut, **WRITE_ERRORS})
def update_programme(
    request: AuthedApiRequest, programme_id: int, payload: ProgrammePatchIn
) -> Programme:
    """Rename a programme, change its description, or open or close it to new projects
    (the place's concierges). Leave a field out to keep it."""
    programme = programme_out(request, programme_id)
    services.programme_update(
        programme=programme, by=request.auth, **payload.model_dump(exclude_unset=True)
    )
    return programme_out(request, programme_id)


@router.get("/programmes/{int:programme_id}/cohorts", response={200: CohortsOut, **READS})
def list_cohorts(request: AuthedApiRequest, programme_id: int) -> dict[str, Any]:
    """The programme's cohorts by label, with how many projects are in progress and done."""
    programme = programme_out(request, programme_id)
    return {"items": selectors.cohorts_of_programme(programme=programme)}


# --- Stages and checklists ------------------------------------------------------------------


@router.post("/programmes/{int:programme_id}/stages", response={201: ProgrammeOut, **WRITE_ERRORS})
def add_stage(request: AuthedApiRequest, programme_id: int, payload: StageIn) -> Status:
    """Add a stage at the end of the programme (the place's concierges)."""
    programme = programme_out(request, programme_id)
    services.stage_add(programme=programme, by=request.auth, **payload.model_dump())
    return Status(201, programme_out(request, programme_id))


@router.patch("/stages/{int:stage_id}", response={200: ProgrammeOut, **WRITE_ERRORS})
def update_stage(request: AuthedApiRequest, stage_id: int, payload: StagePatchIn) -> Programme:
    """Rename a stage or change its description (the place's concierges)."""
    stage = selectors.stage_managed(pk=stage_id, user=request.auth)
    changes = payload.model_dump(exclude_unset=True)
    services.stage_update(
        stage=stage,
        name=changes.get("name", stage.name),
        description=changes.get("description", stage.description),
        by=request.auth,
    )
    return programme_out(request, stage.programme_id)


@router.post("/stages/{int:stage_id}/move", response={200: ProgrammeOut, **WRITE_ERRORS})
def move_stage(request: AuthedApiRequest, stage_id: int, payload: PositionMoveIn) -> Programme:
    """Move a stage one place up or down (nothing changes at either end); the projects stay
    at their stage."""
    stage = selectors.stage_managed(pk=stage_id, user=request.auth)
    services.stage_move(stage=stage, direction=payload.direction, by=request.auth)
    return programme_out(request, stage.programme_id)


@router.delete("/stages/{int:stage_id}", response={200: ProgrammeOut, **WRITE_ERRORS})
def remove_stage(request: AuthedApiRequest, stage_id: int) -> Programme:
    """Remove a stage and its checklist: 409 `stage_in_use` while a project is at it,
    `last_stage` for the programme's only stage."""
    stage = selectors.stage_managed(pk=stage_id, user=request.auth)
    services.stage_remove(stage=stage, by=request.auth)
    return programme_out(request, stage.programme_id)


@router.post("/stages/{int:stage_id}/items", response={201: ProgrammeOut, **WRITE_ERRORS})
def add_item(request: AuthedApiRequest, stage_id: int, payload: ItemIn) -> Status:
    """Add an item at the end of the stage's checklist."""
    stage = selectors.stage_managed(pk=stage_id, user=request.auth)
    services.item_add(stage=stage, text=payload.text, by=request.auth)
    return Status(201, programme_out(request, stage.programme_id))


@router.patch("/checklist-items/{int:item_id}", response={200: ProgrammeOut, **WRITE_ERRORS})
def update_item(request: AuthedApiRequest, item_id: int, payload: ItemIn) -> Programme:
    """Rewrite a checklist item (its ticks stay)."""
    item = selectors.item_managed(pk=item_id, user=request.auth)
    services.item_update(item=item, text=payload.text, by=request.auth)
    return programme_out(request, item.stage.programme_id)


@router.post("/checklist-items/{int:item_id}/move", response={200: ProgrammeOut, **WRITE_ERRORS})
def move_item(request: AuthedApiRequest, item_id: int, payload: PositionMoveIn) -> Programme:
    """Move a checklist item one place up or down."""
    item = selectors.item_managed(pk=item_id, user=request.auth)
    services.item_move(item=item, direction=payload.direction, by=request.auth)
    return programme_out(request, item.stage.programme_id)


@router.delete("/checklist-items/{int:item_id}", response={200: ProgrammeOut, **WRITE_ERRORS})
def remove_item(request: AuthedApiRequest, item_id: int) -> Programme:
    """Remove a checklist item and its ticks."""
    item = selectors.item_managed(pk=item_id, user=request.auth)
    services.item_remove(item=item, by=request.auth)
    return programme_out(request, item.stage.programme_id)


# --- Incubations ----------------------------------------------------------------------------


@router.get("/places/{slug}/incubations", response={200: list[IncubationOut], **READS})
@paginate(Pagination)
def list_incubations(
    request: AuthedApiRequest, slug: Slug, filters: Query[IncubationFilters]
) -> QuerySet[Incubation]:
    """The projects incubated in the place's programmes, the latest started first; narrow
    to a `programme`, a `cohort` or `finished` ones (the place's members)."""
    place = selectors.place_incubator_visible(slug=slug, user=request.auth)
    return selectors.incubations_listed(
        place=place,
        programme_id=filters.programme,
        cohort=filters.cohort,
        finished=filters.finished,
    )


@router.post("/incubations", response={201: IncubationDetailOut, **WRITE_ERRORS})
def start_incubation(request: AuthedApiRequest, payload: IncubationIn) -> Status:
    """A project of the place enters a programme's first stage (the place's concierges);
    409 `already_incubated`, 422 for a closed programme or a finished project."""
    programme = programme_out(request, payload.programme)
    incubation = services.incubation_start(
        project=_project_of_place(payload.project, programme.place_id),
        programme=programme,
        cohort=payload.cohort,
        started_on=payload.started_on,
        by=request.auth,
    )
    return Status(201, incubation_out(_visible(request, incubation.pk)))


@router.get("/incubations/{int:incubation_id}", response={200: IncubationDetailOut, **READS})
def get_incubation(request: AuthedApiRequest, incubation_id: int) -> dict[str, Any]:
    """An incubation: its stages with the checklist ticked or not, its leads and mentors
    (the place's members and the project's)."""
    return incubation_out(_visible(request, incubation_id))


@router.post(
    "/incubations/{int:incubation_id}/advance",
    response={200: IncubationDetailOut, **WRITE_ERRORS},
)
def advance_incubation(
    request: AuthedApiRequest, incubation_id: int, payload: Body[AdvanceIn | None] = None
) -> dict[str, Any]:
    """Move to the next stage once the checklist is done (the place's concierges; 409
    `checklist_incomplete` unless `override`); after the last one, the incubation is
    finished and the project active."""
    incubation = _visible(request, incubation_id)
    override = (payload or AdvanceIn.model_validate({})).override
    services.stage_advance(incubation=incubation, by=request.auth, override=override)
    return incubation_out(_visible(request, incubation_id))


def _item_of(incubation: Incubation, item_id: int) -> ChecklistItem:
    return selectors.item_of_programme(programme=incubation.programme, pk=item_id)


@router.put(
    "/incubations/{int:incubation_id}/ticks/{int:item_id}",
    response={200: IncubationDetailOut, **WRITE_ERRORS},
)
def tick_item(request: AuthedApiRequest, incubation_id: int, item_id: int) -> dict[str, Any]:
    """Mark an item of the current stage done (the project's leads and mentors, the place's
    concierges); ticking it twice changes nothing."""
    incubation = _visible(request, incubation_id)
    item = _item_of(incubation, item_id)
    services.checklist_tick(incubation=incubation, item=item, by=request.auth)
    return incubation_out(_visible(request, incubation_id))


@router.delete(
    "/incubations/{int:incubation_id}/ticks/{int:item_id}",
    response={200: IncubationDetailOut, **WRITE_ERRORS},
)
def untick_item(request: AuthedApiRequest, incubation_id: int, item_id: int) -> dict[str, Any]:
    """Mark an item of the current stage not done."""
    incubation = _visible(request, incubation_id)
    item = _item_of(incubation, item_id)
    services.checklist_untick(incubation=incubation, item=item, by=request.auth)
    return incubation_out(_visible(request, incubation_id))


# --- The canvas -----------------------------------------------------------------------------


@router.get("/incubations/{int:incubation_id}/canvas", response={200: CanvasOut, **READS})
def get_canvas(request: AuthedApiRequest, incubation_id: int) -> Canvas:
    """The current Business Model Canvas: its nine blocks and its revision."""
    return _visible(request, incubation_id).canvas


@router.get(
    "/incubations/{int:incubation_id}/canvas/revisions",
    response={200: list[CanvasRevisionOut], **READS},
)
@paginate(Pagination)
def list_canvas_revisions(
    request: AuthedApiRequest, incubation_id: int
) -> QuerySet[CanvasRevision]:
    """The canvas's revisions, the latest first, each with its author and nine blocks."""
    return selectors.canvas_revisions(canvas=_visible(request, incubation_id).canvas)


@router.post(
    "/incubations/{int:incubation_id}/canvas/revisions",
    response={200: CanvasOut, 201: CanvasOut, **WRITE_ERRORS},
)
def save_canvas(request: AuthedApiRequest, incubation_id: int, payload: CanvasIn) -> Status:
    """Save the canvas as a new revision (201), based on the `revision` you read; a block
    left out keeps its text, the same text again saves nothing (200). When someone saved
    since: 409 `canvas_conflict`, nothing saved, with `current_revision` and `changes`
    (each block they changed, `before` and `after`) to merge and retry."""
    canvas = _visible(request, incubation_id).canvas
    blocks = {**canvas.blocks(), **payload.model_dump(exclude_unset=True)}
    blocks.pop("base_revision")
    try:
        saved = services.canvas_save(
            canvas=canvas, blocks=blocks, base_revision=payload.base_revision, by=request.auth
        )
    except services.CanvasConflict as conflict:
        conflict.extra = {  # type: ignore[attr-defined]  # added to the error's body
            "current_revision": conflict.current_revision,
            "changes": [
                {"block": c.block, "before": c.before, "after": c.after} for c in conflict.changes
            ],
        }
        raise
    return Status(201 if saved.revision > payload.base_revision else 200, saved)
