"""A voyageur discovers the place for free; the next day the desk refuses them, says why and
offers a day pass, which the concierge sells before checking them in."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from comptoir.access.models import DayPass
from comptoir.access.tests.factories import day_pass_plan, discovery_plan
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence.models import Access, CoveredPeriod, Visit
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password

DAY = datetime.timedelta(days=1)


def _move_to_yesterday(visit: Visit) -> datetime.date:
    """Time passes: the visit (checked out) and what it paid for happened the day before."""
    yesterday = visit.day - DAY
    CoveredPeriod.objects.filter(visit=visit).update(day=yesterday)
    visit.day = yesterday
    visit.checked_in_at -= DAY
    visit.checked_out_at -= DAY
    visit.save(update_fields=["day", "checked_in_at", "checked_out_at"])
    return yesterday


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_traveller_discovers_the_place_then_buys_a_day_pass(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique", opening_hours="24/7")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    vera = verified_person(first_name="Vera", last_name="Voyageuse")
    PlaceRoleFactory(person=vera, place=place, role=Role.TRAVELLER)
    discovery_plan(place)
    day_pass_plan(place, name="Pass journée", price_cents=1500)

    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/comptoir-numerique/accueil/")
    axe(page)
    search = page.get_by_label("Find a person")
    results = page.locator("#kiosk-results")
    outcome = page.locator("#kiosk-outcome")

    # First visit: the free discovery visit lets her in.
    search.press_sequentially("voya", delay=50)
    results.get_by_role("button", name=re.compile(r"Check in\s*: Vera Voyageuse")).click()
    expect(outcome).to_contain_text("Vera Voyageuse is checked in · discovery visit")
    present = page.locator("#kiosk-present")
    expect(present).to_contain_text("Discovery visit")
    axe(page)
    present.get_by_role("button", name=re.compile(r"Check out\s*: Vera Voyageuse")).click()
    expect(outcome).to_contain_text("Vera Voyageuse has left.")
    expect(present).to_contain_text("Nobody is here yet.")

    first = Visit.objects.get(person=vera, place=place)
    assert first.access == Access.DISCOVERY
    with translation.override("en-gb"):
        used_on = date_format(_move_to_yesterday(first), "j F Y")

    # The next day: the discovery visit is spent, the desk says so and offers a day pass.
    page.goto("/lieux/comptoir-numerique/accueil/?q=voya")
    axe(page)
    results.get_by_role("button", name=re.compile(r"Check in\s*: Vera Voyageuse")).click()
    expect(outcome).to_contain_text("Not possible:")
    expect(outcome).to_contain_text(
        f"The discovery visit was already used on {used_on}. A day pass is needed."
    )
    offer = outcome.get_by_role("link", name="Sell Pass journée (15.00 €)")
    expect(offer).to_be_visible()
    axe(page)
    assert Visit.objects.filter(person=vera).count() == 1
    offer.click()

    # The sale page comes with the person and the offer chosen.
    expect(page).to_have_url(re.compile(r"/lieux/comptoir-numerique/ventes/nouvelle/\?person="))
    expect(page.get_by_text("Selling to Vera Voyageuse")).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile(r"^Pass journée"))).to_be_checked()
    axe(page)
    page.get_by_role("radio", name="Cash").check()
    page.get_by_role("button", name="See the price and confirm").click()
    review = page.get_by_role("region", name="Check the sale before confirming")
    expect(review).to_contain_text("Pass journée")
    expect(review).to_contain_text("15.00 €")
    axe(page)
    page.get_by_role("button", name=re.compile(r"^Confirm the sale \(15\.00 € received\)")).click()

    expect(page).to_have_url(re.compile(r"/ventes/\d+/$"))
    expect(
        page.get_by_role("status").filter(has_text="Sold: Pass journée to Vera Voyageuse")
    ).to_be_visible()
    expect(page.get_by_role("row", name="Total, VAT included 15.00 €")).to_be_visible()
    axe(page)
    assert DayPass.objects.filter(person=vera, place=place).count() == 1

    # Back at the desk, the day pass lets her in.
    page.goto("/lieux/comptoir-numerique/accueil/")
    axe(page)
    search.press_sequentially("vera", delay=50)
    expect(results).to_contain_text("Day pass for today")
    results.get_by_role("button", name=re.compile(r"Check in\s*: Vera Voyageuse")).click()
    expect(outcome).to_contain_text("Vera Voyageuse is checked in · day pass")
    expect(page.locator("#kiosk-present")).to_contain_text("Vera Voyageuse")
    axe(page)

    today = Visit.objects.filter(person=vera, place=place).exclude(pk=first.pk).get()
    assert today.access == Access.DAY_PASS
    assert today.day_pass is not None
