from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_place(self, place_id: int) -> AuditEventQuerySet:
        return self.filter(place_id=place_id)


class AuditEvent(models.Model):
    """Who did what to which object, written by services in the same transaction."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    verb = models.CharField(_("verb"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    # The place the event belongs to, so a concierge sees the audit of their place only.
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("place"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["place", "-created_at"], name="audit_place_time_idx"),
            models.Index(fields=["place", "verb"], name="audit_place_verb_idx"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.verb} {self.target_repr}"


class Photo(models.Model):
    """A picture of a place, a space, a piece of equipment, a project or a person.

    `core` knows no domain app: `kind` names a target an app registered
    (`comptoir.core.photos.register`) and `object_id` its row. The files live in Django's
    default storage (`image`, at most 1,600 px, and `thumbnail`, at most 480 px, both JPEG
    re-encoded from the upload, which drops its metadata) and are served by `/media/` to
    whoever may see the object."""

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object"))
    image = models.CharField(_("image"), max_length=255, unique=True)
    thumbnail = models.CharField(_("thumbnail"), max_length=255, unique=True)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    alt = models.CharField(_("text alternative"), max_length=250)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "object_id", "position", "pk"]
        indexes = [models.Index(fields=["kind", "object_id", "position"], name="photo_target_idx")]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.alt

    @property
    def url(self) -> str:
        from comptoir.core.media import media_url

        return media_url(self.image)

    @property
    def thumbnail_size(self) -> tuple[int, int]:
        """The thumbnail's width and height (at most 480 px), for the page's layout."""
        scale = min(1.0, 480 / max(self.width, self.height, 1))
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))

    @property
    def thumbnail_url(self) -> str:
        from comptoir.core.media import media_url

        return media_url(self.thumbnail)
