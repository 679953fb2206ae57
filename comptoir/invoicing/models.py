"""Legal invoices: issued from an order, numbered without gaps, never altered once issued.

An invoice is a snapshot: the seller (the place's legal entity and its invoicing profile),
the buyer, the lines and the totals per VAT rate are copied at issue, so it reads the same
forever whatever becomes of the order, the structure or the person. The database refuses
any UPDATE or DELETE of an issued invoice or of its lines (triggers, migration 0002), and
each invoice carries a SHA-256 hash chained to the previous invoice of the same entity.

A credit note (avoir) credits all or part of an issued invoice: chosen lines and quantities,
never more than what earlier credit notes left. It is numbered in its own series per entity
and year (A2026-000001), copies the invoice's seller and buyer, shows positive credited
amounts, and is inalterable like an invoice (migration 0003). Invoices and credit notes form
one chain per entity: its legal documents in the order of their issue, each hash chained to
the previous document's whatever its kind, so a credit note cannot be slipped in, removed or
reordered between two invoices unnoticed.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.fr import tva as stdnum_tva

from comptoir.core.models import TimeStampedModel

# French law: the fixed indemnity for recovery costs owed by a professional buyer who pays
# late (art. L441-10 and D441-5 of the Code de commerce).
RECOVERY_INDEMNITY_CENTS = 4000


class VatRegime(models.TextChoices):
    SUBJECT = "subject", _("Subject to VAT")
    FRANCHISE = "franchise", _("Not subject to VAT (franchise, art. 293 B of the CGI)")


def validate_vat_number(value: str) -> None:
    if value and not stdnum_tva.is_valid(value):
        raise ValidationError(
            _("“%(value)s” is not a valid French VAT number (FR, 2 characters, the SIREN)."),
            code="invalid_vat_number",
            params={"value": value},
        )


class InvoicingProfile(TimeStampedModel):
    """What a legal entity prints on its invoices besides its name and SIRET."""

    organization = models.OneToOneField(
        "community.Organization",
        on_delete=models.CASCADE,
        related_name="invoicing_profile",
        verbose_name=_("structure"),
    )
    address = models.CharField(
        _("registered address"),
        max_length=300,
        help_text=_("As printed on invoices, e.g. “12 rue des Tiers-Lieux, 75011 Paris”."),
    )
    vat_regime = models.CharField(
        _("VAT regime"), max_length=10, choices=VatRegime.choices, default=VatRegime.FRANCHISE
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=13, blank=True, validators=[validate_vat_number]
    )
    # Basis points a year: 1000 is 10 %.
    late_penalty_rate_bp = models.PositiveIntegerField(
        _("late payment penalty rate (basis points a year)"),
        default=1000,
        validators=[MaxValueValidator(10000)],
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), default=30, validators=[MaxValueValidator(60)]
    )
    exemption_mention = models.CharField(
        _("mention for VAT-exempt lines"),
        max_length=200,
        blank=True,
        help_text=_("The article of the CGI that exempts lines sold without VAT, if any."),
    )
    # The accounts the FEC uses where they differ from the defaults (invoicing.fec.DEFAULT_
    # ACCOUNTS): {"revenue": "706", "vat": "44571", …}.
    accounts = models.JSONField(_("chart of accounts"), default=dict, blank=True)

    class Meta:
        verbose_name = _("invoicing profile")
        verbose_name_plural = _("invoicing profiles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(vat_regime="subject") | ~Q(vat_number=""),
                name="invoicingprofile_subject_has_vat_number",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization_id)

    def clean(self) -> None:
        if self.vat_regime == VatRegime.SUBJECT and not self.vat_number:
            raise ValidationError(
                {"vat_number": _("An entity subject to VAT prints its VAT number.")}
            )


class InvoiceCounter(models.Model):
    """The last number given in a series of an entity; its row is locked while issuing."""

    organization = models.ForeignKey(
        "community.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("structure"),
    )
    series = models.CharField(_("series"), max_length=10)
    last_sequence = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("invoice counter")
        verbose_name_plural = _("invoice counters")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "series"], name="invoicecounter_unique_series"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series}: {self.last_sequence}"


class Immutable(models.Model):
    """Rows written once: saving an existing row or deleting one raises (the database's
    triggers refuse it too, whatever path the write takes)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableError(self)


