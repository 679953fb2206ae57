"""Cooperative projects between the users of a place, what they need, who answers, what
everyone contributes (stored so that each contribution maps to a ValueFlows
EconomicEvent), and how the revenue of a prestation is shared back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.licences import Licence
from comptoir.core.models import TimeStampedModel


class Project(TimeStampedModel):
    class Status(models.TextChoices):
        IDEA = "idee", _("Idea")
        INCUBATION = "incubation", _("In incubation")
        ACTIVE = "actif", _("Active")
        PAUSED = "pause", _("Paused")
        DONE = "termine", _("Finished")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, blank=True, default=""
    )
    code_url = models.URLField(_("code"), blank=True)
    site_url = models.URLField(_("website"), blank=True)
    places = models.ManyToManyField("places.Place", related_name="projects", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="project_status_updated_idx")
        ]

    def __str__(self) -> str:
        return self.title


class ProjectMember(TimeStampedModel):
    class Role(models.TextChoices):
        LEAD = "porteur", _("Project lead")
        CONTRIBUTOR = "contributeur", _("Contributor")
        MENTOR = "mentor", _("Mentor")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="project_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role}) → {self.project}"


class JournalEntry(TimeStampedModel):
    """A dated update in a project's journal."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="journal")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), help_text=_("Markdown."))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")


class Need(TimeStampedModel):
    """What a project asks the community for: a skill, a resource, funding, people."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("A skill")
        RESOURCE = "resource", _("A resource")
        FUNDING = "funding", _("Funding")
        PEOPLE = "people", _("People")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("what is needed"), max_length=160)
    description = models.TextField(_("details"), blank=True)
    skill = models.ForeignKey(
        "community.Skill",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        verbose_name=_("skill"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["status", "-created_at", "pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return self.title


class NeedAnswer(TimeStampedModel):
    """ "Je peux aider": someone offers to meet a need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_answers"
    )
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")
        constraints = [models.UniqueConstraint(fields=["need", "person"], name="need_answer_once")]


class Contribution(TimeStampedModel):
    """What someone gave to a project or to the place itself, validated by a project lead
    or a concierge. Each maps to a ValueFlows EconomicEvent (`action`, provider = the
    contributor, receiver = the project or the place, resourceQuantity = quantity and unit,
    hasPointInTime = `happened_on`, inScopeOf = the project)."""

    class Kind(models.TextChoices):
        WORK = "work", _("Hours of work")
        MONEY = "money", _("Money")
        MATERIAL = "material", _("Material")
        EQUIPMENT = "equipment", _("Use of equipment")
        DOCUMENTATION = "documentation", _("Documentation")
        ANIMATION = "animation", _("Running the place")

    class Unit(models.TextChoices):
        HOUR = "hour", _("hours")
        EURO = "euro", _("euros")
        ITEM = "item", _("items")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")  # by someone who is not a member of the project
        PENDING = "pending", _("Waiting for validation")
        VALIDATED = "validated", _("Validated")
        REFUSED = "refused", _("Refused")

    # The ValueFlows action of each kind of contribution.
    ACTIONS = {
        Kind.WORK: "work",
        Kind.MONEY: "transfer",
        Kind.MATERIAL: "transfer",
        Kind.EQUIPMENT: "use",
        Kind.DOCUMENTATION: "work",
        Kind.ANIMATION: "work",
    }

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="contributions"
    )
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
        help_text=_("For a contribution to the place itself."),
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    description = models.CharField(_("what it was"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=6, choices=Unit.choices)
    happened_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(place__isnull=False),
                name="contribution_to_a_project_or_a_place",
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="contribution_positive"),
        ]
        indexes = [
            models.Index(fields=["project", "status"], name="contribution_project_idx"),
            models.Index(fields=["contributor", "-happened_on"], name="contribution_person_idx"),
        ]

    @property
    def action(self) -> str:
        return self.ACTIONS[self.Kind(self.kind)]


class Prestation(TimeStampedModel):
    """A service contract the cooperative sells, assembling volunteers' skills; its revenue
    is shared by a distribution rule into a statement the concierge validates (then it is
    immutable)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        VALIDATED = "validated", _("Validated")

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="prestations")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="prestations"
    )
    title = models.CharField(_("title"), max_length=160)
    client = models.CharField(_("client"), max_length=160, blank=True)
    revenue_cents = models.PositiveIntegerField(_("revenue (cents)"))
    delivered_on = models.DateField(_("delivered on"))
    # The rule: a share (in basis points) to the place's commons, the rest pro rata of the
    # validated hours of the period, each kind of contribution weighted.
    commons_share_bp = models.PositiveIntegerField(_("share to the commons (‱)"), default=2000)
    weights = models.JSONField(_("weights per kind"), default=dict, blank=True)
    period_start = models.DateField(_("contributions from"))
    period_end = models.DateField(_("contributions until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = _("prestation")
        verbose_name_plural = _("prestations")
        constraints = [
            models.CheckConstraint(
                condition=Q(commons_share_bp__lte=10000), name="prestation_share_at_most_all"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="prestation_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Share(models.Model):
    """One line of a prestation's distribution statement: to a person, or to the commons
    (person empty). The lines of a statement add up to the revenue exactly."""

    prestation = models.ForeignKey(Prestation, on_delete=models.CASCADE, related_name="shares")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shares",
    )
    weighted_hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    amount_cents = models.PositiveIntegerField()

    class Meta:
        ordering = ["prestation", "person_id"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [
            models.UniqueConstraint(fields=["prestation", "person"], name="share_once_per_person"),
            models.UniqueConstraint(
                fields=["prestation"], condition=Q(person__isnull=True), name="share_one_commons"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prestation}: {self.amount_cents} c"


from comptoir.projects.models_incubation import *  # noqa: E402,F403 - the incubator's models
