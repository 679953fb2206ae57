from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Role, Visibility
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceRoleFactory,
    person_with_skills,
)

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("community:person-detail", args=[person.pk])


@pytest.fixture
def public_person(place):
    someone = person_with_skills(
        "KiCad",
        first_name="Paula",
        pronouns="elle",
        bio="Électronicienne.",
        profile_types=["freelance"],
        directory_visibility=Visibility.PUBLIC,
        email="paula@example.org",
    )
    AffiliationFactory(
        person=someone, organization=OrganizationFactory(name="OpenScop", slug="openscop")
    )
    PlaceRoleFactory(person=someone, place=place, role=Role.RESIDENT)
    return someone


def test_anyone_sees_a_public_profile_without_the_email(client, public_person, place):
    response = client.get(url(public_person), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    body = response.content.decode()
    for text in ["Paula", "elle", "Électronicienne.", "KiCad", "OpenScop", "Resident", place.name]:
        assert text in body
    assert "Freelance" in body
    assert reverse("community:organization-detail", args=["openscop"]) in body
    assert "paula@example.org" not in body


@pytest.mark.parametrize(
    ("level", "viewer", "status"),
    [
        ("members", None, 404),
        ("hidden", None, 404),
        ("members", "person", 200),
        ("hidden", "person", 404),
        ("hidden", "concierge", 200),
        ("hidden", "other_concierge", 404),
        ("hidden", "superuser", 200),
    ],
)
def test_visibility_decides_between_the_page_and_a_404(
    login, request, place, level, viewer, status
):
    # The target is a traveller of `place`: its concierges see them even hidden, those of
    # another place do not.
    target = PersonFactory(directory_visibility=level)
    PlaceRoleFactory(person=target, place=place, role=Role.TRAVELLER)
    client = login(request.getfixturevalue(viewer) if viewer else None)
    assert client.get(url(target)).status_code == status


def test_a_hidden_person_foreign_to_the_concierges_places_is_a_404(login, concierge):
    stranger = PersonFactory(directory_visibility=Visibility.HIDDEN)
    assert login(concierge).get(url(stranger)).status_code == 404


def test_a_hidden_person_sees_their_own_profile(member_client, person):
    assert member_client.get(url(person)).status_code == 200


def test_a_missing_person_is_the_same_404(client):
    assert client.get("/communaute/personnes/999999/").status_code == 404


def test_a_deactivated_person_is_a_404(login, superuser):
    gone = PersonFactory(directory_visibility=Visibility.PUBLIC, is_active=False)
    assert login(superuser).get(url(gone)).status_code == 404


def test_members_see_the_email_only_when_shown(member_client):
    shy = PersonFactory(directory_visibility="public", email="shy@example.org")
    open_ = PersonFactory(directory_visibility="public", email="open@x.org", show_email=True)
    assert "shy@example.org" not in member_client.get(url(shy)).content.decode()
    assert "open@x.org" in member_client.get(url(open_)).content.decode()


def test_anonymous_visitors_never_see_the_email(client):
    open_ = PersonFactory(directory_visibility="public", email="open@x.org", show_email=True)
    assert "open@x.org" not in client.get(url(open_)).content.decode()


def test_concierges_see_the_email_of_the_people_of_their_places(concierge_client, place):
    shy = PersonFactory(directory_visibility="hidden", email="shy@example.org")
    PlaceRoleFactory(person=shy, place=place, role=Role.NOMAD)
    assert "shy@example.org" in concierge_client.get(url(shy)).content.decode()


def test_a_concierge_does_not_see_the_email_of_a_member_foreign_to_her_places(concierge_client):
    shy = PersonFactory(directory_visibility="members", email="shy@example.org")
    body = concierge_client.get(url(shy)).content.decode()
    assert "shy@example.org" not in body


@pytest.mark.parametrize("count", [1, 6])
def test_query_count_does_not_grow(member_client, place, django_assert_num_queries, count):
    target = person_with_skills(*[f"S{n}" for n in range(count)], directory_visibility="public")
    for _ in range(count):
        AffiliationFactory(person=target)
        PlaceRoleFactory(person=target, role=Role.NOMAD)
    # session, user, viewer's roles, person, skills, affiliations, roles, photos.
    with django_assert_num_queries(8):
        assert member_client.get(url(target)).status_code == 200
