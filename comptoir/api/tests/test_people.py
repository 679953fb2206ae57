from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import Person, Role, Visibility
from comptoir.community.tests.factories import (
    AffiliationFactory,
    PersonFactory,
    PersonSkillFactory,
    PlaceRoleFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(place):
    """Three people of `place` (travellers there), one per directory visibility."""
    people = {
        "public": PersonFactory(first_name="Paula", directory_visibility=Visibility.PUBLIC),
        "members": PersonFactory(first_name="Marc", directory_visibility=Visibility.MEMBERS),
        "hidden": PersonFactory(first_name="Hélène", directory_visibility=Visibility.HIDDEN),
    }
    for who in people.values():
        PlaceRoleFactory(person=who, place=place, role=Role.TRAVELLER)
    return people


def _ids(response):
    assert response.status_code == 200, response.content
    return {p["id"] for p in response.json()["items"]}


def test_anonymous_callers_see_only_public_people(anonymous_api, directory):
    assert _ids(anonymous_api.get("/people")) == {directory["public"].pk}


def test_members_see_public_and_members_people(member_api, person, directory):
    # The member chose to stay hidden: the list shows them the directory as others see it.
    assert person.directory_visibility == Visibility.HIDDEN
    expected = {directory["public"].pk, directory["members"].pk}

    assert _ids(member_api.get("/people")) == expected
    assert member_api.get(f"/people/{person.pk}").status_code == 200  # yet they see themselves


def test_concierges_see_the_hidden_people_of_their_places(concierge_api, concierge, directory):
    stranger = PersonFactory(directory_visibility=Visibility.HIDDEN)

    people = _ids(concierge_api.get("/people"))

    assert directory["hidden"].pk in people and concierge.pk in people
    assert stranger.pk not in people


def test_a_concierge_of_another_place_sees_the_directory_as_members_do(
    other_concierge_api, directory
):
    people = _ids(other_concierge_api.get("/people"))

    assert directory["hidden"].pk not in people and directory["members"].pk in people


def test_it_finds_people_by_name_and_skill(anonymous_api, directory):
    soldering = SkillFactory(name="Soudure")
    PersonSkillFactory(person=directory["public"], skill=soldering)
    PersonSkillFactory(person=directory["hidden"], skill=soldering)

    assert _ids(anonymous_api.get("/people", skill="soud")) == {directory["public"].pk}
    assert _ids(anonymous_api.get("/people", q="paula")) == {directory["public"].pk}
    assert _ids(anonymous_api.get("/people", q="hélène")) == set()


def test_it_shows_emails_only_to_those_who_may_see_them(member_api, concierge_api, directory):
    shown = PersonFactory(directory_visibility=Visibility.MEMBERS, show_email=True)

    by_member = {p["id"]: p["email"] for p in member_api.get("/people").json()["items"]}
    by_concierge = {p["id"]: p["email"] for p in concierge_api.get("/people").json()["items"]}

    assert by_member[shown.pk] == shown.email
    assert by_member[directory["members"].pk] is None
    assert by_concierge[directory["members"].pk] == directory["members"].email
    # Someone with no tie to the concierge's places keeps their email to themselves.
    assert by_concierge[shown.pk] == shown.email
    stranger = PersonFactory(directory_visibility=Visibility.MEMBERS)
    by_concierge = {p["id"]: p["email"] for p in concierge_api.get("/people").json()["items"]}
    assert by_concierge[stranger.pk] is None


def test_a_concierge_of_another_place_sees_no_email_of_this_place(other_concierge_api, directory):
    emails = {p["id"]: p["email"] for p in other_concierge_api.get("/people").json()["items"]}

    assert emails[directory["members"].pk] is None
    assert emails[directory["public"].pk] is None


def test_it_pins_the_query_count_of_a_concierges_people_list(
    concierge_api, place, django_assert_num_queries
):
    """Whether the concierge sees each person's email is answered in the page's query."""

    def grow(n):
        for person in PersonFactory.create_batch(n, directory_visibility=Visibility.MEMBERS):
            PersonSkillFactory(person=person)
            PlaceRoleFactory(person=person, place=place, role=Role.NOMAD)

    concierge_api.get("/people/me")
    grow(3)
    # token with the caller's roles, count, page, skills
    with django_assert_num_queries(4):
        body = concierge_api.get("/people").json()
    assert all(p["email"] for p in body["items"])
    grow(12)
    with django_assert_num_queries(4):
        assert concierge_api.get("/people").json()["count"] == 16


def test_it_pins_the_query_count_of_the_people_list(member_api, django_assert_num_queries):
    def grow(n):
        for person in PersonFactory.create_batch(n, directory_visibility=Visibility.MEMBERS):
            PersonSkillFactory(person=person)

    member_api.get("/people/me")  # the token's last use is now recorded: reads stay reads
    grow(3)
    # token with the caller's roles, count, page, skills
    with django_assert_num_queries(4):
        assert member_api.get("/people").json()["count"] == 3
    grow(12)
    with django_assert_num_queries(4):
        assert member_api.get("/people").json()["count"] == 15


def test_it_pages_people(anonymous_api):
    PersonFactory.create_batch(4, directory_visibility=Visibility.PUBLIC)

    body = anonymous_api.get("/people", limit=3, offset=3).json()

    assert body["count"] == 4 and len(body["items"]) == 1


def test_it_shows_a_visible_person_with_skills_and_affiliations(member_api, directory):
    who = directory["members"]
    PersonSkillFactory(person=who, skill=SkillFactory(name="Arduino"))
    AffiliationFactory(person=who, title="Trésorier")

    body = member_api.get(f"/people/{who.pk}").json()

    assert [s["name"] for s in body["skills"]] == ["Arduino"]
    assert body["affiliations"][0]["title"] == "Trésorier"
    assert body["email"] is None


@pytest.mark.parametrize(
    ("caller", "visible"),
    [
        ("anonymous_api", {"public"}),
        ("member_api", {"public", "members"}),
        ("concierge_api", {"public", "members", "hidden"}),
        ("other_concierge_api", {"public", "members"}),
    ],
)
def test_a_person_the_caller_may_not_see_is_not_found(request, directory, caller, visible):
    api = request.getfixturevalue(caller)

    for level, who in directory.items():
        response = api.get(f"/people/{who.pk}")
        if level in visible:
            assert response.status_code == 200
        else:
            # Same answer as an unknown id: a hidden profile's existence is not revealed.
            assert_error(response, 404, "not_found")


def test_a_concierge_sees_the_email_of_a_hidden_person_of_her_place(concierge_api, directory):
    hidden = directory["hidden"]

    assert concierge_api.get(f"/people/{hidden.pk}").json()["email"] == hidden.email


def test_a_concierge_of_another_place_does_not_read_a_hidden_person(other_concierge_api, directory):
    assert_error(other_concierge_api.get(f"/people/{directory['hidden'].pk}"), 404, "not_found")
    marc = other_concierge_api.get(f"/people/{directory['members'].pk}").json()
    assert marc["email"] is None


def test_people_me_needs_authentication(anonymous_api):
    assert_error(anonymous_api.get("/people/me"), 401, "unauthenticated")


def test_people_me_shows_my_private_fields(member_api, person):
    body = member_api.get("/people/me").json()

    assert body["email"] == person.email
    assert body["directory_visibility"] == "hidden"
    assert "phone" in body


def test_i_update_my_profile_and_skills(member_api, person):
    response = member_api.patch(
        "/people/me",
        {
            "bio": "Développeuse",
            "profile_types": ["freelance", "student"],
            "directory_visibility": "members",
            "skills": ["Python", "Soudure"],
        },
    )

    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.bio == "Développeuse"
    assert person.directory_visibility == Visibility.MEMBERS
    assert sorted(s["name"] for s in response.json()["skills"]) == ["Python", "Soudure"]


@pytest.mark.parametrize(
    "body",
    [
        {"directory_visibility": "everyone"},
        {"profile_types": ["astronaut"]},
        {"preferred_language": "xx"},
        {"show_email": "peut-être"},
        {"first_name": ""},
        {"email": "new@example.org"},
        {"is_superuser": True},
        ["bio"],
    ],
)
def test_bad_profile_values_are_refused_and_nothing_is_saved(member_api, person, body):
    assert_error(member_api.patch("/people/me", body), 422)

    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.email, fresh.is_superuser, fresh.first_name) == (
        person.email,
        False,
        person.first_name,
    )


