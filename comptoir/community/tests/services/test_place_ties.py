"""The ties of people to places (community.ties): every row that ties a person to a place
records the pair, the table always equals what the source rows say, and the privacy rule
reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from comptoir.access.tests.timing import at, next_monday
from comptoir.community import permissions, ties
from comptoir.community.models import Person, PlaceTie, Role, Visibility
from comptoir.community.services.roles import place_role_end
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.community.tests.selectors.test_private_data_rule import TIES
from comptoir.presence import services as presence
from comptoir.presence.models import Access, Visit

pytestmark = pytest.mark.django_db


def table() -> set[tuple[int, int]]:
    return set(PlaceTie.objects.values_list("person_id", "place_id"))


@pytest.fixture
def stranger(db: Any) -> Person:
    return PersonFactory(directory_visibility=Visibility.HIDDEN)


def test_a_check_in_ties_the_person_to_the_place_once(stranger, place, concierge):
    assert (stranger.pk, place.pk) not in table()
    visit = presence.visit_check_in(
        person=stranger,
        place=place,
        by=concierge,
        at=at(next_monday(), 10),
        override_reason="Badge oublié",
    )
    assert (stranger.pk, place.pk) in table()
    assert permissions.can_see_private_data(Person.objects.get(pk=concierge.pk), stranger)
    presence.visit_check_out(visit=visit, by=concierge, at=at(next_monday(), 11))
    presence.visit_check_in(
        person=stranger,
        place=place,
        by=concierge,
        at=at(next_monday(), 15),
        override=True,
        override_reason="Encore",
    )
    assert PlaceTie.objects.filter(person=stranger, place=place).count() == 1


@pytest.mark.parametrize("kind", list(TIES))
def test_each_kind_of_tie_is_recorded_as_it_is_written(kind, stranger, place, other_place):
    before = table()
    TIES[kind](stranger, place)
    assert table() - before == {(stranger.pk, place.pk)}
    assert table() == ties.pairs_from_sources()


def test_a_rebuild_catches_up_with_rows_written_in_bulk(stranger, place, other_place):
    TIES["booking"](stranger, other_place)
    now = timezone.now()
    Visit.objects.bulk_create(
        [Visit(person=stranger, place=place, day=now.date(), checked_in_at=now, access="override")]
    )
    PlaceTie.objects.filter(place=other_place).delete()  # as if lost
    assert table() != ties.pairs_from_sources()
    ties.rebuild()
    assert (
        table()
        == ties.pairs_from_sources()
        == {
            (stranger.pk, place.pk),
            (stranger.pk, other_place.pk),
        }
    )


def test_a_role_withdrawn_before_it_starts_unties_unless_something_else_ties(
    stranger, place, concierge
):
    later = timezone.localdate() + dt.timedelta(days=10)
    role = PlaceRoleFactory(person=stranger, place=place, role=Role.NOMAD, valid_from=later)
    assert (stranger.pk, place.pk) in table()
    place_role_end(place_role=role, by=concierge)
    assert (stranger.pk, place.pk) not in table()
    assert not permissions.private_data_among(Person.objects.get(pk=concierge.pk), [stranger.pk])

    role = PlaceRoleFactory(person=stranger, place=place, role=Role.NOMAD, valid_from=later)
    now = timezone.now()
    Visit.objects.create(
        person=stranger, place=place, day=now.date(), checked_in_at=now, access=Access.OVERRIDE
    )
    place_role_end(place_role=role, by=concierge)
    assert (stranger.pk, place.pk) in table()
