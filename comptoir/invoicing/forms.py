"""The shapes of the desk's money forms: a payment, an invoice to issue, a credit note. The
rules (what is due, what remains to credit) are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.community.forms import CommunityForm, DateInput
from comptoir.core import ranges
from comptoir.invoicing.models import InvoiceLine, PaymentMeans
from comptoir.invoicing.services import REASON_MAX
from comptoir.invoicing.services.payments import REFERENCE_MAX


class PaymentForm(CommunityForm):
    means = forms.ChoiceField(
        label=_("Means of payment"),
        choices=PaymentMeans.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it was paid.")},
    )
    amount = forms.DecimalField(
        label=_("Amount (€)"),
        min_value=Decimal("0.01"),
        max_value=Decimal(ranges.MAX_CENTS) / 100,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    received_on = ranges.DateField(
        label=_("Date received"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for today."),
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=REFERENCE_MAX,
        required=False,
        help_text=_("Optional: cheque number, transfer label, card receipt number…"),
    )

    def amount_cents(self) -> int:
        return int(self.cleaned_data["amount"] * 100)

    def movement(self) -> dict[str, Any]:
        """What the payment services take from this form (a payment or a refund)."""
        return {
            "means": self.cleaned_data["means"],
            "amount_cents": self.amount_cents(),
            "received_on": self.cleaned_data["received_on"],
            "reference": self.cleaned_data["reference"],
        }


class InvoiceIssueForm(CommunityForm):
    buyer_address = forms.CharField(
        label=_("Buyer's address"),
        max_length=300,
        required=False,
        help_text=_("Printed on the invoice; required for a structure."),
    )


class CreditNoteForm(CommunityForm):
    """A reason, then either everything that remains or a quantity per line."""

    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)
    whole = forms.BooleanField(label=_("Credit everything that remains"), required=False)

    def __init__(self, *args: Any, lines: list[tuple[InvoiceLine, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for line, remaining in lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=_("Quantity of “%(label)s” to credit (%(remaining)d remain)")
                % {"label": line.label, "remaining": remaining},
                min_value=0,
                max_value=max(remaining, 0),
                initial=0,
                required=False,
            )

    def quantities(self) -> dict[int, int] | None:
        """None credits everything that remains; else the lines (by id) and quantities."""
        if self.cleaned_data.get("whole"):
            return None
        return {
            int(name.removeprefix("line_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("line_") and value
        }


class RefundForm(PaymentForm):
    """What is paid back on a credit note: the same shape as a payment."""
