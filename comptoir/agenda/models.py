"""The agenda: events of a place (EPN workshops, talks, hackathons, partners' events), their
registrations with a waitlist, and who came. An event in a space holds that space through
a booking, so it never collides with members' bookings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from comptoir.core import mediation
from comptoir.core.models import TimeStampedModel


class EventKind(models.TextChoices):
    WORKSHOP = "atelier", _("EPN workshop")
    TALK = "conference", _("Talk")
    DROP_IN = "permanence", _("Drop-in session")
    HACKATHON = "hackathon", _("Hackathon")
    TRAINING = "formation", _("Training")
    PARTNER = "partenaire", _("Partner event")
    FESTIVAL = "festival", _("Festival or open days")
    MEETUP = "rencontre", _("Community meetup")


# Kinds that count as digital mediation in the activity reports.
MEDIATION_KINDS = (EventKind.WORKSHOP, EventKind.DROP_IN, EventKind.TRAINING)


class EventSeries(TimeStampedModel):
    """Events repeated every N weeks (a cycle of workshops), editable together."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="event_series")
    title = models.CharField(_("title"), max_length=160)
    every_weeks = models.PositiveSmallIntegerField(_("every N weeks"), default=1)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self) -> str:
        return self.title


class EventQuerySet(models.QuerySet["Event"]):
    def scheduled(self) -> EventQuerySet:
        return self.filter(status=Event.Status.SCHEDULED)

    def public(self) -> EventQuerySet:
        return self.filter(is_public=True).exclude(status=Event.Status.DRAFT)


class Event(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="events", verbose_name=_("place")
    )
    space = models.ForeignKey(
        "places.Space",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("space"),
    )
    # The booking that holds the space while the event runs.
    booking = models.OneToOneField(
        "bookings.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="event"
    )
    series = models.ForeignKey(
        EventSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    organizer_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organized_events",
        verbose_name=_("organizer"),
    )
    organizer_organization = models.ForeignKey(
        "community.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organized_events",
        verbose_name=_("organizing structure"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty when the number is not limited.")
    )
    price_cents = models.PositiveIntegerField(_("price (cents)"), default=0)
    publics = models.JSONField(_("publics"), default=list, blank=True)
    services = models.JSONField(_("services"), default=list, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    registration_required = models.BooleanField(_("registration required"), default=True)
    is_public = models.BooleanField(_("shown in the public agenda"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="event_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "start"], name="event_place_start_idx"),
            models.Index(fields=["start"], name="event_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start:%Y-%m-%d})"

    @property
    def is_free(self) -> bool:
        return self.price_cents == 0

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Registration(TimeStampedModel):
    """A seat asked for an event, by a member, by someone without an account (name and an
    email or a phone), or by a concierge at the desk; then whether they came. Walk-ins are
    registrations added on the day, marked as such."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not marked")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Who this is across events, for unique and returning people: "p:<id>", "e:<email>",
    # "t:<phone>" or "n:<name>", whichever is known first.
    identity = models.CharField(max_length=200, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, blank=True, default=""
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    # Recorded only with the person's consent, for statistics only.
    public_category = models.CharField(
        _("public"), max_length=40, blank=True, choices=mediation.choices(mediation.PUBLICS)
    )
    consent = models.BooleanField(_("consents to statistics"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False) & ~Q(status="cancelled"),
                name="registration_once_per_member",
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="registration_once_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "phone"],
                condition=~Q(phone="") & ~Q(status="cancelled"),
                name="registration_once_per_phone",
            ),
            models.CheckConstraint(
                condition=Q(public_category="") | Q(consent=True),
                name="registration_public_needs_consent",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="registration_event_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED
