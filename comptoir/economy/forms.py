"""The shapes of the treasurer's forms: an income, a year's budget, a period or a year to
read, a month of the settlement to invoice. The rules are the services'."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.community.forms import CommunityForm, DateInput
from comptoir.core import ranges
from comptoir.economy.models import IncomeKind, Source
from comptoir.economy.services import LABEL_MAX, NOTE_MAX, IncomeSpec


def euros_field(label: Any, *, required: bool = True, minimum: str = "0.01") -> forms.DecimalField:
    below = (
        _("Give an amount above zero, in euros and cents.")
        if minimum != "0"
        else _("A budget is zero or more, in euros and cents.")
    )
    return forms.DecimalField(
        error_messages={"min_value": below, "max_value": _("This amount is too large.")},
        label=label,
        required=required,
        min_value=Decimal(minimum),
        max_value=Decimal(ranges.MAX_CENTS) / 100,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


def cents(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


class IncomeForm(CommunityForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=IncomeKind.choices,
        error_messages={"required": _("Choose the kind of income.")},
    )
    label = forms.CharField(label=_("Label"), max_length=LABEL_MAX)
    payer = forms.CharField(
        label=_("Funder, partner or donor"),
        max_length=LABEL_MAX,
        help_text=_("The funder of a grant, the partner structure or cooperative, the donor…"),
    )
    programme = forms.CharField(
        label=_("Programme"),
        max_length=LABEL_MAX,
        required=False,
        help_text=_("For a grant: the funder's programme (e.g. “Fabriques de territoire”)."),
    )
    amount = euros_field(_("Amount (€)"))
    received_on = ranges.DateField(label=_("Date received"), widget=DateInput())
    period_start = ranges.DateField(
        label=_("Period from"),
        required=False,
        widget=DateInput(),
        help_text=_("For a grant: the first day of the period it funds."),
    )
    period_end = ranges.DateField(
        label=_("Period until"),
        required=False,
        widget=DateInput(),
        help_text=_("For a grant: the last day of the period it funds."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, required=False, widget=forms.Textarea({"rows": 2})
    )

    def spec(self) -> IncomeSpec:
        data = self.cleaned_data
        return IncomeSpec(
            kind=data["kind"],
            label=data["label"],
            payer=data["payer"],
            programme=data["programme"],
            amount_cents=cents(data["amount"]) or 0,
            received_on=data["received_on"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            note=data["note"],
        )

    @classmethod
    def initial_of(cls, income: Any) -> dict[str, Any]:
        return {
            "kind": income.kind,
            "label": income.label,
            "payer": income.payer,
            "programme": income.programme,
            "amount": Decimal(income.amount_cents) / 100,
            "received_on": income.received_on,
            "period_start": income.period_start,
            "period_end": income.period_end,
            "note": income.note,
        }


class YearForm(CommunityForm):
    annee = forms.IntegerField(
        label=_("Year"),
        min_value=ranges.SUPPORTED_YEARS[0],
        max_value=ranges.SUPPORTED_YEARS[1],
        required=False,
    )

    def year(self) -> int:
        value = self.cleaned_data.get("annee") if self.is_valid() else None
        return value or timezone.localdate().year


class ModelYearForm(YearForm):
    """The model's year, and the hourly value of the volunteer hours (the SMIC's unless
    the treasurer gives another)."""

    taux_benevolat = forms.DecimalField(
        label=_("Value of a volunteer hour (€)"),
        min_value=0,
        max_value=1000,
        decimal_places=2,
        required=False,
        help_text=_("By default the gross hourly minimum wage (SMIC)."),
    )

    def hour_rate_cents(self) -> int | None:
        value = self.cleaned_data.get("taux_benevolat") if self.is_valid() else None
        return None if value is None else int(value * 100)


class BudgetForm(CommunityForm):
    """One amount per source, in euros; empty for no budget line."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=ranges.SUPPORTED_YEARS[0],
        max_value=ranges.SUPPORTED_YEARS[1],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for source, label in Source.choices:
            self.fields[source] = euros_field(label, required=False, minimum="0")

    def amounts(self) -> dict[str, int | None]:
        return {source: cents(self.cleaned_data.get(source)) for source in Source.values}

    @staticmethod
    def initial_of(year: int, amounts: dict[str, int]) -> dict[str, Any]:
        return {"year": year} | {source: Decimal(value) / 100 for source, value in amounts.items()}


class PeriodForm(CommunityForm):
    du = ranges.DateField(label=_("From"), widget=DateInput())
    au = ranges.DateField(label=_("Until"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("du"), data.get("au")
        if start and end and end < start:
            self.add_error("au", _("The period ends before it starts."))
        elif start and end and (end - start).days > 366 * 5:
            self.add_error("au", _("Choose a period of at most five years."))
        return data


class MonthForm(CommunityForm):
    mois = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"}),
    )

    def clean_mois(self) -> dt.date:
        value = self.cleaned_data["mois"]
        try:
            month = dt.date.fromisoformat(f"{value}-01")
        except ValueError as invalid:
            raise forms.ValidationError(_("Give a month as YYYY-MM.")) from invalid
        if not ranges.is_supported(month):
            raise forms.ValidationError(ranges.out_of_range_message())
        return month
