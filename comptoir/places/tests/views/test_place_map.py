"""The map of the network's places: Leaflet served by the app, markers from the places'
coordinates, the tile server from a setting (allowed by the CSP), and the list of places,
the accessible equivalent, in the page itself (it works without JavaScript)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

URL = reverse("places:map")


def test_the_map_lists_every_place_and_marks_those_with_coordinates() -> None:
    here = PlaceFactory(name="Ici", latitude=Decimal("45.4437"), longitude=Decimal("4.3958"))
    nowhere = PlaceFactory(name="Nulle part", latitude=None, longitude=None)
    PlaceFactory(name="Fermé", is_active=False, latitude=Decimal("45"), longitude=Decimal("4"))
    response = Client().get(URL)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    listed = [a.text_content() for a in page.xpath("//section[@id='place-list']//li/a")]
    assert listed == ["Ici", "Nulle part"]
    markers = json.loads(page.xpath("//script[@id='place-map-data']")[0].text_content())
    assert markers == [
        {
            "name": "Ici",
            "url": here.get_absolute_url(),
            "address": f"{here.address}, {here.postal_code} {here.commune}",
            "lat": 45.4437,
            "lng": 4.3958,
        }
    ]
    item = page.xpath(f"//a[@href='{nowhere.get_absolute_url()}']/..")[0]
    assert "pas de coordonnées" in item.text_content()
    # Leaflet is ours, not a CDN's; the map waits for it (hidden without JavaScript).
    scripts = page.xpath("//script/@src")
    assert any(src.endswith("places/leaflet/leaflet.js") for src in scripts)
    assert all(src.startswith("/static/") for src in scripts)
    assert page.xpath("//div[@id='place-map']/@hidden") == [""]


def test_the_tile_server_is_a_setting_allowed_by_the_csp(settings: Any) -> None:
    response = Client().get(URL)
    box = lxml.html.fromstring(response.content).xpath("//div[@id='place-map']")[0]
    assert box.get("data-tiles") == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in box.get("data-attribution")
    assert "https://tile.openstreetmap.org" in response["Content-Security-Policy"]


def test_the_tiles_origin_allows_subdomains() -> None:
    from comptoir.settings import _tiles_origin

    assert _tiles_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == [
        "https://*.tile.example.org"
    ]
    assert _tiles_origin("/tuiles/{z}/{x}/{y}.png") == []


@pytest.mark.parametrize("count", [3, 12])
def test_it_costs_one_query_whatever_the_number_of_places(
    count: int, django_assert_num_queries: Any
) -> None:
    PlaceFactory.create_batch(count, latitude=Decimal("45.1"), longitude=Decimal("4.2"))
    with django_assert_num_queries(1):
        response = Client().get(URL)
    assert response.content.decode().count('"lat": 45.1') == count
