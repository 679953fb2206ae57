from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.places import services
from comptoir.places.models import Space
from comptoir.places.tests.helpers import nomad

pytestmark = pytest.mark.django_db


def test_it_creates_spaces_with_slugs_unique_in_the_place(place, concierge):
    first = services.space_create(
        place=place, name="HackerSpace CATS", kind=Space.Kind.HACKERSPACE, capacity=8, by=concierge
    )
    second = services.space_create(
        place=place, name="HackerSpace CATS", kind=Space.Kind.HACKERSPACE, by=concierge
    )
    assert (first.slug, second.slug) == ("hackerspace-cats", "hackerspace-cats-2")
    assert AuditEvent.objects.filter(verb="space.created", place=place).count() == 2


def test_it_refuses_people_who_cannot_edit_the_place(place):
    with pytest.raises(NotAllowed):
        services.space_create(place=place, name="EPN", kind=Space.Kind.EPN, by=nomad(place))
    assert not Space.objects.exists()


def test_it_refuses_a_zero_capacity_or_an_unknown_kind(place, concierge):
    with pytest.raises(ValidationError) as error:
        services.space_create(place=place, name="Cave", kind="dungeon", capacity=0, by=concierge)
    assert {"kind", "capacity"} <= set(error.value.message_dict)
    assert not Space.objects.exists()
