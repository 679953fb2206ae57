from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Organization
from comptoir.community.tests.factories import AffiliationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

URL = reverse("community:organization-list")


@pytest.fixture
def structures(db):
    return [
        OrganizationFactory(name="Zoomacom", category=Organization.Category.DIGITAL),
        OrganizationFactory(name="Karma", category=Organization.Category.COMPANY),
        OrganizationFactory(name="Magique Animation", category=Organization.Category.CULTURE),
    ]


@pytest.mark.parametrize("who", [None, "person", "concierge", "superuser"])
def test_everyone_sees_the_structures(login, request, structures, who):
    client = login(request.getfixturevalue(who) if who else None)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert all(org.name in body for org in structures)
    assert reverse("community:organization-detail", args=[structures[0].slug]) in body
    assert (reverse("community:organization-create") in body) == (who is not None)


def test_it_filters_by_category(client, structures):
    body = client.get(URL, {"category": "culture"}).content.decode()
    assert "Magique Animation" in body
    assert "Zoomacom" not in body


def test_an_unknown_category_shows_everything(client, structures):
    response = client.get(URL, {"category": "nope"})
    assert response.status_code == 200
    assert "Zoomacom" in response.content.decode()


def test_it_searches_by_name(client, structures):
    body = client.get(URL, {"q": "zoom"}).content.decode()
    assert "Zoomacom" in body and "Karma" not in body


def test_an_htmx_request_gets_only_the_results(client, structures):
    response = client.get(URL, {"q": "karma"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="organization-results"')
    assert "<html" not in body and "Karma" in body


def test_it_paginates(client, settings):
    settings.COMPTOIR_PAGE_SIZE = 2
    for n in range(5):
        OrganizationFactory(name=f"Org {n}", category="culture")
    assert "Org 4" not in client.get(URL).content.decode()
    assert "Org 4" in client.get(URL, {"page": 3}).content.decode()


@pytest.mark.parametrize("count", [3, 15])
def test_query_count_does_not_grow(client, django_assert_num_queries, count):
    for org in OrganizationFactory.create_batch(count):
        AffiliationFactory(organization=org)
    with django_assert_num_queries(2):  # count, page
        assert client.get(URL).status_code == 200
