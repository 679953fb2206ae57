"""Fixtures for the booking pages: a room and a machine in the factory place (open Mo-Fr
09:00-18:00), people with roles, and the week of helpers.MONDAY (always ahead of now)."""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.bookings.tests.factories import ResourceFactory, TrainingFactory
from comptoir.bookings.tests.helpers import member
from comptoir.community.models import Role


@pytest.fixture
def htmx() -> dict[str, str]:
    return {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def room(place: Any) -> Any:
    return ResourceFactory(place=place, name="Salle Jaune", slug="salle-jaune")


@pytest.fixture
def training(place: Any) -> Any:
    return TrainingFactory(place=place, name="Découpe laser")


@pytest.fixture
def laser(place: Any, training: Any) -> Any:
    return ResourceFactory(
        place=place,
        name="Découpeuse laser",
        slug="laser",
        kind="equipment",
        required_training=training,
    )


@pytest.fixture
def resident(place: Any) -> Any:
    return member(place, Role.RESIDENT, first_name="Rita", last_name="Résidente")


@pytest.fixture
def traveller(place: Any) -> Any:
    return member(place, Role.TRAVELLER, first_name="Victor", last_name="Voyageur")
