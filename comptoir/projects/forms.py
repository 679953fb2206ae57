"""Forms of the projects pages: they check the shape of the input; the rules live in the
services (their refusals come back onto the fields through `add_domain_error`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Skill
from comptoir.core.licences import Licence
from comptoir.places.models import Place
from comptoir.projects.models import Need, Project, ProjectMember
from comptoir.projects.services.projects import MAX_DESCRIPTION, MAX_JOURNAL, MAX_MESSAGE


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=_("One or two sentences shown in the list of projects."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **bold**, *italics*, lists, [links](https://…)."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        required=False,
        help_text=_("The open licence of what the project produces."),
    )
    code_url = forms.URLField(
        label=_("Source code"), required=False, assume_scheme="https", max_length=200
    )
    site_url = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    places = forms.ModelMultipleChoiceField(
        label=_("Places"),
        queryset=Place.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The places where the project lives."),
    )

    def __init__(self, *args: Any, places: QuerySet[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].queryset = places  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        initial = {
            name: getattr(project, name)
            for name in (
                "title",
                "summary",
                "description",
                "status",
                "licence",
                "code_url",
                "site_url",
            )
        }
        initial["places"] = [place.pk for place in project.places.all()]
        return initial


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email of the person"),
        help_text=_("The address of their Comptoir account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ProjectMember.Role.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ProjectMember.Role.choices)


class JournalForm(forms.Form):
    text = forms.CharField(
        label=_("News of the project"),
        max_length=MAX_JOURNAL,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown."),
    )


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of need"), choices=Need.Kind.choices)
    title = forms.CharField(label=_("What is needed"), max_length=160)
    skill = forms.CharField(
        label=_("Skill"),
        max_length=80,
        required=False,
        help_text=_("For a skill: its name, as in the directory (e.g. KiCad)."),
        widget=forms.TextInput(attrs={"list": "skill-names", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown."),
    )

    @staticmethod
    def skill_names() -> list[str]:
        return list(Skill.objects.order_by("name").values_list("name", flat=True)[:500])


class NeedAnswerForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the project (optional)"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
