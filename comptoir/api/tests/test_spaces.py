from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import assert_error
from comptoir.core.models import AuditEvent
from comptoir.places.models import Space
from comptoir.places.tests.factories import EquipmentFactory, PlaceFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def test_it_lists_active_spaces_of_active_places(anonymous_api, place):
    space = SpaceFactory(place=place)
    SpaceFactory(place=place, is_active=False)
    SpaceFactory(place=PlaceFactory(is_active=False))

    body = anonymous_api.get("/spaces").json()

    assert [s["id"] for s in body["items"]] == [space.pk]
    assert body["items"][0]["place"] == {"slug": place.slug, "name": place.name}


def test_it_filters_spaces_by_place_and_kind(anonymous_api, place):
    epn = SpaceFactory(place=place, kind=Space.Kind.EPN)
    SpaceFactory(place=place, kind=Space.Kind.COWORKING)
    SpaceFactory(kind=Space.Kind.EPN)

    body = anonymous_api.get("/spaces", place=place.slug, kind="epn").json()

    assert [s["id"] for s in body["items"]] == [epn.pk]
    assert_error(anonymous_api.get("/spaces", kind="piscine"), 422, "invalid_params")


def test_it_shows_a_space_with_its_equipment(anonymous_api):
    space = SpaceFactory(accessibility_notes="Plain-pied")
    EquipmentFactory(space=space, name="Imprimante 3D")

    body = anonymous_api.get(f"/spaces/{space.pk}").json()

    assert body["equipment"] == ["Imprimante 3D"]
    assert body["accessibility_notes"] == "Plain-pied"


def test_an_inactive_or_unknown_space_is_not_found(anonymous_api):
    hidden = SpaceFactory(is_active=False)

    assert_error(anonymous_api.get(f"/spaces/{hidden.pk}"), 404, "not_found")
    assert_error(anonymous_api.get("/spaces/999999"), 404, "not_found")


def test_it_pins_the_query_count_of_the_space_list(anonymous_api, django_assert_num_queries):
    SpaceFactory.create_batch(3)
    with django_assert_num_queries(2):
        assert anonymous_api.get("/spaces").json()["count"] == 3
    SpaceFactory.create_batch(12)
    with django_assert_num_queries(2):
        assert anonymous_api.get("/spaces").json()["count"] == 15


def test_a_concierge_creates_a_space_in_their_place(concierge_api, place, concierge):
    response = concierge_api.post(
        "/spaces", {"place": place.slug, "name": "Salle Ada", "kind": "meeting_room", "capacity": 8}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "salle-ada" and body["capacity"] == 8
    assert Space.objects.get(pk=body["id"]).place == place
    assert AuditEvent.objects.filter(verb="space.created", actor=concierge).exists()


@pytest.mark.parametrize(
    ("caller", "status", "code"),
    [
        ("anonymous_api", 401, "unauthenticated"),
        ("member_api", 403, "forbidden"),
        ("other_concierge_api", 403, "forbidden"),
    ],
)
def test_others_may_not_create_a_space(request, place, caller, status, code):
    api = request.getfixturevalue(caller)

    response = api.post("/spaces", {"place": place.slug, "name": "Squat", "kind": "other"})

    assert_error(response, status, code)
    assert not Space.objects.exists()


def test_an_unknown_place_is_a_field_error(concierge_api):
    response = concierge_api.post("/spaces", {"place": "nulle-part", "name": "X", "kind": "other"})

    assert list(assert_error(response, 422, "invalid")["fields"]) == ["place"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Sans lieu", "kind": "other"},
        {"place": "x", "name": "Bad kind", "kind": "piscine"},
        {"place": "x", "name": "Bad capacity", "kind": "other", "capacity": "beaucoup"},
        {"place": "x", "name": ["liste"], "kind": "other"},
    ],
)
def test_malformed_space_bodies_save_nothing(concierge_api, body):
    assert_error(concierge_api.post("/spaces", body), 422, "invalid_body")
    assert not Space.objects.exists()


def test_a_zero_capacity_is_a_field_error(concierge_api, place):
    response = concierge_api.post(
        "/spaces", {"place": place.slug, "name": "Vide", "kind": "other", "capacity": 0}
    )

    assert "capacity" in assert_error(response, 422, "invalid")["fields"]
    assert not Space.objects.exists()


def test_a_concierge_updates_and_deactivates_a_space(concierge_api, place):
    space = SpaceFactory(place=place)

    response = concierge_api.patch(f"/spaces/{space.pk}", {"capacity": 20, "is_active": False})

    assert response.status_code == 200, response.content
    space.refresh_from_db()
    assert (space.capacity, space.is_active) == (20, False)


@pytest.mark.parametrize(
    ("caller", "status", "code"),
    [
        ("anonymous_api", 401, "unauthenticated"),
        ("member_api", 403, "forbidden"),
        ("other_concierge_api", 403, "forbidden"),
    ],
)
def test_others_may_not_update_a_space(request, place, caller, status, code):
    space = SpaceFactory(place=place, capacity=12)
    api = request.getfixturevalue(caller)

    assert_error(api.patch(f"/spaces/{space.pk}", {"capacity": 1}), status, code)
    space.refresh_from_db()
    assert space.capacity == 12


def test_a_space_update_with_a_null_name_is_refused(concierge_api, place):
    space = SpaceFactory(place=place)

    assert_error(concierge_api.patch(f"/spaces/{space.pk}", {"name": None}), 422, "invalid_body")
