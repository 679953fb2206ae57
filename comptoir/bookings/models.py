"""Bookings of rooms, desks and machines, with their rules, trainings and waitlists.

On PostgreSQL an exclusion constraint (added by migration, PostgreSQL only) makes two
confirmed bookings of a capacity-1 resource over overlapping times impossible; resources
with several places (a desk area) are checked under a row lock on the resource.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


def default_horizons() -> dict[str, int]:
    # How many days ahead each role may book (concierges: no limit).
    return {"traveller": 7, "nomad": 30, "resident": 90}


def default_roles() -> list[str]:
    return ["resident", "nomad", "traveller"]


class Training(TimeStampedModel):
    """A habilitation: a training that gates the use of some equipment."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="trainings", verbose_name=_("place")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    validity_months = models.PositiveIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: does not expire.")
    )

    class Meta:
        ordering = ["place", "name"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="training_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Qualification(TimeStampedModel):
    """A person has followed a training (and may train others when `can_train`)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="qualifications",
        verbose_name=_("person"),
    )
    training = models.ForeignKey(
        Training,
        on_delete=models.CASCADE,
        related_name="qualifications",
        verbose_name=_("training"),
    )
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    can_train = models.BooleanField(_("may train others"), default=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        ordering = ["training", "person"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "training"], name="qualification_once_per_training"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.training}"


class TrainingRequest(TimeStampedModel):
    """A person asks for a training (to book a machine that needs it); the place's concierges
    or the training's trainers answer: they grant it (a qualification) or decline, saying why."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_requests",
        verbose_name=_("person"),
    )
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="requests", verbose_name=_("training")
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("answer"), blank=True, max_length=1000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "training"],
                condition=Q(status="pending"),
                name="training_request_one_pending",
            ),
        ]
        indexes = [models.Index(fields=["training", "status"], name="training_request_open_idx")]

    def __str__(self) -> str:
        return f"{self.person} ? {self.training}"


