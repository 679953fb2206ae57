"""The conciergerie of a place: its catalogue of services (who may ask, price, delay), the
requests members and neighbours make (new → taken → done, refused or cancelled, one owner
among the concierges, messages on each) and the parcels received at the desk for people
(logged, notified, reminded, handed over or returned to the sender).

The price of a service done is sold through billing: an order for the requester, whose
lines economy reads as the conciergerie's revenue (through `Request.order`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class Service(TimeStampedModel):
    class Kind(models.TextChoices):
        PARCELS = "parcels", _("Parcel reception")
        KEYS = "keys", _("Key keeping")
        PRINTING = "printing", _("Printing and scanning")
        ERRANDS = "errands", _("Errands")
        DRY_CLEANING = "dry_cleaning", _("Dry cleaning")
        PRODUCE = "produce", _("Local produce baskets")
        PAPERWORK = "paperwork", _("Help with a form")
        OTHER = "other", _("Other service")

    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="conciergerie_services",
        verbose_name=_("place"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    price_cents = models.PositiveIntegerField(_("price (cents)"), default=0)
    vat_rate_bp = models.PositiveIntegerField(_("VAT rate (basis points)"), default=2000)
    delay_hours = models.PositiveIntegerField(_("expected delay (hours)"), default=24)
    # The roles of the place whose holders may ask (community.Role values); empty: any role.
    roles = models.JSONField(_("roles who may ask"), default=list, blank=True)
    # Neighbours without an account may ask too, leaving a contact (free services only:
    # nobody to bill).
    open_to_neighbours = models.BooleanField(_("open to neighbours"), default=False)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["place", "name", "pk"]
        verbose_name = _("conciergerie service")
        verbose_name_plural = _("conciergerie services")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="service_unique_name"),
            models.CheckConstraint(
                condition=Q(open_to_neighbours=False) | Q(price_cents=0),
                name="service_neighbours_free",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return self.price_cents == 0


class RequestQuerySet(models.QuerySet["Request"]):
    def open(self) -> RequestQuerySet:
        return self.filter(status__in=[Request.Status.NEW, Request.Status.TAKEN])


class Request(TimeStampedModel):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        TAKEN = "taken", _("Taken")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    # The lifecycle as data: the services refuse any other move.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.NEW: frozenset({Status.TAKEN, Status.REFUSED, Status.CANCELLED}),
        Status.TAKEN: frozenset({Status.DONE, Status.REFUSED, Status.CANCELLED}),
    }

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="requests", verbose_name=_("service")
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conciergerie_requests",
        verbose_name=_("requester"),
    )
    # A neighbour without an account: a name and a way to answer them.
    contact_name = models.CharField(_("name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("taken by"),
    )
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    price_cents = models.PositiveIntegerField(_("price (cents)"), default=0)  # when asked
    order = models.OneToOneField(
        "billing.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conciergerie_request",
        verbose_name=_("order"),
    )

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("conciergerie request")
        verbose_name_plural = _("conciergerie requests")
        indexes = [models.Index(fields=["place", "status", "-created_at"], name="request_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(requester__isnull=False) | ~Q(contact_email="") | ~Q(contact_phone=""),
                name="request_has_someone_to_answer",
            ),
            # One owner: a request taken (or done) names the one concierge who took it.
            models.CheckConstraint(
                condition=~Q(status__in=["taken", "done"]) | Q(assignee__isnull=False),
                name="request_taken_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.service}"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.TAKEN)

    @property
    def who(self) -> str:
        if self.requester_id is not None and self.requester is not None:
            return str(self.requester.display_name)
        return self.contact_name or self.contact_email or self.contact_phone


class Message(models.Model):
    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="messages", verbose_name=_("request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["request", "created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.body[:40]


class ParcelQuerySet(models.QuerySet["Parcel"]):
    def waiting(self) -> ParcelQuerySet:
        return self.filter(status=Parcel.Status.WAITING)


class Parcel(TimeStampedModel):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting at the desk")
        HANDED_OVER = "handed_over", _("Handed over")
        RETURNED = "returned", _("Returned to sender")

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    addressee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="parcels",
        verbose_name=_("addressee"),
    )
    carrier = models.CharField(_("carrier"), max_length=60)
    reference = models.CharField(_("tracking number"), max_length=60, blank=True)
    shelf = models.CharField(_("shelf"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.WAITING
    )
    arrived_at = models.DateTimeField(_("arrived at"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logged by"),
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    collected_by = models.CharField(_("collected by"), max_length=120, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)

    objects = ParcelQuerySet.as_manager()

    class Meta:
        ordering = ["-arrived_at", "-pk"]
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        indexes = [
            models.Index(fields=["place", "status", "-arrived_at"], name="parcel_log"),
            models.Index(fields=["addressee", "status"], name="parcel_addressee"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="handed_over") | Q(handed_over_at__isnull=False),
                name="parcel_handed_over_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} → {self.addressee_id}"
