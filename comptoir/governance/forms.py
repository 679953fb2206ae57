"""The shapes of the governance forms; the rules (who takes part, a valid change, a proxy
within the limit) are the services'."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.bookings.forms import LocalDateTimeField
from comptoir.community.forms import CommunityForm, DateInput
from comptoir.community.models import Role
from comptoir.core import ranges
from comptoir.governance.changes import BOOKING_RULES, KINDS
from comptoir.governance.models import Meeting, Method, Process, Stance

NO_CHANGE = ""


class ProposalForm(CommunityForm):
    question = forms.CharField(label=_("Question"), max_length=200)
    context = forms.CharField(
        label=_("Context"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    process = forms.ChoiceField(label=_("Process"), choices=Process.choices)
    method = forms.ChoiceField(
        label=_("Voting method"),
        choices=Method.choices,
        initial=Method.SINGLE,
        help_text=_("For a vote only."),
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a vote: one option per line."),
    )
    change_kind = forms.ChoiceField(
        label=_("Setting this proposal changes"),
        required=False,
        choices=[(NO_CHANGE, _("None"))] + [(k, v.label) for k, v in KINDS.items()],
    )
    change_target = forms.ChoiceField(label=_("Which one"), required=False, choices=[])
    change_value = forms.CharField(
        label=_("New value"),
        required=False,
        max_length=255,
        help_text=_(
            "A price in euros, opening hours such as “Mo-Fr 09:00-18:00”, a number of minutes "
            "for a booking rule, or the email of the person given the role."
        ),
    )
    change_rule = forms.ChoiceField(
        label=_("Booking rule"), required=False, choices=[(r, r) for r in BOOKING_RULES]
    )
    change_role = forms.ChoiceField(label=_("Role"), required=False, choices=Role.choices)
    effective_on = ranges.DateField(
        label=_("Effective on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: as soon as the proposal is adopted."),
    )

    def __init__(self, *args: Any, tz: ZoneInfo, targets: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["closes_at"] = LocalDateTimeField(label=_("Closes at"), tz=tz)
        self.fields["change_target"].choices = [("", "—"), *targets]  # type: ignore[attr-defined]
        self.order_fields(["question", "context", "process", "method", "options", "closes_at"])

    def option_labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class PositionForm(CommunityForm):
    stance = forms.ChoiceField(label=_("Your position"), choices=Stance.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for an objection."),
    )
    choices = forms.TypedMultipleChoiceField(
        label=_("Options"), required=False, coerce=int, choices=[]
    )

    def __init__(self, *args: Any, options: list[tuple[int, str]], stances: list[str], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["choices"].choices = options  # type: ignore[attr-defined]
        self.fields["stance"].choices = [c for c in Stance.choices if c[0] in stances]  # type: ignore[attr-defined]
        if not options:
            del self.fields["choices"]


class TextForm(CommunityForm):
    text = forms.CharField(
        label=_("Text"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(CommunityForm):
    adopted = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Adopted")), ("no", _("Rejected"))],
    )


class MeetingForm(CommunityForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def __init__(self, *args: Any, tz: ZoneInfo, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"] = LocalDateTimeField(label=_("Starts at"), tz=tz)


class AttendanceForm(CommunityForm):
    person = forms.TypedChoiceField(label=_("Member"), coerce=int, choices=[])
    proxy_holder = forms.TypedChoiceField(
        label=_("Represented by (proxy)"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[],
        help_text=_("Empty: present in person."),
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = members  # type: ignore[attr-defined]
        self.fields["proxy_holder"].choices = [("", "—"), *members]  # type: ignore[attr-defined]


class MinutesForm(CommunityForm):
    minutes = forms.CharField(
        label=_("Minutes (Markdown)"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 12})
    )
