"""The library of things: objects a place or one of its members lends (tools, a projector, a
camera, games), their loans and the notes on damage found at a return.

A `Loan` is one period of an item for one borrower: reserved first, out once handed over at
the desk, then returned (or cancelled before). Two live periods of an item never overlap:
the service locks the item's row and checks, and on PostgreSQL an exclusion constraint on
(item, [starts_on, due_on]) refuses the second row whatever the code does (migration 0002)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel

LIVE_STATUSES = ("reserved", "out")


class Item(TimeStampedModel):
    class Category(models.TextChoices):
        TOOL = "tool", _("Tool")
        AUDIOVISUAL = "audiovisual", _("Projector, sound, screen")
        CAMERA = "camera", _("Camera")
        GAME = "game", _("Game")
        KITCHEN = "kitchen", _("Kitchen")
        OTHER = "other", _("Other")

    class Condition(models.TextChoices):
        NEW = "new", _("As new")
        GOOD = "good", _("Good")
        WORN = "worn", _("Worn")
        DAMAGED = "damaged", _("Damaged")

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    condition = models.CharField(
        _("condition"), max_length=10, choices=Condition.choices, default=Condition.GOOD
    )
    deposit_cents = models.PositiveIntegerField(_("deposit (cents)"), default=0)
    max_loan_days = models.PositiveSmallIntegerField(_("longest loan (days)"), default=7)
    # None: the place lends it; otherwise the member who lends it through the place.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lent_items",
        verbose_name=_("owner"),
    )
    is_active = models.BooleanField(_("lendable"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("lendable item")
        verbose_name_plural = _("lendable items")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_loan_days__gte=1, max_loan_days__lte=365),
                name="lending_item_loan_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LoanQuerySet(models.QuerySet["Loan"]):
    def live(self) -> LoanQuerySet:
        return self.filter(status__in=LIVE_STATUSES)

    def overdue(self, today: dt.date) -> LoanQuerySet:
        return self.filter(status=Loan.Status.OUT, due_on__lt=today)

    def overlapping(self, starts_on: dt.date, due_on: dt.date) -> LoanQuerySet:
        return self.live().filter(starts_on__lte=due_on, due_on__gte=starts_on)


class Loan(TimeStampedModel):
    class Status(models.TextChoices):
        RESERVED = "reserved", _("Reserved")
        OUT = "out", _("Lent")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.RESERVED: {Status.OUT, Status.CANCELLED},
        Status.OUT: {Status.RETURNED},
    }

    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="loans", verbose_name=_("item")
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="loans",
        verbose_name=_("borrower"),
    )
    # Both days included: the item is back on the due day, free again the next.
    starts_on = models.DateField(_("from"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RESERVED
    )
    checked_out_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    deposit_order = models.ForeignKey(
        "billing.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("deposit"),
    )
    # Of the deposit taken, what the place kept at the return (damage); the rest was given
    # back through billing (`services.loan_return`).
    deposit_kept_cents = models.PositiveIntegerField(_("deposit kept (cents)"), default=0)
    reminded_before_at = models.DateTimeField(
        _("reminded before the due day"), null=True, blank=True
    )
    reminded_after_at = models.DateTimeField(_("reminded after the due day"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = LoanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("starts_on")), name="lending_loan_due_after_start"
            ),
        ]
        indexes = [models.Index(fields=["item", "status", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.item} · {self.starts_on}–{self.due_on}"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(Loan.Status(self.status), set())

    def is_late(self, today: dt.date) -> bool:
        return self.status == Loan.Status.OUT and self.due_on < today


class DamageNote(TimeStampedModel):
    """What was found wrong with an item, at a return or at any time."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="damage_notes", verbose_name=_("item")
    )
    loan = models.ForeignKey(
        Loan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="damage_notes",
        verbose_name=_("loan"),
    )
    note = models.TextField(_("note"), max_length=2000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("damage note")
        verbose_name_plural = _("damage notes")

    def __str__(self) -> str:
        return self.note[:60]
