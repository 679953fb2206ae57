"""Projects' part of a person's data (see `community.personal_data`): memberships, offers of
help, journal entries, projects created. Erasure ends the memberships and blanks the
messages of offers of help; journal entries stay with the project, signed by the
anonymised person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.projects.models import JournalEntry, NeedAnswer, Project, ProjectMember


def _memberships(person: Person) -> list[Row]:
    memberships = ProjectMember.objects.filter(person=person).select_related("project")
    return [
        {
            "project": member.project.title,
            "role": member.get_role_display(),
            "since": cell(member.created_at),
        }
        for member in memberships.order_by("created_at", "pk")
    ]


def _answers(person: Person) -> list[Row]:
    answers = NeedAnswer.objects.filter(person=person).select_related("need__project")
    return [
        {
            "project": answer.need.project.title,
            "need": answer.need.title,
            "message": answer.message,
            "at": cell(answer.created_at),
        }
        for answer in answers.order_by("created_at", "pk")
    ]


def _journal(person: Person) -> list[Row]:
    entries = JournalEntry.objects.filter(author=person).select_related("project")
    return [
        {"project": entry.project.title, "at": cell(entry.created_at), "text": entry.text}
        for entry in entries.order_by("created_at", "pk")
    ]


def _created(person: Person) -> list[Row]:
    projects = Project.objects.filter(created_by=person)
    return [
        {
            "title": project.title,
            "status": project.get_status_display(),
            "at": cell(project.created_at),
        }
        for project in projects.order_by("created_at", "pk")
    ]


def erase(erasure: Erasure) -> None:
    memberships = ProjectMember.objects.filter(person=erasure.person)
    erasure.scrub_audit(ProjectMember, memberships.values_list("pk", flat=True))
    memberships.delete()
    answers = NeedAnswer.objects.filter(person=erasure.person)
    erasure.scrub_audit(NeedAnswer, answers.values_list("pk", flat=True))
    answers.update(message="")


PROVIDER = Provider(
    app="projects",
    order=70,
    sections=(
        Section(
            "project_memberships",
            _("Projects I am a member of"),
            (("project", _("project")), ("role", _("role")), ("since", _("Since"))),
            _memberships,
        ),
        Section(
            "need_answers",
            _("Offers of help"),
            (
                ("project", _("project")),
                ("need", _("what is needed")),
                ("message", _("message")),
                ("at", _("date")),
            ),
            _answers,
        ),
        Section(
            "journal_entries",
            _("Project journal entries I wrote"),
            (("project", _("project")), ("at", _("date")), ("text", _("text"))),
            _journal,
        ),
        Section(
            "projects_created",
            _("Projects I created"),
            (("title", _("title")), ("status", _("status")), ("at", _("date"))),
            _created,
        ),
    ),
    erase=erase,
)
