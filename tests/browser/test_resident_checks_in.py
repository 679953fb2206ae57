"""A résident, whose structure holds a subscription, checks themselves in from "Who is here"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.access import services as access
from comptoir.access.models import Plan
from comptoir.access.tests.factories import subscription_plan
from comptoir.community.models import Role
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PlaceRoleFactory,
)
from comptoir.places.tests.factories import PlaceFactory, SpaceFactory
from comptoir.presence.models import Access, Visit
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_checks_in_under_the_structure_subscription(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique", opening_hours="24/7")
    SpaceFactory(place=place, name="Grand plateau", capacity=12)
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    structure = OrganizationFactory(name="Atelier Vélo")
    resident = verified_person(first_name="Rémi", last_name="Résident")
    AffiliationFactory(person=resident, organization=structure)
    PlaceRoleFactory(person=resident, place=place, role=Role.RESIDENT)
    plan = subscription_plan(
        place, name="Résident structure", holder=Plan.Holder.ORGANIZATION, seats=3
    )
    sale = access.plan_sell(
        plan=plan,
        place=place,
        by=concierge,
        payment_method="transfer",
        organization=structure,
    )

    log_in_with_password(page, axe, email=resident.email)
    # The résident lands on their places and opens this one.
    expect(page.get_by_role("heading", level=1)).to_have_text("My places")
    page.get_by_role("link", name="Comptoir Numérique").first.click()
    expect(page).to_have_url(re.compile(r"/lieux/comptoir-numerique/$"))
    axe(page)
    page.get_by_role("link", name="Who is here").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is here at Comptoir Numérique")
    expect(page.locator("#presence-live")).to_contain_text("0 people here now.")
    axe(page)

    page.get_by_role("button", name="I have arrived").click()
    outcome = page.locator("#presence-outcome")
    expect(outcome).to_contain_text(
        "Rémi Résident is checked in · subscription: Résident structure"
    )
    me = page.get_by_role("region", name="Me")
    expect(me).to_contain_text(re.compile(r"You are here since \d\d:\d\d\."))
    expect(me.get_by_role("button", name="I am leaving")).to_be_visible()
    live = page.locator("#presence-live")
    expect(live).to_contain_text("1 person here now.")
    expect(live.get_by_role("listitem").filter(has_text="Rémi Résident")).to_contain_text("(you)")
    axe(page)

    visit = Visit.objects.get(person=resident, place=place)
    assert visit.access == Access.SUBSCRIPTION
    assert visit.subscription == sale.subscription
    assert visit.checked_out_at is None
    assert visit.checked_in_by == resident
