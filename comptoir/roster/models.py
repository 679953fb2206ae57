"""The concierges' roster (permanences) of a place: weekly patterns of shifts, the shifts
themselves (made from a pattern or one-off), who holds each slot of a shift, the swaps
concierges offer one another, and the gaps already alerted.

A shift holds `capacity` people: each taker fills one numbered slot, unique per shift, and
the service takes the slot under a lock of the shift's row, so two concierges taking the
last slot at once end with one holder (see `services.shift_take`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel

# A shift holds at most this many people, and lasts at most this long (a long day).
MAX_CAPACITY = 10
MAX_SHIFT_HOURS = 14


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ShiftPattern(TimeStampedModel):
    """A shift repeated every week on one weekday, from a date and until another (or for
    ever); its shifts are made some weeks ahead (`services.patterns_extend`)."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="+", verbose_name=_("place")
    )
    label = models.CharField(_("label"), max_length=80, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("people needed"), default=1)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["weekday", "start_time", "pk"]
        verbose_name = _("weekly shift")
        verbose_name_plural = _("weekly shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="rosterpattern_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="rosterpattern_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="rosterpattern_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class ShiftQuerySet(models.QuerySet["Shift"]):
    def active(self) -> ShiftQuerySet:
        return self.filter(cancelled_at__isnull=True)


class Shift(TimeStampedModel):
    """One permanence at a place, from `starts_at` to `ends_at`, for `capacity` people."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="+", verbose_name=_("place")
    )
    pattern = models.ForeignKey(
        ShiftPattern,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shifts",
        verbose_name=_("weekly shift"),
    )
    label = models.CharField(_("label"), max_length=80, blank=True)
    day = models.DateField(_("day"))  # the local day of `starts_at`, for months and patterns
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("people needed"), default=1)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="rostershift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="rostershift_capacity_range",
            ),
            # A pattern makes one shift a day: extending it twice makes nothing new.
            models.UniqueConstraint(fields=["pattern", "day"], name="rostershift_one_per_day"),
        ]
        indexes = [models.Index(fields=["place", "day"], name="rostershift_place_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.label}".strip()

    @property
    def hours(self) -> float:
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 2)


class Assignment(TimeStampedModel):
    """A person on duty for a shift, in one of its numbered slots (1…capacity)."""

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("shift")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roster_assignments",
        verbose_name=_("person"),
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    # The contribution (hours of work) this shift was recorded as, once.
    contribution = models.OneToOneField(
        "contributions.Contribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contribution"),
    )

    class Meta:
        ordering = ["shift__starts_at", "slot"]
        verbose_name = _("shift assignment")
        verbose_name_plural = _("shift assignments")
        constraints = [
            models.UniqueConstraint(fields=["shift", "slot"], name="rosterassignment_one_per_slot"),
            models.UniqueConstraint(
                fields=["shift", "person"], name="rosterassignment_once_per_shift"
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=1, slot__lte=MAX_CAPACITY),
                name="rosterassignment_slot_range",
            ),
        ]
        indexes = [models.Index(fields=["person", "shift"], name="rosterassignment_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.shift}"


class Swap(TimeStampedModel):
    """A concierge offers their slot of a shift to the other concierges of the place (or
    to one of them); the first to accept takes the slot over."""

    class Status(models.TextChoices):
        OPEN = "open", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS = {Status.OPEN: {Status.ACCEPTED, Status.WITHDRAWN}}

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="swaps", verbose_name=_("shift")
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("offered by"),
    )
    offered_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("offered to"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(status="open"), name="rosterswap_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.get_status_display()})"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.Status(self.status), set())


class GapAlert(models.Model):
    """A day of a place already alerted as open with nobody on duty: alerted once."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "day"], name="rostergap_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.place_id} {self.day}"
