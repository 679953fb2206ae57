"""Fixtures for the check-in tests: people in each role of the place, and helpers."""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory


@pytest.fixture
def traveller(place: Any) -> Any:
    who = PersonFactory(first_name="Vera", last_name="Voyageuse")
    PlaceRoleFactory(person=who, place=place, role=Role.TRAVELLER)
    return who


@pytest.fixture
def nomad(place: Any) -> Any:
    who = PersonFactory(first_name="Nora", last_name="Nomade")
    PlaceRoleFactory(person=who, place=place, role=Role.NOMAD)
    return who


@pytest.fixture
def bystander(place: Any) -> Any:
    """A nomad of the place, who is no concierge."""
    who = PersonFactory(first_name="Bob", last_name="Voisin")
    PlaceRoleFactory(person=who, place=place, role=Role.NOMAD)
    return who
