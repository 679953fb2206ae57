"""Coworking access: the offers of a place (Plan), subscriptions, ticket books and day passes.

A ticket book's balance is never stored: it is the sum of its ledger (TicketMovement).
"""

from __future__ import annotations

import datetime
from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class TicketUnit(models.TextChoices):
    HALF_DAY = "half_day", _("Half-day")
    DAY = "day", _("Day")


class PlanQuerySet(models.QuerySet["Plan"]):
    def active(self) -> PlanQuerySet:
        return self.filter(is_active=True)

    def offered_at(self, place: models.Model) -> PlanQuerySet:
        """Plans of the place itself and of its network."""
        network_id = getattr(place, "network_id", None)
        return self.filter(Q(place_id=place.pk) | Q(network_id=network_id, place__isnull=True))


class Plan(TimeStampedModel):
    """An offer (offre): what a place or a whole network sells for coworking access."""

    class Kind(models.TextChoices):
        SUBSCRIPTION = "subscription", _("Monthly subscription")
        TICKET_BOOK = "ticket_book", _("Ticket book")
        DAY_PASS = "day_pass", _("Day pass")
        DISCOVERY = "discovery", _("Free discovery visit")

    class Holder(models.TextChoices):
        PERSON = "person", _("A person")
        ORGANIZATION = "organization", _("A structure")

    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("place"),
    )
    network = models.ForeignKey(
        "places.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("network"),
        help_text=_("For an offer of the whole network rather than of one place."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    price_cents = models.PositiveIntegerField(_("price (cents)"), default=0)
    vat_rate_bp = models.PositiveIntegerField(_("VAT rate (basis points)"), default=2000)
    # Subscriptions.
    holder = models.CharField(
        _("held by"), max_length=12, choices=Holder.choices, default=Holder.PERSON
    )
    seats = models.PositiveIntegerField(
        _("people covered"), default=1, validators=[MinValueValidator(1)]
    )
    included_room_hours = models.PositiveIntegerField(
        _("meeting-room hours included per month"), default=0
    )
    commitment_months = models.PositiveIntegerField(_("commitment (months)"), default=0)
    # Ticket books.
    tickets = models.PositiveIntegerField(_("number of tickets"), default=0)
    ticket_unit = models.CharField(
        _("one ticket buys"), max_length=10, choices=TicketUnit.choices, default=TicketUnit.DAY
    )
    validity_months = models.PositiveIntegerField(_("validity (months)"), default=12)
    network_wide = models.BooleanField(_("valid in every place of the network"), default=False)
    is_active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveIntegerField(_("display order"), default=0)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["position", "kind", "price_cents", "name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=(Q(place__isnull=False) & Q(network__isnull=True))
                | (Q(place__isnull=True) & Q(network__isnull=False)),
                name="plan_place_xor_network",
            ),
            models.CheckConstraint(
                condition=~Q(kind="ticket_book") | Q(tickets__gte=1),
                name="plan_ticket_book_has_tickets",
            ),
            models.CheckConstraint(
                condition=~Q(kind="discovery") | Q(price_cents=0),
                name="plan_discovery_is_free",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def price_euros(self) -> str:
        return f"{self.price_cents / 100:.2f}"


class PlaceAccessSettings(models.Model):
    """How a place applies its access rules (one row per place, defaults when absent)."""

    class OverSeats(models.TextChoices):
        REFUSE = "refuse", _("Refuse the visit")
        CHARGE = "charge", _("Charge it like any visitor (ticket or day pass)")

    place = models.OneToOneField(
        "places.Place",
        on_delete=models.CASCADE,
        related_name="access_settings",
        verbose_name=_("place"),
    )
    over_seats = models.CharField(
        _("beyond a structure's seats"),
        max_length=10,
        choices=OverSeats.choices,
        default=OverSeats.REFUSE,
    )
    afternoon_starts_at = models.TimeField(
        _("the afternoon half-day starts at"), default=datetime.time(13, 0)
    )

    class Meta:
        verbose_name = _("access settings")
        verbose_name_plural = _("access settings")

    def __str__(self) -> str:
        return str(self.place)


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def covering(self, day: date) -> SubscriptionQuerySet:
        """Subscriptions with a period that contains `day` (bounds included)."""
        return self.filter(periods__start__lte=day, periods__end__gte=day).distinct()


class Subscription(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("plan")
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="subscriptions",
        verbose_name=_("place"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subscriptions",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        "community.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subscriptions",
        verbose_name=_("structure"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    started_on = models.DateField(_("start"))
    # Committed until this date (included); cancelling before it ends the subscription then.
    committed_until = models.DateField(_("committed until"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(_("ends at the end of the period"), default=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # Periods are whole months counted from an anchor date, so they never drift: from
    # 31 Jan they run 31 Jan–27 Feb, 28 Feb–30 Mar, 31 Mar–29 Apr… Resuming after a
    # pause sets a new anchor.
    period_anchor = models.DateField(_("periods counted from"))
    anchor_number = models.PositiveIntegerField(default=0)
    seats = models.PositiveIntegerField(_("people covered"), default=1)
    included_room_hours = models.PositiveIntegerField(
        _("meeting-room hours included per month"), default=0
    )
    price_cents = models.PositiveIntegerField(_("monthly price (cents)"))

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(organization__isnull=True))
                | (Q(person__isnull=True) & Q(organization__isnull=False)),
                name="subscription_person_xor_organization",
            ),
        ]
        indexes = [models.Index(fields=["place", "status"], name="subscription_place_idx")]

    def __str__(self) -> str:
        holder = self.person or self.organization
        return f"{self.plan} · {holder}"

    @property
    def holder_name(self) -> str:
        return str(self.person.get_full_name() if self.person else self.organization)


class SubscriptionPeriod(models.Model):
    """One month of a subscription, bounds included: [start, end]."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveIntegerField(_("number"))
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    order_line = models.ForeignKey(
        "billing.OrderLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["subscription", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "number"], name="subscription_period_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="period_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["start", "end"], name="subscription_period_span_idx")]

    def __str__(self) -> str:
        return f"{self.start} → {self.end}"


BALANCE = Sum("movements__quantity", default=0)


class TicketBookQuerySet(models.QuerySet["TicketBook"]):
    def with_balance(self) -> TicketBookQuerySet:
        return self.annotate(balance=BALANCE)

    def with_tickets_left(self) -> TicketBookQuerySet:
        return self.annotate(balance=BALANCE).filter(balance__gt=0)

    def usable_at(self, place: models.Model, day: date) -> TicketBookQuerySet:
        """Books valid on `day` in `place`: sold there, or valid across its network."""
        network_id = getattr(place, "network_id", None)
        return self.filter(expires_on__gte=day, purchased_on__lte=day).filter(
            Q(place_id=place.pk) | Q(network_id=network_id)
        )


class TicketBook(TimeStampedModel):
    """A carnet de tickets. Its balance is the sum of its movements, never below zero."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="ticket_books", verbose_name=_("plan")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ticket_books",
        verbose_name=_("holder"),
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="ticket_books_sold",
        verbose_name=_("sold by"),
    )
    # Set for a book valid across the network, empty for a book valid in `place` only.
    network = models.ForeignKey(
        "places.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("valid across the network"),
    )
    tickets = models.PositiveIntegerField(_("tickets bought"))
    unit = models.CharField(_("one ticket buys"), max_length=10, choices=TicketUnit.choices)
    # Value of one ticket for the settlement between places (price / tickets, rounded down).
    ticket_value_cents = models.PositiveIntegerField(_("value of one ticket (cents)"))
    purchased_on = models.DateField(_("bought on"))
    expires_on = models.DateField(_("valid until"))
    order_line = models.ForeignKey(
        "billing.OrderLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TicketBookQuerySet.as_manager()
    balance: int  # set by TicketBookQuerySet.with_balance()

    class Meta:
        ordering = ["expires_on", "pk"]
        verbose_name = _("ticket book")
        verbose_name_plural = _("ticket books")
        indexes = [
            models.Index(fields=["person", "expires_on"], name="ticketbook_person_idx"),
            models.Index(fields=["expires_on"], name="ticketbook_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} ({self.person})"


class TicketMovement(models.Model):
    """One line of a book's ledger; `quantity` is signed (+ bought/refunded, − used)."""

    class Kind(models.TextChoices):
        PURCHASE = "purchase", _("Purchase")
        CONSUMPTION = "consumption", _("Used")
        REFUND = "refund", _("Refund")
        EXPIRY = "expiry", _("Expired")
        CORRECTION = "correction", _("Correction")

    book = models.ForeignKey(
        TicketBook, on_delete=models.CASCADE, related_name="movements", verbose_name=_("book")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    quantity = models.IntegerField(_("tickets"))
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    at = models.DateTimeField(_("when"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["book", "at", "pk"]
        verbose_name = _("ticket movement")
        verbose_name_plural = _("ticket movements")
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="movement_not_zero"),
            models.CheckConstraint(
                condition=~Q(kind="correction") | ~Q(reason=""),
                name="movement_correction_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "at"], name="movement_kind_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity:+d}"


class DayPass(TimeStampedModel):
    """A day pass bought for one day in one place."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="day_passes", verbose_name=_("plan")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="day_passes",
        verbose_name=_("person"),
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    valid_on = models.DateField(_("valid on"))
    order_line = models.ForeignKey(
        "billing.OrderLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-valid_on"]
        verbose_name = _("day pass")
        verbose_name_plural = _("day passes")
        indexes = [models.Index(fields=["person", "valid_on"], name="daypass_person_day_idx")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.valid_on}"


class NotificationSent(models.Model):
    """Remembers each reminder sent, so it is sent once (the unique key is the guard)."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=80)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="notification_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class Purchase(TimeStampedModel):
    """An offer a person bought for themself: its order waits for payment, and what it buys
    (the book, the pass, the subscription) is created when the order becomes paid."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        FULFILLED = "fulfilled", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("plan")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="purchases",
        verbose_name=_("person"),
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    order = models.OneToOneField(
        "billing.Order", on_delete=models.PROTECT, related_name="purchase", verbose_name=_("order")
    )
    starts_on = models.DateField(_("first day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        constraints = [
            # One purchase of an offer awaiting payment per person: a second click, or two
            # tabs, cannot leave two orders to pay.
            models.UniqueConstraint(
                fields=["person", "plan"],
                condition=Q(status="pending"),
                name="purchase_one_pending_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.person}"
