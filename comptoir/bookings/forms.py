"""Shape checks of the booking forms. The rules (who may book what, when) are the services'."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from comptoir.access.forms import cents_as_euros, parse_euros
from comptoir.bookings import selectors
from comptoir.bookings.models import Resource, Training, default_horizons
from comptoir.community.models import Organization, Person, Role
from comptoir.core import ranges
from comptoir.places.models import Place, Space

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class BookingsForm(forms.Form):
    """Labels without the trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class LocalDateTimeField(ranges.DateTimeField):
    """A date and time typed in the place's timezone (<input type="datetime-local">)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, tz: ZoneInfo, **kwargs: Any) -> None:
        self.tz = tz
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        result = super().to_python(value)
        if result is None:
            return None
        return result.replace(tzinfo=None).replace(tzinfo=self.tz)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.astimezone(self.tz).replace(tzinfo=None)
        return value


class SlotForm(BookingsForm):
    """A slot typed in the place's timezone: joining a waitlist, moving a booking."""

    start = ranges.DateTimeField(label=_("Start"))
    end = ranges.DateTimeField(label=_("End"))
    # Set by the confirmation step's button (moving): then the booking is moved.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, tz: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"] = LocalDateTimeField(tz=tz, label=_("Start"))
        self.fields["end"] = LocalDateTimeField(tz=tz, label=_("End"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", ValidationError(_("The end must be after the start.")))
        return data


class BookingForm(BookingsForm):
    start = ranges.DateTimeField(label=_("Start"))
    end = ranges.DateTimeField(label=_("End"))
    title = forms.CharField(label=_("Title (optional)"), max_length=120, required=False)
    organization = forms.ModelChoiceField(
        label=_("For the structure"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("For myself"),
    )
    # Optional: the same slot again every N weeks until a date (both or neither).
    repeat_weeks = forms.IntegerField(
        label=_("Repeat every (weeks)"), min_value=1, max_value=52, required=False
    )
    repeat_until = ranges.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # Set by the confirmation step's button: then the booking is made.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, tz: ZoneInfo, organizations: QuerySet[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"] = LocalDateTimeField(tz=tz, label=_("Start"))
        self.fields["end"] = LocalDateTimeField(tz=tz, label=_("End"))
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        if organizations.exists():
            organization.queryset = organizations
        else:
            # Only people of a partner structure choose whom they book for.
            del self.fields["organization"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", ValidationError(_("The end must be after the start.")))
        weeks, until = data.get("repeat_weeks"), data.get("repeat_until")
        shape_ok = not self.has_error("repeat_weeks") and not self.has_error("repeat_until")
        if shape_ok and (weeks is None) != (until is None):
            field = "repeat_until" if until is None else "repeat_weeks"
            self.add_error(
                field, ValidationError(_("To repeat, give both the interval and the last date."))
            )
        return data

    @property
    def repeats(self) -> bool:
        return bool(self.cleaned_data.get("repeat_weeks") and self.cleaned_data.get("repeat_until"))


class GrantForm(BookingsForm):
    email = forms.EmailField(label=_("Email of the person"))
    training = forms.ModelChoiceField(label=_("Training"), queryset=Training.objects.none())
    granted_on = ranges.DateField(
        label=_("Followed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    can_train = forms.BooleanField(label=_("May train others"), required=False)

    def __init__(
        self, *args: Any, trainings: QuerySet[Training], concierge: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        training = self.fields["training"]
        assert isinstance(training, forms.ModelChoiceField)
        training.queryset = trainings
        if not concierge:
            # Only a concierge lets someone train others (the service says so too).
            del self.fields["can_train"]

    def clean_email(self) -> Person:
        try:
            return selectors.person_by_email(email=self.cleaned_data["email"])
        except Person.DoesNotExist as missing:
            raise ValidationError(
                _("No one has an account with this email."), code="unknown_person"
            ) from missing


HORIZON_ROLES = (
    (Role.TRAVELLER, _("Days ahead a voyageur may book")),
    (Role.NOMAD, _("Days ahead a nomade may book")),
    (Role.RESIDENT, _("Days ahead a résident may book")),
    ("partner", _("Days ahead a partner structure may book")),
)
BOOKING_ROLES = [
    (Role.RESIDENT, _("Résidents")),
    (Role.NOMAD, _("Nomades")),
    (Role.TRAVELLER, _("Voyageurs")),
]


# Form fields that are the model's own fields, under the same name and in the same unit.
SAME_NAMED = (
    "name",
    "kind",
    "capacity",
    "allowed_roles",
    "slot_minutes",
    "min_minutes",
    "max_minutes",
    "usual_minutes",
    "book_before_minutes",
    "cancel_before_minutes",
    "nomad_payment",
    "minutes_per_ticket",
    "uses_included_hours",
    "is_active",
)


class ResourceForm(BookingsForm):
    """A bookable resource and its rules; prices typed in euros, stored in cents."""

    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    space = forms.ModelChoiceField(label=_("Space"), queryset=Space.objects.none(), required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=ranges.MAX_SEATS,
        initial=1,
        help_text=_("1 for a room or a machine."),
    )
    allowed_roles = forms.MultipleChoiceField(
        label=_("Who may book"),
        choices=BOOKING_ROLES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Concierges always may; partner structures are set by a network admin."),
    )
    slot_minutes = forms.IntegerField(
        label=_("Slot (minutes)"), min_value=5, initial=30, max_value=ranges.MAX_MINUTES
    )
    min_minutes = forms.IntegerField(
        label=_("Shortest booking (minutes)"), min_value=5, initial=30, max_value=ranges.MAX_MINUTES
    )
    max_minutes = forms.IntegerField(
        label=_("Longest booking (minutes)"), min_value=5, initial=240, max_value=ranges.MAX_MINUTES
    )
    usual_minutes = forms.IntegerField(
        label=_("Usual booking (minutes)"),
        required=False,
        min_value=5,
        initial=60,
        max_value=ranges.MAX_MINUTES,
        help_text=_("What the booking form proposes, between the shortest and the longest."),
    )
    book_before_minutes = forms.IntegerField(
        label=_("Book at the latest (minutes before the start)"),
        min_value=0,
        initial=0,
        max_value=ranges.MAX_MINUTES,
    )
    cancel_before_minutes = forms.IntegerField(
        label=_("Cancel at the latest (minutes before the start)"),
        min_value=0,
        initial=120,
        max_value=ranges.MAX_MINUTES,
    )
    hourly_price = forms.CharField(label=_("Price per hour, in euros"), initial="0")
    partner_hourly_price = forms.CharField(
        label=_("Price per hour for partner structures, in euros"), initial="0"
    )
    nomad_payment = forms.ChoiceField(
        label=_("Nomades pay with"), choices=Resource.NomadPayment.choices
    )
    minutes_per_ticket = forms.IntegerField(
        label=_("Minutes one ticket buys"),
        min_value=15,
        initial=240,
        max_value=ranges.MAX_MINUTES,
    )
    uses_included_hours = forms.BooleanField(
        label=_("Résidents use the meeting-room hours of their subscription"), required=False
    )
    required_training = forms.ModelChoiceField(
        label=_("Training required"), queryset=Training.objects.none(), required=False
    )
    is_active = forms.BooleanField(label=_("Bookable"), required=False, initial=True)

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = Space.objects.filter(place=place)  # type: ignore[attr-defined]
        self.fields["required_training"].queryset = Training.objects.filter(place=place)  # type: ignore[attr-defined]
        for role, label in HORIZON_ROLES:
            self.fields[f"horizon_{role}"] = forms.IntegerField(
                label=label, min_value=0, max_value=730, initial=default_horizons().get(role, 90)
            )

    def clean_hourly_price(self) -> int:
        return parse_euros(self.cleaned_data["hourly_price"])

    def clean_partner_hourly_price(self) -> int:
        return parse_euros(self.cleaned_data["partner_hourly_price"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_minutes"), data.get("max_minutes")
        if low is not None and high is not None and high < low:
            self.add_error(
                "max_minutes", _("The longest booking cannot be shorter than the shortest.")
            )
        usual = data.get("usual_minutes")
        if usual is None and "usual_minutes" not in self.errors and low and high:
            usual = data["usual_minutes"] = min(max(60, low), high)  # the model's default
        if low is not None and high is not None and usual is not None and not low <= usual <= high:
            self.add_error(
                "usual_minutes",
                _("The usual booking lasts from the shortest to the longest booking."),
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in (*SAME_NAMED, "space", "required_training")}
        fields["hourly_price_cents"] = data["hourly_price"]
        fields["partner_hourly_cents"] = data["partner_hourly_price"]
        fields["horizon_days"] = {role: data[f"horizon_{role}"] for role, _label in HORIZON_ROLES}
        return fields

    @classmethod
    def initial_for(cls, resource: Resource) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(resource, name) for name in SAME_NAMED}
        initial["space"] = resource.space_id
        initial["required_training"] = resource.required_training_id
        initial["hourly_price"] = cents_as_euros(resource.hourly_price_cents)
        initial["partner_hourly_price"] = cents_as_euros(resource.partner_hourly_cents)
        for role, _label in HORIZON_ROLES:
            initial[f"horizon_{role}"] = resource.horizon_days.get(role, 0)
        return initial


class TrainingRequestForm(BookingsForm):
    """Asking for a training: an optional word for the concierges, and the resource the
    person came from (to go back to its week)."""

    message = forms.CharField(
        label=_("A word for the concierges (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resource = forms.SlugField(required=False, max_length=50, widget=forms.HiddenInput)


class TrainingDeclineForm(BookingsForm):
    answer = forms.CharField(
        label=_("Why (the person reads it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why, so the person knows what to do.")},
    )
