"""Online payments through a provider (Stripe Checkout): each checkout a member opened for
an order, and each provider event received (its id once: replays record nothing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class Checkout(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAID = "paid", _("Paid")
        REJECTED = "rejected", _("Paid but not recorded: to refund")

    order = models.ForeignKey(
        "billing.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    provider = models.CharField(_("provider"), max_length=20)
    session_id = models.CharField(_("provider's session"), max_length=255, unique=True)
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    note = models.CharField(_("note"), max_length=300, blank=True)
    payment = models.OneToOneField(
        "invoicing.Payment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("payment"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("online checkout")
        verbose_name_plural = _("online checkouts")

    def __str__(self) -> str:
        return self.session_id


class ProviderEvent(models.Model):
    provider = models.CharField(_("provider"), max_length=20)
    event_id = models.CharField(_("event"), max_length=255)
    kind = models.CharField(_("type"), max_length=100)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("provider event")
        verbose_name_plural = _("provider events")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_once"),
        ]

    def __str__(self) -> str:
        return self.event_id
