"""The shapes of the roster's forms; the rules (times, capacity, who plans) are the
services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.community.forms import CommunityForm, DateInput
from comptoir.core import ranges
from comptoir.roster.models import MAX_CAPACITY, Weekday


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class ShiftForm(CommunityForm):
    day = ranges.DateField(label=_("Day"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    capacity = forms.IntegerField(
        label=_("People needed"), min_value=1, max_value=MAX_CAPACITY, initial=1
    )
    label = forms.CharField(label=_("Label"), max_length=80, required=False)


class PatternForm(CommunityForm):
    weekday = forms.TypedChoiceField(label=_("Every"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    capacity = forms.IntegerField(
        label=_("People needed"), min_value=1, max_value=MAX_CAPACITY, initial=1
    )
    starts_on = ranges.DateField(
        label=_("From"), widget=DateInput(), required=False, help_text=_("Today when empty.")
    )
    ends_on = ranges.DateField(
        label=_("Until"), widget=DateInput(), required=False, help_text=_("For ever when empty.")
    )
    label = forms.CharField(label=_("Label"), max_length=80, required=False)


class SwapForm(CommunityForm):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
