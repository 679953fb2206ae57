"""The incubator's writes: programmes created from a template, projects entering a
programme, their checklist and stages, their mentors, and the Business Model Canvas saved
with optimistic concurrency (each save is a revision; a save based on an old revision is
refused with what changed since, so nothing is silently lost).

Every write on an incubation locks its row first, so a tick and a stage change never
cross: a stage advances only on the checklist it has just read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.community.models import Person
from comptoir.core.exceptions import Conflict, InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.incubator import rules
from comptoir.incubator.audit import Verb
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

BLOCK_MAX = 3000
COHORT_MAX = Incubation._meta.get_field("cohort").max_length or 80
NAME_MAX = Programme._meta.get_field("name").max_length or 120
STAGE_NAME_MAX = Stage._meta.get_field("name").max_length or 80
ITEM_TEXT_MAX = ChecklistItem._meta.get_field("text").max_length or 300

# The rows kept in order by their position: a programme's stages, a stage's checklist.
Row = TypeVar("Row", Stage, ChecklistItem)


# --- Errors ----------------------------------------------------------------------------------


class ChecklistIncomplete(Conflict):
    code = "checklist_incomplete"
    default_message = gettext_lazy(
        "The checklist of this stage is not complete. A concierge may advance anyway."
    )


class IncubationFinished(Conflict):
    code = "incubation_finished"
    default_message = gettext_lazy("This incubation is finished.")


class StageInUse(Conflict):
    code = "stage_in_use"
    default_message = gettext_lazy("Projects are at this stage: advance them before removing it.")


class LastStage(Conflict):
    code = "last_stage"
    default_message = gettext_lazy("A programme keeps at least one stage.")


class AlreadyIncubated(Conflict):
    code = "already_incubated"
    default_message = gettext_lazy("This project is already in an incubation programme.")


@dataclass(frozen=True)
class BlockChange:
    """One block of the canvas as a revision found it and as it is now."""

    block: str
    before: str
    after: str


class CanvasConflict(Conflict):
    """A save based on an old revision: `changes` are what others saved since."""

    code = "canvas_conflict"
    default_message = gettext_lazy(
        "Someone saved the canvas while you were editing it. Their changes are shown below; "
        "your text is kept in the form: merge it and save again."
    )

    def __init__(self, *, current_revision: int, changes: list[BlockChange]) -> None:
        super().__init__(current_revision=current_revision)
        self.current_revision = current_revision
        self.changes = changes


# --- Templates -------------------------------------------------------------------------------

# (stage name, description, checklist) per template; translated when the programme is made,
# in the language of the concierge who makes it, then stored as the place's own text.
TemplateStages = list[tuple[str, str, list[str]]]


def _template_stages(template: str) -> TemplateStages:
    if template == Programme.Template.BUSINESS_MODEL_48H:
        return [
            (
                _("Day 1 morning: the problem"),
                _("Who has the problem, and how do they solve it today?"),
                [
                    _("Describe the customer segments"),
                    _("Write the value proposition in one sentence"),
                ],
            ),
            (
                _("Day 1 afternoon: meeting customers"),
                _("Leave the place and test the proposition with real people."),
                [
                    _("Talk to at least five potential customers"),
                    _("Note what surprised you"),
                ],
            ),
            (
                _("Day 2 morning: the model"),
                _("Fill the nine blocks of the canvas."),
                [
                    _("Fill the channels and customer relationships"),
                    _("Estimate the cost structure and the revenue streams"),
                ],
            ),
            (
                _("Day 2 afternoon: the pitch"),
                _("Three minutes in front of the community, then feedback."),
                [_("Pitch to the group"), _("Write down the next three steps")],
            ),
        ]
    return [
        (
            _("Idea"),
            _("Put the idea into words and find who shares it."),
            [
                _("Write the project's summary"),
                _("Meet a concierge of the place"),
                _("Fill the value proposition of the canvas"),
            ],
        ),
        (
            _("Exploration"),
            _("Check that the need exists and who would answer it."),
            [
                _("Meet at least five future users"),
                _("Fill the customer segments of the canvas"),
                _("List the skills the project needs"),
            ],
        ),
        (
            _("Prototype"),
            _("Build something small enough to be tested."),
            [
                _("Build a first prototype"),
                _("Test it with users and write down what you learnt"),
                _("Choose an open licence"),
            ],
        ),
        (
            _("Launch"),
            _("Open the project to its public and document it."),
            [
                _("Fill all nine blocks of the canvas"),
                _("Document the project openly"),
                _("Present the project to the community"),
            ],
        ),
    ]


def _template_name(template: str) -> str:
    if template == Programme.Template.BUSINESS_MODEL_48H:
        return _("Business model in 48 hours")
    return _("Incubator")


# --- Programmes ------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, place: Place, template: str, by: Person, name: str = "", description: str = ""
) -> Programme:
    """A programme of the place with the stages and checklists of a template."""
    if not rules.can_manage_incubator(by, place.pk):
        raise NotAllowed
    if template not in Programme.Template.values:
        raise InvalidInput(_("Choose a template."), field="template")
    name = (name or "").strip() or _template_name(template)
    if len(name) > NAME_MAX:
        raise InvalidInput(
            _("The name is too long (%(max)d characters at most).") % {"max": NAME_MAX},
            field="name",
        )
    if Programme.objects.filter(place=place, name__iexact=name).exists():
        raise InvalidInput(_("The place already has a programme with this name."), field="name")
    programme = Programme.objects.create(
        place=place, name=name, description=description.strip(), template=template, created_by=by
    )
    for position, (stage_name, stage_description, items) in enumerate(
        _template_stages(template), start=1
    ):
        stage = Stage.objects.create(
            programme=programme, position=position, name=stage_name, description=stage_description
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(stage=stage, position=index, text=text)
            for index, text in enumerate(items, start=1)
        )
    audit_record(
        actor=by,
        verb=Verb.PROGRAMME_CREATED,
        target=programme,
        place=place,
        data={"template": template},
    )
    return programme


def _programme_name(name: str, *, place_id: int, exclude: int) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Give the programme a name."), field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(
            _("The name is too long (%(max)d characters at most).") % {"max": NAME_MAX},
            field="name",
        )
    taken = Programme.objects.filter(place_id=place_id, name__iexact=name).exclude(pk=exclude)
    if taken.exists():
        raise InvalidInput(_("The place already has a programme with this name."), field="name")
    return name


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    by: Person,
    name: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> Programme:
    """Renames a programme, changes its description, or opens or closes it to new projects
    (the place's concierges). A value left None is kept."""
    programme = _programme_locked(programme)
    if not rules.can_manage_incubator(by, programme.place_id):
        raise NotAllowed
    changed: list[str] = []
    if name is not None:
        programme.name = _programme_name(name, place_id=programme.place_id, exclude=programme.pk)
        changed.append("name")
    if description is not None:
        programme.description = description.strip()
        changed.append("description")
    if is_active is not None:
        programme.is_active = is_active
        changed.append("is_active")
    if changed:
        programme.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=by,
            verb=Verb.PROGRAMME_UPDATED,
            target=programme,
            place=programme.place,
            data={"fields": changed},
        )
    return programme


