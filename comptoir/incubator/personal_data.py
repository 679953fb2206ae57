"""The incubator's part of a person's data (see `community.personal_data`): the
incubations of their projects, and the canvas versions they saved. Nothing to erase: the
canvas stays with the project, signed by the anonymised person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Provider, Row, Section, cell
from comptoir.incubator.models import CanvasRevision, Incubation


def _incubations(person: Person) -> list[Row]:
    incubations = Incubation.objects.filter(project__members__person=person).select_related(
        "project", "programme", "stage"
    )
    return [
        {
            "project": incubation.project.title,
            "programme": incubation.programme.name,
            "stage": incubation.stage.name,
            "cohort": incubation.cohort,
            "started_on": cell(incubation.started_on),
            "finished_on": cell(incubation.finished_on),
        }
        for incubation in incubations.order_by("started_on", "pk").distinct()
    ]


def _canvas_revisions(person: Person) -> list[Row]:
    revisions = CanvasRevision.objects.filter(author=person).select_related(
        "canvas__incubation__project"
    )
    return [
        {
            "project": revision.canvas.incubation.project.title,
            "number": revision.number,
            "at": cell(revision.created_at),
        }
        for revision in revisions.order_by("created_at", "pk")
    ]


PROVIDER = Provider(
    app="incubator",
    order=80,
    sections=(
        Section(
            "incubations",
            _("Incubations of my projects"),
            (
                ("project", _("project")),
                ("programme", _("programme")),
                ("stage", _("stage")),
                ("cohort", _("cohort")),
                ("started_on", _("started on")),
                ("finished_on", _("finished on")),
            ),
            _incubations,
        ),
        Section(
            "canvas_revisions",
            _("Business Model Canvas versions I saved"),
            (("project", _("project")), ("number", _("number")), ("at", _("date"))),
            _canvas_revisions,
        ),
    ),
)
