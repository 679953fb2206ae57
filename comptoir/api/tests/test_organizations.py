from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import Affiliation, Organization, Visibility
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

VALID_SIRET = "73282932000074"


def test_it_lists_organizations_with_their_member_count(anonymous_api):
    org = OrganizationFactory(name="Zoomacom")
    AffiliationFactory.create_batch(2, organization=org)

    body = anonymous_api.get("/organizations").json()

    assert body["count"] == 1
    assert body["items"][0] == {
        "slug": org.slug,
        "name": "Zoomacom",
        "category": "digital",
        "legal_form": "association",
        "website": "",
        "member_count": 2,
    }


def test_it_filters_organizations_by_category_and_name(anonymous_api):
    OrganizationFactory(name="OpenScop", category=Organization.Category.SSE)
    OrganizationFactory(name="Karma", category=Organization.Category.CULTURE)

    by_category = anonymous_api.get("/organizations", category="sse").json()
    by_name = anonymous_api.get("/organizations", q="karm").json()

    assert [o["name"] for o in by_category["items"]] == ["OpenScop"]
    assert [o["name"] for o in by_name["items"]] == ["Karma"]
    assert_error(anonymous_api.get("/organizations", category="mafia"), 422, "invalid_params")


def test_it_pins_the_query_count_of_the_organization_list(anonymous_api, django_assert_num_queries):
    for org in OrganizationFactory.create_batch(3):
        AffiliationFactory(organization=org)
    with django_assert_num_queries(2):
        assert anonymous_api.get("/organizations").json()["count"] == 3
    for org in OrganizationFactory.create_batch(12):
        AffiliationFactory(organization=org)
    with django_assert_num_queries(2):
        assert anonymous_api.get("/organizations").json()["count"] == 15


def test_it_shows_an_organization_with_the_members_the_caller_may_see(anonymous_api):
    org = OrganizationFactory()
    public = AffiliationFactory(
        organization=org, person=PersonFactory(directory_visibility=Visibility.PUBLIC)
    ).person
    AffiliationFactory(organization=org)  # hidden person

    body = anonymous_api.get(f"/organizations/{org.slug}").json()

    assert [m["id"] for m in body["members"]] == [public.pk]


def test_an_unknown_organization_is_not_found(anonymous_api):
    assert_error(anonymous_api.get("/organizations/inconnue"), 404, "not_found")


def test_a_member_creates_an_organization_and_manages_it(member_api, person):
    response = member_api.post(
        "/organizations",
        {"name": "Codeur.com", "category": "company", "legal_form": "sas", "siret": VALID_SIRET},
    )

    assert response.status_code == 201, response.content
    org = Organization.objects.get(slug=response.json()["slug"])
    assert org.siret == VALID_SIRET
    assert Affiliation.objects.get(organization=org).person == person


def test_anonymous_callers_may_not_create_organizations(anonymous_api):
    assert_error(anonymous_api.post("/organizations", {"name": "X", "category": "sport"}), 401)
    assert not Organization.objects.exists()


def test_an_invalid_siret_is_a_field_error(member_api):
    response = member_api.post(
        "/organizations", {"name": "Faux", "category": "sport", "siret": "12345678901234"}
    )

    assert "siret" in assert_error(response, 422)["fields"]
    assert not Organization.objects.exists()


def test_a_duplicate_siret_is_refused(member_api):
    OrganizationFactory(siret=VALID_SIRET)

    response = member_api.post(
        "/organizations", {"name": "Doublon", "category": "sport", "siret": VALID_SIRET}
    )

    assert response.status_code in (409, 422)
    assert_error(response, response.status_code)
    assert Organization.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"category": "sport"},
        {"name": "X", "category": "mafia"},
        {"name": "X", "category": "sport", "legal_form": "empire"},
        {"name": "", "category": "sport"},
        {"name": 5, "category": "sport"},
        {"name": "X", "category": "sport", "slug": "imposed"},
    ],
)
def test_malformed_organization_bodies_save_nothing(member_api, body):
    assert_error(member_api.post("/organizations", body), 422, "invalid_body")
    assert not Organization.objects.exists()


def test_malformed_json_saves_nothing(member_api):
    assert_error(member_api.post("/organizations", raw='{"name": "X",'), 400, "invalid_json")
    assert not Organization.objects.exists()


def test_a_manager_updates_their_organization(person):
    org = OrganizationFactory()
    AffiliationFactory(organization=org, person=person, is_manager=True)

    response = ApiClient(token_for(person)).patch(
        f"/organizations/{org.slug}", {"description": "Fablab associatif"}
    )

    assert response.status_code == 200, response.content
    org.refresh_from_db()
    assert org.description == "Fablab associatif"


def test_a_network_admin_updates_any_organization():
    org = OrganizationFactory()
    admin = PersonFactory(is_superuser=True)

    response = ApiClient(token_for(admin)).patch(f"/organizations/{org.slug}", {"name": "Neuf"})

    assert response.json()["name"] == "Neuf"


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous_api", 401), ("member_api", 403), ("concierge_api", 403)],
)
def test_non_managers_may_not_update_an_organization(request, person, caller, status):
    org = OrganizationFactory(name="Intouchable")
    AffiliationFactory(organization=org, person=person, is_manager=False)
    api = request.getfixturevalue(caller)

    assert_error(api.patch(f"/organizations/{org.slug}", {"name": "Piratée"}), status)
    org.refresh_from_db()
    assert org.name == "Intouchable"


def test_an_invalid_siret_update_saves_nothing(person):
    org = OrganizationFactory(description="Avant")
    AffiliationFactory(organization=org, person=person, is_manager=True)

    response = ApiClient(token_for(person)).patch(
        f"/organizations/{org.slug}", {"description": "Après", "siret": "123"}
    )

    assert "siret" in assert_error(response, 422)["fields"]
    org.refresh_from_db()
    assert (org.description, org.siret) == ("Avant", "")
