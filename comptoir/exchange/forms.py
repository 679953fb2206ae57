"""The shapes of the exchange board's forms; the rules (who posts, how long it stays
open, which skills) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.community.forms import CommunityForm, DateInput
from comptoir.core import ranges
from comptoir.core.widgets import LongCheckboxSelectMultiple, LongSelect
from comptoir.exchange.models import Post


class PostForm(CommunityForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Post.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Details"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills"),
        required=False,
        widget=LongCheckboxSelectMultiple,
        help_text=_("Members with these skills who asked for it are told of a request."),
    )
    expires_on = ranges.DateField(
        label=_("Open until"),
        widget=DateInput(),
        required=False,
        help_text=_("30 days when empty, 90 at most."),
    )

    def __init__(self, *args: object, skills: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["skills"].choices = skills  # type: ignore[attr-defined]


class ReplyForm(CommunityForm):
    body = forms.CharField(
        label=_("Your reply"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SearchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All"))] + list(Post.Kind.choices), required=False
    )
    skill = forms.ChoiceField(label=_("Skill"), required=False, widget=LongSelect)
    q = forms.CharField(label=_("Words"), max_length=100, required=False)

    def __init__(self, *args: object, skills: list[tuple[str, str]], **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["skill"].choices = [("", _("All skills")), *skills]  # type: ignore[attr-defined]
