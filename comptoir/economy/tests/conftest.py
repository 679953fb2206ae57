from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory


@pytest.fixture
def treasurer(place: Any) -> Any:
    who = PersonFactory(first_name="Théo", last_name="Trésorier")
    PlaceRoleFactory(person=who, place=place, role=Role.TREASURER)
    return who


@pytest.fixture
def treasurer_client(treasurer: Any) -> Client:
    client = Client()
    client.force_login(treasurer)
    return client
