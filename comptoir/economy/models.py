"""The place's economy beyond its sales: the other income its treasurer records (grants with
their funder, programme and period, services sold by partner structures or the cooperative,
donations, membership dues), its budget per source and year, and the invoices that turn the
network's settlement between places into sales between their legal entities.

Revenue sources are the economic model's columns: the sales (billing's order lines, by
kind), the events (agenda's paid registrations), the prestations (contributions) and the
other income below."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class Source(models.TextChoices):
    """Where a place's money comes from (the economic model's rows, the budget's lines)."""

    SUBSCRIPTION = "subscription", _("Subscriptions")
    TICKET_BOOK = "ticket_book", _("Ticket books")
    DAY_PASS = "day_pass", _("Day passes")
    BOOKING = "booking", _("Bookings")
    EVENT = "event", _("Events")
    PRESTATION = "prestation", _("Prestations")
    PARTNER_SERVICES = "partner_services", _("Services sold by partners or the cooperative")
    GRANT = "grant", _("Grants")
    DONATION = "donation", _("Donations")
    DUES = "dues", _("Membership dues")
    OTHER = "other", _("Other")


class IncomeKind(models.TextChoices):
    """The other income a treasurer records (each is also a source)."""

    GRANT = "grant", _("Grant")
    PARTNER_SERVICES = "partner_services", _("Services sold by a partner or the cooperative")
    DONATION = "donation", _("Donation")
    DUES = "dues", _("Membership dues")
    OTHER = "other", _("Other income")


class OtherIncome(TimeStampedModel):
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="other_income",
        verbose_name=_("place"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncomeKind.choices)
    label = models.CharField(_("label"), max_length=200)
    # The funder of a grant, the partner structure or cooperative, the donor, …
    payer = models.CharField(_("funder, partner or donor"), max_length=200)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    received_on = models.DateField(_("date"))
    # The period a grant (or dues) covers.
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("other income")
        verbose_name_plural = _("other income")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="otherincome_amount_positive"
            ),
            models.CheckConstraint(
                condition=(Q(period_start__isnull=True) & Q(period_end__isnull=True))
                | (
                    Q(period_start__isnull=False)
                    & Q(period_end__isnull=False)
                    & Q(period_end__gte=F("period_start"))
                ),
                name="otherincome_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(kind="grant") | Q(period_start__isnull=False),
                name="otherincome_grant_has_period",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "received_on"], name="otherincome_place_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.amount_cents} c)"


class Budget(TimeStampedModel):
    """What a place expects from a source over a calendar year (cents)."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="budgets", verbose_name=_("place")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))

    class Meta:
        ordering = ["place", "year", "source"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "year", "source"], name="budget_once_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source}: {self.amount_cents} c"


class SettlementInvoice(models.Model):
    """The order (then invoice) by which the place that welcomed visitors bills the place
    that sold their tickets, for one month of the network's settlement: once per pair."""

    month = models.DateField(_("month"))
    creditor = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place owed"),
    )
    debtor = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place owing"),
    )
    tickets = models.PositiveIntegerField(_("tickets"))
    value_cents = models.PositiveIntegerField(_("value (cents)"))
    order = models.OneToOneField(
        "billing.Order",
        on_delete=models.PROTECT,
        related_name="settlement",
        verbose_name=_("order"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-month", "creditor", "debtor"]
        verbose_name = _("settlement invoice")
        verbose_name_plural = _("settlement invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "creditor", "debtor"], name="settlementinvoice_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.creditor_id}←{self.debtor_id}"