def test_a_bad_skill_saves_nothing_of_the_profile(member_api, person):
    response = member_api.patch("/people/me", {"bio": "Nouveau", "skills": ["!!!"]})

    assert_error(response, 422)
    person.refresh_from_db()
    assert person.bio == ""


def test_a_long_phone_is_a_field_error(member_api, person):
    body = assert_error(member_api.patch("/people/me", {"phone": "0" * 40}), 422, "invalid")

    assert "phone" in body["fields"]


def test_a_network_admin_token_reads_hidden_people(directory):
    admin = PersonFactory(is_superuser=True)

    response = ApiClient(token_for(admin)).get(f"/people/{directory['hidden'].pk}")

    assert response.status_code == 200


@pytest.mark.parametrize("typed", ["Eloise", "eloise", "ÉLOÏSE", "Éloïse"])
def test_the_search_finds_a_name_with_or_without_its_accents(anonymous_api, typed):
    PersonFactory(first_name="Éloïse", last_name="Durand", directory_visibility="public")
    PersonFactory(first_name="Elodie", last_name="Durand", directory_visibility="public")
    items = anonymous_api.get("/people", q=typed).json()["items"]
    assert [p["display_name"] for p in items] == ["Éloïse Durand"]


def test_the_search_gives_the_best_matches_first(anonymous_api):
    for first, last in [("Anne", "Marmont"), ("Camara", "Bah"), ("Mara", "Zed")]:
        PersonFactory(first_name=first, last_name=last, directory_visibility="public")
    items = anonymous_api.get("/people", q="mar").json()["items"]
    assert [p["display_name"] for p in items] == ["Mara Zed", "Anne Marmont", "Camara Bah"]


@pytest.mark.parametrize("count", [3, 30])
def test_it_pins_the_query_count_of_a_search(
    concierge_api, place, django_assert_num_queries, count
):
    concierge_api.get("/people/me")
    for person in PersonFactory.create_batch(
        count, first_name="Éloïse", directory_visibility=Visibility.MEMBERS
    ):
        PersonSkillFactory(person=person)
        PlaceRoleFactory(person=person, place=place, role=Role.NOMAD)
    # token with the caller's roles, count, page, skills
    with django_assert_num_queries(4):
        assert concierge_api.get("/people", q="eloise").json()["count"] == count
