"""Shape checks of the concierges' event forms: one event (a local date and its times in
the place's timezone) and a series (the same every N weeks). The rules (space free, seats,
dates) are the events service's."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.access.forms import cents_as_euros, parse_euros
from comptoir.agenda.models import Event, EventKind
from comptoir.agenda.services.events import SERIES_FIELDS, EventInput
from comptoir.community.models import Organization, Person
from comptoir.core import mediation, ranges
from comptoir.places.models import Place, Space

# Where a service's refusal about a field of `EventInput` is shown in the form.
SERVICE_FIELDS = {
    "start": "start_time",
    "end": "end_time",
    "price_cents": "price",
    "organizer_person": "organizer_person",
    "organizer_organization": "organizer_organization",
}

SCOPE_ONE = "one"
SCOPE_SERIES = "series"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class ManageForm(forms.Form):
    """Labels without the trailing colon; the first error for the alert above the form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""

    def add_service_error(self, field: str | None, message: str) -> None:
        """A service's refusal shown under the field it is about (or above the form)."""
        name = SERVICE_FIELDS.get(field or "", field or "")
        self.add_error(name if name in self.fields else None, message)


def organizer_people(place: Place, also: int | None = None) -> Any:
    """Who may organize an event of the place: the people holding a role there (and the
    event's current organizer, who may not)."""
    return (
        Person.objects.filter(Q(place_roles__in=place.roles.current()) | Q(pk=also))
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


class EventForm(ManageForm):
    title = forms.CharField(label=_("Title"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=_("One sentence shown in the agenda."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italics*, lists, links."),
    )
    date = ranges.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), widget=TimeInput())
    end_date = ranges.DateField(
        label=_("End date (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for an event over several days, such as a hackathon."),
    )
    space = forms.ModelChoiceField(
        label=_("Space"),
        queryset=Space.objects.none(),
        required=False,
        empty_label=_("No space of the place (elsewhere or online)"),
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=ranges.MAX_SEATS,
        required=False,
        help_text=_("Empty when the number is not limited."),
    )
    price = forms.CharField(
        label=_("Price, in euros"),
        initial="0",
        help_text=_("0 for a free event."),
    )
    publics = forms.MultipleChoiceField(
        label=_("Publics addressed"),
        choices=mediation.choices(mediation.PUBLICS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    services = forms.MultipleChoiceField(
        label=_("Services covered"),
        choices=mediation.choices(mediation.SERVICES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accessibility = forms.CharField(
        label=_("Accessibility"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Step-free access, hearing loop, large print, …"),
    )
    organizer_person = forms.ModelChoiceField(
        label=_("Organized by (person)"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("No one in particular"),
    )
    organizer_organization = forms.ModelChoiceField(
        label=_("Organized by (structure)"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("The place itself"),
    )
    registration_required = forms.BooleanField(
        label=_("Registration required"), required=False, initial=True
    )
    is_public = forms.BooleanField(
        label=_("Shown in the public agenda"), required=False, initial=True
    )

    def __init__(
        self, *args: Any, place: Place, organizer_id: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.place = place
        self.tz = ZoneInfo(place.timezone)
        space = self.fields["space"]
        assert isinstance(space, forms.ModelChoiceField)
        space.queryset = Space.objects.filter(place=place, is_active=True).order_by("name")
        person = self.fields["organizer_person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = organizer_people(place, also=organizer_id)
        organization = self.fields["organizer_organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = Organization.objects.order_by("name")

    def clean_price(self) -> int:
        return parse_euros(self.cleaned_data["price"])

    def _moment(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time).replace(tzinfo=self.tz)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start_time, end_time = data.get("date"), data.get("start_time"), data.get("end_time")
        if day is None or start_time is None or end_time is None:
            return data
        end_day = data.get("end_date") or day
        data["start"] = self._moment(day, start_time)
        data["end"] = self._moment(end_day, end_time)
        if data["end"] <= data["start"]:
            self.add_error("end_time", ValidationError(_("The end must be after the start.")))
        return data

    def event_input(self) -> EventInput:
        data = self.cleaned_data
        return EventInput(
            title=data["title"],
            kind=data["kind"],
            start=data["start"],
            end=data["end"],
            space=data.get("space"),
            summary=data["summary"],
            description=data["description"],
            capacity=data.get("capacity"),
            price_cents=data["price"],
            publics=list(data["publics"]),
            services=list(data["services"]),
            accessibility=data["accessibility"],
            organizer_person=data.get("organizer_person"),
            organizer_organization=data.get("organizer_organization"),
            registration_required=data["registration_required"],
            is_public=data["is_public"],
        )

    def series_changes(self) -> dict[str, Any]:
        """What the coming events of a series take from the form: not their dates nor
        their space, which stay each event's own."""
        data = self.cleaned_data
        changes = {name: data[name] for name in SERIES_FIELDS if name in data}
        changes["price_cents"] = data["price"]
        changes["publics"] = list(data["publics"])
        changes["services"] = list(data["services"])
        return changes

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        tz = ZoneInfo(event.place.timezone)
        start, end = event.start.astimezone(tz), event.end.astimezone(tz)
        return {
            "title": event.title,
            "kind": event.kind,
            "summary": event.summary,
            "description": event.description,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "end_date": end.date() if end.date() != start.date() else None,
            "space": event.space_id,
            "capacity": event.capacity,
            "price": cents_as_euros(event.price_cents),
            "publics": list(event.publics),
            "services": list(event.services),
            "accessibility": event.accessibility,
            "organizer_person": event.organizer_person_id,
            "organizer_organization": event.organizer_organization_id,
            "registration_required": event.registration_required,
            "is_public": event.is_public,
        }


class EventEditForm(EventForm):
    """One event; in a series, its shared fields may go to all the coming events."""

    scope = forms.ChoiceField(
        label=_("Apply the changes to"),
        choices=[
            (SCOPE_ONE, _("This event only")),
            (SCOPE_SERIES, _("All the coming events of the series (not the date, times or space)")),
        ],
        initial=SCOPE_ONE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, in_series: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not in_series:
            del self.fields["scope"]

    @property
    def for_series(self) -> bool:
        return self.cleaned_data.get("scope") == SCOPE_SERIES


class SeriesForm(EventForm):
    """The first date and its times, then every N weeks until a date or N times."""

    every_weeks = forms.IntegerField(label=_("Every (weeks)"), min_value=1, max_value=52, initial=1)
    until = ranges.DateField(label=_("Until (date)"), required=False, widget=DateInput())
    count = forms.IntegerField(
        label=_("Or number of times"), min_value=1, max_value=52, required=False
    )
    # Set by the preview step's button: then the free dates are scheduled.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        shape_ok = not self.has_error("until") and not self.has_error("count")
        if shape_ok and data.get("until") is None and data.get("count") is None:
            self.add_error("count", ValidationError(_("Say until when, or how many times.")))
        until, day = data.get("until"), data.get("date")
        if until is not None and day is not None and until < day:
            self.add_error("until", ValidationError(_("The last date is before the first one.")))
        return data

    def series_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "data": self.event_input(),
            "every_weeks": data["every_weeks"],
            "until": data.get("until"),
            "count": data.get("count"),
        }
