"""Cigale clubs (Clubs d'Investisseurs pour une Gestion Alternative et Locale de l'Épargne):
5 to 20 people who pool monthly savings and invest them together in local enterprises.

The club's members are the members of its governance body (kind "cigale"), so its
investments are decided through `governance`' proposals. The fund is a ledger: every
movement is a row with the balance after it, and the club's row holds the balance, which
the database keeps at zero or more."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel

MIN_MEMBERS = 5
MAX_MEMBERS = 20


class Club(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISSOLVED = "dissolved", _("Dissolved")

    body = models.OneToOneField(
        "governance.Body", on_delete=models.PROTECT, related_name="club", verbose_name=_("body")
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="clubs", verbose_name=_("place")
    )
    name = models.CharField(_("name"), max_length=120)
    founded_on = models.DateField(_("founded on"))
    # A Cigale is set up for a term (five years, often): it is dissolved then.
    term_on = models.DateField(_("term"))
    treasurer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("treasurer"),
    )
    balance_cents = models.BigIntegerField(_("cash in the fund (cents)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Cigale club")
        verbose_name_plural = _("Cigale clubs")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance_cents__gte=0), name="club_balance_never_negative"
            ),
            models.CheckConstraint(
                condition=Q(term_on__gt=models.F("founded_on")), name="club_term_after_founding"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Pledge(TimeStampedModel):
    """A member's monthly savings pledge (the latest counts)."""

    club = models.ForeignKey(
        Club, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("club")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cigale_pledges",
        verbose_name=_("member"),
    )
    monthly_cents = models.PositiveIntegerField(_("monthly pledge (cents)"))

    class Meta:
        verbose_name = _("savings pledge")
        verbose_name_plural = _("savings pledges")
        constraints = [
            models.UniqueConstraint(fields=["club", "person"], name="pledge_one_per_member"),
            models.CheckConstraint(condition=Q(monthly_cents__gt=0), name="pledge_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.monthly_cents}"


class Investment(TimeStampedModel):
    class Form(models.TextChoices):
        EQUITY = "equity", _("Equity (shares)")
        LOAN = "loan", _("Loan")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed to the club")
        REJECTED = "rejected", _("Not adopted")
        MADE = "made", _("Made")
        CLOSED = "closed", _("Repaid or sold")

    club = models.ForeignKey(
        Club, on_delete=models.PROTECT, related_name="investments", verbose_name=_("club")
    )
    enterprise = models.CharField(_("enterprise"), max_length=200)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    proposal = models.OneToOneField(
        "governance.Proposal",
        on_delete=models.PROTECT,
        related_name="investment",
        verbose_name=_("decision"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    made_on = models.DateField(_("made on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="investment_positive")
        ]

    def __str__(self) -> str:
        return self.enterprise


class Entry(models.Model):
    """One movement of the fund: money in (payments, repayments, returns) is positive, out
    (withdrawals, investments, the sharing at dissolution) negative."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Savings paid in")
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        INVESTMENT = "investment", _("Investment made")
        REPAYMENT = "repayment", _("Repayment of an investment")
        RETURN = "return", _("Return (dividend, interest)")
        DISSOLUTION = "dissolution", _("Share paid at dissolution")

    club = models.ForeignKey(
        Club, on_delete=models.PROTECT, related_name="entries", verbose_name=_("club")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cigale_entries",
        verbose_name=_("member"),
    )
    investment = models.ForeignKey(
        Investment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("investment"),
    )
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    balance_after_cents = models.BigIntegerField(_("balance after (cents)"))
    on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("fund movement")
        verbose_name_plural = _("fund movements")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance_after_cents__gte=0), name="entry_balance_never_negative"
            ),
            models.CheckConstraint(condition=~Q(amount_cents=0), name="entry_not_zero"),
        ]
        indexes = [models.Index(fields=["club", "on"], name="entry_club_day_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_cents}"
