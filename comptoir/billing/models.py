"""Sales: an Order with its lines and the payments received for it.

Legal invoices come later: an Order keeps a snapshot of the buyer and, per line, the
unit price, quantity and VAT rate, so an Invoice can be issued from it without looking
at products that may have changed since.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Card terminal")
    TRANSFER = "transfer", _("Bank transfer")
    CHEQUE = "cheque", _("Cheque")


class Order(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="orders", verbose_name=_("place")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        verbose_name=_("buyer"),
    )
    buyer_organization = models.ForeignKey(
        "community.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        verbose_name=_("buying structure"),
    )
    # Snapshot for the receipt and the future invoice (RGPD erasure keeps accounting).
    buyer_name = models.CharField(_("buyer name"), max_length=200)
    buyer_email = models.EmailField(_("buyer email"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total_cents = models.PositiveIntegerField(_("total (cents)"), default=0)
    # What was received for it so far, net of refunds: the receipt's payments and the
    # payments recorded later (invoicing) all go through order_receive.
    received_cents = models.PositiveIntegerField(_("received (cents)"), default=0)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sold by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["place", "-created_at"], name="order_place_time_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.buyer_name}"

    @property
    def reference(self) -> str:
        return f"V-{self.created_at:%Y}-{self.pk:06d}"


class OrderLine(models.Model):
    class Kind(models.TextChoices):
        SUBSCRIPTION = "subscription", _("Subscription")
        TICKET_BOOK = "ticket_book", _("Ticket book")
        DAY_PASS = "day_pass", _("Day pass")
        BOOKING = "booking", _("Booking")
        OTHER = "other", _("Other")

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_price_cents = models.PositiveIntegerField(_("unit price (cents)"))
    # Basis points: 2000 is 20 %. Prices are VAT included.
    vat_rate_bp = models.PositiveIntegerField(_("VAT rate (basis points)"), default=2000)
    total_cents = models.PositiveIntegerField(_("total (cents)"))
    plan = models.ForeignKey(
        "access.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
        verbose_name=_("plan"),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="orderline_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.description}"


class Payment(TimeStampedModel):
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="payments", verbose_name=_("order")
    )
    method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices)
    # Negative: money given back (`services.payment_refund`), never more than was received.
    amount_cents = models.IntegerField(_("amount (cents)"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["order", "created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount_cents=0), name="billing_payment_amount_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount_cents / 100:.2f} € ({self.get_method_display()})"
