from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Role, Visibility
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceRoleFactory,
)

pytestmark = pytest.mark.django_db


def url(org):
    return reverse("community:organization-detail", args=[org.slug])


@pytest.fixture
def org(place):
    organization = OrganizationFactory(
        name="Zoomacom",
        siret="73282932000074",
        description="Média associatif.",
        website="https://zoomacom.org",
    )
    AffiliationFactory(
        organization=organization,
        title="Coordinatrice",
        person=PersonFactory(first_name="Paula", directory_visibility=Visibility.PUBLIC),
    )
    AffiliationFactory(
        organization=organization,
        person=PersonFactory(first_name="Mehdi", directory_visibility=Visibility.MEMBERS),
    )
    AffiliationFactory(
        organization=organization,
        person=PersonFactory(first_name="Hélène", directory_visibility=Visibility.HIDDEN),
    )
    PlaceRoleFactory(place=place, role=Role.RESIDENT, organization=organization)
    return organization


def test_anyone_sees_the_structure_and_its_public_members(client, org, place):
    response = client.get(url(org))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ["Zoomacom", "732 829 320 00074", "Média associatif.", "https://zoomacom.org"]:
        assert text in body
    assert place.name in body
    assert "Paula" in body and "Coordinatrice" in body
    assert "Mehdi" not in body and "Hélène" not in body
    assert reverse("community:organization-edit", args=[org.slug]) not in body


def test_members_see_members_but_not_hidden_people(member_client, org):
    body = member_client.get(url(org)).content.decode()
    assert "Mehdi" in body and "Hélène" not in body


def test_concierges_see_hidden_members_of_their_places(concierge_client, org, place):
    assert "Hélène" not in concierge_client.get(url(org)).content.decode()
    helene = org.affiliations.get(person__first_name="Hélène").person
    PlaceRoleFactory(person=helene, place=place, role=Role.RESIDENT, organization=org)
    assert "Hélène" in concierge_client.get(url(org)).content.decode()


@pytest.mark.parametrize(
    ("who", "sees_edit"),
    [("manager", True), ("superuser", True), ("person", False), ("concierge", False)],
)
def test_the_edit_link_is_for_managers_and_admins(login, request, org, who, sees_edit):
    if who == "manager":
        user = AffiliationFactory(organization=org, is_manager=True).person
    else:
        user = request.getfixturevalue(who)
    body = login(user).get(url(org)).content.decode()
    assert (reverse("community:organization-edit", args=[org.slug]) in body) == sees_edit


def test_an_unknown_structure_is_a_404(client):
    assert client.get("/structures/inconnue/").status_code == 404


@pytest.mark.parametrize("count", [1, 8])
def test_query_count_does_not_grow(member_client, place, django_assert_num_queries, count):
    organization = OrganizationFactory()
    for _ in range(count):
        AffiliationFactory(organization=organization, person__directory_visibility="public")
        PlaceRoleFactory(role=Role.RESIDENT, organization=organization)
    # session, user, structure, viewer's roles, members, resident places, may-edit.
    with django_assert_num_queries(7):
        assert member_client.get(url(organization)).status_code == 200
