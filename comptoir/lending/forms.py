"""The shapes of the library's forms; the rules are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.billing.models import PaymentMethod
from comptoir.core.ranges import DateField
from comptoir.lending.models import Item


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=Item.Category.choices)
    condition = forms.ChoiceField(
        label=_("Condition"), choices=Item.Condition.choices, initial="good"
    )
    deposit_euros = forms.IntegerField(
        label=_("Deposit (€)"), min_value=0, max_value=10000, initial=0
    )
    max_loan_days = forms.IntegerField(
        label=_("Longest loan (days)"), min_value=1, max_value=365, initial=7
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ItemEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    condition = forms.ChoiceField(label=_("Condition"), choices=Item.Condition.choices)
    deposit_euros = forms.DecimalField(
        label=_("Deposit (€)"), min_value=0, max_value=10000, decimal_places=2
    )
    max_loan_days = forms.IntegerField(label=_("Longest loan (days)"), min_value=1, max_value=365)
    is_active = forms.BooleanField(label=_("Lent at the moment"), required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def of(cls, item: Item) -> ItemEditForm:
        return cls(
            initial={
                "name": item.name,
                "condition": item.condition,
                "deposit_euros": Decimal(item.deposit_cents) / 100,
                "max_loan_days": item.max_loan_days,
                "is_active": item.is_active,
                "description": item.description,
            }
        )


class ReserveForm(forms.Form):
    starts_on = DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    due_on = DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class CheckOutForm(forms.Form):
    deposit_method = forms.ChoiceField(
        label=_("Deposit paid by"), choices=PaymentMethod.choices, initial="cash"
    )


class ReturnForm(forms.Form):
    condition = forms.ChoiceField(label=_("Condition at return"), choices=Item.Condition.choices)
    damage = forms.CharField(
        label=_("Damage found"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    deposit_kept_euros = forms.DecimalField(
        label=_("Deposit kept (€)"),
        required=False,
        min_value=0,
        max_value=10000,
        decimal_places=2,
        help_text=_("For damage, with a note; the rest of the deposit is given back."),
    )

    def __init__(self, *args: Any, item: Item | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["condition"].initial = item.condition


class DamageForm(forms.Form):
    note = forms.CharField(
        label=_("What is damaged"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
