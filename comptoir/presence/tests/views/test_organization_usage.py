from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Role
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
)
from comptoir.presence.tests.views.conftest import let_in, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Atelier Vélo", slug="atelier-velo")


def url(organization):
    return reverse("presence:organization-usage", args=[organization.slug])


def test_anonymous_visitors_are_sent_to_log_in(client, organization):
    response = client.get(url(organization))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_unknown_structure_is_a_404(concierge_client):
    response = concierge_client.get(reverse("presence:organization-usage", args=["inconnue"]))
    assert response.status_code == 404


def test_a_plain_member_of_the_structure_is_refused(login, organization):
    member = PersonFactory()
    AffiliationFactory(person=member, organization=organization, is_manager=False)
    assert login(member).get(url(organization)).status_code == 403


def test_someone_unrelated_is_refused(login, organization):
    assert login(PersonFactory()).get(url(organization)).status_code == 403


def test_a_manager_sees_visits_by_month(login, place, concierge, organization):
    manager = PersonFactory()
    AffiliationFactory(person=manager, organization=organization, is_manager=True)
    worker = PersonFactory()
    AffiliationFactory(person=worker, organization=organization)
    let_in(worker, place, concierge)
    response = login(manager).get(url(organization))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Atelier Vélo" in body
    assert "<table" in body and '<th scope="row">' in body


def test_a_concierge_sees_the_usage_in_her_places_only(login, place, concierge, organization):
    from comptoir.places.tests.factories import PlaceFactory

    elsewhere = PlaceFactory(opening_hours="24/7")
    other_concierge = member_of(elsewhere, role=Role.CONCIERGE_PERMANENT)
    worker = PersonFactory()
    AffiliationFactory(person=worker, organization=organization)
    let_in(worker, place, concierge)

    assert "<table" in login(concierge).get(url(organization)).content.decode()
    response = login(other_concierge).get(url(organization))
    assert response.status_code == 200
    assert "<table" not in response.content.decode()  # no visit in her place
    assert "Seuls les passages dans les lieux" in response.content.decode()


def test_concierges_see_it_too(concierge_client, organization):
    response = concierge_client.get(url(organization))
    assert response.status_code == 200
    assert "<table" not in response.content.decode()  # no visit yet


@pytest.mark.parametrize("count", [3, 15])
def test_query_count_does_not_grow(
    concierge_client, place, concierge, organization, django_assert_num_queries, count
):
    for _n in range(count):
        person = PersonFactory()
        AffiliationFactory(person=person, organization=organization)
        let_in(person, place, concierge)
    # session, user, structure, the viewer's roles, whether they manage the structure (then
    # they see every place, else the places they serve), the usage rows.
    with django_assert_num_queries(6):
        assert concierge_client.get(url(organization)).status_code == 200
