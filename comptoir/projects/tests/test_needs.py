"""Needs: what a project asks for, matched with the skills directory, and "je peux aider"."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from comptoir.community.models import Skill, Visibility
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory, SkillFactory
from comptoir.core.exceptions import DomainError, InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.projects import selectors, services
from comptoir.projects.models import Need, NeedAnswer, ProjectMember


def skilled(place: Any, skill: str, visibility: str = Visibility.PUBLIC, **fields: Any) -> Any:
    from comptoir.community.tests.factories import PersonSkillFactory

    who = PersonFactory(directory_visibility=visibility, **fields)
    PlaceRoleFactory(person=who, place=place)
    PersonSkillFactory(person=who, skill=SkillFactory(name=skill))
    return who


@pytest.mark.django_db
class TestNeeds:
    def test_the_porteur_asks_for_a_skill_by_its_name(
        self, project: Any, project_lead: Any
    ) -> None:
        kicad = SkillFactory(name="KiCad")
        need = services.need_create(
            project=project,
            by=project_lead,
            kind="skill",
            title="Router le PCB",
            skill_name="kicad",
        )
        assert need.skill == kicad  # matched case-insensitively with the directory's skill
        assert need.status == Need.Status.OPEN
        assert AuditEvent.objects.filter(verb="need.created").exists()

    def test_a_new_skill_name_joins_the_list_of_skills(
        self, project: Any, project_lead: Any
    ) -> None:
        need = services.need_create(
            project=project, by=project_lead, kind="skill", title="Souder", skill_name="Soudure"
        )
        assert need.skill == Skill.objects.get(name="Soudure")

    def test_a_need_of_other_kinds_needs_no_skill(self, project: Any, concierge: Any) -> None:
        for kind in ("resource", "funding", "people"):
            need = services.need_create(project=project, by=concierge, kind=kind, title="Un local")
            assert need.skill is None

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"kind": "skill", "title": "Sans compétence"}, "skill"),
            ({"kind": "magie", "title": "X"}, "kind"),
            ({"kind": "people", "title": "  "}, "title"),
            ({"kind": "skill", "title": "X", "skill_name": "!!!"}, "skill"),
        ],
    )
    def test_it_refuses_bad_input(
        self, project: Any, project_lead: Any, fields: dict[str, str], field: str
    ) -> None:
        with pytest.raises(InvalidInput) as refused:
            services.need_create(project=project, by=project_lead, **fields)
        assert refused.value.field == field
        assert not Need.objects.exists()

    def test_only_editors_ask(self, project: Any, contributor: Any, nomad: Any) -> None:
        for who in (contributor, nomad):
            with pytest.raises(NotAllowed):
                services.need_create(project=project, by=who, kind="people", title="Bénévoles")

    def test_the_porteur_updates_and_closes_a_need(self, project: Any, project_lead: Any) -> None:
        need = services.need_create(project=project, by=project_lead, kind="funding", title="1 k€")
        need = services.need_update(need=need, by=project_lead, title="2 k€", kind="resource")
        assert (need.title, need.kind) == ("2 k€", "resource")
        with pytest.raises(InvalidInput):
            services.need_update(need=need, by=project_lead, kind="skill")
        need = services.need_close(need=need, by=project_lead, met=True)
        assert need.status == Need.Status.MET
        with pytest.raises(services.NeedNotOpen):
            services.need_close(need=need, by=project_lead)
        assert AuditEvent.objects.filter(verb="need.closed").count() == 1

    def test_others_cannot_close_a_need(self, project: Any, project_lead: Any, nomad: Any) -> None:
        need = services.need_create(project=project, by=project_lead, kind="people", title="Aide")
        with pytest.raises(NotAllowed):
            services.need_close(need=need, by=nomad)
        need.refresh_from_db()
        assert need.status == Need.Status.OPEN


@pytest.mark.django_db
class TestAnswers:
    @pytest.fixture
    def need(self, project: Any, project_lead: Any) -> Need:
        return services.need_create(
            project=project, by=project_lead, kind="people", title="Des bras samedi"
        )

    def test_anyone_logged_in_offers_help_once(self, need: Need, person: Any) -> None:
        answer = services.need_answer(need=need, by=person, message="Je viens avec un ami.")
        assert answer.person == person
        with pytest.raises(services.AlreadyAnswered):
            services.need_answer(need=need, by=person)
        assert NeedAnswer.objects.count() == 1
        assert AuditEvent.objects.filter(verb="need.answered").count() == 1

    def test_not_on_a_closed_need(self, need: Need, person: Any, project_lead: Any) -> None:
        services.need_close(need=need, by=project_lead, met=False)
        with pytest.raises(services.NeedNotOpen):
            services.need_answer(need=need, by=person)
        assert not NeedAnswer.objects.exists()

    def test_not_anonymously(self, need: Need) -> None:
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(NotAllowed):
            services.need_answer(need=need, by=AnonymousUser())

    def test_a_too_long_message_is_refused(self, need: Need, person: Any) -> None:
        with pytest.raises(InvalidInput):
            services.need_answer(need=need, by=person, message="x" * 2001)
        assert not NeedAnswer.objects.exists()


@pytest.mark.django_db
class TestSkillMatching:
    def test_it_counts_the_visible_people_of_the_projects_places(
        self, project: Any, project_lead: Any, place: Any, sister_place: Any, concierge: Any
    ) -> None:
        skilled(place, "KiCad")
        skilled(place, "KiCad", Visibility.MEMBERS)
        skilled(place, "KiCad", Visibility.HIDDEN)
        skilled(sister_place, "KiCad")  # not a place of the project
        skilled(place, "KiCad", is_active=False)
        skilled(place, "Couture")
        gone = skilled(place, "KiCad")
        gone.place_roles.update(valid_until="2000-01-01", valid_from="1999-01-01")
        services.need_create(
            project=project, by=project_lead, kind="skill", title="PCB", skill_name="KiCad"
        )
        services.need_create(project=project, by=project_lead, kind="funding", title="Sous")

        def counts(user: Any) -> dict[str, Any]:
            detail = selectors.project_get(slug=project.slug, user=user)
            return {n.title: n.match and n.match.count for n in detail.needs.all()}

        from django.contrib.auth.models import AnonymousUser

        assert counts(AnonymousUser()) == {"PCB": 1, "Sous": None}
        assert counts(project_lead) == {"PCB": 2, "Sous": None}
        assert counts(concierge) == {"PCB": 3, "Sous": None}
        detail = selectors.project_get(slug=project.slug, user=project_lead)
        pcb = next(n for n in detail.needs.all() if n.skill)
        assert pcb.match.directory_url == "/communaute/?skill=KiCad"


# --- Races -----------------------------------------------------------------------------------


def race(jobs: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = job()
        except DomainError as error:
            outcomes[index] = error.code
        except Exception as error:  # recorded, so the assertion shows it
            outcomes[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_same_person_answering_twice_at_once_answers_once(
    project: Any, project_lead: Any, person: Any
) -> None:
    need = services.need_create(project=project, by=project_lead, kind="people", title="Aide")

    def job() -> str:
        services.need_answer(need=Need.objects.get(pk=need.pk), by=person)
        return "ok"

    outcomes = race([job, job, job])
    assert sorted(outcomes) == ["already_answered", "already_answered", "ok"]
    assert NeedAnswer.objects.count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_porteurs_stepping_down_at_once_leave_one(
    project: Any, project_lead: Any, contributor: Any
) -> None:
    second = project.members.get(person=contributor)
    services.member_role_set(member=second, role=ProjectMember.Role.LEAD, by=project_lead)
    first = project.members.get(person=project_lead)

    def step_down(member_id: int, who_id: int) -> Callable[[], str]:
        def job() -> str:
            from comptoir.community.models import Person

            member = ProjectMember.objects.get(pk=member_id)
            services.member_role_set(
                member=member, role=ProjectMember.Role.MENTOR, by=Person.objects.get(pk=who_id)
            )
            return "ok"

        return job

    outcomes = race([step_down(first.pk, project_lead.pk), step_down(second.pk, contributor.pk)])
    assert sorted(outcomes) == ["last_lead", "ok"]
    assert project.members.filter(role=ProjectMember.Role.LEAD).count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_an_answer_racing_the_closing_of_its_need(
    project: Any, project_lead: Any, person: Any
) -> None:
    need = services.need_create(project=project, by=project_lead, kind="people", title="Aide")

    def answer() -> str:
        services.need_answer(need=Need.objects.get(pk=need.pk), by=person)
        return "answered"

    def close() -> str:
        services.need_close(need=Need.objects.get(pk=need.pk), by=project_lead, met=False)
        return "closed"

    outcomes = race([answer, close])
    assert "closed" in outcomes
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED
    # Either the answer came first (and stays), or it was refused: never an answer after.
    if outcomes[0] == "answered":
        assert NeedAnswer.objects.get().created_at <= need.updated_at
    else:
        assert outcomes[0] == "need_not_open"
        assert not NeedAnswer.objects.exists()
