"""What people contribute to a project or to a place (stored so that each contribution
maps to a ValueFlows EconomicEvent), and how the revenue of a prestation is shared back.

The tables keep the names they had in the `projects` app (`Meta.db_table`): the models
moved app without their rows moving."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel
from comptoir.core.types import Viewer
from comptoir.projects.models import Project


class Contribution(TimeStampedModel):
    """What someone gave to a project or to the place itself, validated by a project lead
    or a concierge. Each maps to a ValueFlows EconomicEvent (`action`, provider = the
    contributor, receiver = the project or the place, effortQuantity or resourceQuantity =
    quantity and unit, hasPointInTime = `happened_on`; see `valueflows`)."""

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

    # Waiting for a porteur or a concierge to validate or refuse them.
    OPEN_STATUSES = frozenset({Status.PROPOSED, Status.PENDING})

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
        db_table = "projects_contribution"
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

    @property
    def is_open(self) -> bool:
        """Proposed or pending: still to be validated or refused."""
        return self.status in self.OPEN_STATUSES

    def awaits_decision_of(self, user: Viewer) -> bool:
        """Open, and not `user`'s own (nobody decides on their own contribution). Whether
        `user` validates its project or place is `permissions.can_validate`'s to say; the
        pages that list contributions ask that once for the whole page."""
        return self.is_open and self.contributor_id != getattr(user, "pk", None)


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
        db_table = "projects_prestation"
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
        db_table = "projects_share"
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
