"""Governance: the bodies that decide (a general assembly, a board, the concierges, a
project's members, a Cigale club), their members, the proposals put to them, each member's
position, the changes a proposal carries to the settings other apps hold, the meetings.

The process of a proposal (consent, advice, vote) is data: `processes.py` says which
positions each takes and how it counts them; the models only store what was said."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class Body(TimeStampedModel):
    """A group that decides, in a place or a whole network, with its own quorum and
    majority (percentages of its members, of the votes cast) and its proxy limit."""

    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
        BOARD = "board", _("Board")
        CONCIERGES = "concierges", _("Concierges")
        PROJECT = "project", _("Project members")
        CIGALE = "cigale", _("Cigale club")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bodies",
        verbose_name=_("place"),
    )
    network = models.ForeignKey(
        "places.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bodies",
        verbose_name=_("network"),
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bodies",
        verbose_name=_("project"),
    )
    # Share of the members whose position (or presence) makes a decision valid.
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (% of members)"), default=0, validators=[MaxValueValidator(100)]
    )
    # A vote passes when the winning option gets more than this share of the votes cast.
    majority_percent = models.PositiveSmallIntegerField(
        _("majority (% of votes cast)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    proxy_limit = models.PositiveSmallIntegerField(
        _("proxies one member may hold"), default=1, validators=[MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=(Q(place__isnull=False) & Q(network__isnull=True))
                | (Q(place__isnull=True) & Q(network__isnull=False)),
                name="body_place_xor_network",
            ),
            models.CheckConstraint(condition=Q(quorum_percent__lte=100), name="body_quorum_max"),
            models.CheckConstraint(
                condition=Q(majority_percent__gte=1, majority_percent__lte=99),
                name="body_majority_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        return self.filter(left_at__isnull=True)


class Membership(TimeStampedModel):
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="body_memberships",
        verbose_name=_("person"),
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("member of a body")
        verbose_name_plural = _("members of bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=Q(left_at__isnull=True),
                name="membership_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.body}"


class Process(models.TextChoices):
    CONSENT = "consent", _("Consent")
    ADVICE = "advice", _("Advice")
    VOTE = "vote", _("Vote")


class Method(models.TextChoices):
    SINGLE = "single", _("One option")
    APPROVAL = "approval", _("Approval (any number of options)")
    RANKED = "ranked", _("Ranked choice")


class Proposal(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        NO_QUORUM = "no_quorum", _("No quorum")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("body")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("author"),
    )
    question = models.CharField(_("question"), max_length=200)
    context = models.TextField(_("context"), blank=True)
    process = models.CharField(_("process"), max_length=10, choices=Process.choices)
    method = models.CharField(
        _("voting method"), max_length=10, choices=Method.choices, default=Method.SINGLE
    )
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    # What won (a vote), and the count as it stood at closing.
    winner = models.ForeignKey(
        "Option",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("winning option"),
    )
    tally = models.JSONField(_("count at closing"), default=dict, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome_text = models.TextField(_("outcome statement"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    meeting = models.ForeignKey(
        "Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("meeting"),
    )

    class Meta:
        ordering = ["-closes_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["status", "closes_at"], name="proposal_due_idx")]

    def __str__(self) -> str:
        return self.question


class Option(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="options", verbose_name=_("proposal")
    )
    label = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label


class Stance(models.TextChoices):
    AGREE = "agree", _("Agree")
    ABSTAIN = "abstain", _("Abstain")
    OBJECT = "object", _("Object")
    VOTE = "vote", _("Vote")


class Position(TimeStampedModel):
    """One person's position on a proposal: one row, changed until the proposal closes."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="positions", verbose_name=_("proposal")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("person"),
    )
    stance = models.CharField(_("position"), max_length=10, choices=Stance.choices)
    reason = models.TextField(_("reason"), blank=True)
    # A vote's options, by id: one, several (approval) or in order of preference (ranked).
    choices = models.JSONField(_("options chosen"), default=list, blank=True)
    # The author's answer to an objection: a consent passes once every objection has one.
    answer = models.TextField(_("answer to the objection"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="position_one_per_person"),
            models.CheckConstraint(
                condition=~Q(stance="object") | ~Q(reason=""), name="position_objection_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_stance_display()}"


class Change(TimeStampedModel):
    """A change to a setting another app holds, carried by a proposal and applied through
    that app's service on its date once the proposal is adopted (`changes.py`)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the decision")
        SCHEDULED = "scheduled", _("Adopted, applies on its date")
        APPLIED = "applied", _("Applied")
        CANCELLED = "cancelled", _("Not adopted: nothing changes")
        FAILED = "failed", _("Could not be applied")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="changes", verbose_name=_("proposal")
    )
    kind = models.CharField(_("setting"), max_length=20)
    target_id = models.PositiveBigIntegerField(_("object"))
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    value = models.JSONField(_("new value"))
    previous = models.JSONField(_("value before"), null=True, blank=True)
    # None: as soon as the proposal is adopted.
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    # With a vote, the change goes with one option (None: with the proposal as a whole).
    option = models.ForeignKey(
        Option,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("option"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["effective_on", "pk"]
        verbose_name = _("change of a setting")
        verbose_name_plural = _("changes of settings")
        indexes = [models.Index(fields=["status", "effective_on"], name="change_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.target_repr}"


class Meeting(TimeStampedModel):
    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
        BOARD = "board", _("Board meeting")
        COMMUNITY = "community", _("Community meeting")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    convened_at = models.DateTimeField(_("convocation sent at"), null=True, blank=True)
    minutes = models.TextField(_("minutes (Markdown)"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class Attendance(TimeStampedModel):
    """A member present at a meeting, or represented by another member's proxy (pouvoir)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
        verbose_name=_("person"),
    )
    proxy_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proxies_held",
        verbose_name=_("represented by"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once"),
            models.CheckConstraint(
                condition=~Q(proxy_holder=models.F("person")), name="attendance_no_self_proxy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.meeting}"
