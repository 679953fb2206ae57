from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from comptoir.community.models import Role
from comptoir.community.tests.factories import OrganizationFactory
from comptoir.places.models import Space
from comptoir.places.tests.factories import (
    EquipmentFactory,
    NearbyPlaceFactory,
    PlaceFactory,
    SpaceFactory,
)
from comptoir.places.tests.helpers import person_with_role

pytestmark = pytest.mark.django_db


def _page(client, place):
    response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_address_hours_spaces_equipment_services_nearby_and_legal_entity():
    place = PlaceFactory(
        name="Comptoir Numérique",
        address="3 rue Javelin Pagnon",
        opening_hours="Mo-Fr 09:00-19:00; Sa 10:00-13:00",
        services=["Coworking", "Give Box"],
        legal_entity=OrganizationFactory(name="OpenScop", slug="openscop"),
    )
    space = SpaceFactory(
        place=place,
        name="HackerSpace CATS",
        kind=Space.Kind.HACKERSPACE,
        capacity=8,
        accessibility_notes="Rampe amovible",
    )
    EquipmentFactory(space=space, name="Découpeuse laser")
    mixeur = PlaceFactory(name="Le Mixeur")
    NearbyPlaceFactory(place=place, other=mixeur, name="", walking_minutes=10)
    NearbyPlaceFactory(place=place, name="Au Pied des Marches", walking_minutes=15)

    html = _page(Client(), place)

    for text in [
        "3 rue Javelin Pagnon",
        "openstreetmap.org/?mlat=45.44000",
        "<li>Du lundi au vendredi, 9 h – 19 h</li>",
        "<li>le samedi, 10 h – 13 h</li>",
        "HackerSpace CATS",
        "Rampe amovible",
        "Découpeuse laser",
        "Give Box",
        f'href="{mixeur.get_absolute_url()}">Le Mixeur</a>',
        "Au Pied des Marches",
        "OpenScop",
    ]:
        assert text in html, text
    assert "badge open" in html or "badge closed" in html
    assert "<code>Mo-Fr" not in html  # the syntax is for the edit form only


def test_it_publishes_schema_org_json_ld():
    place = PlaceFactory(name="Comptoir </script> Numérique")
    html = _page(Client(), place)
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Place"
    assert data["name"] == "Comptoir </script> Numérique"
    assert data["address"]["postalCode"] == "42000"


def test_it_offers_the_edit_link_to_permanent_concierges_only(place, concierge):
    client = Client()
    client.force_login(concierge)
    assert "/modifier/" in _page(client, place)
    client.force_login(person_with_role(place, Role.NOMAD))
    assert "/modifier/" not in _page(client, place)
    assert "/modifier/" not in _page(Client(), place)


def test_it_answers_404_for_unknown_or_inactive_places():
    assert Client().get("/lieux/nulle-part/").status_code == 404
    hidden = PlaceFactory(is_active=False)
    assert Client().get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [3, 10])
def test_it_costs_the_same_queries_whatever_the_number_of_spaces(count, django_assert_num_queries):
    place = PlaceFactory()
    for space in SpaceFactory.create_batch(count, place=place):
        EquipmentFactory.create_batch(2, space=space)
    NearbyPlaceFactory.create_batch(count, place=place)
    with django_assert_num_queries(5):  # place, spaces, equipment, nearby, photos
        Client().get(place.get_absolute_url())