class ImmutableError(Exception):
    def __init__(self, obj: models.Model) -> None:
        super().__init__(f"{obj._meta.label} rows are never changed nor deleted once issued")


class ImmutableQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableError(self.model())

    def delete(self) -> NoReturn:
        raise ImmutableError(self.model())


class LegalDocument(Immutable):
    """What invoices and credit notes both print and chain: their number, the seller and the
    buyer as they were at issue, the totals, the exemption mention and the chain."""

    # The number: series, its sequence, both printed as F2026-000001 or A2026-000001.
    series = models.CharField(_("series"), max_length=10)
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=20)
    issue_date = models.DateField(_("issue date"))
    # The seller as it was at issue.
    seller_name = models.CharField(_("seller name"), max_length=150)
    seller_siret = models.CharField(_("seller SIRET"), max_length=14)
    seller_address = models.CharField(_("seller address"), max_length=300)
    seller_vat_regime = models.CharField(_("VAT regime"), max_length=10, choices=VatRegime.choices)
    seller_vat_number = models.CharField(_("seller VAT number"), max_length=13, blank=True)
    # The buyer as it was at issue; a structure is a professional buyer.
    buyer_name = models.CharField(_("buyer name"), max_length=200)
    buyer_address = models.CharField(_("buyer address"), max_length=300, blank=True)
    buyer_siren = models.CharField(_("buyer SIREN"), max_length=9, blank=True)
    buyer_is_business = models.BooleanField(_("professional buyer"), default=False)
    # Totals in cents (credited amounts are positive too); `vat_totals` lists each rate:
    # rate_bp, before_tax, vat, total.
    total_before_tax_cents = models.PositiveIntegerField(_("total before tax (cents)"))
    total_vat_cents = models.PositiveIntegerField(_("total VAT (cents)"))
    total_cents = models.PositiveIntegerField(_("total including tax (cents)"))
    vat_totals = models.JSONField(_("totals per VAT rate"))
    exemption_mention = models.CharField(_("VAT exemption mention"), max_length=200, blank=True)
    # The chain of the entity's documents: the position and the hashes.
    chain_position = models.PositiveIntegerField(_("position in the chain"))
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.number

    @property
    def seller_siren(self) -> str:
        return self.seller_siret[:9]


class Invoice(LegalDocument):
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="invoices", verbose_name=_("place")
    )
    order = models.OneToOneField(
        "billing.Order", on_delete=models.PROTECT, related_name="invoice", verbose_name=_("order")
    )
    seller = models.ForeignKey(
        "community.Organization",
        on_delete=models.PROTECT,
        related_name="invoices_issued",
        verbose_name=_("seller"),
    )
    # The number's series is the year of issue: F2026-000001.
    sale_date = models.DateField(_("date of the sale"))
    due_date = models.DateField(_("due date"))
    # Mentions.
    late_penalty_rate_bp = models.PositiveIntegerField(_("late payment penalty rate (bp)"))
    recovery_indemnity_cents = models.PositiveIntegerField(_("recovery indemnity (cents)"))

    class Meta:
        ordering = ["seller", "chain_position"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["seller", "number"], name="invoice_unique_number"),
            models.UniqueConstraint(
                fields=["seller", "series", "sequence"], name="invoice_unique_sequence"
            ),
            models.UniqueConstraint(
                fields=["seller", "chain_position"], name="invoice_unique_chain_position"
            ),
        ]
        indexes = [models.Index(fields=["place", "number"], name="invoice_place_number_idx")]


