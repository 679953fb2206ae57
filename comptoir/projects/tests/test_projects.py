"""Projects and their members: the rules of project_create, project_update, membership and
the journal."""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.community import permissions
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.projects import services
from comptoir.projects.models import JournalEntry, Project, ProjectMember

pytestmark = pytest.mark.django_db

LEAD = ProjectMember.Role.LEAD
CONTRIBUTOR = ProjectMember.Role.CONTRIBUTOR
MENTOR = ProjectMember.Role.MENTOR


def test_the_creator_becomes_the_porteur(project: Any, project_lead: Any, place: Any) -> None:
    assert project.slug == "fablab-mobile"
    assert project.created_by == project_lead
    assert list(project.places.all()) == [place]
    assert list(project.members.values_list("person_id", "role")) == [(project_lead.pk, LEAD)]
    assert AuditEvent.objects.filter(
        verb="project.created", target_id=str(project.pk), place=place
    ).exists()


def test_the_contributor_fixture(project: Any, contributor: Any) -> None:
    assert project.members.get(person=contributor).role == CONTRIBUTOR


def test_it_gives_each_project_its_own_slug(make_project: Any) -> None:
    first = make_project(title="Repair Café")
    second = make_project(title="Repair café")
    nouveau = make_project(title="Nouveau")
    assert (first.slug, second.slug) == ("repair-cafe", "repair-cafe-2")
    assert nouveau.slug == "nouveau-2"  # /projets/nouveau/ is the creation page


def test_it_keeps_every_field(make_project: Any) -> None:
    project = make_project(
        title="  Cigale  ",
        description="**Épargne** solidaire",
        status=Project.Status.ACTIVE,
        licence="CC-BY-SA-4.0",
        code_url="https://git.example.org/cigale",
        site_url="http://cigale.example.org",
    )
    project.refresh_from_db()
    assert project.title == "Cigale"
    assert (project.status, project.licence) == ("actif", "CC-BY-SA-4.0")
    assert project.code_url == "https://git.example.org/cigale"


