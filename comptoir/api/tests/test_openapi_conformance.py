"""The API keeps the promises of its own OpenAPI document.

- `openapi-spec-validator` accepts the document (OpenAPI 3.1).
- schemathesis calls every operation through WSGI (no server) as anonymous, a member and a
  concierge of the place (its treasurer too, for the accounts' operations), with
  hypothesis-generated parameters and bodies, in a database filled with one of everything;
  path ids point at those objects three times out of four (the fourth keeps the generated
  id: unknown ids must answer the documented 404). Checks:
  no server error, the body matches the documented schema, the status and the content type
  are documented. Each example runs in a savepoint rolled back after it, so every example
  sees the same world and a run is reproducible (hypothesis is derandomized).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.formats import unregister_string_format

from comptoir.api.tests import openapi_world
from comptoir.api.tests.openapi_world import World

# The world's fixtures come from the other apps' tests.
from comptoir.incubator.tests.conftest import incubation, programme  # noqa: F401
from comptoir.projects.tests.conftest import (  # noqa: F401
    contributor,
    make_project,
    project,
    project_lead,
)

pytestmark = pytest.mark.django_db

# Examples per operation, identity and mode: bounds the run (about 3 minutes on PostgreSQL).
EXAMPLES = {GenerationMode.POSITIVE: 5, GenerationMode.NEGATIVE: 3}
# Operations answering a 2xx at least once (of 27 public ones for anonymous; a member is
# refused the concierge's operations).
LEAST_SUCCESSES = {
    ("anonymous", GenerationMode.POSITIVE): 20,
    ("member", GenerationMode.POSITIVE): 40,
    ("concierge", GenerationMode.POSITIVE): 80,
    ("concierge", GenerationMode.NEGATIVE): 50,
}
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


def document() -> dict[str, Any]:
    return json.loads(Client(HTTP_HOST="localhost").get("/api/v1/openapi.json").content)


def test_the_document_is_valid_openapi() -> None:
    validate(document())


def test_every_enum_has_its_own_name_and_query_parameters_list_their_own_values() -> None:
    doc = document()
    schemas = doc["components"]["schemas"]
    spaces = doc["paths"]["/api/v1/spaces"]["get"]["parameters"]
    [kind] = [p for p in spaces if p["name"] == "kind"]
    ref = kind["schema"].get("$ref") or kind["schema"]["anyOf"][0]["$ref"]
    assert ref == "#/components/schemas/SpaceKind"
    assert "work" not in schemas["SpaceKind"]["enum"]
    project_in = schemas["ProjectIn"]["properties"]["status"]
    assert project_in["default"] in schemas["ProjectStatus"]["enum"]
    assert not {"Kind", "Status"} & set(schemas)


def test_no_two_schemas_share_a_name() -> None:
    """The document names schemas by class name: two `MoveIn` made the booking move
    documented with the stage move's body. Every schema of the routers has its own name."""
    import inspect
    import pkgutil
    from importlib import import_module

    from ninja import Schema

    import comptoir.api.routers as routers

    where: dict[str, set[str]] = {}
    for module_info in pkgutil.iter_modules(routers.__path__):
        module = import_module(f"{routers.__name__}.{module_info.name}")
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, Schema) and value is not Schema:
                where.setdefault(value.__name__, set()).add(value.__module__)
    assert {name: places for name, places in where.items() if len(places) > 1} == {}
    body = document()["paths"]["/api/v1/bookings/{booking_id}/move"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert set(document()["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]) == {
        "start",
        "end",
    }


def test_public_operations_need_no_credentials_and_the_others_do() -> None:
    doc = document()
    places = doc["paths"]["/api/v1/places"]["get"]["security"]
    assert {} in places and {"BearerToken": []} in places
    me = doc["paths"]["/api/v1/people/me"]["get"]["security"]
    assert {} not in me and {"BearerToken": []} in me


def test_every_operation_documents_its_errors_in_the_error_shape() -> None:
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert {"401", "403", "404", "422", "429"} <= set(responses), (method, path)
            if method != "get":
                assert "409" in responses, (method, path)
            for status, response in responses.items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (path, status)


def test_downloads_document_their_media_type() -> None:
    paths = document()["paths"]
    media = {
        "/api/v1/places/{slug}/documentation.wiki": "text/plain",
        "/api/v1/places/{slug}/documentation.zip": "application/zip",
        "/api/v1/places/{slug}/documentation.json": "application/json",
        "/api/v1/projects/{slug}/contributions.jsonld": "application/ld+json",
        "/api/v1/invoices/{invoice_id}/pdf": "application/pdf",
        "/api/v1/invoices/{invoice_id}/xml": "application/xml",
        "/api/v1/credit-notes/{credit_note_id}/pdf": "application/pdf",
        "/api/v1/credit-notes/{credit_note_id}/xml": "application/xml",
    }
    for path, media_type in media.items():
        assert set(paths[path]["get"]["responses"]["200"]["content"]) == {media_type}


def test_the_settlement_month_example_is_a_value() -> None:
    params = document()["paths"]["/api/v1/networks/{slug}/settlements"]["get"]["parameters"]
    [month] = [p for p in params if p["name"] == "month"]
    assert month["example"] == "2026-11" and "examples" not in month


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nowhere", "/api/v1/spaces/abc", "/api/v1/spaces/-1/more", "/api/", "/api/v2/x"],
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_every_unknown_path_under_the_api_is_a_json_404(path: str, method: str) -> None:
    response = getattr(Client(enforce_csrf_checks=True), method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


# --- schemathesis ---------------------------------------------------------------------------


@contextmanager
def connection_kept_open() -> Iterator[None]:
    # Django's WSGI handler closes the connection after each request, which would end the
    # test's transaction: keep it open, as Django's test client does (for its own calls).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def load_schema() -> Any:
    with connection_kept_open():
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(scope="module")
def api_schema() -> Any:
    return load_schema()


@pytest.fixture
def world(place: Any, concierge: Any, person: Any, project: Any, incubation: Any) -> World:  # noqa: F811
    return openapi_world.build(place, concierge, person, project, incubation)


def run_operation(
    operation: Any, world: World, identity: str, statuses: list[int], mode: GenerationMode
) -> int:
    """Runs the examples of one operation as one identity; returns how many ran."""
    headers = world.headers(identity)
    ran = 0

    @settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def check(case: Any) -> None:
        nonlocal ran
        ran += 1
        if ran % 4:
            world.aim(case)
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    with connection_kept_open():
        check()
    return ran


@pytest.mark.parametrize(
    ("identity", "mode"),
    [
        ("anonymous", GenerationMode.POSITIVE),
        ("member", GenerationMode.POSITIVE),
        ("concierge", GenerationMode.POSITIVE),
        # Invalid parameters and bodies, as the person allowed to write: 4xx, never a 500.
        ("concierge", GenerationMode.NEGATIVE),
    ],
)
def test_every_operation_keeps_its_documented_promises(
    api_schema: Any, world: World, identity: str, mode: GenerationMode
) -> None:
    failures: dict[str, str] = {}
    examples = 0
    reached: dict[str, list[int]] = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:
        statuses = reached[operation.label] = []
        try:
            examples += run_operation(operation, world, identity, statuses, mode)
        except (Exception, FailureGroup) as error:  # a report on every operation, not the first
            failures[operation.label] = str(error)[:1500]
    successes = [label for label, codes in reached.items() if any(c < 300 for c in codes)]
    print(f"{identity} ({mode}): {len(operations)} operations, {examples} examples")
    print(f"  2xx on {len(successes)} operations")
    for label, codes in reached.items():
        print(f"  {label}: {sorted(set(codes))}")
    assert not failures, "\n\n".join(f"{label}\n{detail}" for label, detail in failures.items())
    assert len(operations) >= 114
    # The world is rich enough for the calls to reach real objects, not just 404s.
    assert len(successes) >= LEAST_SUCCESSES[identity, mode]


def test_the_run_catches_a_broken_promise(monkeypatch: pytest.MonkeyPatch, world: World) -> None:
    # The harness itself: with the errors left out of the document, the 401 of an anonymous
    # call is reported as undocumented.
    from comptoir.api import api, openapi

    monkeypatch.setattr(openapi, "error_statuses", lambda operation: set())
    monkeypatch.setattr(api, "_openapi_documents", {})
    operation = load_schema()["/api/v1/ticket-books"]["GET"]  # declares no error of its own

    with pytest.raises(FailureGroup, match="Undocumented status code"):
        run_operation(operation, world, "anonymous", [], GenerationMode.POSITIVE)


def _dated(schema: Any, components: dict[str, Any], seen: frozenset[str] = frozenset()) -> bool:
    """Whether a date or a date-time is somewhere in this schema, following the $refs."""
    if isinstance(schema, list):
        return any(_dated(item, components, seen) for item in schema)
    if not isinstance(schema, dict):
        return False
    if schema.get("format") in {"date", "date-time"}:
        return True
    ref = schema.get("$ref", "").rpartition("/")[2]
    if ref and ref not in seen:
        return _dated(components[ref], components, seen | {ref})
    return any(_dated(value, components, seen) for value in schema.values())


def test_dates_at_the_ends_of_the_calendar_are_refused_cleanly(world: World) -> None:
    # Every date and date-time the run generates is often the first or last one Python knows.
    days = st.sampled_from([dt.date.min, dt.date.max]) | st.dates()
    moments = st.sampled_from(
        [
            "0001-01-01T00:00:00Z",
            "9999-12-31T00:00:00Z",
            "0001-01-01T10:00:00+01:00",
            "9999-12-31T23:00:00-01:00",
        ]
    )
    failures = {}
    components = document()["components"]["schemas"]
    api_schema = load_schema()  # a schema of its own: the shared one caches its strategies
    schemathesis.openapi.format("date", days.map(dt.date.isoformat))
    schemathesis.openapi.format("date-time", moments)
    try:
        for operation in [result.ok() for result in api_schema.get_all_operations()]:
            if _dated(operation.definition.raw, components):
                try:
                    run_operation(operation, world, "concierge", [], GenerationMode.POSITIVE)
                except (Exception, FailureGroup) as error:
                    failures[operation.label] = str(error)[:800]
    finally:
        unregister_string_format("date")
        unregister_string_format("date-time")
    assert not failures, "\n\n".join(f"{label}\n{detail}" for label, detail in failures.items())
