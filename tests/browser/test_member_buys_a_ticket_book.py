"""A nomade buys a ticket book from the offers page (the price confirmed first); the order
waits for payment; the concierge finds it among the sales and records the payment; the book
is then the nomade's, with its ten tickets. axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.access.models import TicketBook
from comptoir.access.tests.factories import discovery_plan, ticket_book_plan
from comptoir.billing.models import Order
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.invoicing.tests.factories import make_seller
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password, log_out


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.postgres_only  # chained payments: SQLite's flush deletes them, its triggers refuse
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_nomad_buys_a_book_and_pays_at_the_desk(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    make_seller(place)
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    ticket_book_plan(place, name="Carnet 10 journées", price_cents=8000, tickets=10)
    discovery_plan(place, name="Visite découverte")

    # Nina buys the book: its price to confirm, then her order awaiting payment.
    log_in_with_password(page, axe, email=nina.email)
    page.goto("/lieux/cn/offres/")
    axe(page)
    fits(page, width)
    page.get_by_role("link", name=re.compile(r"^Buy\s*:\s*Carnet 10 journées")).click()
    review = page.get_by_role("region", name="Check your order before confirming")
    expect(review).to_contain_text("80.00 €")
    axe(page)
    fits(page, width)
    assert not Order.objects.exists()
    page.get_by_role("button", name=re.compile(r"^Confirm the order \(80\.00 € to pay\)")).click()
    order = Order.objects.get()
    expect(page.get_by_role("status").filter(has_text=order.reference)).to_be_visible()
    waiting = page.get_by_role("region", name="Your orders awaiting payment")
    expect(waiting).to_contain_text(order.reference)
    expect(waiting).to_contain_text("Pay at the desk")
    axe(page)
    fits(page, width)
    assert not TicketBook.objects.exists()
    log_out(page, axe)

    # Claire finds the order among the sales and records Nina's payment.
    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/cn/ventes/")
    axe(page)
    page.get_by_role("link", name=order.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.reference)
    axe(page)
    page.get_by_role("link", name="Collect payment and invoice").click()
    axe(page)
    page.get_by_role("radio", name="Card", exact=True).check()
    page.get_by_label(label("Amount (€)")).fill("80")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_role("status").filter(has_text="recorded")).to_be_visible()
    axe(page)
    fits(page, width)

    # The book is Nina's: her access page at the desk shows it, and it is usable today.
    page.goto(f"/lieux/cn/personnes/{nina.pk}/acces/")
    expect(page.get_by_role("main")).to_contain_text("Carnet 10 journées")
    axe(page)
    fits(page, width)
    book = TicketBook.objects.with_balance().get(person=nina)
    assert book.balance == 10
    usable = TicketBook.objects.usable_at(place, timezone.localdate()).with_tickets_left()
    assert list(usable) == [book]
    log_out(page, axe)

    # Nina has nothing left to pay.
    log_in_with_password(page, axe, email=nina.email)
    page.goto("/lieux/cn/offres/")
    axe(page)
    expect(page.get_by_role("region", name="Your orders awaiting payment")).to_have_count(0)
