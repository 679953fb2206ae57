"""The shapes of the treasurer's forms: a period to close, a year to export. The rules (what
may be closed) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.community.forms import CommunityForm, DateInput
from comptoir.core import ranges
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
