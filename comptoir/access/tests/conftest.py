"""Fixtures for the access tests: a second place of the same network, and a stranger."""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.community.tests.factories import PersonFactory
from comptoir.places.tests.factories import NetworkFactory, PlaceFactory


@pytest.fixture
def sister_place(place: Any) -> Any:
    """Another place of the same network."""
    return PlaceFactory(network=place.network)


@pytest.fixture
def foreign_place(db: Any) -> Any:
    """A place of another network."""
    return PlaceFactory(network=NetworkFactory(name="Ailleurs", slug="ailleurs"))


@pytest.fixture
def stranger(db: Any) -> Any:
    return PersonFactory(first_name="Sam", last_name="Passant")
