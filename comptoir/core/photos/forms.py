from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from comptoir.core.photos import images


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt = forms.CharField(
        label=_("Text alternative"),
        max_length=250,
        help_text=_(
            "What the photo shows, in a sentence, for people who cannot see it "
            "(read aloud by screen readers)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prepared: images.Prepared | None = None
        self.fields["image"].help_text = _(
            "JPEG, PNG or WebP, at most %(size)s MB; it is resized to 1,600 pixels."
        ) % {"size": settings.COMPTOIR_UPLOAD_MAX_BYTES // (1024 * 1024)}

    def clean_image(self) -> Any:
        file = self.cleaned_data["image"]
        self.prepared = images.prepare(file)
        return file

    def clean_alt(self) -> str:
        alt = " ".join(self.cleaned_data["alt"].split())
        if not alt:
            raise forms.ValidationError(_("Describe the photo in a few words."), code="required")
        return alt
