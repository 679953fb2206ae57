"""Fixtures for the community tests: one person in each role the pages care about."""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory


@pytest.fixture
def other_place(db: Any) -> Any:
    return PlaceFactory()


@pytest.fixture
def other_concierge(other_place: Any) -> Any:
    """A permanent concierge of another place."""
    who = PersonFactory(first_name="Olivier", last_name="Ailleurs")
    PlaceRoleFactory(person=who, place=other_place, role=Role.CONCIERGE_PERMANENT)
    return who
