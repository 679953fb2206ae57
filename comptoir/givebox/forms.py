"""The shapes of the Give Box's forms; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from comptoir.core.photos import images
from comptoir.givebox.models import Gift


class GiftForm(forms.Form):
    title = forms.CharField(label=_("What you give"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=Gift.Category.choices)
    where = forms.ChoiceField(
        label=_("Where it is"), choices=Gift.Where.choices, widget=forms.RadioSelect, initial="box"
    )
    contact = forms.CharField(
        label=_("How to reach you"),
        max_length=200,
        required=False,
        help_text=_("Needed for an object to collect: a phone or an email, shown on the page."),
    )
    giver_name = forms.CharField(
        label=_("Your first name (optional)"), max_length=80, required=False
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label=_("Photo"),
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
            self.prepared = images.prepare(file)  # refuses what is not a picture
        return file


class ReserveForm(forms.Form):
    name = forms.CharField(label=_("Your first name"), max_length=80)
