from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Organization, Role, Visibility
from comptoir.community.tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PlaceRoleFactory,
    person_with_skills,
)

pytestmark = pytest.mark.django_db

URL = reverse("community:directory")


@pytest.fixture
def people(db):
    return {
        "public": person_with_skills("KiCad", first_name="Paula", directory_visibility="public"),
        "members": person_with_skills("Python", first_name="Mehdi", directory_visibility="members"),
        "hidden": person_with_skills("KiCad", first_name="Hélène", directory_visibility="hidden"),
    }


def test_anonymous_visitors_see_only_public_people(client, people):
    response = client.get(URL)
    assert response.status_code == 200
    assert "community/directory.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "Paula" in body and "KiCad" in body
    assert "Mehdi" not in body
    assert "Hélène" not in body
    assert reverse("community:person-detail", args=[people["public"].pk]) in body


def test_members_see_members_but_never_hidden_people(member_client, people):
    body = member_client.get(URL).content.decode()
    assert "Paula" in body and "Mehdi" in body
    # By link, not by name: the member's own random name could be "Hélène" too.
    assert reverse("community:person-detail", args=[people["hidden"].pk]) not in body


def test_a_concierge_of_another_place_does_not_see_hidden_people(
    login, other_concierge, people, place
):
    PlaceRoleFactory(person=people["hidden"], place=place, role=Role.NOMAD)
    body = login(other_concierge).get(URL).content.decode()
    assert reverse("community:person-detail", args=[people["hidden"].pk]) not in body


@pytest.mark.parametrize("who", ["concierge", "superuser"])
def test_concierges_and_admins_see_hidden_people_of_their_places(
    login, request, people, place, who
):
    PlaceRoleFactory(person=people["hidden"], place=place, role=Role.NOMAD)
    assert "Hélène" in login(request.getfixturevalue(who)).get(URL).content.decode()


def test_a_concierge_does_not_see_hidden_people_foreign_to_her_places(login, concierge, people):
    body = login(concierge).get(URL).content.decode()
    assert reverse("community:person-detail", args=[people["hidden"].pk]) not in body


def test_it_searches_by_skill_without_javascript(member_client, people):
    body = member_client.get(URL, {"skill": "python"}).content.decode()
    assert "Mehdi" in body
    assert "Paula" not in body


def test_it_searches_by_name(client, people):
    PersonFactory(first_name="Zacharie", directory_visibility=Visibility.PUBLIC)
    body = client.get(URL, {"q": "zach"}).content.decode()
    assert "Zacharie" in body and "Paula" not in body


def test_an_htmx_search_returns_only_the_results_partial(client, people):
    response = client.get(URL, {"skill": "kicad"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="people-results"')
    assert "<html" not in body
    assert "Paula" in body and "Hélène" not in body


def test_it_shows_structures_by_category(client):
    OrganizationFactory(category=Organization.Category.CULTURE)
    body = client.get(URL).content.decode()
    assert "?category=culture" in body


def test_it_paginates(client, settings):
    settings.COMPTOIR_PAGE_SIZE = 2
    for n in range(5):
        PersonFactory(first_name=f"Personne{n}", directory_visibility=Visibility.PUBLIC)
    first = client.get(URL).content.decode()
    assert "Personne0" in first and "Personne2" not in first
    third = client.get(URL, {"page": 3}).content.decode()
    assert "Personne4" in third and "Personne0" not in third
    assert client.get(URL, {"page": "zzz"}).status_code == 200


def test_it_refuses_post(client):
    assert client.post(URL).status_code == 405


def _people(n):
    for i in range(n):
        person_with_skills(f"Skill {i}", f"Other {i}", directory_visibility=Visibility.PUBLIC)
        PersonFactory(directory_visibility=Visibility.MEMBERS)


@pytest.mark.parametrize("count", [3, 15])
def test_anonymous_query_count_does_not_grow(client, django_assert_num_queries, count):
    _people(count)
    OrganizationFactory.create_batch(count)
    # count, page, skills (prefetch), structure categories.
    with django_assert_num_queries(4):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("count", [3, 15])
def test_member_query_count_does_not_grow(member_client, django_assert_num_queries, count):
    _people(count)
    # + session, user, the viewer's roles.
    with django_assert_num_queries(7):
        assert member_client.get(URL, {"skill": "skill"}).status_code == 200


# --- Search as you type (issue 17): folded names, best matches first, few queries -----------


@pytest.mark.parametrize("typed", ["Eloise", "eloise", "ÉLOÏSE", "Éloïse"])
def test_a_name_is_found_with_or_without_its_accents(client, typed):
    PersonFactory(first_name="Éloïse", last_name="Durand", directory_visibility="public")
    PersonFactory(first_name="Elodie", last_name="Durand", directory_visibility="public")
    body = client.get(URL, {"q": typed}).content.decode()
    assert "Éloïse" in body and "Elodie" not in body


def test_names_that_start_with_what_is_typed_come_first(client):
    for first, last in [("Anne", "Marmont"), ("Camara", "Bah"), ("Mara", "Zed")]:
        PersonFactory(first_name=first, last_name=last, directory_visibility="public")
    body = client.get(URL, {"q": "mar"}).content.decode()
    assert body.index("Mara") < body.index("Marmont") < body.index("Camara")


def test_the_search_never_matches_an_email(member_client):
    PersonFactory(first_name="Zed", email="secret-word@example.org", directory_visibility="public")
    assert "Zed" not in member_client.get(URL, {"q": "secret-word"}).content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_a_search_as_you_type_reads_six_queries_at_any_size(
    member_client, django_assert_num_queries, count
):
    for n in range(count):
        PersonFactory(first_name=f"Éloïse{n}", directory_visibility=Visibility.MEMBERS)
        person_with_skills(f"Skill {n}", first_name=f"Eloise{n}", directory_visibility="public")
    # session, user, the viewer's roles, count, page, skills (prefetch).
    with django_assert_num_queries(6):
        response = member_client.get(URL, {"q": "eloise"}, HTTP_HX_REQUEST="true")
    assert response.context["page"].paginator.count == 2 * count


def test_past_the_cap_it_says_more_than_and_pages_up_to_the_cap(client, settings, monkeypatch):
    # The count stops one person past the cap (core.paging): 5 people, a cap of 4.
    monkeypatch.setattr("comptoir.core.paging.COUNT_CAP", 4)
    settings.COMPTOIR_PAGE_SIZE = 2
    for n in range(5):
        PersonFactory(first_name=f"Personne{n}", directory_visibility=Visibility.PUBLIC)
    first = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Plus de 4 personnes trouvées" in first
    assert "Page 1</span>" in first and "Page 1 sur" not in first
    # The pages hold the first four people; past them, the last of those pages.
    second = client.get(URL, {"page": 2}).content.decode()
    assert "Personne3" in second and 'rel="next"' not in second
    assert "Personne4" not in client.get(URL, {"page": 3}).content.decode()


def test_under_the_cap_it_gives_the_exact_count(client, monkeypatch):
    monkeypatch.setattr("comptoir.core.paging.COUNT_CAP", 5)
    for n in range(5):
        PersonFactory(first_name=f"Personne{n}", directory_visibility=Visibility.PUBLIC)
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "5 personnes trouvées" in body and "Plus de" not in body
