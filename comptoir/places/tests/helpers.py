"""People in each role for the places tests."""

from __future__ import annotations

from comptoir.community.models import Person, Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.models import Place


def person_with_role(place: Place, role: str, **person: object) -> Person:
    who = PersonFactory(**person)
    PlaceRoleFactory(person=who, place=place, role=role)
    return who


def occasional_concierge(place: Place) -> Person:
    return person_with_role(place, Role.CONCIERGE_OCCASIONAL)


def nomad(place: Place) -> Person:
    return person_with_role(place, Role.NOMAD)


def superuser() -> Person:
    return PersonFactory(is_superuser=True, is_staff=True)
