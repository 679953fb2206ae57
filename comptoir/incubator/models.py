"""The incubator: programmes, ordered stages with checklists, projects in incubation and
their Business Model Canvas with history.

The tables keep the names they had in the `projects` app (`Meta.db_table`): the models
moved app without their rows moving.

A project's mentors are its `ProjectMember`s with the role "mentor": one source of truth
for who belongs to a project, whatever the reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel

# The nine blocks of the Business Model Canvas, in the reading order of its grid.
CANVAS_BLOCKS: tuple[str, ...] = (
    "key_partners",
    "key_activities",
    "key_resources",
    "value_propositions",
    "customer_relationships",
    "channels",
    "customer_segments",
    "cost_structure",
    "revenue_streams",
)


class CanvasBlocks(models.Model):
    """The nine blocks, shared by the canvas and each of its revisions."""

    key_partners = models.TextField(_("Key partners"), blank=True)
    key_activities = models.TextField(_("Key activities"), blank=True)
    key_resources = models.TextField(_("Key resources"), blank=True)
    value_propositions = models.TextField(_("Value propositions"), blank=True)
    customer_relationships = models.TextField(_("Customer relationships"), blank=True)
    channels = models.TextField(_("Channels"), blank=True)
    customer_segments = models.TextField(_("Customer segments"), blank=True)
    cost_structure = models.TextField(_("Cost structure"), blank=True)
    revenue_streams = models.TextField(_("Revenue streams"), blank=True)

    class Meta:
        abstract = True

    def blocks(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in CANVAS_BLOCKS}


class Programme(TimeStampedModel):
    """A place's incubation programme: ordered stages, each with its checklist."""

    class Template(models.TextChoices):
        INCUBATOR = "incubateur", _("Incubator (idea → exploration → prototype → launch)")
        BUSINESS_MODEL_48H = "bm48h", _("Business model in 48 hours")

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="incubation_programmes"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    template = models.CharField(
        _("template"), max_length=12, choices=Template.choices, blank=True, default=""
    )
    is_active = models.BooleanField(_("open to new projects"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "projects_programme"
        ordering = ["place", "name", "pk"]
        verbose_name = _("incubation programme")
        verbose_name_plural = _("incubation programmes")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="programme_name_once_per_place")
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        db_table = "projects_stage"
        ordering = ["programme", "position"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="stage_position_once")
        ]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        db_table = "projects_checklistitem"
        ordering = ["stage", "position"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["stage", "position"], name="checklist_position_once")
        ]

    def __str__(self) -> str:
        return self.text


class Incubation(TimeStampedModel):
    """A project going through a programme, at one stage, in a cohort."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="incubation"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="incubations")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="incubations")
    cohort = models.CharField(
        _("cohort"), max_length=80, blank=True, help_text=_("For example “Autumn 2026 cohort”.")
    )
    started_on = models.DateField(_("started on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)

    class Meta:
        db_table = "projects_incubation"
        ordering = ["-started_on", "pk"]
        verbose_name = _("incubation")
        verbose_name_plural = _("incubations")
        indexes = [models.Index(fields=["programme", "cohort"], name="incubation_cohort_idx")]

    def __str__(self) -> str:
        return f"{self.project} @ {self.programme}"

    @property
    def is_finished(self) -> bool:
        return self.finished_on is not None


class ChecklistTick(models.Model):
    """A checklist item done by an incubated project."""

    incubation = models.ForeignKey(Incubation, on_delete=models.CASCADE, related_name="ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(_("done at"))

    class Meta:
        db_table = "projects_checklisttick"
        ordering = ["incubation", "item"]
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["incubation", "item"], name="checklist_tick_once")
        ]

    def __str__(self) -> str:
        return f"✓ {self.item_id}"


class Canvas(CanvasBlocks, TimeStampedModel):
    """The current Business Model Canvas of an incubation; `revision` is the number of its
    latest CanvasRevision (0 while never saved), the base of optimistic concurrency."""

    incubation = models.OneToOneField(Incubation, on_delete=models.CASCADE, related_name="canvas")
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "projects_canvas"
        verbose_name = _("business model canvas")
        verbose_name_plural = _("business model canvases")

    def __str__(self) -> str:
        return f"BMC #{self.incubation_id} r{self.revision}"


class CanvasRevision(CanvasBlocks):
    """The nine blocks as one save left them."""

    canvas = models.ForeignKey(Canvas, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        db_table = "projects_canvasrevision"
        ordering = ["canvas", "-number"]
        verbose_name = _("canvas revision")
        verbose_name_plural = _("canvas revisions")
        constraints = [
            models.UniqueConstraint(fields=["canvas", "number"], name="canvas_revision_once")
        ]

    def __str__(self) -> str:
        return f"BMC #{self.canvas_id} r{self.number}"
