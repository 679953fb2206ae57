from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from comptoir.community import selectors
from comptoir.community.models import Person, Role, Visibility
from comptoir.community.tests.factories import (
    AffiliationFactory,
    PersonFactory,
    PlaceRoleFactory,
    person_with_skills,
)

pytestmark = pytest.mark.django_db


def test_it_prefetches_skills_affiliations_and_current_roles(place, django_assert_num_queries):
    someone = person_with_skills("KiCad", directory_visibility=Visibility.PUBLIC)
    AffiliationFactory(person=someone)
    PlaceRoleFactory(person=someone, place=place, role=Role.RESIDENT)
    PlaceRoleFactory(
        person=someone,
        place=place,
        role=Role.NOMAD,
        valid_from=timezone.localdate() - datetime.timedelta(days=90),
        valid_until=timezone.localdate() - datetime.timedelta(days=60),
    )
    with django_assert_num_queries(4):
        found = selectors.person_get_visible(user=AnonymousUser(), pk=someone.pk)
        assert [ps.skill.name for ps in found.person_skills.all()] == ["KiCad"]
        assert len(found.affiliations.all()) == 1
        assert [r.role for r in found.place_roles.all()] == ["resident"]
        assert found.place_roles.all()[0].place.name == place.name


@pytest.mark.parametrize(
    ("level", "viewer", "visible"),
    [
        ("hidden", "anonymous", False),
        ("hidden", "member", False),
        ("hidden", "concierge", False),
        ("hidden", "concierge of their place", True),
        ("members", "anonymous", False),
        ("members", "member", True),
        ("public", "anonymous", True),
    ],
)
def test_it_follows_the_directory_visibility(level, viewer, visible, person, concierge, place):
    target = PersonFactory(directory_visibility=level)
    if viewer == "concierge of their place":
        PlaceRoleFactory(person=target, place=place, role=Role.TRAVELLER)
        viewer = "concierge"
    user = {"anonymous": AnonymousUser(), "member": person, "concierge": concierge}[viewer]
    if visible:
        assert selectors.person_get_visible(user=user, pk=target.pk) == target
    else:
        with pytest.raises(Person.DoesNotExist):
            selectors.person_get_visible(user=user, pk=target.pk)


def test_a_hidden_person_sees_themselves(person):
    assert selectors.person_get_visible(user=person, pk=person.pk) == person
