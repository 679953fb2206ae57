"""The incubator's reads: a place's programmes and cohorts, a project's incubation board
(stages, checklist, mentors, canvas) and the canvas's history with word-level diffs. Each
runs a fixed number of queries whatever the amount of data."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet

from comptoir.core.exceptions import NotAllowed
from comptoir.core.types import Viewer
from comptoir.incubator import rules
from comptoir.incubator.models import (
    CANVAS_BLOCKS,
    Canvas,
    CanvasRevision,
    ChecklistItem,
    ChecklistTick,
    Incubation,
    Programme,
    Stage,
)
from comptoir.places.models import Place
from comptoir.projects.models import Project, ProjectMember

HISTORY_PAGE = 20


# --- A place's incubator ---------------------------------------------------------------------


@dataclass
class Cohort:
    label: str
    incubations: list[Incubation]


@dataclass
class ProgrammeView:
    programme: Programme
    stages: list[Stage]
    cohorts: list[Cohort]
    finished: int


def programmes_of_place(*, place: Place) -> list[ProgrammeView]:
    """The place's programmes, their stages, and the projects in progress by cohort."""
    in_progress = (
        Incubation.objects.filter(finished_on__isnull=True)
        .select_related("project", "stage")
        .order_by("cohort", "project__title", "pk")
    )
    programmes = (
        Programme.objects.filter(place=place)
        .annotate(finished=Count("incubations", filter=Q(incubations__finished_on__isnull=False)))
        .prefetch_related(
            Prefetch("stages", queryset=Stage.objects.order_by("position")),
            Prefetch("incubations", queryset=in_progress, to_attr="in_progress"),
        )
        .order_by("-is_active", "name", "pk")
    )
    views = []
    for programme in programmes:
        cohorts = [
            Cohort(label=label, incubations=list(rows))
            for label, rows in groupby(programme.in_progress, key=lambda row: row.cohort)  # type: ignore[attr-defined]
        ]
        views.append(
            ProgrammeView(
                programme=programme,
                stages=list(programme.stages.all()),
                cohorts=cohorts,
                finished=programme.finished,  # type: ignore[attr-defined]
            )
        )
    return views


def programmes_open(*, place: Place) -> QuerySet[Programme]:
    return Programme.objects.filter(place=place, is_active=True).order_by("name", "pk")


def projects_to_incubate(*, place: Place) -> QuerySet[Project]:
    """The place's projects that could enter a programme."""
    return (
        Project.objects.filter(places=place, incubation__isnull=True)
        .exclude(status=Project.Status.DONE)
        .order_by("title", "pk")
    )


# --- A project's incubation ------------------------------------------------------------------


def incubation_get(*, project_slug: str) -> Incubation:
    """The incubation of a project, with what its pages show (raises DoesNotExist)."""
    return Incubation.objects.select_related(
        "project", "programme", "programme__place", "stage", "canvas"
    ).get(project__slug=project_slug)


@dataclass
class ItemView:
    item: ChecklistItem
    tick: ChecklistTick | None

    @property
    def done(self) -> bool:
        return self.tick is not None


@dataclass
class StageView:
    stage: Stage
    state: str  # "done", "current" or "next"
    items: list[ItemView] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(row.done for row in self.items)

    @property
    def done_count(self) -> int:
        return sum(1 for row in self.items if row.done)


@dataclass
class Board:
    incubation: Incubation
    stages: list[StageView]
    mentors: list[ProjectMember]
    leads: list[ProjectMember]

    @property
    def current(self) -> StageView | None:
        return next((row for row in self.stages if row.state == "current"), None)


