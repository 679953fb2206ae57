from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from comptoir.community import selectors
from comptoir.community.models import Role, Visibility
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory, person_with_skills

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        level: PersonFactory(first_name=level.capitalize(), directory_visibility=level)
        for level in Visibility.values
    }


def _firsts(qs):
    return set(qs.values_list("first_name", flat=True))


def test_anonymous_visitors_see_only_public_people(people):
    assert _firsts(selectors.people_visible_to(user=AnonymousUser())) == {"Public"}


def test_members_see_public_and_members_and_themselves(people, person):
    visible = _firsts(selectors.people_visible_to(user=person))
    assert visible == {"Public", "Members", person.first_name}


def test_concierges_see_the_hidden_people_of_their_places(people, concierge, place, person):
    PlaceRoleFactory(person=people["hidden"], place=place, role=Role.NOMAD)
    visible = set(selectors.people_visible_to(user=concierge))
    assert set(people.values()) | {concierge} <= visible
    # A hidden person with no role, visit, booking, registration or purchase here.
    assert person not in visible


def test_a_concierge_of_another_place_does_not_see_the_hidden_people_of_this_one(
    people, place, other_concierge
):
    PlaceRoleFactory(person=people["hidden"], place=place, role=Role.NOMAD)
    assert people["hidden"] not in selectors.people_visible_to(user=other_concierge)


def test_network_admins_see_everyone(people, person, superuser):
    assert set(people.values()) | {person} <= set(selectors.people_visible_to(user=superuser))


def test_deactivated_people_never_appear(superuser):
    gone = PersonFactory(directory_visibility=Visibility.PUBLIC, is_active=False)
    assert gone not in selectors.people_visible_to(user=superuser)


def test_people_search_finds_by_name_and_skill(person):
    kicad = person_with_skills("KiCad", "Soudure", first_name="Zoé", directory_visibility="public")
    person_with_skills("Couture", first_name="Zoé", directory_visibility="public")
    person_with_skills("KiCad", first_name="Hidden", directory_visibility="hidden")
    assert list(selectors.people_search(user=person, skill="kicad")) == [kicad]
    assert list(selectors.people_search(user=person, query="zoé", skill="soud")) == [kicad]
    assert len(selectors.people_search(user=person, query="Zoé")) == 2
    assert not selectors.people_search(user=AnonymousUser(), query="Hidden").exists()


def test_people_search_lists_a_person_once_whatever_their_matching_skills(person):
    someone = person_with_skills("Python", "Python avancé", directory_visibility="public")
    assert list(selectors.people_search(user=person, skill="python")) == [someone]
