"""Fixtures for the sales pages: one person in each role the pages care about."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import NetworkFactory, PlaceFactory


@pytest.fixture
def sister_place(place: Any) -> Any:
    return PlaceFactory(network=place.network)


@pytest.fixture
def foreign_place(db: Any) -> Any:
    return PlaceFactory(network=NetworkFactory(name="Ailleurs", slug="ailleurs"))


@pytest.fixture
def other_concierge(foreign_place: Any) -> Any:
    """A permanent concierge of a place of another network."""
    who = PersonFactory(first_name="Olivier", last_name="Ailleurs")
    PlaceRoleFactory(person=who, place=foreign_place, role=Role.CONCIERGE_PERMANENT)
    return who


@pytest.fixture
def sister_concierge(sister_place: Any) -> Any:
    """A permanent concierge of another place of the same network."""
    who = PersonFactory(first_name="Sarah", last_name="Sœur")
    PlaceRoleFactory(person=who, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    return who


@pytest.fixture
def occasional_concierge(place: Any) -> Any:
    who = PersonFactory(first_name="Paul", last_name="Ponctuel")
    PlaceRoleFactory(person=who, place=place, role=Role.CONCIERGE_OCCASIONAL)
    return who


@pytest.fixture
def nomad(place: Any) -> Any:
    """A member of the place, without any concierge right."""
    who = PersonFactory(first_name="Nina", last_name="Nomade")
    PlaceRoleFactory(person=who, place=place, role=Role.NOMAD)
    return who


@pytest.fixture
def superuser(db: Any) -> Any:
    return PersonFactory(first_name="Ada", last_name="Admin", is_superuser=True, is_staff=True)


@pytest.fixture
def login() -> Any:
    """login(person) -> a client logged in as them; login(None) -> an anonymous client."""

    def make(person: Any) -> Client:
        client = Client()
        if person is not None:
            client.force_login(person)
        return client

    return make
