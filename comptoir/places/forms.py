from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptoir.places.hours_sentences import describe_hours
from comptoir.places.models import Place, Typology
from comptoir.places.opening_hours import DEFAULT_COUNTRY, region_choices
from comptoir.places.services import PLACE_FIELDS

PLACE_ADMIN_ONLY_FIELDS = {"legal_entity", "email", "phone", "website", "is_active"}


class LinesField(forms.CharField):
    """A list of strings typed one per line."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class PlaceForm(forms.ModelForm[Place]):
    """The shape of a place edit; the rules (OSM syntax, time zone…) run in the model."""

    services = LinesField(label=_("Services"), required=False, help_text=_("One service per line."))
    typology = forms.MultipleChoiceField(
        label=_("Typology"),
        choices=Typology.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Place
        # What a concierge edits here; contact details and the legal entity are the admin's.
        fields = [f for f in PLACE_FIELDS if f not in PLACE_ADMIN_ONLY_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "opening_hours": forms.TextInput(attrs={"spellcheck": "false"}),
            "country": forms.TextInput(attrs={"size": 3, "autocapitalize": "characters"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "opening_hours" in self.fields:
            self._preview_hours(self.fields["opening_hours"])
        if "country" in self.fields:
            # Left out, the place keeps its country (France by default).
            self.fields["country"].required = False
        if "holiday_region" in self.fields:
            # The regions of the place's country that have holidays of their own.
            country = self.instance.country or DEFAULT_COUNTRY
            choices = [("", _("None: the national holidays only")), *region_choices(country)]
            current = self.instance.holiday_region
            if current and current not in dict(choices):
                choices.append((current, current))
            self.fields["holiday_region"].widget = forms.Select(choices=choices)

    def _preview_hours(self, field: forms.Field) -> None:
        """The stored hours as the public pages tell them, under the syntax."""
        said = describe_hours(self.instance.opening_hours or "")
        if said:
            preview = gettext("Reads: %(hours)s") % {"hours": " · ".join(said)}
            field.help_text = f"{field.help_text} {preview}"

    def clean_country(self) -> str:
        typed = str(self.cleaned_data.get("country") or "").strip().upper()
        return typed or self.instance.country or DEFAULT_COUNTRY
