"""Shape checks of the documentation forms: a section's text (with the revision the editor
started from), a shared resource and a press item. The rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.core import ranges
from comptoir.core.uploads import max_bytes
from comptoir.publishing.models import PressItem, SharedResource
from comptoir.publishing.services import (
    BODY_MAX_LENGTH,
    RESOURCE_EXTENSIONS,
    SUMMARY_MAX_LENGTH,
)


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SectionForm(_Form):
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        help_text=_("Markdown: ## heading, **bold**, *italic*, - list, [link](https://…)."),
    )
    summary = forms.CharField(
        label=_("Summary of the change"), required=False, max_length=SUMMARY_MAX_LENGTH
    )
    base_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SharedResourceForm(forms.ModelForm):  # type: ignore[type-arg]
    url = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("A link, or a file below."),
    )

    class Meta:
        model = SharedResource
        fields = ["title", "author", "url", "file", "licence", "theme"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # The browser offers only accepted kinds; the service checks each file's content.
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in RESOURCE_EXTENSIONS)
        self.fields["file"].help_text = _(
            "At most %(size)s MB: PDF, office documents, images, text, zip, 3D or circuit files."
        ) % {"size": max_bytes() // (1024 * 1024)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("url") and not data.get("file") and "url" not in self.errors:
            self.add_error("url", _("Give a link or a file."))
        return data


class PressItemForm(forms.ModelForm):  # type: ignore[type-arg]
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = PressItem
        fields = ["title", "outlet", "url", "published_on"]
        field_classes = {"published_on": ranges.DateField}
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
