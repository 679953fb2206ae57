"""An anonymous visitor opens a place page in French, switches to English with the header's
language form, and reads the page in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.places.tests.factories import NearbyPlaceFactory, PlaceFactory, SpaceFactory
from tests.browser.helpers import Axe


@pytest.mark.browser
@pytest.mark.browser_context_args(locale="fr-FR")
@pytest.mark.django_db(transaction=True)
def test_an_anonymous_visitor_reads_a_place_page_in_english(page: Page, axe: Axe) -> None:
    # Open nearly all the time, so the badge says when it closes (or, at 23:59, reopens).
    place = PlaceFactory(
        name="Comptoir Numérique", slug="comptoir-numerique", opening_hours="Mo-Su 00:00-23:59"
    )
    SpaceFactory(place=place, name="Coworking")
    NearbyPlaceFactory(place=place, name="Le Mixeur", walking_minutes=10)

    page.goto(f"/lieux/{place.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comptoir Numérique")
    # French by default (the catalogue is compiled by `make messages`, run by `make test`).
    expect(page.get_by_role("heading", name="Espaces")).to_be_visible()
    expect(page.locator("main .badge").first).to_have_text(re.compile(r"^(Ouvert jusqu'à|Fermé)"))
    axe(page)

    page.locator("select#language-select").select_option("en")
    page.locator("form.lang-switch").get_by_role("button").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(rf"/lieux/{place.slug}/$"))
    expect(page.get_by_role("heading", name="Spaces")).to_be_visible()
    expect(page.get_by_role("heading", name="Tiers-lieux nearby")).to_be_visible()
    expect(page.locator("main .badge").first).to_have_text(re.compile(r"^(Open until|Closed)"))
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    axe(page)
