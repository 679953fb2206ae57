"""The incubator's services: programmes from templates, starting an incubation, the
checklist, stages (advance only on a complete checklist, or forced by a concierge) and
mentors (ProjectMembers with the role "mentor")."""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.incubator import services
from comptoir.incubator.models import Canvas, ChecklistTick, Incubation, Programme
from comptoir.incubator.tests.conftest import tick_all
from comptoir.projects.models import Project, ProjectMember

pytestmark = pytest.mark.django_db


# --- Programmes ------------------------------------------------------------------------------


def test_it_creates_the_incubator_with_four_stages_and_their_checklists(
    programme: Programme,
) -> None:
    stages = list(programme.stages.order_by("position"))
    assert [s.position for s in stages] == [1, 2, 3, 4]
    assert all(stage.items.count() >= 2 for stage in stages)
    assert programme.template == Programme.Template.INCUBATOR
    assert AuditEvent.objects.filter(verb="incubation.programme_created").count() == 1


def test_it_creates_the_business_model_in_48_hours(place: Any, concierge: Any) -> None:
    made = services.programme_create(
        place=place, template=Programme.Template.BUSINESS_MODEL_48H, by=concierge
    )
    assert made.stages.count() == 4
    assert made.template == "bm48h"


def test_only_a_concierge_creates_a_programme(place: Any, nomad: Any) -> None:
    with pytest.raises(NotAllowed):
        services.programme_create(place=place, template="incubateur", by=nomad)
    assert not Programme.objects.exists()


def test_it_refuses_an_unknown_template_and_a_duplicate_name(
    place: Any,
    concierge: Any,
    programme: Programme,
) -> None:
    with pytest.raises(InvalidInput) as unknown:
        services.programme_create(place=place, template="nope", by=concierge)
    assert unknown.value.field == "template"
    with pytest.raises(InvalidInput) as twice:
        services.programme_create(
            place=place, template="incubateur", name=programme.name.upper(), by=concierge
        )
    assert twice.value.field == "name"
    with pytest.raises(InvalidInput):
        services.programme_create(place=place, template="incubateur", name="x" * 200, by=concierge)
    assert Programme.objects.count() == 1


# --- Starting ----------------------------------------------------------------------------------


def test_starting_puts_the_project_in_the_first_stage_with_an_empty_canvas(
    incubation: Incubation,
    project: Any,
) -> None:
    project.refresh_from_db()
    assert project.status == Project.Status.INCUBATION
    assert incubation.stage.position == 1
    assert incubation.cohort == "Cohorte automne 2026"
    assert Canvas.objects.get(incubation=incubation).revision == 0


def test_a_project_is_incubated_once(
    incubation: Incubation,
    project: Any,
    programme: Programme,
    concierge: Any,
) -> None:
    with pytest.raises(services.AlreadyIncubated):
        services.incubation_start(project=project, programme=programme, by=concierge)


def test_it_refuses_a_project_of_another_place(
    make_project: Any,
    sister_place: Any,
    programme: Programme,
    concierge: Any,
    project_lead: Any,
) -> None:
    from comptoir.community.tests.factories import PlaceRoleFactory

    PlaceRoleFactory(person=project_lead, place=sister_place, role="nomad")
    elsewhere = make_project(places=[sister_place])
    with pytest.raises(InvalidInput) as refused:
        services.incubation_start(project=elsewhere, programme=programme, by=concierge)
    assert refused.value.field == "project"
    assert not Incubation.objects.exists()
    elsewhere.refresh_from_db()
    assert elsewhere.status == Project.Status.IDEA


def test_only_a_concierge_of_the_place_starts_an_incubation(
    project: Any,
    programme: Programme,
    project_lead: Any,
    sister_concierge: Any,
) -> None:
    for who in (project_lead, sister_concierge):
        with pytest.raises(NotAllowed):
            services.incubation_start(project=project, programme=programme, by=who)
    assert not Incubation.objects.exists()


def test_it_refuses_a_too_long_cohort_and_a_closed_programme(
    project: Any,
    programme: Programme,
    concierge: Any,
) -> None:
    with pytest.raises(InvalidInput) as long:
        services.incubation_start(
            project=project, programme=programme, cohort="c" * 81, by=concierge
        )
    assert long.value.field == "cohort"
    Programme.objects.filter(pk=programme.pk).update(is_active=False)
    programme.refresh_from_db()
    with pytest.raises(InvalidInput):
        services.incubation_start(project=project, programme=programme, by=concierge)
    assert not Incubation.objects.exists()


# --- Checklist and stages ----------------------------------------------------------------------


