"""The shapes of the Cigale forms; the rules are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.bookings.forms import LocalDateTimeField
from comptoir.cigale.models import Entry, Investment
from comptoir.community.forms import CommunityForm

EUROS = {"max_digits": 9, "decimal_places": 2, "min_value": Decimal("0.01")}


def cents(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


class PledgeForm(CommunityForm):
    monthly = forms.DecimalField(
        label=_("My monthly pledge (€)"), max_digits=7, decimal_places=2, min_value=Decimal("0.01")
    )


class MovementForm(CommunityForm):
    person = forms.TypedChoiceField(label=_("Member"), coerce=int, choices=[])
    kind = forms.ChoiceField(
        label=_("Movement"),
        choices=[
            (Entry.Kind.PAYMENT, Entry.Kind.PAYMENT.label),
            (Entry.Kind.WITHDRAWAL, Entry.Kind.WITHDRAWAL.label),
        ],
    )
    amount = forms.DecimalField(label=_("Amount (€)"), **EUROS)  # type: ignore[arg-type]

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = members  # type: ignore[attr-defined]


class InvestmentForm(CommunityForm):
    enterprise = forms.CharField(label=_("Enterprise"), max_length=200)
    amount = forms.DecimalField(label=_("Amount (€)"), **EUROS)  # type: ignore[arg-type]
    form = forms.ChoiceField(label=_("Form"), choices=Investment.Form.choices)
    context = forms.CharField(
        label=_("Why"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, tz: ZoneInfo, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["closes_at"] = LocalDateTimeField(label=_("The club decides until"), tz=tz)


class ReceiveForm(CommunityForm):
    kind = forms.ChoiceField(
        label=_("Money back"),
        choices=[
            (Entry.Kind.REPAYMENT, Entry.Kind.REPAYMENT.label),
            (Entry.Kind.RETURN, Entry.Kind.RETURN.label),
        ],
    )
    amount = forms.DecimalField(label=_("Amount (€)"), **EUROS)  # type: ignore[arg-type]
    closes = forms.BooleanField(label=_("Nothing more is expected from it"), required=False)