# --- Stages and their checklists -------------------------------------------------------------
#
# Every write on a programme's stages or items locks the programme's row first: two
# concierges reordering at once take turns, and positions stay 1..n without gaps.


def _programme_locked(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().select_related("place").get(pk=programme.pk)


def _managed(programme_id: int, by: Person) -> Programme:
    programme = _programme_locked(Programme(pk=programme_id))
    if not rules.can_manage_incubator(by, programme.place_id):
        raise NotAllowed
    return programme


def _stage_values(name: str, description: str) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Give the stage a name."), field="name")
    if len(name) > STAGE_NAME_MAX:
        raise InvalidInput(
            _("The name is too long (%(max)d characters at most).") % {"max": STAGE_NAME_MAX},
            field="name",
        )
    return name, (description or "").strip()


def _item_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Write the item."), field="text")
    if len(text) > ITEM_TEXT_MAX:
        raise InvalidInput(
            _("The item is too long (%(max)d characters at most).") % {"max": ITEM_TEXT_MAX},
            field="text",
        )
    return text


def _audit_programme(by: Person, verb: Verb, programme: Programme, **data: Any) -> None:
    audit_record(actor=by, verb=verb, target=programme, place=programme.place, data=data)


def _swap(row: Stage | ChecklistItem, neighbour: Stage | ChecklistItem) -> None:
    """Exchanges two positions under the (immediate) uniqueness constraint: 0 is free."""
    mine, theirs = row.position, neighbour.position
    type(row).objects.filter(pk=row.pk).update(position=0)
    type(row).objects.filter(pk=neighbour.pk).update(position=mine)
    type(row).objects.filter(pk=row.pk).update(position=theirs)
    row.position, neighbour.position = theirs, mine


def _close_gap(rows: QuerySet[Row], position: int) -> None:
    """Moves the rows after `position` one place up, in order (the constraint holds)."""
    for pk in rows.filter(position__gt=position).order_by("position").values_list("pk", flat=True):
        rows.filter(pk=pk).update(position=models.F("position") - 1)


@transaction.atomic
def stage_add(*, programme: Programme, name: str, by: Person, description: str = "") -> Stage:
    """A new stage at the end of the programme."""
    programme = _managed(programme.pk, by)
    name, description = _stage_values(name, description)
    last = programme.stages.aggregate(last=models.Max("position"))["last"] or 0
    stage = Stage.objects.create(
        programme=programme, position=last + 1, name=name, description=description
    )
    _audit_programme(by, Verb.STAGE_ADDED, programme, stage=stage.pk, name=name)
    return stage


@transaction.atomic
def stage_update(*, stage: Stage, name: str, by: Person, description: str = "") -> Stage:
    """Renames a stage and changes its description."""
    programme = _managed(stage.programme_id, by)
    stage = Stage.objects.get(pk=stage.pk)
    name, description = _stage_values(name, description)
    before = stage.name
    stage.name, stage.description = name, description
    stage.save(update_fields=["name", "description"])
    _audit_programme(by, Verb.STAGE_RENAMED, programme, stage=stage.pk, before=before, name=name)
    return stage


def _neighbour(rows: QuerySet[Row], position: int, direction: str) -> Row | None:
    if direction == "up":
        return rows.filter(position__lt=position).order_by("-position").first()
    if direction == "down":
        return rows.filter(position__gt=position).order_by("position").first()
    raise InvalidInput(_("Move a row up or down."), field="direction")


@transaction.atomic
def stage_move(*, stage: Stage, direction: str, by: Person) -> Stage:
    """Moves a stage one place "up" (earlier) or "down" (later); at either end, nothing
    changes. Projects stay at their stage, wherever it now stands."""
    programme = _managed(stage.programme_id, by)
    stage = Stage.objects.get(pk=stage.pk)
    neighbour = _neighbour(programme.stages.all(), stage.position, direction)
    if neighbour is not None:
        _swap(stage, neighbour)
        _audit_programme(by, Verb.STAGE_MOVED, programme, stage=stage.pk, position=stage.position)
    return stage


@transaction.atomic
def stage_remove(*, stage: Stage, by: Person) -> None:
    """Removes a stage and its checklist, refused while a project is at it (in progress or
    finished there: `StageInUse`) and for the last one (`LastStage`). The ticks of the
    projects that went through it go with its items; the audit keeps what was removed."""
    programme = _managed(stage.programme_id, by)
    stage = Stage.objects.get(pk=stage.pk)
    if Incubation.objects.filter(stage=stage).exists():
        raise StageInUse
    if not programme.stages.exclude(pk=stage.pk).exists():
        raise LastStage
    items = list(stage.items.order_by("position").values_list("text", flat=True))
    pk = stage.pk
    stage.delete()
    _close_gap(programme.stages.all(), stage.position)
    _audit_programme(by, Verb.STAGE_REMOVED, programme, stage=pk, name=stage.name, items=items)


@transaction.atomic
def item_add(*, stage: Stage, text: str, by: Person) -> ChecklistItem:
    """A new item at the end of the stage's checklist."""
    programme = _managed(stage.programme_id, by)
    text = _item_text(text)
    last = ChecklistItem.objects.filter(stage=stage).aggregate(last=models.Max("position"))
    item = ChecklistItem.objects.create(stage=stage, position=(last["last"] or 0) + 1, text=text)
    _audit_programme(by, Verb.ITEM_ADDED, programme, stage=stage.pk, item=item.pk, text=text)
    return item


@transaction.atomic
def item_update(*, item: ChecklistItem, text: str, by: Person) -> ChecklistItem:
    """Rewrites an item (its ticks stay: it is the same task, better worded)."""
    programme = _managed(item.stage.programme_id, by)
    item = ChecklistItem.objects.get(pk=item.pk)
    text = _item_text(text)
    before = item.text
    item.text = text
    item.save(update_fields=["text"])
    _audit_programme(by, Verb.ITEM_RENAMED, programme, item=item.pk, before=before, text=text)
    return item


@transaction.atomic
def item_move(*, item: ChecklistItem, direction: str, by: Person) -> ChecklistItem:
    """Moves an item one place "up" or "down" in its checklist."""
    programme = _managed(item.stage.programme_id, by)
    item = ChecklistItem.objects.get(pk=item.pk)
    rows = ChecklistItem.objects.filter(stage_id=item.stage_id)
    neighbour = _neighbour(rows, item.position, direction)
    if neighbour is not None:
        _swap(item, neighbour)
        _audit_programme(by, Verb.ITEM_MOVED, programme, item=item.pk, position=item.position)
    return item


@transaction.atomic
def item_remove(*, item: ChecklistItem, by: Person) -> None:
    """Removes an item, and its ticks, from the checklist."""
    programme = _managed(item.stage.programme_id, by)
    item = ChecklistItem.objects.get(pk=item.pk)
    pk = item.pk
    item.delete()
    _close_gap(ChecklistItem.objects.filter(stage_id=item.stage_id), item.position)
    _audit_programme(by, Verb.ITEM_REMOVED, programme, stage=item.stage_id, item=pk, text=item.text)


# --- Incubations -----------------------------------------------------------------------------


def _locked(incubation: Incubation) -> Incubation:
    return (
        Incubation.objects.select_for_update(of=("self",))
        .select_related("programme", "stage", "project")
        .get(pk=incubation.pk)
    )


@transaction.atomic
def incubation_start(
    *,
    project: Project,
    programme: Programme,
    by: Person,
    cohort: str = "",
    started_on: dt.date | None = None,
) -> Incubation:
    """The project enters the programme's first stage; its status becomes "incubation"."""
    if not rules.can_manage_incubator(by, programme.place_id):
        raise NotAllowed
    project = Project.objects.select_for_update().get(pk=project.pk)
    if Incubation.objects.filter(project=project).exists():
        raise AlreadyIncubated
    if not project.places.filter(pk=programme.place_id).exists():
        raise InvalidInput(_("This project is not a project of this place."), field="project")
    if project.status == Project.Status.DONE:
        raise InvalidInput(_("This project is finished."), field="project")
    if not programme.is_active:
        raise InvalidInput(_("This programme takes no new projects."), field="programme")
    cohort = (cohort or "").strip()
    if len(cohort) > COHORT_MAX:
        raise InvalidInput(
            _("The cohort is too long (%(max)d characters at most).") % {"max": COHORT_MAX},
            field="cohort",
        )
    first = programme.stages.order_by("position").first()
    if first is None:
        raise InvalidInput(_("This programme has no stage."), field="programme")
    incubation = Incubation.objects.create(
        project=project,
        programme=programme,
        stage=first,
        cohort=cohort,
        started_on=started_on or timezone.localdate(),
    )
    Canvas.objects.create(incubation=incubation)
    project.status = Project.Status.INCUBATION
    project.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.STARTED,
        target=incubation,
        place=programme.place,
        data={"project": project.pk, "programme": programme.pk, "cohort": cohort},
    )
    return incubation


