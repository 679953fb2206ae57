"""A concierge finds a nomade at the desk, sells them a 10-ticket book, then checks them in:
one ticket is used, nine are left."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.access.models import TicketBook, TicketMovement
from comptoir.access.tests.factories import day_pass_plan, ticket_book_plan
from comptoir.billing.models import Order
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence.models import Access, Visit
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_sells_a_book_then_checks_the_nomad_in(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique", opening_hours="24/7")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    day_pass_plan(place)
    ticket_book_plan(place, name="Carnet 10 journées", price_cents=8000, tickets=10)

    log_in_with_password(page, axe, email=concierge.email)
    # From today's dashboard to the desk of the place.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    page.get_by_role("main").get_by_role("link", name="Desk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/lieux/comptoir-numerique/accueil/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk of Comptoir Numérique")
    axe(page)

    # Results appear as the concierge types part of the name.
    page.get_by_label("Find a person").press_sequentially("mart", delay=50)
    results = page.locator("#kiosk-results")
    expect(results).to_contain_text("1 person found for “mart”.")
    row = results.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Nina Martin")
    )
    expect(row).to_contain_text("Nothing valid today")
    axe(page)
    row.get_by_role("link", name="Sell… to Nina Martin").click()

    # The sale form, already addressed to Nina.
    expect(page).to_have_url(re.compile(r"/lieux/comptoir-numerique/ventes/nouvelle/\?person="))
    expect(page.get_by_text("Selling to Nina Martin")).to_be_visible()
    axe(page)
    page.get_by_role("radio", name=re.compile(r"^Carnet 10 journées")).check()
    page.get_by_role("radio", name="Cash").check()
    page.get_by_role("button", name="See the price and confirm").click()

    # The confirmation step shows the price before anything is recorded.
    review = page.get_by_role("region", name="Check the sale before confirming")
    expect(review).to_contain_text("Carnet 10 journées")
    expect(review).to_contain_text("80.00 €")
    expect(review).to_contain_text("Nina Martin")
    expect(review).to_contain_text("Cash")
    axe(page)
    assert not Order.objects.exists()
    page.get_by_role("button", name=re.compile(r"^Confirm the sale \(80\.00 € received\)")).click()

    # The receipt.
    expect(page).to_have_url(re.compile(r"/ventes/\d+/$"))
    expect(
        page.get_by_role("status").filter(has_text="Sold: Carnet 10 journées to Nina Martin")
    ).to_be_visible()
    line = page.locator("table.receipt-lines tbody tr")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Carnet 10 journées")
    expect(line).to_contain_text("80.00 €")
    expect(page.get_by_role("row", name="Total, VAT included 80.00 €")).to_be_visible()
    expect(page.locator("table.receipt-payments")).to_contain_text("Cash")
    axe(page)

    # Back at the desk, Nina is checked in with her new book.
    page.goto("/lieux/comptoir-numerique/accueil/")
    axe(page)
    page.get_by_label("Find a person").press_sequentially("nina", delay=50)
    expect(results).to_contain_text("Ticket book: 10 tickets left")
    results.get_by_role("button", name=re.compile(r"Check in\s*: Nina Martin")).click()
    expect(page.locator("#kiosk-outcome")).to_contain_text(
        "Nina Martin is checked in · ticket book: 9 tickets left"
    )
    expect(results).to_contain_text("Ticket book: 9 tickets left")
    expect(page.locator("#kiosk-present")).to_contain_text("Nina Martin")
    axe(page)

    book = TicketBook.objects.get(person=nina)
    assert book.movements.filter(kind=TicketMovement.Kind.CONSUMPTION).count() == 1
    assert sum(book.movements.values_list("quantity", flat=True)) == 9
    visit = Visit.objects.get(person=nina, place=place)
    assert visit.access == Access.TICKET
    assert visit.ticket_movement is not None
