"""The project list and a project's page cost a constant number of queries (≤ 12), whatever
the number of projects, members, needs, answers and journal entries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptoir.community.models import Visibility
from comptoir.community.tests.factories import (
    PersonFactory,
    PersonSkillFactory,
    PlaceRoleFactory,
    SkillFactory,
)
from comptoir.projects import panels, services
from comptoir.projects.models import ProjectMember

pytestmark = pytest.mark.django_db

LIMIT = 12


def queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def own_queries(monkeypatch: Any) -> None:
    """Measure the page's own queries: the panels other apps add to it (the contributions
    box, pinned by its own tests) are left out."""
    monkeypatch.setattr(panels, "_templates", [])


def grow(project: Any, lead: Any, place: Any, n: int) -> None:
    """Add n members, n needs (skills, each answered by n people) and n journal entries."""
    for i in range(n):
        person = PersonFactory(directory_visibility=Visibility.PUBLIC)
        PlaceRoleFactory(person=person, place=place)
        skill = SkillFactory(name=f"Savoir {project.pk}-{i}")
        PersonSkillFactory(person=person, skill=skill)
        services.member_add(project=project, person=person, role=ProjectMember.Role.MENTOR, by=lead)
        need = services.need_create(
            project=project, by=lead, kind="skill", title=f"Besoin {i}", skill=skill
        )
        for _ in range(n):
            services.need_answer(need=need, by=PersonFactory())
        services.journal_add(project=project, by=lead, text=f"Nouvelle {i}")


@pytest.mark.usefixtures("own_queries")
@pytest.mark.parametrize("who", ["anonymous", "lead", "nomad", "concierge"])
def test_the_project_page_is_constant(
    who: str, login: Any, make_project: Any, project_lead: Any, place: Any, request: Any
) -> None:
    viewer = None
    if who != "anonymous":
        viewer = project_lead if who == "lead" else request.getfixturevalue(who)
    project = make_project(title="Petit")
    grow(project, project_lead, place, 1)
    path = reverse("projects:detail", kwargs={"slug": project.slug})
    client = login(viewer)
    small = queries(client, path)
    grow(project, project_lead, place, 4)
    assert queries(client, path) == small <= LIMIT


@pytest.mark.parametrize("params", ["", "?status=idee", "?needs=1&q=projet", "?place=PLACE"])
def test_the_project_list_is_constant(
    params: str, login: Any, make_project: Any, project_lead: Any, place: Any
) -> None:
    path = reverse("projects:list") + params.replace("PLACE", place.slug)
    first = make_project(title="Projet 1")
    grow(first, project_lead, place, 1)
    client = login(project_lead)
    small = queries(client, path)
    for i in range(25):  # more than a page
        grow(make_project(title=f"Projet {i + 2}", places=[place]), project_lead, place, 1)
    assert queries(client, path) == small <= LIMIT
    assert queries(login(None), path) <= small


@pytest.mark.parametrize("who", ["anonymous", "nomad"])
def test_the_whole_page_with_its_contributions_box_is_constant(
    who: str, login: Any, project: Any, project_lead: Any, place: Any, request: Any
) -> None:
    client = login(request.getfixturevalue(who) if who != "anonymous" else None)
    grow(project, project_lead, place, 1)
    path = reverse("projects:detail", kwargs={"slug": project.slug})
    small = queries(client, path)
    grow(project, project_lead, place, 3)
    assert queries(client, path) == small


@pytest.mark.usefixtures("own_queries")
def test_the_exact_counts(login: Any, project: Any, project_lead: Any, place: Any) -> None:
    """Pinned: raise them only with a reason."""
    grow(project, project_lead, place, 2)
    detail = reverse("projects:detail", kwargs={"slug": project.slug})
    # project, places, members, needs, answers, journal, skill matches, photos
    assert queries(login(None), detail) == 8
    lead = login(project_lead)
    # + session, user, roles (the lead check reads the members already loaded)
    assert queries(lead, detail) == 11
    # count, page, places, places of the filter
    assert queries(login(None), reverse("projects:list")) == 4
