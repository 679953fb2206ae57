"""An API client that speaks JSON, with or without a personal token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from comptoir.community import services
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory

BASE = "/api/v1"


class ApiClient:
    def __init__(self, token: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _send(self, method: str, path: str, body: Any = None, raw: str | None = None) -> Any:
        # No body at all is an empty request body, as `curl -X POST` sends.
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        call = getattr(self.client, method)
        return call(BASE + path, data=data, content_type="application/json", headers=self.headers)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path: str, body: Any = None, *, raw: str | None = None) -> Any:
        return self._send("post", path, body, raw)

    def patch(self, path: str, body: Any = None, *, raw: str | None = None) -> Any:
        return self._send("patch", path, body, raw)


def token_for(person: Any) -> str:
    _token, secret = services.api_token_create(person=person, name="tests", by=person)
    return secret


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient()


@pytest.fixture
def member_api(person: Any) -> ApiClient:
    return ApiClient(token_for(person))


@pytest.fixture
def concierge_api(concierge: Any) -> ApiClient:
    return ApiClient(token_for(concierge))


@pytest.fixture
def other_concierge(db: Any) -> Any:
    who = PersonFactory(first_name="Oscar", last_name="Ailleurs")
    PlaceRoleFactory(person=who, place=PlaceFactory(), role=Role.CONCIERGE_PERMANENT)
    return who


@pytest.fixture
def other_concierge_api(other_concierge: Any) -> ApiClient:
    return ApiClient(token_for(other_concierge))


def assert_error(response: Any, status: int, code: str | None = None) -> dict:
    """The response is a JSON error with a stable code and a human detail."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"code", "detail"} and body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body
