"""The shapes of the membership forms; the rules (a period covered once, shares held,
what is still owed) are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.billing.models import PaymentMethod
from comptoir.community.forms import CommunityForm, DateInput
from comptoir.core import ranges
from comptoir.core.widgets import LongSelect
from comptoir.membership.models import AssociateCategory, Association

VAT_RATES = [(0, _("No VAT (0 %)")), (550, "5,5 %"), (1000, "10 %"), (2000, "20 %")]


def euros_field(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        error_messages={
            "min_value": _("Give an amount of zero or more, in euros and cents."),
            "max_value": _("This amount is too large."),
        },
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=Decimal(ranges.MAX_CENTS) / 100,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


def cents(value: Decimal | None) -> int:
    return 0 if value is None else int(value * 100)


class SettingsForm(CommunityForm):
    period = forms.ChoiceField(label=_("A membership runs for"), choices=Association.Period.choices)
    fee = euros_field(_("Membership fee (€)"))
    vat_rate_bp = forms.TypedChoiceField(
        label=_("VAT on the fee"), choices=VAT_RATES, coerce=int, initial=0
    )
    is_cooperative = forms.BooleanField(
        label=_("Cooperative (SCIC): keep a share register"), required=False
    )
    share_price = euros_field(_("Nominal value of a share (€)"), required=False)


class MemberForm(CommunityForm):
    email = forms.EmailField(
        label=_("Email of the person"),
        required=False,
        help_text=_("Leave empty for a structure."),
    )
    organization = forms.CharField(
        label=_("Or the name of a structure"), max_length=200, required=False
    )


class MembershipForm(MemberForm):
    starts_on = ranges.DateField(
        label=_("Membership from"),
        required=False,
        widget=DateInput(),
        help_text=_("Today when left empty; a calendar-year membership covers its whole year."),
    )
    payment_method = forms.ChoiceField(label=_("Paid by"), choices=PaymentMethod.choices)
    payment_reference = forms.CharField(
        label=_("Payment reference"), max_length=100, required=False
    )


class SubscribeForm(MemberForm):
    category = forms.ChoiceField(
        label=_("Category of associate"),
        choices=AssociateCategory.choices,
        help_text=_("For a newcomer; an associate keeps their category."),
    )
    shares = forms.IntegerField(label=_("Shares"), min_value=1, max_value=ranges.MAX_SEATS)
    paid = euros_field(_("Paid now (€)"), required=False)
    on = ranges.DateField(label=_("Date"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AssociateMovementForm(CommunityForm):
    """A movement on an associate chosen in the register."""

    KINDS = [("paid", _("Pay up")), ("redeemed", _("Redeem")), ("transferred", _("Transfer"))]

    associate = forms.TypedChoiceField(label=_("Associate"), coerce=int, widget=LongSelect)
    kind = forms.ChoiceField(label=_("Movement"), choices=KINDS)
    shares = forms.IntegerField(
        label=_("Shares"), min_value=1, max_value=ranges.MAX_SEATS, required=False
    )
    amount = euros_field(_("Amount paid (€)"), required=False)
    to_email = forms.EmailField(label=_("Transfer to (email)"), required=False)
    category = forms.ChoiceField(
        label=_("Category of the receiver"),
        choices=[("", "—"), *AssociateCategory.choices],
        required=False,
    )
    on = ranges.DateField(label=_("Date"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, associates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["associate"].choices = associates  # type: ignore[attr-defined]


class RegisterSearchForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=ranges.SUPPORTED_YEARS[0], max_value=ranges.SUPPORTED_YEARS[1]
    )
    q = forms.CharField(label=_("Search a member"), max_length=100, required=False)
