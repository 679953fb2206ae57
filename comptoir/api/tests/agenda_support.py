"""What the agenda API tests share: the agenda app's fixtures, a PUT, times as JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from comptoir.agenda.tests import conftest as agenda_fixtures
from comptoir.agenda.tests.conftest import local_at
from comptoir.api.tests.conftest import BASE, ApiClient, token_for

__all__ = ["FIXTURES", "api_for", "iso", "local_at", "put"]

# Assigned to module names in each test file, so pytest finds them there.
FIXTURES = (agenda_fixtures.epn_space, agenda_fixtures.make_event, agenda_fixtures.workshop)


def iso(moment: datetime) -> str:
    return moment.isoformat()


def api_for(person: Any) -> ApiClient:
    return ApiClient(token_for(person))


def put(api: ApiClient, path: str, body: Any = None, *, raw: str | None = None) -> Any:
    data = raw if raw is not None else json.dumps(body)
    return api.client.put(
        BASE + path, data=data, content_type="application/json", headers=api.headers
    )