class DocumentLine(Immutable):
    """A line as an invoice or a credit note prints it (amounts in cents, positive)."""

    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price_before_tax_cents = models.PositiveIntegerField(_("unit price before tax (cents)"))
    vat_rate_bp = models.PositiveIntegerField(_("VAT rate (basis points)"))
    total_before_tax_cents = models.PositiveIntegerField(_("total before tax (cents)"))
    total_cents = models.PositiveIntegerField(_("total including tax (cents)"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.quantity} × {self.label}"


class InvoiceLine(DocumentLine):
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="lines", verbose_name=_("invoice")
    )

    class Meta:
        ordering = ["invoice", "position"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "position"], name="invoiceline_unique_position"
            ),
        ]


class CreditNote(LegalDocument):
    """An avoir crediting an issued invoice, in whole or in part; amounts are positive."""

    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="credit_notes",
        verbose_name=_("place"),
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("invoice")
    )
    seller = models.ForeignKey(
        "community.Organization",
        on_delete=models.PROTECT,
        related_name="credit_notes_issued",
        verbose_name=_("seller"),
    )
    # Numbered A2026-000001; the seller and the buyer as the invoice printed them; the
    # chain is the one of the entity's invoices.
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["seller", "chain_position"]
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        constraints = [
            models.UniqueConstraint(fields=["seller", "number"], name="creditnote_unique_number"),
            models.UniqueConstraint(
                fields=["seller", "series", "sequence"], name="creditnote_unique_sequence"
            ),
            models.UniqueConstraint(
                fields=["seller", "chain_position"], name="creditnote_unique_chain_position"
            ),
        ]


class CreditNoteLine(DocumentLine):
    credit_note = models.ForeignKey(
        CreditNote, on_delete=models.PROTECT, related_name="lines", verbose_name=_("credit note")
    )
    invoice_line = models.ForeignKey(
        InvoiceLine,
        on_delete=models.PROTECT,
        related_name="credit_lines",
        verbose_name=_("invoice line"),
    )

    class Meta:
        ordering = ["credit_note", "position"]
        verbose_name = _("credit note line")
        verbose_name_plural = _("credit note lines")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_note", "position"], name="creditnoteline_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="creditnoteline_quantity_positive"
            ),
        ]


