"""Moving the incubator's models out of `projects` loses nothing: on a database filled by
the old code's schema, every row, foreign key and value reads the same through the new
models, the content types (and their permissions) and the audit trail follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from comptoir.community.tests.factories import PersonFactory
from comptoir.core.models import AuditEvent
from comptoir.incubator.models import (
    Canvas,
    CanvasRevision,
    ChecklistItem,
    ChecklistTick,
    Incubation,
    Programme,
    Stage,
)
from comptoir.places.tests.factories import PlaceFactory
from comptoir.projects.models import Project
from comptoir.projects.tests.migration_support import (
    before_the_move,
    migrate,
    migrate_to_the_leaves,
    old_content_type,
)

pytestmark = pytest.mark.django_db(transaction=True)

DAY = dt.date(2026, 9, 1)


def fill(old: Any, place: Any, concierge: Any) -> dict[str, Any]:
    """Rows written through the old code's historical models (app `projects`)."""

    def model(name: str) -> Any:
        return old.get_model("projects", name).objects

    project = model("Project").create(title="Fablab mobile", slug="fablab-mobile")
    project.places.add(place.pk)
    programme = model("Programme").create(
        place_id=place.pk, name="Incubateur", template="incubateur", created_by_id=concierge.pk
    )
    first = model("Stage").create(programme=programme, position=1, name="Idée")
    second = model("Stage").create(programme=programme, position=2, name="Prototype")
    item = model("ChecklistItem").create(stage=first, position=1, text="Rencontrer 5 usagers")
    incubation = model("Incubation").create(
        project=project, programme=programme, stage=second, cohort="Automne", started_on=DAY
    )
    done_at = timezone.now().replace(microsecond=0)
    tick = model("ChecklistTick").create(
        incubation=incubation, item=item, done_by_id=concierge.pk, done_at=done_at
    )
    canvas = model("Canvas").create(
        incubation=incubation, revision=1, value_propositions="Un fablab qui roule"
    )
    revision = model("CanvasRevision").create(
        canvas=canvas,
        number=1,
        author_id=concierge.pk,
        created_at=done_at,
        value_propositions="Un fablab qui roule",
    )
    old.get_model("core", "AuditEvent").objects.create(
        verb="incubation.started", target_type="projects.incubation", target_id=str(incubation.pk)
    )
    content_type = old_content_type(old, "incubation")
    permission = old.get_model("auth", "Permission").objects.create(
        content_type=content_type, codename="audit_incubation", name="Audit"
    )
    return {
        "project": project.pk,
        "programme": programme.pk,
        "stages": (first.pk, second.pk),
        "item": item.pk,
        "incubation": incubation.pk,
        "tick": tick.pk,
        "done_at": done_at,
        "canvas": canvas.pk,
        "revision": revision.pk,
        "content_type": content_type.pk,
        "permission": permission.pk,
    }


def test_every_row_survives_the_move() -> None:
    place, concierge = PlaceFactory(), PersonFactory()
    try:
        rows = fill(migrate(before_the_move()), place, concierge)
    finally:
        migrate_to_the_leaves()

    project = Project.objects.get(pk=rows["project"])
    programme = Programme.objects.get(pk=rows["programme"])
    assert (programme.place_id, programme.name, programme.template) == (
        place.pk,
        "Incubateur",
        "incubateur",
    )
    assert (programme.is_active, programme.created_by_id) == (True, concierge.pk)
    stages = list(programme.stages.all())
    assert [(s.pk, s.position, s.name) for s in stages] == [
        (rows["stages"][0], 1, "Idée"),
        (rows["stages"][1], 2, "Prototype"),
    ]
    item = ChecklistItem.objects.get(pk=rows["item"])
    assert (item.stage_id, item.position, item.text) == (
        rows["stages"][0],
        1,
        "Rencontrer 5 usagers",
    )

    incubation = project.incubation  # the reverse one-to-one from the project still works
    assert incubation.pk == rows["incubation"]
    assert (incubation.programme, incubation.stage_id) == (programme, rows["stages"][1])
    assert (incubation.cohort, incubation.started_on, incubation.finished_on) == (
        "Automne",
        DAY,
        None,
    )
    tick = ChecklistTick.objects.get(pk=rows["tick"])
    assert (tick.incubation_id, tick.item_id, tick.done_by_id, tick.done_at) == (
        incubation.pk,
        item.pk,
        concierge.pk,
        rows["done_at"],
    )
    canvas = incubation.canvas
    assert (canvas.pk, canvas.revision, canvas.value_propositions) == (
        rows["canvas"],
        1,
        "Un fablab qui roule",
    )
    revision = CanvasRevision.objects.get(pk=rows["revision"])
    assert (revision.canvas_id, revision.number, revision.author_id) == (
        canvas.pk,
        1,
        concierge.pk,
    )
    assert revision.blocks() == canvas.blocks()
    counts = [m.objects.count() for m in (Programme, Stage, Incubation, Canvas, CanvasRevision)]
    assert counts == [1, 2, 1, 1, 1]

    content_type = ContentType.objects.get_for_model(Incubation)
    assert (content_type.pk, content_type.app_label) == (rows["content_type"], "incubator")
    assert Permission.objects.get(pk=rows["permission"]).content_type_id == content_type.pk
    assert not ContentType.objects.filter(app_label="projects", model="incubation").exists()
    assert list(AuditEvent.objects.values_list("target_type", flat=True)) == [
        "incubator.incubation"
    ]

    newer = Stage.objects.create(programme=programme, position=3, name="Lancement")
    assert newer.pk > rows["stages"][1]
