"""The exchange board of a place: its members' offers and requests ("je prête", "je
cherche", "je propose un coup de main"), tagged with the skills of the directory, the
replies they get, and who asked to be told of requests matching their skills (opt-in)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class Post(TimeStampedModel):
    class Kind(models.TextChoices):
        LEND = "lend", _("I lend")
        SEEK = "seek", _("I am looking for")
        HELP = "help", _("I offer a hand")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")

    TRANSITIONS = {Status.OPEN: {Status.CLOSED, Status.EXPIRED}}

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="+", verbose_name=_("place")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exchange_posts",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("details"), max_length=2000, blank=True)
    skills = models.ManyToManyField(
        "community.Skill", blank=True, related_name="+", verbose_name=_("skills")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    expires_on = models.DateField(_("open until"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("offer or request")
        verbose_name_plural = _("offers and requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(~Q(status="open"), closed_at__isnull=False),
                name="exchangepost_closed_when_not_open",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "status", "-created_at"], name="exchangepost_board_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.Status(self.status), set())


class Reply(TimeStampedModel):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="replies", verbose_name=_("offer or request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exchange_replies",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=1000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.author} → {self.post}"


class SkillAlert(TimeStampedModel):
    """A member's opt-in: tell me of requests that match my skills of the directory. The
    row exists while they want it."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exchange_skill_alert",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("skill alert")
        verbose_name_plural = _("skill alerts")

    def __str__(self) -> str:
        return str(self.person)
