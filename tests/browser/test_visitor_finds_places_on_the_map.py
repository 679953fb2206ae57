"""A visitor opens the map of the network's places: Leaflet (served by the app) draws a
marker per place with coordinates, a marker opens a link to the place, and the list below
says the same; without JavaScript the list alone is there. No tile is fetched from the
internet: the tile server's requests are answered by the test. axe-core checks each page,
at 1280 and 375 px, with no sideways scroll."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from comptoir.places.tests.factories import PlaceFactory
from tests.browser.helpers import Axe

# A transparent 1×1 PNG, the answer to every tile request.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def places() -> list[Any]:
    return [
        PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique",
                     latitude=Decimal("45.4437"), longitude=Decimal("4.3958")),
        PlaceFactory(name="Le Mixeur", slug="le-mixeur",
                     latitude=Decimal("45.4425"), longitude=Decimal("4.3990")),
        PlaceFactory(name="La Cordonnerie", slug="la-cordonnerie", latitude=None, longitude=None),
    ]  # fmt: skip


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_map_shows_a_marker_per_place(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    places()
    tiles: list[str] = []

    def answer(route: Route) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=TILE)

    page.route("https://tile.openstreetmap.org/**", answer)
    page.goto("/carte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Map of the places")
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(2)
    expect(page.get_by_role("button", name="Comptoir Numérique")).to_be_visible()
    assert tiles, "the tiles come from the configured server"
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="Le Mixeur").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link", name="Le Mixeur")).to_be_visible()
    axe(page)

    listed = page.get_by_role("region", name="List of the places")
    expect(listed.get_by_role("link")).to_have_count(3)
    expect(listed).to_contain_text("not on the map (no coordinates)")
    listed.get_by_role("link", name="La Cordonnerie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("La Cordonnerie")
    axe(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_list_is_the_map(
    browser: Browser, live_server: Any, browser_context_args: dict[str, Any]
) -> None:
    places()
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/carte/")
    expect(page.locator("#place-map")).to_be_hidden()
    expect(page.get_by_role("region", name="List of the places").get_by_role("link")).to_have_count(
        3
    )
    assert not [url for url in requested if "openstreetmap" in url]
    context.close()
