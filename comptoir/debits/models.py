"""SEPA direct debits of subscriptions: the creditor details of a legal entity, the mandates
people sign, the monthly batches sent to the bank as pain.008 files, and each debit in them
(returned by the bank or not).

A batch records a direct-debit payment (invoicing) for each order it collects, so the order
is paid when the file goes to the bank; a debit the bank returns is reversed by a negative
payment and its order is due again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TimeStampedModel


class Creditor(TimeStampedModel):
    """What the bank needs to collect for a legal entity: its SEPA creditor identifier (ICS,
    given by its bank) and the account credited."""

    organization = models.OneToOneField(
        "community.Organization",
        on_delete=models.CASCADE,
        related_name="sepa_creditor",
        verbose_name=_("legal entity"),
    )
    creditor_id = models.CharField(_("creditor identifier (ICS)"), max_length=35)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)

    class Meta:
        verbose_name = _("SEPA creditor")
        verbose_name_plural = _("SEPA creditors")

    def __str__(self) -> str:
        return self.creditor_id


class SequenceType(models.TextChoices):
    FIRST = "FRST", _("First debit")
    RECURRING = "RCUR", _("Recurring debit")


class Mandate(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    creditor = models.ForeignKey(
        "community.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("creditor"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sepa_mandates",
        verbose_name=_("person"),
    )
    # The unique mandate reference (RUM), unique for the creditor for ever.
    reference = models.CharField(_("mandate reference (RUM)"), max_length=35)
    debtor_name = models.CharField(_("account holder"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)
    signed_on = models.DateField(_("signed on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # A mandate's first debit is FRST, the next ones RCUR (set once a debit is sent).
    first_debit_sent = models.BooleanField(_("first debit sent"), default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("SEPA mandate")
        verbose_name_plural = _("SEPA mandates")
        constraints = [
            models.UniqueConstraint(
                fields=["creditor", "reference"], name="mandate_unique_reference"
            ),
            models.UniqueConstraint(
                fields=["place", "person"],
                condition=Q(status="active"),
                name="mandate_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def iban_masked(self) -> str:
        return f"{self.iban[:4]} •••• {self.iban[-4:]}"


class Batch(TimeStampedModel):
    """The debits of one month at a place: made once (unique per place and month)."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    creditor = models.ForeignKey(
        "community.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("creditor"),
    )
    month = models.DateField(_("month"))  # its first day
    collection_date = models.DateField(_("collection date"))
    message_id = models.CharField(_("message identifier"), max_length=35, unique=True)
    total_cents = models.PositiveIntegerField(_("total (cents)"))
    debit_count = models.PositiveIntegerField(_("debits"))
    # The pain.008 file as it was made (the bank receives exactly this).
    xml = models.TextField(_("pain.008 file"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("prepared by"),
    )

    class Meta:
        ordering = ["-month", "-pk"]
        verbose_name = _("direct-debit batch")
        verbose_name_plural = _("direct-debit batches")
        constraints = [
            models.UniqueConstraint(fields=["place", "month"], name="batch_one_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def file_name(self) -> str:
        return f"prelevements-{self.month:%Y-%m}.xml"


class ReturnReason(models.TextChoices):
    """The reason codes of a SEPA return (R-transaction) most often seen."""

    AC04 = "AC04", _("Account closed (AC04)")
    AC06 = "AC06", _("Account blocked (AC06)")
    AM04 = "AM04", _("Insufficient funds (AM04)")
    MD01 = "MD01", _("No valid mandate (MD01)")
    MD06 = "MD06", _("Refund requested by the debtor (MD06)")
    MS02 = "MS02", _("Refused by the debtor (MS02)")
    MS03 = "MS03", _("Reason not specified (MS03)")


class Debit(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent to the bank")
        RETURNED = "returned", _("Returned unpaid")

    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="debits", verbose_name=_("batch")
    )
    mandate = models.ForeignKey(
        Mandate, on_delete=models.PROTECT, related_name="debits", verbose_name=_("mandate")
    )
    order = models.ForeignKey(
        "billing.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    sequence_type = models.CharField(_("sequence type"), max_length=4, choices=SequenceType.choices)
    end_to_end_id = models.CharField(_("end-to-end identifier"), max_length=35, unique=True)
    payment = models.OneToOneField(
        "invoicing.Payment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("payment"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="sent")
    return_reason = models.CharField(
        _("return reason"), max_length=4, choices=ReturnReason.choices, blank=True
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_payment = models.OneToOneField(
        "invoicing.Payment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reversal"),
    )

    class Meta:
        ordering = ["batch", "pk"]
        verbose_name = _("direct debit")
        verbose_name_plural = _("direct debits")
        constraints = [
            models.UniqueConstraint(fields=["batch", "order"], name="debit_once_per_batch"),
        ]

    def __str__(self) -> str:
        return self.end_to_end_id
