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
    # What was paid back through the provider so far; never more than was paid.
    refunded_cents = models.PositiveIntegerField(_("refunded (cents)"), default=0)
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refunded_cents__lte=models.F("amount_cents")),
                name="checkout_refund_within_amount",
            ),
        ]

    @property
    def refundable_cents(self) -> int:
        return self.amount_cents - self.refunded_cents if self.status == self.Status.PAID else 0

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


class OnlineRefund(models.Model):
    """Money paid back through the provider for an online payment: the provider's refund,
    the credit note issued for it and the refund payment recorded in the ledger."""

    checkout = models.ForeignKey(
        Checkout, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("checkout")
    )
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    provider_refund_id = models.CharField(_("provider's refund"), max_length=255, unique=True)
    credit_note = models.ForeignKey(
        "invoicing.CreditNote",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("credit note"),
    )
    payment = models.OneToOneField(
        "invoicing.Payment", on_delete=models.PROTECT, related_name="+", verbose_name=_("refund")
    )
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("refunded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("online refund")
        verbose_name_plural = _("online refunds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0), name="online_refund_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.provider_refund_id
