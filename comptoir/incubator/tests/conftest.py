"""Fixtures of the incubator's tests: a programme made from the "Incubateur" template by
the place's concierge, and `project` incubated in it (the project fixtures come from the
projects app's tests)."""

# The project fixtures imported below are parameters of the fixtures defined here.
# ruff: noqa: F811
from __future__ import annotations

from typing import Any

import pytest

from comptoir.incubator import services
from comptoir.incubator.models import Programme
from comptoir.projects.tests.conftest import (  # noqa: F401 - fixtures used here
    contributor,
    make_project,
    project,
    project_lead,
)


@pytest.fixture
def programme(place: Any, concierge: Any) -> Programme:
    return services.programme_create(
        place=place, template=Programme.Template.INCUBATOR, by=concierge
    )


@pytest.fixture
def incubation(project: Any, programme: Programme, concierge: Any) -> Any:
    return services.incubation_start(
        project=project, programme=programme, cohort="Cohorte automne 2026", by=concierge
    )


@pytest.fixture
def mentor(incubation: Any, concierge: Any) -> Any:
    from comptoir.community.tests.factories import PersonFactory

    who = PersonFactory(first_name="Marc", last_name="Mentor")
    services.mentor_add(incubation=incubation, person=who, by=concierge)
    return who


def tick_all(incubation: Any, by: Any) -> None:
    """Ticks every item of the incubation's current stage."""
    incubation.refresh_from_db()
    for item in incubation.stage.items.all():
        services.checklist_tick(incubation=incubation, item=item, by=by)