class PaymentMeans(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Card")
    CHEQUE = "cheque", _("Cheque")
    TRANSFER = "transfer", _("Bank transfer")
    DIRECT_DEBIT = "direct_debit", _("SEPA direct debit")
    ONLINE = "online", _("Online")


class Payment(Immutable):
    """Money received for an order, or refunded (a negative amount, tied to the credit note
    it pays back). Numbered P2026-000001 per entity and year, and chained with the entity's
    invoices and credit notes in the order they were recorded; never changed nor deleted
    (a mistake is corrected by a refund, as an accountant corrects an entry)."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    order = models.ForeignKey(
        "billing.Order",
        on_delete=models.PROTECT,
        related_name="ledger_payments",
        verbose_name=_("order"),
    )
    seller = models.ForeignKey(
        "community.Organization",
        on_delete=models.PROTECT,
        related_name="payments_received",
        verbose_name=_("seller"),
    )
    series = models.CharField(_("series"), max_length=10)
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=20)
    means = models.CharField(_("means of payment"), max_length=12, choices=PaymentMeans.choices)
    received_on = models.DateField(_("date"))
    # Cents; negative for a refund.
    amount_cents = models.IntegerField(_("amount (cents)"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    credit_note = models.ForeignKey(
        CreditNote,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("credit note refunded"),
    )
    chain_position = models.PositiveIntegerField(_("position in the chain"))
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["seller", "chain_position"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["seller", "number"], name="payment_unique_number"),
            models.UniqueConstraint(
                fields=["seller", "series", "sequence"], name="payment_unique_sequence"
            ),
            models.UniqueConstraint(
                fields=["seller", "chain_position"], name="payment_unique_chain_position"
            ),
            # A refund pays back a credit note; a payment is never tied to one. A returned
            # direct debit (the payer's bank took the money back) is the other negative
            # payment: it reverses a debit, with no credit note (the sale still stands).
            models.CheckConstraint(
                condition=(Q(amount_cents__gt=0) & Q(credit_note__isnull=True))
                | (Q(amount_cents__lt=0) & Q(credit_note__isnull=False))
                | (Q(amount_cents__lt=0) & Q(credit_note__isnull=True) & Q(means="direct_debit")),
                name="payment_refund_has_credit_note",
            ),
        ]
        indexes = [models.Index(fields=["order", "chain_position"], name="payment_order_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_refund(self) -> bool:
        return self.amount_cents < 0


class ClosingKind(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Closing(Immutable):
    """A period of an entity's accounts closed for good (clôture): its totals as they were
    when it closed, the last invoice, credit note and payment dated in it, and a hash chained
    to the entity's previous closing (a chain of its own, beside the documents' chain). Once a
    period is closed nothing can be issued, credited or received with a date inside it. The
    database refuses any UPDATE or DELETE (migration 0005)."""

    seller = models.ForeignKey(
        "community.Organization",
        on_delete=models.PROTECT,
        related_name="closings",
        verbose_name=_("structure"),
    )
    kind = models.CharField(_("period"), max_length=5, choices=ClosingKind.choices)
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    # Cents. Invoices and credit notes per VAT rate (rate_bp, before_tax, vat, total);
    # payments per means (refunds are negative, so each sum is net).
    invoiced = models.JSONField(_("invoiced per VAT rate"))
    credited = models.JSONField(_("credited per VAT rate"))
    received = models.JSONField(_("received per means of payment"))
    invoice_count = models.PositiveIntegerField(_("invoices"))
    credit_note_count = models.PositiveIntegerField(_("credit notes"))
    payment_count = models.PositiveIntegerField(_("payments"))
    invoiced_cents = models.IntegerField(_("invoiced including tax (cents)"))
    credited_cents = models.IntegerField(_("credited including tax (cents)"))
    received_cents = models.IntegerField(_("received (cents)"))
    # The last document of each kind dated in the period ("" when none).
    last_invoice_number = models.CharField(_("last invoice"), max_length=20, blank=True)
    last_invoice_hash = models.CharField(_("its hash"), max_length=64, blank=True)
    last_credit_note_number = models.CharField(_("last credit note"), max_length=20, blank=True)
    last_credit_note_hash = models.CharField(_("its hash"), max_length=64, blank=True)
    last_payment_number = models.CharField(_("last payment"), max_length=20, blank=True)
    last_payment_hash = models.CharField(_("its hash"), max_length=64, blank=True)
    chain_position = models.PositiveIntegerField(_("position in the chain"))
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)
    created_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        "community.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("closed by"),
    )

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["seller", "chain_position"]
        verbose_name = _("closing")
        verbose_name_plural = _("closings")
        constraints = [
            # A period is closed once (the database says so even to two closings at once).
            models.UniqueConstraint(
                fields=["seller", "kind", "period_start"], name="closing_unique_period"
            ),
            models.UniqueConstraint(
                fields=["seller", "chain_position"], name="closing_unique_chain_position"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="closing_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["seller", "period_end"], name="closing_seller_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start.isoformat()}"


class ReminderKind(models.TextChoices):
    DAYS_7 = "7", _("7 days after the due date")
    DAYS_30 = "30", _("30 days after the due date")


class InvoiceReminder(models.Model):
    """A reminder sent for an unpaid invoice: one row per invoice and kind, so the database
    itself keeps two runs of the daily task (or two workers) from sending it twice."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("invoice")
    )
    kind = models.CharField(_("reminder"), max_length=2, choices=ReminderKind.choices)
    sent_to = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["invoice", "kind"]
        verbose_name = _("invoice reminder")
        verbose_name_plural = _("invoice reminders")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "kind"], name="invoice_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id} +{self.kind}"