def incubation_board(*, incubation: Incubation) -> Board:
    """The stages with their checklist ticked or not, and the project's leads and mentors
    (three queries)."""
    stages = Stage.objects.filter(programme_id=incubation.programme_id).prefetch_related(
        Prefetch("items", queryset=ChecklistItem.objects.order_by("position"))
    )
    ticks = {
        tick.item_id: tick
        for tick in ChecklistTick.objects.filter(incubation=incubation).select_related("done_by")
    }
    current = incubation.stage.position
    rows = []
    for stage in stages.order_by("position"):
        if incubation.is_finished or stage.position < current:
            state = "done"
        elif stage.position == current:
            state = "current"
        else:
            state = "next"
        items = [ItemView(item=item, tick=ticks.get(item.pk)) for item in stage.items.all()]
        rows.append(StageView(stage=stage, state=state, items=items))
    members = list(
        ProjectMember.objects.filter(
            project_id=incubation.project_id,
            role__in=[ProjectMember.Role.MENTOR, ProjectMember.Role.LEAD],
        )
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "pk")
    )
    return Board(
        incubation=incubation,
        stages=rows,
        mentors=[m for m in members if m.role == ProjectMember.Role.MENTOR],
        leads=[m for m in members if m.role == ProjectMember.Role.LEAD],
    )


# --- Diffs and history -----------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "del" or "add"
    text: str


@dataclass
class BlockDiff:
    block: str
    label: str
    segments: list[Segment]


def text_diff(before: str, after: str) -> list[Segment]:
    """Word-level differences from `before` to `after`."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("del", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment("add", "".join(new[j1:j2])))
    return segments


def block_label(block: str) -> str:
    field = Canvas._meta.get_field(block)
    return str(getattr(field, "verbose_name", block))


def blocks_diff(before: dict[str, str], after: dict[str, str]) -> list[BlockDiff]:
    return [
        BlockDiff(block=key, label=block_label(key), segments=text_diff(before[key], after[key]))
        for key in CANVAS_BLOCKS
        if before.get(key, "") != after.get(key, "")
    ]


@dataclass
class RevisionView:
    revision: CanvasRevision
    diffs: list[BlockDiff]


@dataclass
class History:
    rows: list[RevisionView]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def canvas_history(*, canvas: Canvas, page: int = 1) -> History:
    """The revisions newest first, each with its diff from the one before (one query)."""
    page = max(page, 1)
    start = (page - 1) * HISTORY_PAGE
    # One more than the page, to diff its oldest revision and to know if a next page exists.
    revisions = list(
        CanvasRevision.objects.filter(canvas=canvas)
        .select_related("author")
        .order_by("-number")[start : start + HISTORY_PAGE + 1]
    )
    empty = dict.fromkeys(CANVAS_BLOCKS, "")
    rows = []
    for index, revision in enumerate(revisions[:HISTORY_PAGE]):
        older = revisions[index + 1] if index + 1 < len(revisions) else None
        before = older.blocks() if older and older.number == revision.number - 1 else empty
        rows.append(RevisionView(revision=revision, diffs=blocks_diff(before, revision.blocks())))
    return History(rows=rows, page=page, has_next=len(revisions) > HISTORY_PAGE)


@dataclass(frozen=True)
class BlockView:
    key: str
    label: str
    text: str


def canvas_blocks(*, canvas: Canvas) -> list[BlockView]:
    """The nine blocks in the canvas's reading order, with their labels."""
    return [
        BlockView(key=key, label=block_label(key), text=getattr(canvas, key))
        for key in CANVAS_BLOCKS
    ]


# --- Who sees what (the pages and the API alike) ---------------------------------------------


def place_incubator_visible(*, slug: str, user: Viewer) -> Place:
    """An active place whose incubator `user` may see (DoesNotExist, or NotAllowed)."""
    place = Place.objects.active().get(slug=slug)
    if not rules.can_view_incubator(user, place.pk):
        raise NotAllowed
    return place


