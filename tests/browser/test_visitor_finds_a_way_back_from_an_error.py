"""A visitor follows a broken link to a page of a place, and a member opens a page their role
does not allow: both error pages are styled, in French, pass axe-core at 1280 and 375 px,
and lead back (to the place, to the previous page, to the home page)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password

WIDTHS = pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])


def _no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.browser_context_args(locale="fr-FR")
@pytest.mark.django_db(transaction=True)
@WIDTHS
def test_a_missing_page_leads_back_to_its_place(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    page.goto(f"/lieux/{place.slug}/")
    axe(page)
    page.goto(f"/lieux/{place.slug}/atelier-disparu/", referer=page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    axe(page)
    _no_sideways_scroll(page, width)
    expect(page.get_by_role("link", name="Retour à la page précédente")).to_be_visible()
    page.get_by_role("link", name="Retour à Comptoir Numérique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comptoir Numérique")
    axe(page)


@pytest.mark.browser
@pytest.mark.browser_context_args(locale="fr-FR")
@pytest.mark.django_db(transaction=True)
@WIDTHS
def test_a_refused_page_says_who_may_see_it(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(name="Le Mixeur", slug="le-mixeur")
    member = verified_person(first_name="Nina", last_name="Martin")
    page.goto("/langue/?language=en&next=/")  # the login helper speaks English
    log_in_with_password(page, axe, email=member.email)
    page.goto("/langue/?language=fr&next=/")
    response = page.goto(f"/lieux/{place.slug}/modifier/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    expect(page.locator("main")).to_contain_text("conciergerie du lieu")
    axe(page)
    _no_sideways_scroll(page, width)
    page.get_by_role("link", name="Retour à l'accueil").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
