"""A concierge at the desk: checks a member in by name, lets a refused one in anyway with a
reason, checks someone out, and checks a member in again by scanning their card."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.access import services as access
from comptoir.access.tests.factories import day_pass_plan, ticket_book_plan
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence import cards
from comptoir.presence.models import Access, Visit
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_checks_people_in_at_the_desk(page: Page, axe: Axe) -> None:
    place = PlaceFactory(opening_hours="24/7", slug="cn", name="Comptoir Numérique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin")
    walker = verified_person(first_name="Sans", last_name="Rien")
    PlaceRoleFactory(person=walker, place=place, role=Role.NOMAD)
    day_pass_plan(place)
    plan = ticket_book_plan(place)
    access.plan_sell(plan=plan, place=place, by=concierge, person=nina, payment_method="cash")

    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/cn/accueil/")
    axe(page)
    search = page.get_by_label("Find a person")
    outcome = page.locator("#kiosk-outcome")
    present = page.locator("#kiosk-present")

    expect(present).to_contain_text("Nobody is here yet.")
    search.fill("nina")
    page.get_by_role("button", name=re.compile(r"Check in\s*: Nina Martin")).click()
    expect(outcome).to_contain_text("Nina Martin is checked in · ticket book: 9 tickets left")
    # Only what changed comes back: her row in the results, a row here now, the count.
    expect(present).to_contain_text("Nina Martin")
    expect(present.get_by_role("heading")).to_have_text("Here now: 1 person")
    expect(present).not_to_contain_text("Nobody is here yet.")
    expect(page.locator("#kiosk-results")).to_contain_text("Here since")
    # Focus goes back to the search, ready for the next person.
    expect(search).to_be_focused()

    # Nothing valid: refused with the offers, then let in anyway with a reason.
    search.fill("sans")
    page.get_by_role("button", name=re.compile(r"Check in\s*: Sans Rien")).click()
    expect(outcome).to_contain_text("Not possible")
    expect(outcome).to_contain_text("Pass journée")
    axe(page)
    page.get_by_text("Let in anyway").click()
    page.get_by_label("Why? (kept in the log)").fill("Forgot the wallet")
    page.get_by_role("button", name="Let in", exact=True).click()
    expect(outcome).to_contain_text("Sans Rien is let in · reason: Forgot the wallet")
    expect(present.get_by_role("heading")).to_have_text("Here now: 2 people")
    expect(present.locator("tbody tr")).to_have_count(2)
    axe(page)

    present.get_by_role("button", name=re.compile(r"Check out\s*: Nina Martin")).click()
    expect(outcome).to_contain_text("Nina Martin has left.")
    expect(present).not_to_contain_text("Nina Martin")

    # A scan that is not a card, then Nina's card: back in, the day is already paid for.
    card = page.get_by_label("Scan a card")
    card.fill("garbage")
    card.press("Enter")
    expect(outcome).to_contain_text("not recognised")
    card.fill(cards.card_payload(nina))
    card.press("Enter")
    expect(outcome).to_contain_text("Nina Martin is checked in · this half-day is already paid for")
    expect(present).to_contain_text("Nina Martin")
    axe(page)

    visits = Visit.objects.filter(person=nina).order_by("checked_in_at")
    assert list(visits.values_list("access", flat=True)) == [
        Access.TICKET,
        Access.ALREADY_COVERED,
    ]
    assert Visit.objects.get(person=walker).override_reason == "Forgot the wallet"
