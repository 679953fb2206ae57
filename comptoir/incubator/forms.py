"""Shape checks of the incubator's forms; the rules are the incubation service's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.core import ranges
from comptoir.incubator.models import CANVAS_BLOCKS, Programme
from comptoir.incubator.selectors import block_label
from comptoir.incubator.services import (
    BLOCK_MAX,
    COHORT_MAX,
    ITEM_TEXT_MAX,
    NAME_MAX,
    STAGE_NAME_MAX,
)
from comptoir.places.models import Place


class IncubatorForm(forms.Form):
    """Labels without the trailing colon; a service refusal shown under its field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_service_error(self, field: str | None, message: str) -> None:
        self.add_error(field if field in self.fields else None, message)


class ProgrammeForm(IncubatorForm):
    template = forms.ChoiceField(label=_("Template"), choices=Programme.Template.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("Leave empty to use the template's name."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IncubationStartForm(IncubatorForm):
    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        from comptoir.incubator import selectors

        super().__init__(*args, **kwargs)
        self.fields["project"] = forms.ModelChoiceField(
            label=_("Project"), queryset=selectors.projects_to_incubate(place=place)
        )
        self.fields["programme"] = forms.ModelChoiceField(
            label=_("Programme"), queryset=selectors.programmes_open(place=place)
        )
        self.fields["cohort"] = forms.CharField(
            label=_("Cohort"),
            max_length=COHORT_MAX,
            required=False,
            help_text=_("For example “Autumn 2026 cohort”."),
        )
        self.fields["started_on"] = ranges.DateField(
            label=_("Start date"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )


class MentorForm(IncubatorForm):
    email = forms.EmailField(label=_("Email of the mentor"))

    def clean_email(self) -> Person:
        email = self.cleaned_data["email"].strip().lower()
        person = Person.objects.filter(email=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("Nobody has an account with this email."))
        return person


# The question each block of the canvas answers, shown under its field.
BLOCK_QUESTIONS = {
    "key_partners": _("Who helps you: partners, suppliers, other places?"),
    "key_activities": _("What must you do well for the model to work?"),
    "key_resources": _("What do you need: people, tools, spaces, money?"),
    "value_propositions": _("What problem do you solve, and for whom?"),
    "customer_relationships": _("How do you keep in touch with the people you serve?"),
    "channels": _("How do they hear of you and get what you offer?"),
    "customer_segments": _("For whom do you create value?"),
    "cost_structure": _("What are the main costs?"),
    "revenue_streams": _("Who pays, for what, and how?"),
}


class CanvasForm(IncubatorForm):
    """The nine blocks and the revision the text was based on."""

    base_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in CANVAS_BLOCKS:
            self.fields[key] = forms.CharField(
                label=block_label(key),
                help_text=BLOCK_QUESTIONS[key],
                required=False,
                max_length=BLOCK_MAX,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def blocks(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in CANVAS_BLOCKS}


class StageForm(IncubatorForm):
    name = forms.CharField(label=_("Name of the stage"), max_length=STAGE_NAME_MAX)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ItemForm(IncubatorForm):
    text = forms.CharField(label=_("Checklist item"), max_length=ITEM_TEXT_MAX)


class MoveForm(IncubatorForm):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
