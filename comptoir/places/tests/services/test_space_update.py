from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.places import services
from comptoir.places.models import Space
from comptoir.places.tests.factories import SpaceFactory
from comptoir.places.tests.helpers import occasional_concierge

pytestmark = pytest.mark.django_db


def test_it_updates_a_space_and_audits_it(place, concierge):
    space = SpaceFactory(place=place)
    services.space_update(space=space, by=concierge, capacity=20, accessibility_notes="Plain-pied.")
    space.refresh_from_db()
    assert (space.capacity, space.accessibility_notes) == (20, "Plain-pied.")
    event = AuditEvent.objects.get(verb="space.updated")
    assert event.place_id == place.pk
    assert event.data == {"fields": ["accessibility_notes", "capacity"]}


def test_it_refuses_an_occasional_concierge(place):
    space = SpaceFactory(place=place, capacity=12)
    with pytest.raises(NotAllowed):
        services.space_update(space=space, by=occasional_concierge(place), capacity=1)
    assert Space.objects.get(pk=space.pk).capacity == 12


def test_it_refuses_a_negative_capacity(place, concierge):
    space = SpaceFactory(place=place, capacity=12)
    with pytest.raises(ValidationError):
        services.space_update(space=space, by=concierge, capacity=0)
    assert Space.objects.get(pk=space.pk).capacity == 12
