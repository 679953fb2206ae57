"""Bad input of every shape is a 4xx JSON error, never a 500, and saves nothing."""

from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import assert_error
from comptoir.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw",
    ['{"summary": ', "not json", b'{"summary": "\xff"}', "[" * 100_000, "{'summary': 'x'}"],
)
def test_unparseable_bodies_are_a_400(concierge_api, place, raw):
    body = assert_error(concierge_api.patch(f"/places/{place.slug}", raw=raw), 400)

    assert body["code"] in {"invalid_json", "bad_request"}
    assert Place.objects.get(pk=place.pk).summary == ""


def test_a_missing_body_is_a_field_error(concierge_api):
    body = assert_error(concierge_api.post("/spaces"), 422, "invalid_body")

    assert body["fields"]


def test_field_errors_name_the_fields(concierge_api, place):
    response = concierge_api.patch(f"/places/{place.slug}", {"summary": 3, "latitude": "nord"})

    body = assert_error(response, 422, "invalid_body")
    assert set(body["fields"]) == {"summary", "latitude"}
    assert "summary" in body["detail"] and "latitude" in body["detail"]


def test_null_characters_are_refused_before_the_database(concierge_api, anonymous_api, place):
    response = concierge_api.patch(f"/places/{place.slug}", {"summary": "a\x00b"})

    assert assert_error(response, 422, "invalid_body")["fields"]["summary"]
    assert_error(anonymous_api.get("/people", q="a\x00b"), 422, "invalid_params")


def test_a_malformed_slug_in_a_path_is_refused(anonymous_api):
    assert_error(anonymous_api.get("/places/a%00b"), 422, "invalid_params")


def test_an_out_of_range_number_is_a_field_error(concierge_api, place):
    response = concierge_api.post(
        "/spaces", {"place": place.slug, "name": "Géante", "kind": "other", "capacity": 10**30}
    )

    assert "capacity" in assert_error(response, 422, "invalid")["fields"]


def test_an_unknown_method_is_a_json_405(anonymous_api):
    response = anonymous_api.client.delete("/api/v1/places")

    assert response.status_code == 405


def test_domain_errors_carry_their_code_and_field(concierge_api, place, person):
    from comptoir.community.tests.factories import PlaceRoleFactory

    PlaceRoleFactory(place=place, person=person)

    response = concierge_api.post(
        f"/places/{place.slug}/roles", {"person_id": person.pk, "role": "nomad"}
    )

    body = assert_error(response, 409, "role_overlap")
    assert list(body["fields"]) == ["valid_from"]