def test_someone_without_a_role_cannot_start_a_project(person: Any, place: Any) -> None:
    with pytest.raises(NotAllowed):
        services.project_create(by=person, title="X", places=[place])
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "   "),
        ("title", "x" * 161),
        ("summary", "x" * 301),
        ("status", "bientot"),
        ("licence", "proprietary"),
        ("code_url", "javascript:alert(1)"),
        ("site_url", "ftp://example.org/"),
        ("site_url", "pas une adresse"),
    ],
)
def test_it_refuses_bad_input(make_project: Any, field: str, value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        make_project(**{field: value})
    assert refused.value.field == field
    assert not Project.objects.exists()
    assert not ProjectMember.objects.exists()


def test_it_needs_a_place(make_project: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        make_project(places=[])
    assert refused.value.field == "places"


def test_it_refuses_a_place_where_the_creator_has_no_role(
    make_project: Any, sister_place: Any
) -> None:
    with pytest.raises(services.PlaceNotAllowed):
        make_project(places=[sister_place])
    assert not Project.objects.exists()


def test_a_network_admin_starts_a_project_anywhere(
    make_project: Any, superuser: Any, sister_place: Any
) -> None:
    project = make_project(by=superuser, places=[sister_place])
    assert project.members.get().person == superuser


# --- project_update --------------------------------------------------------------------------


def test_the_porteur_edits_the_project(project: Any, project_lead: Any) -> None:
    services.project_update(
        project=project, by=project_lead, title="Fablab itinérant", status="actif"
    )
    project.refresh_from_db()
    assert (project.title, project.status, project.slug) == (
        "Fablab itinérant",
        "actif",
        "fablab-mobile",
    )
    event = AuditEvent.objects.get(verb="project.updated")
    assert sorted(event.data["changed"]) == ["status", "title"]


def test_a_concierge_of_its_place_edits_it(project: Any, concierge: Any) -> None:
    services.project_update(project=project, by=concierge, summary="Revu par la conciergerie")
    project.refresh_from_db()
    assert project.summary == "Revu par la conciergerie"


def test_a_contributor_or_a_stranger_cannot_edit_it(
    project: Any, contributor: Any, nomad: Any, sister_concierge: Any
) -> None:
    for who in (contributor, nomad, sister_concierge):
        with pytest.raises(NotAllowed):
            services.project_update(project=project, by=who, title="Pris")
    project.refresh_from_db()
    assert project.title == "Fablab mobile"


def test_a_refused_update_changes_nothing(project: Any, project_lead: Any) -> None:
    with pytest.raises(InvalidInput):
        services.project_update(
            project=project, by=project_lead, title="Nouveau titre", site_url="javascript:x"
        )
    project.refresh_from_db()
    assert project.title == "Fablab mobile"


def test_places_a_concierge_keeps_and_places_they_cannot_add(
    project: Any, concierge: Any, place: Any, sister_place: Any, project_lead: Any
) -> None:
    # The lead joins the sister place and adds it; a concierge of the first place keeps it.
    PlaceRoleFactory(person=project_lead, place=sister_place, role=Role.NOMAD)
    permissions.forget_roles(project_lead)
    services.project_update(project=project, by=project_lead, places=[place, sister_place])
    services.project_update(project=project, by=concierge, places=[place, sister_place])
    assert set(project.places.all()) == {place, sister_place}
    services.project_update(project=project, by=concierge, places=[place])
    with pytest.raises(services.PlaceNotAllowed):
        services.project_update(project=project, by=concierge, places=[place, sister_place])
    assert list(project.places.all()) == [place]


# --- Members ---------------------------------------------------------------------------------


def test_the_porteur_adds_members_with_a_role(project: Any, project_lead: Any) -> None:
    mentor = PersonFactory()
    member = services.member_add(project=project, person=mentor, role=MENTOR, by=project_lead)
    assert member.role == MENTOR
    assert AuditEvent.objects.filter(verb="project_member.added").count() == 1
    with pytest.raises(services.AlreadyMember):
        services.member_add(project=project, person=mentor, role=CONTRIBUTOR, by=project_lead)
    with pytest.raises(InvalidInput):
        services.member_add(project=project, person=PersonFactory(), role="chef", by=project_lead)


def test_only_editors_add_members(project: Any, contributor: Any) -> None:
    with pytest.raises(NotAllowed):
        services.member_add(project=project, person=PersonFactory(), role=LEAD, by=contributor)


def test_an_inactive_account_cannot_be_added(project: Any, project_lead: Any) -> None:
    with pytest.raises(InvalidInput):
        services.member_add(
            project=project, person=PersonFactory(is_active=False), role=MENTOR, by=project_lead
        )


def test_the_last_porteur_cannot_step_down(
    project: Any, project_lead: Any, contributor: Any
) -> None:
    lead = project.members.get(person=project_lead)
    with pytest.raises(services.LastLead):
        services.member_role_set(member=lead, role=CONTRIBUTOR, by=project_lead)
    with pytest.raises(services.LastLead):
        services.member_remove(member=lead, by=project_lead)
    # With a second porteur, the first one may step down, then leave.
    second = project.members.get(person=contributor)
    services.member_role_set(member=second, role=LEAD, by=project_lead)
    services.member_role_set(member=lead, role=MENTOR, by=project_lead)
    assert set(project.members.values_list("role", flat=True)) == {LEAD, MENTOR}
    services.member_remove(member=lead, by=project_lead)
    assert list(project.members.values_list("person_id", "role")) == [(contributor.pk, LEAD)]
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"project_member.role_set", "project_member.removed"} <= verbs


def test_a_member_leaves_but_cannot_remove_others(
    project: Any, project_lead: Any, contributor: Any
) -> None:
    lead = project.members.get(person=project_lead)
    with pytest.raises(NotAllowed):
        services.member_remove(member=lead, by=contributor)
    services.member_remove(member=project.members.get(person=contributor), by=contributor)
    assert not project.members.filter(person=contributor).exists()


# --- Journal ---------------------------------------------------------------------------------


def test_members_write_the_journal(project: Any, contributor: Any, concierge: Any) -> None:
    services.journal_add(project=project, by=contributor, text="Premier prototype **soudé**.")
    services.journal_add(project=project, by=concierge, text="Présenté au conseil.")
    assert JournalEntry.objects.filter(project=project).count() == 2
    assert AuditEvent.objects.filter(verb="journal_entry.created").count() == 2


def test_strangers_cannot_write_the_journal(project: Any, nomad: Any) -> None:
    with pytest.raises(NotAllowed):
        services.journal_add(project=project, by=nomad, text="Spam")
    assert not JournalEntry.objects.exists()


def test_an_empty_journal_entry_is_refused(project: Any, project_lead: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.journal_add(project=project, by=project_lead, text="   ")
    assert refused.value.field == "text"
