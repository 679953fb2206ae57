from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.places import services
from comptoir.places.models import NearbyPlace
from comptoir.places.tests.factories import PlaceFactory
from comptoir.places.tests.helpers import nomad

pytestmark = pytest.mark.django_db


def test_it_links_a_place_of_the_network_then_updates_the_same_row(place, concierge):
    mixeur = PlaceFactory(name="Le Mixeur")
    services.nearby_place_set(place=place, other=mixeur, walking_minutes=12, by=concierge)
    services.nearby_place_set(place=place, other=mixeur, walking_minutes=10, by=concierge)
    nearby = NearbyPlace.objects.get()
    assert (nearby.other, nearby.walking_minutes, nearby.display_name) == (mixeur, 10, "Le Mixeur")
    assert AuditEvent.objects.filter(verb="nearby_place.set", place=place).count() == 2


def test_it_records_a_named_place_outside_the_network(place, concierge):
    nearby = services.nearby_place_set(
        place=place,
        name="Au Pied des Marches",
        url="https://example.org",
        walking_minutes=15,
        by=concierge,
    )
    assert (nearby.other, nearby.display_name) == (None, "Au Pied des Marches")


def test_it_refuses_the_place_itself_a_nameless_place_and_absurd_walks(place, concierge):
    with pytest.raises(ValidationError):
        services.nearby_place_set(place=place, other=place, walking_minutes=5, by=concierge)
    with pytest.raises(ValidationError):
        services.nearby_place_set(place=place, name="", walking_minutes=5, by=concierge)
    with pytest.raises(ValidationError):
        services.nearby_place_set(place=place, name="Loin", walking_minutes=0, by=concierge)
    assert not NearbyPlace.objects.exists()


def test_it_refuses_a_member(place):
    with pytest.raises(NotAllowed):
        services.nearby_place_set(place=place, name="Voisin", walking_minutes=5, by=nomad(place))
