from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import PlaceRole, Role, Visibility
from comptoir.community.tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PlaceRoleFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def person(db):
    """Someone a concierge finds in the directory (shown to members), not yet of the place."""
    return PersonFactory(directory_visibility=Visibility.MEMBERS)


def test_a_hidden_person_foreign_to_the_place_is_an_unknown_person(concierge_api, place):
    # An id is no way to learn a hidden profile: the web form asks for the email instead.
    stranger = PersonFactory(directory_visibility=Visibility.HIDDEN)

    response = concierge_api.post(
        f"/places/{place.slug}/roles", {"person_id": stranger.pk, "role": "nomad"}
    )

    assert "person_id" in assert_error(response, 422, "invalid")["fields"]
    assert not PlaceRole.objects.filter(person=stranger).exists()


def test_a_concierge_lists_the_roles_of_their_place(concierge_api, place, concierge):
    nomad = PlaceRoleFactory(place=place, role=Role.NOMAD)
    PlaceRoleFactory(role=Role.NOMAD)  # another place

    body = concierge_api.get(f"/places/{place.slug}/roles").json()

    assert {r["id"] for r in body["items"]} == {nomad.pk, concierge.place_roles.get().pk}
    row = next(r for r in body["items"] if r["id"] == nomad.pk)
    assert row["person"]["email"] == nomad.person.email
    assert row["place"] == place.slug


def test_it_filters_roles_by_role_and_period(concierge_api, place):
    past = PlaceRoleFactory(
        place=place,
        role=Role.TRAVELLER,
        valid_from=TODAY() - datetime.timedelta(days=10),
        valid_until=TODAY() - datetime.timedelta(days=5),
    )

    current = concierge_api.get(f"/places/{place.slug}/roles", role="traveller").json()
    everything = concierge_api.get(
        f"/places/{place.slug}/roles", role="traveller", current="false"
    ).json()

    assert current["count"] == 0
    assert [r["id"] for r in everything["items"]] == [past.pk]


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous_api", 401), ("member_api", 403), ("other_concierge_api", 403)],
)
def test_only_the_place_concierges_list_its_roles(request, place, caller, status):
    PlaceRoleFactory(place=place)
    api = request.getfixturevalue(caller)

    assert_error(api.get(f"/places/{place.slug}/roles"), status)


def test_a_nomad_of_the_place_may_not_list_its_roles(place, person):
    PlaceRoleFactory(place=place, person=person, role=Role.NOMAD)

    assert_error(ApiClient(token_for(person)).get(f"/places/{place.slug}/roles"), 403, "forbidden")


def test_it_pins_the_query_count_of_the_role_list(concierge_api, place, django_assert_num_queries):
    concierge_api.get("/people/me")  # record the token's use first
    PlaceRoleFactory.create_batch(3, place=place, organization=OrganizationFactory())
    # token with the caller's roles, place, count, page
    with django_assert_num_queries(4):
        assert concierge_api.get(f"/places/{place.slug}/roles").json()["count"] == 4
    PlaceRoleFactory.create_batch(12, place=place, organization=OrganizationFactory())
    with django_assert_num_queries(4):
        assert concierge_api.get(f"/places/{place.slug}/roles").json()["count"] == 16


def test_a_concierge_assigns_a_role(concierge_api, place, person):
    org = OrganizationFactory()

    response = concierge_api.post(
        f"/places/{place.slug}/roles",
        {"person_id": person.pk, "role": "resident", "organization": org.slug},
    )

    assert response.status_code == 201, response.content
    role = PlaceRole.objects.get(pk=response.json()["id"])
    assert (role.person, role.place, role.role, role.organization) == (
        person,
        place,
        Role.RESIDENT,
        org,
    )
    assert role.valid_from == TODAY()


def test_an_overlapping_role_is_a_409(concierge_api, place, person):
    PlaceRoleFactory(place=place, person=person, role=Role.NOMAD)

    response = concierge_api.post(
        f"/places/{place.slug}/roles", {"person_id": person.pk, "role": "nomad"}
    )

    assert_error(response, 409, "role_overlap")
    assert PlaceRole.objects.filter(person=person).count() == 1


