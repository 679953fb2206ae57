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
