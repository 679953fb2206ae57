"""The Give Box (boîte à dons): objects anyone gives away at a place, without an account.

An object is posted with a photo, a category and where it is (in the box at the place, or
to collect at the giver's, with a contact). Someone may hold it for a short while (a
reservation: `reserved_until`), the concierge moderates (hides, removes) and marks what
left the box; what nobody took expires after `EXPIRY_DAYS`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel

EXPIRY_DAYS = 21
RESERVATION_HOURS = 48


class GiftQuerySet(models.QuerySet["Gift"]):
    def shown(self) -> GiftQuerySet:
        """What the public page lists: still there, neither hidden nor removed."""
        return self.filter(status=Gift.Status.AVAILABLE)


class Gift(TimeStampedModel):
    class Category(models.TextChoices):
        BOOKS = "books", _("Books, records")
        CLOTHES = "clothes", _("Clothes, shoes")
        TOYS = "toys", _("Toys, games")
        KITCHEN = "kitchen", _("Kitchenware")
        APPLIANCE = "appliance", _("Small appliance")
        FURNITURE = "furniture", _("Furniture")
        ELECTRONICS = "electronics", _("Electronics")
        DECORATION = "decoration", _("Decoration")
        OTHER = "other", _("Other")

    class Where(models.TextChoices):
        BOX = "box", _("In the box")
        COLLECT = "collect", _("To collect from the giver")

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        TAKEN = "taken", _("Taken")
        HIDDEN = "hidden", _("Hidden")
        REMOVED = "removed", _("Removed")
        EXPIRED = "expired", _("Expired")

    TRANSITIONS = {
        Status.AVAILABLE: {Status.TAKEN, Status.HIDDEN, Status.REMOVED, Status.EXPIRED},
        Status.HIDDEN: {Status.AVAILABLE, Status.REMOVED},
    }

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    title = models.CharField(_("what it is"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    where = models.CharField(_("where it is"), max_length=10, choices=Where.choices)
    # How to reach the giver, for an object to collect (shown on the public page).
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    giver_name = models.CharField(_("given by"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AVAILABLE
    )
    expires_at = models.DateTimeField(_("expires at"))
    reserved_until = models.DateTimeField(_("reserved until"), null=True, blank=True)
    reserved_by = models.CharField(_("reserved by"), max_length=80, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("posted by"),
    )

    objects = GiftQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Give Box object")
        verbose_name_plural = _("Give Box objects")
        constraints = [
            models.CheckConstraint(
                condition=~Q(where="collect") | ~Q(contact=""), name="givebox_collect_has_contact"
            ),
        ]
        indexes = [models.Index(fields=["place", "status", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(Gift.Status(self.status), set())

    def is_reserved(self, now: dt.datetime) -> bool:
        return self.reserved_until is not None and self.reserved_until > now