def test_a_lead_ticks_and_unticks_the_current_checklist(
    incubation: Incubation,
    project_lead: Any,
) -> None:
    item = incubation.stage.items.first()
    services.checklist_tick(incubation=incubation, item=item, by=project_lead)
    services.checklist_tick(incubation=incubation, item=item, by=project_lead)  # idempotent
    assert ChecklistTick.objects.filter(incubation=incubation).count() == 1
    services.checklist_untick(incubation=incubation, item=item, by=project_lead)
    services.checklist_untick(incubation=incubation, item=item, by=project_lead)
    assert not ChecklistTick.objects.exists()
    assert AuditEvent.objects.filter(verb="incubation.item_ticked").count() == 1
    assert AuditEvent.objects.filter(verb="incubation.item_unticked").count() == 1


def test_a_mentor_ticks_but_a_contributor_does_not(
    incubation: Incubation,
    mentor: Any,
    contributor: Any,
) -> None:
    item = incubation.stage.items.first()
    services.checklist_tick(incubation=incubation, item=item, by=mentor)
    with pytest.raises(NotAllowed):
        services.checklist_untick(incubation=incubation, item=item, by=contributor)
    assert ChecklistTick.objects.count() == 1


def test_it_refuses_an_item_of_another_stage(
    incubation: Incubation,
    project_lead: Any,
    programme: Programme,
) -> None:
    later = programme.stages.get(position=2).items.first()
    with pytest.raises(InvalidInput):
        services.checklist_tick(incubation=incubation, item=later, by=project_lead)
    assert not ChecklistTick.objects.exists()


def test_a_stage_advances_only_on_a_complete_checklist(
    incubation: Incubation,
    concierge: Any,
    project_lead: Any,
) -> None:
    with pytest.raises(services.ChecklistIncomplete):
        services.stage_advance(incubation=incubation, by=concierge)
    incubation.refresh_from_db()
    assert incubation.stage.position == 1
    tick_all(incubation, project_lead)
    services.stage_advance(incubation=incubation, by=concierge)
    incubation.refresh_from_db()
    assert incubation.stage.position == 2


def test_a_concierge_may_force_the_next_stage(
    incubation: Incubation,
    concierge: Any,
) -> None:
    services.stage_advance(incubation=incubation, by=concierge, override=True)
    incubation.refresh_from_db()
    assert incubation.stage.position == 2
    event = AuditEvent.objects.get(verb="incubation.stage_advanced")
    assert event.data["override"] is True
    assert len(event.data["missing"]) == 3


def test_a_lead_does_not_advance_stages(
    incubation: Incubation,
    project_lead: Any,
) -> None:
    tick_all(incubation, project_lead)
    with pytest.raises(NotAllowed):
        services.stage_advance(incubation=incubation, by=project_lead)


def test_after_the_last_stage_the_project_is_active(
    incubation: Incubation,
    concierge: Any,
    project_lead: Any,
    project: Any,
) -> None:
    for _stage in range(4):
        tick_all(incubation, project_lead)
        services.stage_advance(incubation=incubation, by=concierge)
    incubation.refresh_from_db()
    project.refresh_from_db()
    assert incubation.is_finished
    assert project.status == Project.Status.ACTIVE
    with pytest.raises(services.IncubationFinished):
        services.stage_advance(incubation=incubation, by=concierge, override=True)
    with pytest.raises(services.IncubationFinished):
        services.checklist_untick(
            incubation=incubation, item=incubation.stage.items.first(), by=project_lead
        )


# --- Mentors -----------------------------------------------------------------------------------


def test_mentors_are_project_members_with_the_mentor_role(
    incubation: Incubation,
    mentor: Any,
    concierge: Any,
    contributor: Any,
    project_lead: Any,
) -> None:
    assert ProjectMember.objects.get(person=mentor).role == ProjectMember.Role.MENTOR
    services.mentor_add(incubation=incubation, person=contributor, by=concierge)
    assert ProjectMember.objects.get(person=contributor).role == ProjectMember.Role.MENTOR
    with pytest.raises(InvalidInput):
        services.mentor_add(incubation=incubation, person=mentor, by=concierge)
    with pytest.raises(InvalidInput):
        services.mentor_add(incubation=incubation, person=project_lead, by=concierge)
    services.mentor_remove(incubation=incubation, person=mentor, by=concierge)
    assert not ProjectMember.objects.filter(person=mentor).exists()
    with pytest.raises(InvalidInput):
        services.mentor_remove(incubation=incubation, person=mentor, by=concierge)


def test_only_a_concierge_adds_a_mentor(
    incubation: Incubation,
    project_lead: Any,
    person: Any,
) -> None:
    with pytest.raises(NotAllowed):
        services.mentor_add(incubation=incubation, person=person, by=project_lead)
    assert not ProjectMember.objects.filter(person=person).exists()
