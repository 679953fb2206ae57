from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.community import selectors
from comptoir.community.models import Organization, Person, ProfileType, Visibility
from comptoir.community.services import ORGANIZATION_FIELDS, PROFILE_FIELDS
from comptoir.core import ranges
from comptoir.core.exceptions import DomainError


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def signup(self, request: HttpRequest, user: Person) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "fr")[:5]
        user.save()


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on its field when the form has it, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Spread a model ValidationError (from full_clean in a service) over the form's fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def split_skills(value: str) -> list[str]:
    """ "KiCad, Python ; soudure" -> ["KiCad", "Python", "soudure"]."""
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


class CommunityForm(forms.Form):
    """Labels without the trailing colon (the layout already separates them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ProfileForm(CommunityForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    pronouns = forms.CharField(
        label=_("Pronouns"), max_length=30, required=False, help_text=_("For example: she/her.")
    )
    bio = forms.CharField(
        label=_("About me"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    profile_types = forms.MultipleChoiceField(
        label=_("I am…"),
        choices=ProfileType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("My skills"),
        max_length=3000,
        required=False,
        help_text=_("Separated by commas, for example: KiCad, Python, sewing."),
    )
    directory_visibility = forms.ChoiceField(
        label=_("Who may see me in the directory?"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )
    show_email = forms.BooleanField(label=_("Show my email to members"), required=False)
    show_presence = forms.BooleanField(
        label=_("Show other members when I am here"),
        required=False,
        help_text=_("Your name then appears in the list of people present in the place."),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def clean_skills(self) -> list[str]:
        return split_skills(self.cleaned_data.get("skills") or "")

    @classmethod
    def initial_for(cls, person: Person, skills: list[str]) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(person, name) for name in PROFILE_FIELDS}
        initial["skills"] = ", ".join(skills)
        return initial


class ApiTokenForm(CommunityForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What will use it, for example: my script."),
    )


class OrganizationForm(CommunityForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    category = forms.ChoiceField(label=_("Category"), choices=Organization.Category.choices)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=Organization.LegalForm.choices)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        required=False,
        help_text=_("14 digits, spaces allowed. Optional."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Email"), required=False)

    def clean_siret(self) -> str:
        value = "".join((self.cleaned_data.get("siret") or "").split())
        if value and not value.isdigit():
            raise ValidationError(_("A SIRET number has digits only."), code="invalid_siret")
        return value

    @classmethod
    def initial_for(cls, organization: Organization) -> dict[str, Any]:
        return {name: getattr(organization, name) for name in ORGANIZATION_FIELDS}


class RoleAssignForm(CommunityForm):
    email = forms.EmailField(
        label=_("Email of the person"), help_text=_("The person must already have an account.")
    )
    role = forms.ChoiceField(label=_("Role"))
    organization = forms.CharField(
        label=_("On behalf of the structure"),
        max_length=160,
        required=False,
        help_text=_("Optional, for residents: the structure's name or its address name (slug)."),
    )
    valid_from = ranges.DateField(label=_("From"), widget=DateInput())
    valid_until = ranges.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for no end date."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No preselected role: giving someone the concierge keys must be a deliberate choice.
        choices = [("", _("— Choose a role —")), *roles]
        self.fields["role"].choices = choices  # type: ignore[attr-defined]
        self.fields["valid_from"].initial = timezone.localdate()

    def clean_email(self) -> Person:
        person = selectors.person_get_by_email(email=self.cleaned_data["email"])
        if person is None:
            raise ValidationError(
                _("No account uses this email. The person must sign up first."),
                code="unknown_person",
            )
        return person

    def clean_organization(self) -> Organization | None:
        return organization_named(self.cleaned_data.get("organization") or "")


def organization_named(value: str) -> Organization | None:
    """The structure a form field names by slug or name; empty gives None, unknown an error."""
    if not value.strip():
        return None
    organization = selectors.organization_get_by_slug_or_name(value=value)
    if organization is None:
        raise ValidationError(_("No structure has this name."), code="unknown_organization")
    return organization


class EraseMeForm(CommunityForm):
    """The person confirms with their password, or with their email when they have none
    (an account opened at the desk, signing in with emailed codes)."""

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        if person.has_usable_password():
            self.fields["password"] = forms.CharField(
                label=_("Your password"),
                strip=False,
                max_length=4096,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )
        else:
            self.fields["email"] = forms.CharField(
                label=_("Your email address"),
                max_length=254,
                help_text=_("The address you sign in with."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password" in data and not self.person.check_password(data["password"]):
            self.add_error("password", _("This is not your password."))
        if "email" in data and data["email"].strip().lower() != self.person.email.lower():
            self.add_error("email", _("This is not your email address."))
        return data


class EraseSomeoneForm(CommunityForm):
    """A network administrator confirms by typing the person's email address."""

    email = forms.CharField(label=_("The person's email address"), max_length=254)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if email != self.person.email.lower():
            raise ValidationError(_("This is not this person's email address."))
        return email