def _missing_items(incubation: Incubation) -> list[ChecklistItem]:
    done = ChecklistTick.objects.filter(incubation=incubation).values("item_id")
    return list(incubation.stage.items.exclude(pk__in=done))


@transaction.atomic
def stage_advance(*, incubation: Incubation, by: Person, override: bool = False) -> Incubation:
    """Moves to the next stage once the checklist is done (a concierge may override); after
    the last stage the incubation is finished and the project becomes active."""
    incubation = _locked(incubation)
    if not rules.can_advance_stage(by, incubation):
        raise NotAllowed
    if incubation.is_finished:
        raise IncubationFinished
    missing = _missing_items(incubation)
    if missing and not override:
        raise ChecklistIncomplete
    left = incubation.stage
    following = (
        Stage.objects.filter(programme_id=incubation.programme_id, position__gt=left.position)
        .order_by("position")
        .first()
    )
    project = incubation.project
    if following is None:
        incubation.finished_on = timezone.localdate()
        incubation.save(update_fields=["finished_on", "updated_at"])
        project.status = Project.Status.ACTIVE
        project.save(update_fields=["status", "updated_at"])
    else:
        incubation.stage = following
        incubation.save(update_fields=["stage", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.STAGE_ADVANCED,
        target=incubation,
        place=_place_of(incubation),
        data={
            "from": left.pk,
            "to": following.pk if following else None,
            "override": bool(missing),
            "missing": [item.pk for item in missing],
        },
    )
    return incubation


def _place_of(incubation: Incubation) -> Place:
    return incubation.programme.place


def _current_item(incubation: Incubation, item: ChecklistItem) -> None:
    if incubation.is_finished:
        raise IncubationFinished
    if item.stage_id != incubation.stage_id:
        raise InvalidInput(_("This item is not on the checklist of the current stage."))


@transaction.atomic
def checklist_tick(*, incubation: Incubation, item: ChecklistItem, by: Person) -> ChecklistTick:
    """Marks an item of the current stage done (ticking it twice changes nothing)."""
    incubation = _locked(incubation)
    if not rules.can_work_on_incubation(by, incubation):
        raise NotAllowed
    _current_item(incubation, item)
    tick, created = ChecklistTick.objects.get_or_create(
        incubation=incubation, item=item, defaults={"done_by": by, "done_at": timezone.now()}
    )
    if created:
        audit_record(
            actor=by,
            verb=Verb.ITEM_TICKED,
            target=incubation,
            place=_place_of(incubation),
            data={"item": item.pk},
        )
    return tick


@transaction.atomic
def checklist_untick(*, incubation: Incubation, item: ChecklistItem, by: Person) -> None:
    """Marks an item of the current stage not done (again nothing if it was not)."""
    incubation = _locked(incubation)
    if not rules.can_work_on_incubation(by, incubation):
        raise NotAllowed
    _current_item(incubation, item)
    deleted, _rows = ChecklistTick.objects.filter(incubation=incubation, item=item).delete()
    if deleted:
        audit_record(
            actor=by,
            verb=Verb.ITEM_UNTICKED,
            target=incubation,
            place=_place_of(incubation),
            data={"item": item.pk},
        )


@transaction.atomic
def mentor_add(*, incubation: Incubation, person: Person, by: Person) -> ProjectMember:
    """The person mentors the project: a ProjectMember with the role "mentor" (a
    contributor becomes a mentor; a lead stays a lead)."""
    incubation = _locked(incubation)
    if not rules.can_advance_stage(by, incubation):
        raise NotAllowed
    if not person.is_active:
        raise InvalidInput(_("This account is not active."), field="person")
    membership = (
        ProjectMember.objects.select_for_update()
        .filter(project=incubation.project, person=person)
        .first()
    )
    if membership is not None and membership.role == ProjectMember.Role.MENTOR:
        raise InvalidInput(_("This person already mentors the project."), field="person")
    if membership is not None and membership.role == ProjectMember.Role.LEAD:
        raise InvalidInput(_("A lead of the project cannot be its mentor."), field="person")
    if membership is None:
        membership = ProjectMember.objects.create(
            project=incubation.project, person=person, role=ProjectMember.Role.MENTOR
        )
    else:
        membership.role = ProjectMember.Role.MENTOR
        membership.save(update_fields=["role", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.MENTOR_ADDED,
        target=incubation,
        place=_place_of(incubation),
        data={"person": person.pk},
    )
    return membership


@transaction.atomic
def mentor_remove(*, incubation: Incubation, person: Person, by: Person) -> None:
    """The person no longer mentors the project (and leaves it)."""
    incubation = _locked(incubation)
    if not rules.can_advance_stage(by, incubation):
        raise NotAllowed
    deleted, _rows = ProjectMember.objects.filter(
        project=incubation.project, person=person, role=ProjectMember.Role.MENTOR
    ).delete()
    if not deleted:
        raise InvalidInput(_("This person does not mentor the project."), field="person")
    audit_record(
        actor=by,
        verb=Verb.MENTOR_REMOVED,
        target=incubation,
        place=_place_of(incubation),
        data={"person": person.pk},
    )


# --- The canvas ------------------------------------------------------------------------------


def _clean_blocks(blocks: dict[str, str]) -> dict[str, str]:
    unknown = set(blocks) - set(CANVAS_BLOCKS)
    if unknown:
        raise InvalidInput(_("Unknown block of the canvas."), field=sorted(unknown)[0])
    cleaned: dict[str, str] = {}
    for key in CANVAS_BLOCKS:
        text = (blocks.get(key) or "").replace("\r\n", "\n").strip()
        if "\x00" in text:
            raise InvalidInput(_("This text contains a forbidden character."), field=key)
        if len(text) > BLOCK_MAX:
            raise InvalidInput(
                _("This block is too long (%(max)d characters at most).") % {"max": BLOCK_MAX},
                field=key,
            )
        cleaned[key] = text
    return cleaned


def canvas_changes(before: dict[str, str], after: dict[str, str]) -> list[BlockChange]:
    """The blocks that differ, in the canvas's order."""
    return [
        BlockChange(block=key, before=before.get(key, ""), after=after.get(key, ""))
        for key in CANVAS_BLOCKS
        if before.get(key, "") != after.get(key, "")
    ]


def _blocks_at(canvas: Canvas, number: int) -> dict[str, str]:
    if number <= 0:
        return dict.fromkeys(CANVAS_BLOCKS, "")
    revision = CanvasRevision.objects.filter(canvas=canvas, number=number).first()
    return revision.blocks() if revision else dict.fromkeys(CANVAS_BLOCKS, "")


@transaction.atomic
def canvas_save(
    *, canvas: Canvas, blocks: dict[str, str], base_revision: int, by: Person
) -> Canvas:
    """Saves the nine blocks as a new revision, if `base_revision` is still the latest
    (else `CanvasConflict` with what changed since); saving the same text changes nothing."""
    cleaned = _clean_blocks(blocks)
    canvas = (
        Canvas.objects.select_for_update(of=("self",))
        .select_related("incubation__project", "incubation__programme__place")
        .get(pk=canvas.pk)
    )
    incubation = canvas.incubation
    if not rules.can_work_on_incubation(by, incubation):
        raise NotAllowed
    if base_revision != canvas.revision:
        if base_revision > canvas.revision or base_revision < 0:
            raise InvalidInput(_("This revision does not exist."), field="base_revision")
        raise CanvasConflict(
            current_revision=canvas.revision,
            changes=canvas_changes(_blocks_at(canvas, base_revision), canvas.blocks()),
        )
    changed = [change.block for change in canvas_changes(canvas.blocks(), cleaned)]
    if not changed:
        return canvas
    for key, text in cleaned.items():
        setattr(canvas, key, text)
    canvas.revision += 1
    canvas.save()
    CanvasRevision.objects.create(
        canvas=canvas, number=canvas.revision, author=by, created_at=timezone.now(), **cleaned
    )
    audit_record(
        actor=by,
        verb=Verb.CANVAS_SAVED,
        target=incubation,
        place=incubation.programme.place,
        data={"revision": canvas.revision, "blocks": changed},
    )
    return canvas
