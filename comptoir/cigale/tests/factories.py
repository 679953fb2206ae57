"""A Cigale of the place with its founders."""

from __future__ import annotations

from datetime import date
from typing import Any

from comptoir.cigale.models import Club
from comptoir.cigale.services import club_create
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory


def member_of(place: Any) -> Any:
    person = PersonFactory()
    PlaceRoleFactory(person=person, place=place, role="resident")
    return person


def make_club(place: Any, members: int = 5, **fields: Any) -> tuple[Club, list[Any]]:
    people = [member_of(place) for _ in range(members)]
    club = club_create(
        place=place,
        name=fields.pop("name", "Cigale des Gaga"),
        founders=people,
        treasurer=people[0],
        founded_on=fields.pop("founded_on", date(2024, 1, 1)),
        term_on=fields.pop("term_on", date(2029, 1, 1)),
        by=None,
    )
    return club, people
