"""Test-only settings and shared fixtures (see STYLE.md §8: no third settings module)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def place(db: Any) -> Any:
    from comptoir.places.tests.factories import PlaceFactory

    return PlaceFactory()


@pytest.fixture
def person(db: Any) -> Any:
    from comptoir.community.tests.factories import PersonFactory

    return PersonFactory()


@pytest.fixture
def concierge(place: Any) -> Any:
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

    who = PersonFactory(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=who, place=place, role=Role.CONCIERGE_PERMANENT)
    return who


@pytest.fixture
def member_client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def concierge_client(concierge: Any) -> Client:
    client = Client()
    client.force_login(concierge)
    return client


# --- People and places many test folders share -------------------------------------------


@pytest.fixture
def login() -> Any:
    """login(person) -> a client logged in as them; login(None) -> an anonymous client."""

    def make(person: Any) -> Client:
        client = Client()
        if person is not None:
            client.force_login(person)
        return client

    return make


@pytest.fixture
def superuser(db: Any) -> Any:
    from comptoir.community.tests.factories import PersonFactory

    return PersonFactory(first_name="Ada", last_name="Admin", is_superuser=True, is_staff=True)


def _with_role(place: Any, role: str, first_name: str, last_name: str) -> Any:
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

    who = PersonFactory(first_name=first_name, last_name=last_name)
    PlaceRoleFactory(person=who, place=place, role=role)
    return who


@pytest.fixture
def occasional_concierge(place: Any) -> Any:
    return _with_role(place, "concierge_occasional", "Paul", "Ponctuel")


@pytest.fixture
def nomad(place: Any) -> Any:
    """A member of the place, without any concierge right."""
    return _with_role(place, "nomad", "Nina", "Nomade")


@pytest.fixture
def sister_place(place: Any) -> Any:
    """Another place of the same network (same opening hours)."""
    from comptoir.places.tests.factories import PlaceFactory

    return PlaceFactory(network=place.network)


@pytest.fixture
def foreign_place(db: Any) -> Any:
    """A place of another network."""
    from comptoir.places.tests.factories import NetworkFactory, PlaceFactory

    return PlaceFactory(network=NetworkFactory(name="Ailleurs", slug="ailleurs"))


@pytest.fixture
def sister_concierge(sister_place: Any) -> Any:
    """A permanent concierge of another place of the same network."""
    return _with_role(sister_place, "concierge_permanent", "Sarah", "Sœur")


@pytest.fixture
def other_concierge(foreign_place: Any) -> Any:
    """A permanent concierge of a place of another network."""
    return _with_role(foreign_place, "concierge_permanent", "Olivier", "Ailleurs")
