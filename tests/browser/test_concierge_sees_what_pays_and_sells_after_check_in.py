"""At the desk, a person's row says what will pay before the check-in (Victor's discovery
visit, issue 14: it read "Nothing valid today"); after the check-in "Sell…" is still there,
and the sale page it opens names the person (not a raw number in the person field). At
desktop width and on a 375 px phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.access.models import DayPass
from comptoir.access.tests.factories import day_pass_plan, discovery_plan
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence.models import Access, Visit
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password

VIEWPORTS = [
    pytest.param({"width": 1280, "height": 900}, id="desktop"),
    pytest.param({"width": 375, "height": 740}, id="phone"),
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_badge_says_what_pays_and_selling_stays_after_the_check_in(
    page: Page, axe: Axe, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    place = PlaceFactory(opening_hours="24/7", slug="cn", name="Comptoir Numérique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    victor = verified_person(first_name="Victor", last_name="Leroy", email="victor@example.org")
    PlaceRoleFactory(person=victor, place=place, role=Role.TRAVELLER)
    discovery_plan(place)
    day_pass = day_pass_plan(place, name="Pass journée")

    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/cn/accueil/")
    axe(page)
    page.get_by_label("Find a person").fill("victor")
    row = page.locator(f"#kiosk-person-{victor.pk}")
    expect(row).to_contain_text("Pays: the free discovery visit")
    expect(row).not_to_contain_text("Nothing valid today")
    axe(page)

    row.get_by_role("button", name=re.compile(r"Check in\s*: Victor Leroy")).click()
    expect(page.locator("#kiosk-outcome")).to_contain_text(
        "Victor Leroy is checked in · discovery visit"
    )
    expect(row).to_contain_text("Here since")
    sell = row.get_by_role("link", name=re.compile(r"Sell…\s*to Victor Leroy"))
    expect(sell).to_be_visible()
    axe(page)
    assert Visit.objects.get(person=victor).access == Access.DISCOVERY

    sell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sell at the desk of Comptoir Numérique"
    )
    expect(page.get_by_text("Selling to Victor Leroy")).to_be_visible()
    # The person rides along hidden: no box holding a number or a token to retype.
    expect(page.get_by_label(re.compile(r"^Person"))).to_have_count(0)
    axe(page)
    page.get_by_role("radio", name=re.compile(r"^Pass journée")).check()
    page.get_by_role("radio", name="Cash").check()
    page.get_by_role("button", name="See the price and confirm").click()
    review = page.get_by_role("region", name="Check the sale before confirming")
    expect(review).to_contain_text("Victor Leroy")
    axe(page)
    review.get_by_role("button", name=re.compile(r"^Confirm the sale")).click()
    expect(
        page.get_by_role("status").filter(has_text="Sold: Pass journée to Victor Leroy")
    ).to_be_visible()
    axe(page)
    assert DayPass.objects.get(person=victor).plan == day_pass
