"""A body of the place with members, and proposals put to it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.governance.models import Body, Process, Proposal
from comptoir.governance.services.bodies import body_create, member_add
from comptoir.governance.services.proposals import proposal_create


def make_body(place: Any, members: int = 3, **fields: Any) -> tuple[Body, list[Any]]:
    """A general assembly of `place` and `members` new people holding a role there."""
    body = body_create(
        kind=fields.pop("kind", Body.Kind.GENERAL_ASSEMBLY),
        name=fields.pop("name", "Assemblée générale"),
        place=place,
        by=None,
        **fields,
    )
    people = []
    for _ in range(members):
        person = PersonFactory()
        PlaceRoleFactory(person=person, place=place, role="resident")
        member_add(body=body, person=person, by=None)
        people.append(person)
    return body, people


def make_proposal(body: Body, author: Any, **fields: Any) -> Proposal:
    return proposal_create(
        body=body,
        by=author,
        question=fields.pop("question", "Adopter la charte ?"),
        process=fields.pop("process", Process.CONSENT),
        closes_at=fields.pop("closes_at", timezone.now() + timedelta(days=7)),
        **fields,
    )
