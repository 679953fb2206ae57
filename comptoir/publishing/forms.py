"""Shape checks of the documentation forms: a section's text (with the revision the editor
started from), a shared resource and a press item. The rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from comptoir.core import ranges
from comptoir.publishing.models import PressItem, SharedResource
from comptoir.publishing.services import BODY_MAX_LENGTH, SUMMARY_MAX_LENGTH

# Documents people share; no HTML or SVG, which a browser would run from our domain.
RESOURCE_EXTENSIONS = [
    "pdf", "odt", "ods", "odp", "odg", "docx", "xlsx", "pptx", "txt", "md", "csv",
    "png", "jpg", "jpeg", "webp", "zip", "stl", "svgz", "kicad_pcb", "fcstd",
]  # fmt: skip
RESOURCE_MAX_BYTES = 20 * 1024 * 1024


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
        self.fields["file"].validators.append(FileExtensionValidator(RESOURCE_EXTENSIONS))

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > RESOURCE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(size)s MB).")
                % {"size": RESOURCE_MAX_BYTES // (1024 * 1024)}
            )
        return upload

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
