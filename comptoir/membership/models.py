"""Membership of an association and, for a cooperative (SCIC), its share register.

The association is a legal entity (`community.Organization`, usually a place's
`legal_entity`) with its membership settings: the fee, whether a membership runs for the
calendar year or a year from the day it starts, and, for a cooperative, the nominal value
of a share. A membership (adhésion) is paid through billing (an order) and numbered per
association (its card number). The share register keeps each associate's shares held and
what they still owe on them, and each movement (subscribed, paid, transferred, redeemed)
numbered in order per association; the database refuses a negative balance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class Association(TimeStampedModel):
    class Period(models.TextChoices):
        CALENDAR = "calendar", _("Calendar year")
        ROLLING = "rolling", _("One year from the day it starts")

    organization = models.OneToOneField(
        "community.Organization",
        on_delete=models.CASCADE,
        related_name="membership_settings",
        verbose_name=_("legal entity"),
    )
    period = models.CharField(
        _("membership period"), max_length=10, choices=Period.choices, default=Period.CALENDAR
    )
    fee_cents = models.PositiveIntegerField(_("membership fee (cents)"), default=0)
    # Basis points; a membership fee of an association is usually outside VAT (0).
    vat_rate_bp = models.PositiveIntegerField(_("VAT rate (basis points)"), default=0)
    is_cooperative = models.BooleanField(
        _("cooperative with a share register (SCIC)"), default=False
    )
    share_price_cents = models.PositiveIntegerField(
        _("nominal value of a share (cents)"), default=0
    )
    # Counters, read and raised under this row's lock: card and movement numbers in order.
    last_card_number = models.PositiveIntegerField(default=0, editable=False)
    last_movement_number = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("association's membership settings")
        verbose_name_plural = _("associations' membership settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_cents__gte=0) & Q(share_price_cents__gte=0),
                name="association_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(is_cooperative=False) | Q(share_price_cents__gt=0),
                name="association_cooperative_share_price",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization_id)


def _one_holder(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(person__isnull=False) & Q(organization__isnull=True))
        | (Q(person__isnull=True) & Q(organization__isnull=False)),
        name=f"{prefix}_one_holder",
    )


class Membership(TimeStampedModel):
    """One year of membership of a person or a structure, with its card number."""

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="memberships"
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        "community.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("structure"),
    )
    number = models.PositiveIntegerField(_("card number"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    fee_cents = models.PositiveIntegerField(_("fee (cents)"))
    order = models.ForeignKey(
        "billing.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("order"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-starts_on", "number"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            _one_holder("membership"),
            models.UniqueConstraint(fields=["association", "number"], name="membership_number"),
            models.UniqueConstraint(
                fields=["association", "person", "starts_on"],
                condition=Q(person__isnull=False),
                name="membership_person_once",
            ),
            models.UniqueConstraint(
                fields=["association", "organization", "starts_on"],
                condition=Q(organization__isnull=False),
                name="membership_organization_once",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="membership_period_order"
            ),
            models.CheckConstraint(condition=Q(fee_cents__gte=0), name="membership_fee_positive"),
        ]
        indexes = [models.Index(fields=["association", "ends_on"], name="membership_end_idx")]

    def __str__(self) -> str:
        return f"{self.card_number}"

    @property
    def card_number(self) -> str:
        return f"ADH-{self.starts_on:%Y}-{self.number:05d}"

    @property
    def holder_name(self) -> str:
        if self.organization_id is not None:
            return self.organization.name if self.organization else ""
        person = self.person
        return (person.get_full_name() or person.email) if person else ""


class AssociateCategory(models.TextChoices):
    """The categories (collèges) of associates of a SCIC."""

    EMPLOYEES = "employees", _("Employees")
    BENEFICIARIES = "beneficiaries", _("Beneficiaries")
    PUBLIC_BODIES = "public_bodies", _("Public bodies")
    VOLUNTEERS = "volunteers", _("Volunteers")
    OTHERS = "others", _("Others")


class Associate(TimeStampedModel):
    """A holder of shares of a cooperative: how many they hold, what they still owe."""

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="associates"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="share_holdings",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        "community.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="share_holdings",
        verbose_name=_("structure"),
    )
    category = models.CharField(_("category"), max_length=20, choices=AssociateCategory.choices)
    shares_held = models.PositiveIntegerField(_("shares held"), default=0)
    # Subscribed and not yet paid up (libéré).
    unpaid_cents = models.PositiveIntegerField(_("still to pay (cents)"), default=0)

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("associate")
        verbose_name_plural = _("associates")
        constraints = [
            _one_holder("associate"),
            models.UniqueConstraint(
                fields=["association", "person"],
                condition=Q(person__isnull=False),
                name="associate_person_once",
            ),
            models.UniqueConstraint(
                fields=["association", "organization"],
                condition=Q(organization__isnull=False),
                name="associate_organization_once",
            ),
            # Nobody redeems or transfers more shares than they hold, nor pays more than due.
            models.CheckConstraint(
                condition=Q(shares_held__gte=0) & Q(unpaid_cents__gte=0),
                name="associate_balance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.holder_name

    @property
    def holder_name(self) -> str:
        if self.organization_id is not None:
            return self.organization.name if self.organization else ""
        person = self.person
        return (person.get_full_name() or person.email) if person else ""


class ShareMovement(models.Model):
    class Kind(models.TextChoices):
        SUBSCRIBED = "subscribed", _("Subscribed")
        PAID = "paid", _("Paid up")
        TRANSFERRED = "transferred", _("Transferred")
        REDEEMED = "redeemed", _("Redeemed")

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="share_movements"
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("movement"), max_length=12, choices=Kind.choices)
    associate = models.ForeignKey(
        Associate, on_delete=models.PROTECT, related_name="movements", verbose_name=_("associate")
    )
    # Who received the shares of a transfer.
    counterpart = models.ForeignKey(
        Associate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("transferred to"),
    )
    shares = models.PositiveIntegerField(_("shares"), default=0)
    amount_cents = models.PositiveIntegerField(_("amount (cents)"), default=0)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["association", "number"]
        verbose_name = _("share movement")
        verbose_name_plural = _("share movements")
        constraints = [
            models.UniqueConstraint(fields=["association", "number"], name="share_movement_number"),
            models.CheckConstraint(
                condition=Q(shares__gte=0) & Q(amount_cents__gte=0),
                name="share_movement_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind="paid", amount_cents__gt=0) | (~Q(kind="paid") & Q(shares__gt=0)),
                name="share_movement_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}"
