from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel
from comptoir.places.opening_hours import (
    DEFAULT_COUNTRY,
    validate_holidays,
    validate_opening_hours,
)


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone “%(value)s”."), params={"value": value})


class Typology(models.TextChoices):
    # Codes of the national digital-mediation standard (typologie).
    TIERS_LIEUX = "TIERS_LIEUX", _("Tiers-lieu")
    EPN = "EPN", _("Public digital space (EPN)")
    FABLAB = "FABLAB", _("Fablab / hackerspace")
    ESS = "ESS", _("Social and solidarity economy")
    ASSO = "ASSO", _("Association")


class Network(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class PlaceQuerySet(models.QuerySet["Place"]):
    def active(self) -> PlaceQuerySet:
        return self.filter(is_active=True)


class Place(TimeStampedModel):
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="places", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("A French postal code has 5 digits."))],
    )
    commune = models.CharField(_("commune"), max_length=120)
    insee_code = models.CharField(
        _("INSEE code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^(\d{5}|2[AB]\d{3})$", _("An INSEE code has 5 characters."))],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_timezone]
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("OpenStreetMap syntax, e.g. “Mo-Fr 09:00-18:00; Sa 10:00-13:00; PH off”."),
    )
    # Whose public holidays `PH` means in the opening hours (the `holidays` package's codes).
    country = models.CharField(
        _("country"),
        max_length=2,
        default=DEFAULT_COUNTRY,
        help_text=_("ISO 3166-1 code of the country whose public holidays apply, e.g. FR."),
    )
    holiday_region = models.CharField(
        _("public holidays of the region"),
        max_length=10,
        blank=True,
        help_text=_(
            "Only where a region has holidays of its own, e.g. Alsace or Moselle "
            "(Good Friday, 26 December) or an overseas department."
        ),
    )
    typology = models.JSONField(_("typology"), default=list, blank=True)
    services = models.JSONField(_("services"), default=list, blank=True)
    legal_entity = models.ForeignKey(
        "community.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_places",
        verbose_name=_("legal entity"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validate_holidays(self.country, self.holiday_region)
        unknown = set(self.typology or []) - set(Typology.values)
        if unknown:
            raise ValidationError(
                {
                    "typology": _("Unknown typology: %(codes)s")
                    % {"codes": ", ".join(sorted(unknown))}
                }
            )

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("places:place-detail", kwargs={"slug": self.slug})


class Space(TimeStampedModel):
    class Kind(models.TextChoices):
        COWORKING = "coworking", _("Coworking")
        EPN = "epn", _("EPN room")
        HACKERSPACE = "hackerspace", _("Hackerspace")
        MEETING_ROOM = "meeting_room", _("Meeting room")
        CONCIERGE = "concierge", _("Concierge desk")
        WORKSHOP = "workshop", _("Workshop")
        KITCHEN = "kitchen", _("Kitchen")
        OTHER = "other", _("Other")

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("place")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    capacity = models.PositiveIntegerField(
        _("capacity"), default=1, validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("description"), blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["place", "name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="space_unique_slug_per_place"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="space_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.place})"


class Equipment(TimeStampedModel):
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="equipment", verbose_name=_("space")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["space", "name"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")

    def __str__(self) -> str:
        return self.name


class NearbyPlace(models.Model):
    """Another tiers-lieu near a place (in the network or not), with walking time."""

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="nearby", verbose_name=_("place")
    )
    other = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("place in the network"),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    url = models.URLField(_("website"), blank=True)
    walking_minutes = models.PositiveIntegerField(
        _("walking minutes"), validators=[MinValueValidator(1), MaxValueValidator(240)]
    )

    class Meta:
        ordering = ["walking_minutes", "name"]
        verbose_name = _("nearby place")
        verbose_name_plural = _("nearby places")
        constraints = [
            models.CheckConstraint(
                condition=Q(other__isnull=False) | ~Q(name=""), name="nearby_named_or_linked"
            ),
            models.CheckConstraint(condition=~Q(other=models.F("place")), name="nearby_not_itself"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.other.name if self.other_id and self.other else self.name
