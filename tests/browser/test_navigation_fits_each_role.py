"""The header's menus (issue 14 pt 2): grouped by what people do for members (Come, Book,
Agenda, Community, Projects), with a second row for the concierges of the place (Desk,
Sales, Reports, Settings); the place switcher; breadcrumbs on deep pages; one header row at
1280 px; at 375 px a mobile menu that opens, is navigated and fits the screen. Every step
is checked by axe."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from tests.browser.helpers import Axe, open_menu

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _log_in(page: Page, person: Any, base_url: str) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def _header_height(page: Page) -> float:
    box = page.locator(".header-row").bounding_box()
    assert box is not None
    return box["height"]


@pytest.fixture
def scene(db: Any) -> dict[str, Any]:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    other = PlaceFactory(name="Le Mixeur", slug="le-mixeur")
    resident = PersonFactory(first_name="Rosa")
    PlaceRoleFactory(person=resident, place=place, role=Role.RESIDENT)
    PlaceRoleFactory(person=resident, place=other, role=Role.NOMAD)
    concierge = PersonFactory(first_name="Claire-Marguerite")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    return {"place": place, "other": other, "resident": resident, "concierge": concierge}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitors_and_members_get_their_menus(
    page: Page, axe: Axe, live_server: Any, scene: dict[str, Any]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    for group in ("Come", "Agenda", "Community", "Projects"):
        expect(nav.locator("summary", has_text=group)).to_be_visible()
    expect(nav.locator("summary", has_text="Book")).to_have_count(0)  # log in first
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("navigation", name="Concierge")).to_have_count(0)
    open_menu(page, "Agenda")
    axe(page)
    nav.get_by_role("link", name="The network's agenda").click()
    expect(page).to_have_url(f"{live_server.url}/agenda/")
    axe(page)

    _log_in(page, scene["resident"], live_server.url)
    page.goto("/")
    assert _header_height(page) < 72  # one row
    # The place switcher names the member's places and leads to the other one.
    switcher = page.locator("details.place-switcher")
    switcher.locator("summary").click()
    axe(page)
    switcher.get_by_role("link", name="Le Mixeur").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Le Mixeur")
    expect(page.locator("details.place-switcher > summary")).to_contain_text("Le Mixeur")
    axe(page)
    # The menus follow the place of the page.
    open_menu(page, "Book").get_by_role("link", name="Book at Le Mixeur").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bookings at Le Mixeur")
    # A deep page has its breadcrumbs.
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(crumbs.get_by_role("link", name="Places")).to_be_visible()
    expect(crumbs.get_by_role("link", name="Le Mixeur")).to_be_visible()
    expect(crumbs.locator('[aria-current="page"]')).to_have_text("Bookings")
    expect(page.get_by_role("navigation", name="Concierge")).to_have_count(0)
    axe(page)
    open_menu(page, "Book").get_by_role("link", name="My bookings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My bookings")
    # The open group is marked as the current one.
    summary = page.get_by_role("navigation", name="Main").locator("summary", has_text="Book")
    expect(summary).to_have_attribute("aria-current", "true")
    axe(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_gets_the_desk_sales_reports_and_settings(
    page: Page, axe: Axe, live_server: Any, scene: dict[str, Any]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, scene["concierge"], live_server.url)
    page.goto("/")
    assert _header_height(page) < 72  # one row, whatever the concierge's name
    bar = page.get_by_role("navigation", name="Concierge")
    expect(bar).to_contain_text("Running Comptoir Numérique")
    for group in ("Desk", "Sales", "Reports", "Settings"):
        expect(bar.locator("summary", has_text=group)).to_be_visible()
    # The desk's group: the kiosk, the conciergerie's queue and parcels, loans, the roster.
    bar.locator("summary", has_text="Desk").click()
    for link in ("The desk", "Conciergerie requests", "Parcels", "Loans at the desk", "Roster"):
        expect(bar.get_by_role("link", name=link, exact=True)).to_be_visible()
    axe(page)
    page.keyboard.press("Escape")
    bar.locator("summary", has_text="Sales").click()
    axe(page)
    bar.get_by_role("link", name="Sales", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sales")
    axe(page)
    bar = page.get_by_role("navigation", name="Concierge")
    bar.locator("summary", has_text="Settings").click()
    bar.get_by_role("link", name="Roles").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Roles")
    axe(page)
    # Escape closes an open menu (comptoir/menus.js).
    page.get_by_role("navigation", name="Concierge").locator("summary", has_text="Reports").click()
    expect(page.get_by_role("link", name="Activity report")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("link", name="Activity report")).to_be_hidden()


@pytest.mark.browser
@pytest.mark.browser_context_args(locale="fr-FR")
@pytest.mark.django_db(transaction=True)
def test_the_mobile_menu_opens_and_leads_somewhere_at_375_px(
    page: Page, axe: Axe, live_server: Any, scene: dict[str, Any]
) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    for person in (scene["resident"], scene["concierge"]):
        _log_in(page, person, live_server.url)
        page.goto("/lieux/comptoir-numerique/")
        expect(page.get_by_role("navigation", name="Principale")).to_be_hidden()
        assert page.evaluate(OVERFLOW) <= 0
        axe(page)
        menu = page.locator("details.mobile-menu")
        menu.locator("summary").click()
        mobile = page.get_by_role("navigation", name="Menu")
        expect(mobile).to_be_visible()
        expect(mobile).to_contain_text("Réserver")
        if person is scene["concierge"]:
            expect(mobile).to_contain_text("Réglages")
        assert page.evaluate(OVERFLOW) <= 0
        axe(page)
        mobile.get_by_role("link", name="Mes réservations").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mes réservations")
        expect(page.locator("details.mobile-menu")).not_to_have_attribute("open", "")
        assert page.evaluate(OVERFLOW) <= 0
        axe(page)
