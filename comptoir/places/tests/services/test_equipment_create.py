from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.places import services
from comptoir.places.models import Equipment
from comptoir.places.tests.factories import SpaceFactory
from comptoir.places.tests.helpers import nomad

pytestmark = pytest.mark.django_db


def test_it_adds_equipment_to_a_space_and_audits_it(place, concierge):
    space = SpaceFactory(place=place)
    equipment = services.equipment_create(space=space, name=" Découpeuse laser ", by=concierge)
    assert equipment.name == "Découpeuse laser"
    assert list(space.equipment.all()) == [equipment]
    assert AuditEvent.objects.filter(verb="equipment.created", place=place).count() == 1


def test_it_refuses_a_member(place):
    with pytest.raises(NotAllowed):
        services.equipment_create(
            space=SpaceFactory(place=place), name="Imprimante 3D", by=nomad(place)
        )
    assert not Equipment.objects.exists()


def test_it_refuses_a_blank_name(place, concierge):
    with pytest.raises(ValidationError):
        services.equipment_create(space=SpaceFactory(place=place), name="  ", by=concierge)
