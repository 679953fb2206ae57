"""Forms of the desk: the shape of a mark, of a walk-in, of a public, and of a period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.core import mediation, ranges

PUBLIC_CHOICES = [("", _("Not said")), *mediation.choices(mediation.PUBLICS)]
LONGEST_PERIOD = timedelta(days=366 * 5)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MarkForm(forms.Form):
    present = forms.TypedChoiceField(
        choices=[("1", _("Present")), ("0", _("Absent"))], coerce=lambda value: value == "1"
    )


class PublicForm(forms.Form):
    public_category = forms.ChoiceField(label=_("Public"), choices=PUBLIC_CHOICES, required=False)
    consent = forms.BooleanField(
        label=_("The person agrees that their public is recorded, for statistics only"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("public_category") and not data.get("consent"):
            self.add_error(
                "consent",
                _("A public is recorded only when the person agrees: tick the consent box."),
            )
        return data


class WalkInForm(PublicForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)

    field_order = ["name", "email", "phone", "public_category", "consent"]


class PeriodForm(forms.Form):
    du = ranges.DateField(label=_("From"), widget=DateInput())
    au = ranges.DateField(label=_("To"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("du"), data.get("au")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error("au", _("The end comes before the start."))
            elif end - start > LONGEST_PERIOD:
                self.add_error("au", _("A report covers at most five years."))
        return data
