"""Visits (passages): who checked in where and when, and what paid for each period."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from comptoir.places.models import Place


class Access(models.TextChoices):
    """What let a person in."""

    SUBSCRIPTION = "subscription", _("Subscription")
    TICKET = "ticket", _("Ticket")
    DAY_PASS = "day_pass", _("Day pass")
    DISCOVERY = "discovery", _("Discovery visit")
    ALREADY_COVERED = "covered", _("Already paid for this period")
    OVERRIDE = "override", _("Let in by a concierge")


class Half(models.TextChoices):
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")


class VisitQuerySet(models.QuerySet["Visit"]):
    def open(self) -> VisitQuerySet:
        return self.filter(checked_out_at__isnull=True)


class Visit(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="visits",
        verbose_name=_("person"),
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="visits", verbose_name=_("place")
    )
    space = models.ForeignKey(
        "places.Space",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
        verbose_name=_("space"),
    )
    # The local date of the check-in in the place's timezone: the unit of every rule.
    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("arrived at"))
    checked_out_at = models.DateTimeField(_("left at"), null=True, blank=True)
    auto_checked_out = models.BooleanField(_("checked out at closing time"), default=False)
    access = models.CharField(_("access"), max_length=12, choices=Access.choices)
    subscription = models.ForeignKey(
        "access.Subscription",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    ticket_movement = models.OneToOneField(
        "access.TicketMovement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit",
    )
    day_pass = models.ForeignKey(
        "access.DayPass", null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    override_reason = models.CharField(_("reason for letting in"), max_length=200, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    objects = VisitQuerySet.as_manager()
    tickets_left: int | None = None  # set by visit_check_in when a ticket paid

    class Meta:
        ordering = ["-checked_in_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            # At most one open visit per person and day: two racing check-ins cannot both win.
            models.UniqueConstraint(
                fields=["person", "day"],
                condition=Q(checked_out_at__isnull=True),
                name="visit_one_open_per_person_day",
            ),
            # The free discovery visit is given once per person and place.
            models.UniqueConstraint(
                fields=["person", "place"],
                condition=Q(access="discovery"),
                name="visit_one_discovery_per_place",
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_out_at__gte=models.F("checked_in_at")),
                name="visit_out_after_in",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "day"], name="visit_place_day_idx"),
            models.Index(fields=["person", "-checked_in_at"], name="visit_person_time_idx"),
            models.Index(
                fields=["place"],
                condition=Q(checked_out_at__isnull=True),
                name="visit_open_place_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.place} {self.day}"


class CoveredPeriodQuerySet(models.QuerySet["CoveredPeriod"]):
    def valid_at(self, place: Place) -> CoveredPeriodQuerySet:
        """The half-days that cover a check-in at `place`: paid for there, or with an
        access valid across its network (the ORM twin of the check-in snapshot's test)."""
        return self.filter(Q(place_id=place.pk) | Q(network_id=place.network_id))


class CoveredPeriod(models.Model):
    """A half-day a person has paid for (or was covered for), in the scope where what paid
    for it is valid: one place (a place's book, subscription or day pass, the discovery
    visit, a concierge's override), or a whole network (a network book or subscription).
    Exactly one of `place` and `network` is set.

    Unique per person, half-day and scope: the database itself guarantees one charge per
    period and scope, whatever races. A check-in only writes a period for its own place or
    for that place's network, and only when no period of either scope covers it yet, so
    the two constraints never refuse a legitimate check-in."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    half = models.CharField(max_length=2, choices=Half.choices)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="covered_periods")
    access = models.CharField(max_length=12, choices=Access.choices)
    subscription = models.ForeignKey(
        "access.Subscription", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("valid at"),
    )
    network = models.ForeignKey(
        "places.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("valid across the network"),
    )

    objects = CoveredPeriodQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(place__isnull=False) & Q(network__isnull=True))
                | (Q(place__isnull=True) & Q(network__isnull=False)),
                name="covered_period_place_xor_network",
            ),
            models.UniqueConstraint(
                fields=["person", "day", "half", "place"],
                condition=Q(place__isnull=False),
                name="covered_period_once_per_place",
            ),
            models.UniqueConstraint(
                fields=["person", "day", "half", "network"],
                condition=Q(network__isnull=False),
                name="covered_period_once_per_network",
            ),
        ]
        indexes = [
            models.Index(
                fields=["subscription", "day"],
                condition=Q(subscription__isnull=False),
                name="covered_subscription_day_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day} {self.half}"
