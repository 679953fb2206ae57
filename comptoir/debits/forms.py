"""The shapes of the direct-debit forms; the rules (a valid IBAN, a signature date, a month
made once) are the services'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.community.forms import CommunityForm, DateInput
from comptoir.core import ranges
from comptoir.debits.models import ReturnReason


class CreditorForm(CommunityForm):
    creditor_id = forms.CharField(
        label=_("SEPA creditor identifier (ICS)"),
        max_length=40,
        help_text=_("Given by the bank, e.g. FR12ZZZ123456."),
    )
    iban = forms.CharField(label=_("IBAN of the account credited"), max_length=50)
    bic = forms.CharField(
        label=_("BIC"),
        max_length=20,
        required=False,
        help_text=_("Found from the IBAN when left empty."),
    )


class MandateForm(CommunityForm):
    email = forms.EmailField(
        label=_("Email of the person"),
        help_text=_("The member whose account is debited."),
    )
    debtor_name = forms.CharField(
        label=_("Account holder"),
        max_length=70,
        required=False,
        help_text=_("The person's name when left empty."),
    )
    iban = forms.CharField(label=_("IBAN"), max_length=50)
    bic = forms.CharField(
        label=_("BIC"),
        max_length=20,
        required=False,
        help_text=_("Found from the IBAN when left empty."),
    )
    signed_on = ranges.DateField(
        label=_("Signed on"),
        widget=DateInput(),
        error_messages={"required": _("A mandate needs the date it was signed, today or before.")},
    )
    reference = forms.CharField(
        label=_("Mandate reference (RUM)"),
        max_length=35,
        required=False,
        help_text=_("Made for you when left empty."),
    )


class BatchForm(CommunityForm):
    month = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("The month whose subscriptions are collected, as YYYY-MM."),
        error_messages={"required": _("Choose a month, this one or the next.")},
    )

    def clean_month(self) -> dt.date:
        value = self.cleaned_data["month"].strip()
        try:
            return dt.date.fromisoformat(f"{value}-01")
        except ValueError as invalid:
            raise forms.ValidationError(_("Choose a month, this one or the next.")) from invalid


class ReturnForm(CommunityForm):
    reason = forms.ChoiceField(label=_("Reason given by the bank"), choices=ReturnReason.choices)
    returned_on = ranges.DateField(label=_("Returned on"), widget=DateInput(), required=False)