def test_an_inverted_period_is_a_422(concierge_api, place, person):
    response = concierge_api.post(
        f"/places/{place.slug}/roles",
        {
            "person_id": person.pk,
            "role": "nomad",
            "valid_from": "2030-01-10",
            "valid_until": "2030-01-01",
        },
    )

    assert "valid_until" in assert_error(response, 422)["fields"]
    assert not PlaceRole.objects.filter(person=person).exists()


def test_an_occasional_concierge_may_not_make_concierges(place, person):
    occasional = PersonFactory()
    PlaceRoleFactory(place=place, person=occasional, role=Role.CONCIERGE_OCCASIONAL)
    api = ApiClient(token_for(occasional))

    response = api.post(
        f"/places/{place.slug}/roles", {"person_id": person.pk, "role": "concierge_permanent"}
    )

    assert_error(response, 403, "forbidden")
    ok = api.post(f"/places/{place.slug}/roles", {"person_id": person.pk, "role": "nomad"})
    assert ok.status_code == 201


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous_api", 401), ("member_api", 403), ("other_concierge_api", 403)],
)
def test_others_may_not_assign_roles(request, place, caller, status):
    target = PersonFactory()
    api = request.getfixturevalue(caller)

    response = api.post(f"/places/{place.slug}/roles", {"person_id": target.pk, "role": "nomad"})

    assert_error(response, status)
    assert not PlaceRole.objects.filter(person=target).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person_id": 999999, "role": "nomad"}, "person_id"),
        ({"person_id": None, "role": "nomad", "organization": "inconnue"}, None),
    ],
)
def test_unknown_people_and_organizations_are_field_errors(concierge_api, place, body, field):
    if field is None:
        body["person_id"] = PersonFactory(directory_visibility=Visibility.MEMBERS).pk
        field = "organization"

    response = concierge_api.post(f"/places/{place.slug}/roles", body)

    assert field in assert_error(response, 422, "invalid")["fields"]


@pytest.mark.parametrize(
    "body",
    [
        {"role": "nomad"},
        {"person_id": "quelqu'un", "role": "nomad"},
        {"person_id": 1, "role": "king"},
        {"person_id": 1, "role": "nomad", "valid_from": "hier"},
    ],
)
def test_malformed_role_bodies_save_nothing(concierge_api, place, body):
    before = PlaceRole.objects.count()

    assert_error(concierge_api.post(f"/places/{place.slug}/roles", body), 422, "invalid_body")
    assert PlaceRole.objects.count() == before


def test_a_concierge_ends_a_role(concierge_api, place):
    role = PlaceRoleFactory(place=place, role=Role.NOMAD)

    response = concierge_api.post(f"/roles/{role.pk}/end")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": role.pk,
        "withdrawn": False,
        "valid_until": str(TODAY() - datetime.timedelta(days=1)),
    }


def test_ending_a_future_role_withdraws_it(concierge_api, place):
    role = PlaceRoleFactory(place=place, valid_from=TODAY() + datetime.timedelta(days=3))

    response = concierge_api.post(f"/roles/{role.pk}/end", {"on": str(TODAY())})

    assert response.json()["withdrawn"] is True
    assert not PlaceRole.objects.filter(pk=role.pk).exists()


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous_api", 401), ("member_api", 403), ("other_concierge_api", 403)],
)
def test_others_may_not_end_a_role(request, place, caller, status):
    role = PlaceRoleFactory(place=place)
    api = request.getfixturevalue(caller)

    assert_error(api.post(f"/roles/{role.pk}/end"), status)
    role.refresh_from_db()
    assert role.valid_until is None


def test_ending_an_unknown_role_is_not_found(concierge_api):
    assert_error(concierge_api.post("/roles/999999/end"), 404, "not_found")


def test_a_malformed_end_date_is_refused(concierge_api, place):
    role = PlaceRoleFactory(place=place)

    assert_error(concierge_api.post(f"/roles/{role.pk}/end", {"on": "demain"}), 422, "invalid_body")
