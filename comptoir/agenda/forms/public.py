"""Forms of the public agenda: its filters (a GET form that works without JavaScript) and
the registration of someone without an account. They check the shape of the input; the
registrations service says the rest, and its refusals are shown on their field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.agenda.exceptions import ContactMissing
from comptoir.agenda.models import EventKind
from comptoir.agenda.services.registrations import normalise_phone
from comptoir.core import mediation, ranges
from comptoir.core.exceptions import DomainError

# The filters' names in the URL (French, like the URLs themselves).
KIND, PUBLIC, SERVICE, FROM = "type", "public", "service", "du"
BAD_EMAIL = _("This email address is not valid. Example: camille@example.org.")


class PublicForm(forms.Form):
    """Labels without the trailing colon (the layout already separates them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AgendaFilterForm(PublicForm):
    type = forms.ChoiceField(
        label=_("Kind of event"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
    public = forms.ChoiceField(
        label=_("For whom"),
        required=False,
        choices=[("", _("Everyone")), *mediation.choices(mediation.PUBLICS)],
    )
    service = forms.ChoiceField(
        label=_("What it helps with"),
        required=False,
        choices=[("", _("Any subject")), *mediation.choices(mediation.SERVICES)],
    )
    du = ranges.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Write the day like 2026-03-02.")},
    )

    def clean_du(self) -> date | None:
        day: date | None = self.cleaned_data.get("du")
        if day is not None and not (2000 <= day.year <= 2100):
            raise forms.ValidationError(_("Choose a day between 2000 and 2100."))
        return day


class GuestRegistrationForm(PublicForm):
    """Registering without an account: a name and an email or a phone number."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email (optional if you give a phone number)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": BAD_EMAIL},
    )
    phone = forms.CharField(
        label=_("Phone (optional if you give an email)"),
        required=False,
        max_length=32,
        help_text=_("A mobile or a landline, for example 06 12 34 56 78."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        raw: str = self.cleaned_data.get("phone", "").strip()
        if not raw:
            return ""
        try:
            return normalise_phone(raw)
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from error

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        no_email = not cleaned.get("email") and "email" not in self.errors
        no_phone = not cleaned.get("phone") and "phone" not in self.errors
        if no_email and no_phone:
            message = ContactMissing.default_message
            self.add_error("email", message)
            self.add_error("phone", message)
        return cleaned

    def add_refusal(self, error: DomainError) -> None:
        """A refusal of the registrations service, on its field when the form has it."""
        self.add_error(error.field if error.field in self.fields else None, error.message)
