"""The shapes of the news forms; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.community.forms import CommunityForm
from comptoir.news.services import BODY_MAX, TITLE_MAX


class AnnouncementForm(CommunityForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italics*, [a link](https://…), lists with -."),
    )
    send_email = forms.BooleanField(
        label=_("Also send it by email to the members who asked for the news"), required=False
    )


class PreferencesForm(CommunityForm):
    places = forms.TypedMultipleChoiceField(
        label=_("Receive the news of these places by email"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    need_alert = forms.BooleanField(
        label=_("Tell me when a project needs one of my skills"), required=False
    )

    def __init__(self, *args: Any, places: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = places  # type: ignore[attr-defined]
