"""The shapes of the treasurer's forms: a period to close, a year to export. The rules (what
may be closed) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.community.forms import CommunityForm, DateInput
from comptoir.core import ranges
from comptoir.invoicing.fec import ACCOUNT_MAX
from comptoir.invoicing.models import ClosingKind


class ClosingForm(CommunityForm):
    kind = forms.ChoiceField(
        label=_("Period"),
        choices=ClosingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a day, a month or a year.")},
    )
    day = ranges.DateField(
        label=_("A day of the period"),
        widget=DateInput(),
        help_text=_("Any day of the month or year to close."),
    )


class FecForm(CommunityForm):
    year = forms.IntegerField(
        label=_("Fiscal year"),
        min_value=1900,
        max_value=2199,
        error_messages={"required": _("Give the year to export.")},
    )


# The roles of the chart, in the order the form shows them.
CHART_LABELS = {
    "customers": _("Customers"),
    "revenue": _("Revenue from services"),
    "vat": _("VAT collected"),
    "bank": _("Bank"),
    "cash": _("Cash box"),
    "other_income": _("Other income"),
    "grants": _("Grants"),
    "donations": _("Donations"),
    "dues": _("Membership dues"),
}


class ChartForm(CommunityForm):
    """One account number per role of the chart; empty for the default (its placeholder)."""

    def __init__(self, *args: Any, defaults: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role, label in CHART_LABELS.items():
            self.fields[role] = forms.CharField(
                label=label,
                required=False,
                max_length=ACCOUNT_MAX,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "placeholder": defaults[role][0]}
                ),
                help_text=_("Default: %(number)s (%(label)s).")
                % {"number": defaults[role][0], "label": defaults[role][1]},
            )
