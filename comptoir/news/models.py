"""News to the community: announcements of a place or of a network (Markdown), optionally
emailed to the members who opted in, each email with a link to stop them; and the alerts
a member asks for when a project posts a need for one of their skills."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class Announcement(TimeStampedModel):
    class Email(models.TextChoices):
        NONE = "none", _("Not emailed")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Emailed")

    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("place"),
    )
    network = models.ForeignKey(
        "places.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("network"),
    )
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text (Markdown)"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    email = models.CharField(_("email"), max_length=8, choices=Email.choices, default=Email.NONE)
    emailed_count = models.PositiveIntegerField(_("emails sent"), default=0)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=(Q(place__isnull=False) & Q(network__isnull=True))
                | (Q(place__isnull=True) & Q(network__isnull=False)),
                name="announcement_one_audience",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "-published_at"], name="announcement_place_idx"),
            models.Index(fields=["network", "-published_at"], name="announcement_network_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class NewsOptIn(models.Model):
    """A member who wants a place's announcements (and its network's) by email."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="news_opt_ins"
    )
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("news by email")
        verbose_name_plural = _("news by email")
        constraints = [
            models.UniqueConstraint(fields=["person", "place"], name="news_opt_in_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.place_id}"


class Delivery(models.Model):
    """An announcement emailed to one person: each once, whatever the retries."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "person"], name="delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id}→{self.person_id}"


class NeedAlert(models.Model):
    """A member who wants to hear of projects' needs for one of their skills."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_alert"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alert on projects' needs")
        verbose_name_plural = _("alerts on projects' needs")

    def __str__(self) -> str:
        return str(self.person_id)
