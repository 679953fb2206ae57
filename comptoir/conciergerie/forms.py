"""The shapes of the conciergerie's forms; the rules (who may ask, one owner, a parcel for
someone) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from comptoir.access.forms import parse_euros
from comptoir.community.forms import CommunityForm
from comptoir.community.models import Role
from comptoir.conciergerie.models import Request, Service
from comptoir.core.photos import images


class ServiceForm(CommunityForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Service.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea
    )
    price = forms.CharField(
        label=_("Price (€)"),
        max_length=20,
        required=False,
        help_text=_("Empty or 0: free."),
    )
    delay_hours = forms.IntegerField(
        label=_("Expected delay (hours)"), min_value=0, max_value=24 * 90, initial=24
    )
    roles = forms.MultipleChoiceField(
        label=_("Who may ask"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: anyone holding a role at the place."),
    )
    open_to_neighbours = forms.BooleanField(
        label=_("Neighbours without an account may ask too (free services only)"),
        required=False,
    )

    def clean_price(self) -> int:
        return parse_euros(self.cleaned_data["price"] or "0")


class RequestForm(CommunityForm):
    details = forms.CharField(
        label=_("Details"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you need, when you need it."),
    )


class NeighbourRequestForm(RequestForm):
    contact_name = forms.CharField(label=_("Your name"), max_length=120)
    contact_email = forms.EmailField(label=_("Your email"), required=False)
    contact_phone = forms.CharField(label=_("Your phone"), max_length=30, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("contact_email") or (data.get("contact_phone") or "").strip()):
            raise forms.ValidationError(
                _("Leave an email address or a phone number so the desk can answer you.")
            )
        return data


class MoveForm(CommunityForm):
    to = forms.ChoiceField(choices=Request.Status.choices)
    note = forms.CharField(
        label=_("Note to the requester"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MessageForm(CommunityForm):
    body = forms.CharField(
        label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ParcelForm(CommunityForm):
    addressee_email = forms.EmailField(
        label=_("For (email of the person)"),
        error_messages={
            "required": _("A parcel is for someone: give the email of the person it is for.")
        },
    )
    carrier = forms.CharField(label=_("Carrier"), max_length=60)
    shelf = forms.CharField(label=_("Shelf"), max_length=30, required=False)
    reference = forms.CharField(label=_("Tracking number"), max_length=60, required=False)
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prepared: images.Prepared | None = None
        self.fields["photo"].help_text = _("JPEG, PNG or WebP, at most %(size)s MB.") % {
            "size": settings.COMPTOIR_UPLOAD_MAX_BYTES // (1024 * 1024)
        }

    def clean_photo(self) -> Any:
        file = self.cleaned_data.get("photo")
        if file:
            self.prepared = images.prepare(file)  # a ValidationError for what is no picture
        return file


class HandOverForm(CommunityForm):
    collected_by = forms.CharField(
        label=_("Collected by"),
        max_length=120,
        required=False,
        help_text=_("Empty: the addressee."),
    )
