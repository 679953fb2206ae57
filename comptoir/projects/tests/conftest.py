"""Shared fixtures of the projects app (other helpers build on them: only add, never change).

- `make_project(**overrides)`: a project created through `project_create` by `project_lead`
  (a nomad of `place`, who becomes its porteur), with `place` among its places.
  Overrides: any field of `project_create` (`title`, `summary`, `description`, `status`,
  `licence`, `code_url`, `site_url`, `places`, `by`).
- `project`: one such project.
- `project_lead`: the porteur of `project` (holds a nomad role in `place`).
- `contributor`: a second person holding a role in `place`, contributor of `project`.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

_titles = itertools.count(1)


@pytest.fixture
def project_lead(place: Any) -> Any:
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

    who = PersonFactory(first_name="Paula", last_name="Porteuse")
    PlaceRoleFactory(person=who, place=place, role=Role.NOMAD)
    return who


@pytest.fixture
def make_project(place: Any, project_lead: Any) -> Any:
    from comptoir.projects.services import project_create

    def make(**overrides: Any) -> Any:
        fields: dict[str, Any] = {
            "by": project_lead,
            "title": f"Projet {next(_titles)}",
            "summary": "Un projet coopératif du tiers-lieu.",
            "places": [place],
        }
        fields.update(overrides)
        return project_create(**fields)

    return make


@pytest.fixture
def project(make_project: Any) -> Any:
    return make_project(title="Fablab mobile")


@pytest.fixture
def contributor(place: Any, project: Any) -> Any:
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
    from comptoir.projects.models import ProjectMember

    who = PersonFactory(first_name="Corentin", last_name="Contributeur")
    PlaceRoleFactory(person=who, place=place, role=Role.NOMAD)
    ProjectMember.objects.create(project=project, person=who, role=ProjectMember.Role.CONTRIBUTOR)
    return who