class Resource(TimeStampedModel):
    """Something bookable, with its rules: a room, a desk area, a machine."""

    class Kind(models.TextChoices):
        ROOM = "room", _("Meeting room")
        DESK = "desk", _("Desks")
        EQUIPMENT = "equipment", _("Equipment")
        EPN_ROOM = "epn_room", _("EPN room")

    class NomadPayment(models.TextChoices):
        TICKETS = "tickets", _("Tickets")
        MONEY = "money", _("Money")

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="resources", verbose_name=_("place")
    )
    space = models.ForeignKey(
        "places.Space",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("space"),
    )
    equipment = models.ForeignKey(
        "places.Equipment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("equipment"),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    capacity = models.PositiveIntegerField(
        _("capacity"), default=1, validators=[MinValueValidator(1)]
    )
    allowed_roles = models.JSONField(_("roles that may book"), default=default_roles)
    partners = models.ManyToManyField(
        "community.Organization",
        blank=True,
        related_name="bookable_resources",
        verbose_name=_("partner structures that may book"),
    )
    horizon_days = models.JSONField(_("days ahead each role may book"), default=default_horizons)
    slot_minutes = models.PositiveIntegerField(
        _("slot (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    min_minutes = models.PositiveIntegerField(_("shortest booking (minutes)"), default=30)
    # What the booking form proposes (issue 14: a room booked for 30 minutes by default);
    # kept within the shortest and longest bookings, on slots, by `bookings.rules`.
    usual_minutes = models.PositiveIntegerField(
        _("usual booking (minutes)"),
        default=60,
        validators=[MinValueValidator(5)],
        help_text=_("What the booking form proposes."),
    )
    max_minutes = models.PositiveIntegerField(_("longest booking (minutes)"), default=240)
    book_before_minutes = models.PositiveIntegerField(
        _("book at the latest (minutes before the start)"), default=0
    )
    cancel_before_minutes = models.PositiveIntegerField(
        _("cancel at the latest (minutes before the start)"), default=120
    )
    hourly_price_cents = models.PositiveIntegerField(_("price per hour (cents)"), default=0)
    partner_hourly_cents = models.PositiveIntegerField(
        _("price per hour for partner structures (cents)"), default=0
    )
    nomad_payment = models.CharField(
        _("nomads pay with"),
        max_length=10,
        choices=NomadPayment.choices,
        default=NomadPayment.MONEY,
    )
    minutes_per_ticket = models.PositiveIntegerField(
        _("minutes one ticket buys"), default=240, validators=[MinValueValidator(15)]
    )
    uses_included_hours = models.BooleanField(
        _("uses the meeting-room hours included in subscriptions"), default=False
    )
    required_training = models.ForeignKey(
        Training,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        verbose_name=_("training required"),
    )
    is_active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        ordering = ["place", "name"]
        verbose_name = _("bookable resource")
        verbose_name_plural = _("bookable resources")
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="resource_unique_slug"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="resource_capacity_min"),
            models.CheckConstraint(
                condition=Q(max_minutes__gte=models.F("min_minutes")),
                name="resource_max_after_min",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BookingSeries(TimeStampedModel):
    """A recurring booking: the same slot every `interval_weeks` weeks until a date."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="series")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="booking_series"
    )
    interval_weeks = models.PositiveIntegerField(_("every N weeks"), default=1)
    until = models.DateField(_("until"))

    class Meta:
        verbose_name = _("recurring booking")
        verbose_name_plural = _("recurring bookings")

    def __str__(self) -> str:
        return f"{self.resource} / {self.interval_weeks}w → {self.until}"


class BookingQuerySet(models.QuerySet["Booking"]):
    def confirmed(self) -> BookingQuerySet:
        return self.filter(status=Booking.Status.CONFIRMED)

    def overlapping(self, start: object, end: object) -> BookingQuerySet:
        return self.filter(start__lt=end, end__gt=start)


class Booking(TimeStampedModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("resource")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("booked by"),
    )
    organization = models.ForeignKey(
        "community.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("for the structure"),
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    # Copied from the resource (capacity 1): the exclusion constraint can only read this row.
    exclusive = models.BooleanField(default=True)
    # Places taken on a capacity-N resource: 1 for a member, all of them for an event.
    seats = models.PositiveSmallIntegerField(_("places taken"), default=1)
    series = models.ForeignKey(
        BookingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    # What paid for it, so cancelling refunds exactly that.
    price_cents = models.PositiveIntegerField(_("price (cents)"), default=0)
    tickets_used = models.PositiveIntegerField(_("tickets used"), default=0)
    included_minutes = models.PositiveIntegerField(_("included minutes used"), default=0)
    subscription = models.ForeignKey(
        "access.Subscription",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    ticket_book = models.ForeignKey(
        "access.TicketBook", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order_line = models.ForeignKey(
        "billing.OrderLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="booking_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["resource", "start"], name="booking_resource_start_idx"),
            models.Index(fields=["person", "start"], name="booking_person_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.start:%Y-%m-%d %H:%M}"


class WaitlistEntry(TimeStampedModel):
    """Someone waiting for a taken slot; promoted in order when it frees."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered: to confirm")
        BOOKED = "booked", _("Booked")
        EXPIRED = "expired", _("Expired")
        LEFT = "left", _("Left the list")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="waitlist")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    offer_expires_at = models.DateTimeField(_("confirm before"), null=True, blank=True)
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "person", "start", "end"],
                condition=Q(status__in=["waiting", "offered"]),
                name="waitlist_once_per_slot",
            ),
        ]
        indexes = [models.Index(fields=["resource", "status", "start"], name="waitlist_slot_idx")]

    def __str__(self) -> str:
        return f"{self.person} ⏳ {self.resource} {self.start:%Y-%m-%d %H:%M}"


class CalendarFeed(TimeStampedModel):
    """A person's private iCalendar feed: the URL holds a secret, stored hashed, revocable."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.person} feed"