def _with_checklists(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    items = Prefetch("items", queryset=ChecklistItem.objects.order_by("position"))
    stages = Stage.objects.order_by("position").prefetch_related(items)
    return programmes.select_related("place").prefetch_related(Prefetch("stages", queryset=stages))


def programmes_listed(*, place: Place) -> QuerySet[Programme]:
    """The place's programmes, the open ones first, each with its stages and checklists
    (three queries whatever their number)."""
    return _with_checklists(Programme.objects.filter(place=place)).order_by(
        "-is_active", "name", "pk"
    )


def programme_visible(*, pk: int, user: Viewer) -> Programme:
    """A programme with its stages and checklists, for the members of its place."""
    programme = _with_checklists(Programme.objects.all()).get(pk=pk)
    if not rules.can_view_incubator(user, programme.place_id):
        raise NotAllowed
    return programme


def programme_managed(*, place: Place, pk: int, user: Viewer) -> Programme:
    """A programme of the place that `user` may change (DoesNotExist, or NotAllowed)."""
    programme = _with_checklists(Programme.objects.filter(place=place)).get(pk=pk)
    if not rules.can_manage_incubator(user, programme.place_id):
        raise NotAllowed
    return programme


@dataclass
class StageRow:
    stage: Stage
    items: list[ChecklistItem]
    projects_here: int

    @property
    def removable(self) -> bool:
        return self.projects_here == 0


def programme_stages(*, programme: Programme) -> list[StageRow]:
    """The programme's stages in order with their checklist and how many projects are at
    each (those hold it: a stage with projects cannot be removed). Two queries."""
    stages = (
        Stage.objects.filter(programme=programme)
        .annotate(projects_here=Count("incubations"))
        .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.order_by("position")))
        .order_by("position")
    )
    return [
        StageRow(stage=s, items=list(s.items.all()), projects_here=s.projects_here)  # type: ignore[attr-defined]
        for s in stages
    ]


def stage_of_programme(*, programme: Programme, pk: int) -> Stage:
    return Stage.objects.get(programme=programme, pk=pk)


def item_of_programme(*, programme: Programme, pk: int) -> ChecklistItem:
    return ChecklistItem.objects.select_related("stage").get(stage__programme=programme, pk=pk)


def stage_managed(*, pk: int, user: Viewer) -> Stage:
    stage = Stage.objects.select_related("programme").get(pk=pk)
    if not rules.can_manage_incubator(user, stage.programme.place_id):
        raise NotAllowed
    return stage


def item_managed(*, pk: int, user: Viewer) -> ChecklistItem:
    item = ChecklistItem.objects.select_related("stage__programme").get(pk=pk)
    if not rules.can_manage_incubator(user, item.stage.programme.place_id):
        raise NotAllowed
    return item


def incubations_listed(
    *,
    place: Place,
    programme_id: int | None = None,
    cohort: str | None = None,
    finished: bool | None = None,
) -> QuerySet[Incubation]:
    """The incubations of the place's programmes, the latest started first, narrowed to a
    programme, a cohort (its exact label) or whether they are finished."""
    incubations = Incubation.objects.filter(programme__place=place).select_related(
        "project", "programme", "stage"
    )
    if programme_id is not None:
        incubations = incubations.filter(programme_id=programme_id)
    if cohort is not None:
        incubations = incubations.filter(cohort=cohort)
    if finished is not None:
        incubations = incubations.filter(finished_on__isnull=not finished)
    return incubations.order_by("-started_on", "-pk")


@dataclass(frozen=True)
class CohortCount:
    label: str
    in_progress: int
    finished: int


def cohorts_of_programme(*, programme: Programme) -> list[CohortCount]:
    """The programme's cohorts by label, with how many projects are in progress and done."""
    rows = (
        Incubation.objects.filter(programme=programme)
        .values("cohort")
        .annotate(
            in_progress=Count("pk", filter=Q(finished_on__isnull=True)),
            finished=Count("pk", filter=Q(finished_on__isnull=False)),
        )
        .order_by("cohort")
    )
    return [CohortCount(r["cohort"], r["in_progress"], r["finished"]) for r in rows]


def incubation_visible(*, pk: int, user: Viewer) -> Incubation:
    """An incubation as its page shows it, for who may see that page."""
    incubation = Incubation.objects.select_related(
        "project", "programme", "programme__place", "stage", "canvas"
    ).get(pk=pk)
    if not rules.can_view_incubation(user, incubation):
        raise NotAllowed
    return incubation


def canvas_revisions(*, canvas: Canvas) -> QuerySet[CanvasRevision]:
    """The canvas's revisions, the latest first, with their authors."""
    return CanvasRevision.objects.filter(canvas=canvas).select_related("author").order_by("-number")
