"""A concierge takes a pending sale from the place's sales: records a partial payment (htmx),
issues the invoice, then credits one day of it on the invoice page, and finds the chain
intact on the verification page. axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.invoicing.models import CreditNote, Payment
from comptoir.invoicing.tests.factories import line, make_order, make_seller
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.postgres_only  # inalterable rows: SQLite's flush deletes them, its triggers refuse
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_concierge_collects_a_payment_and_invoices(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin")
    make_seller(place)
    order = make_order(place, concierge, nina, line(2000, 3, description="Journée de coworking"))

    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/cn/ventes/")
    axe(page)
    page.get_by_role("link", name=order.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.reference)
    axe(page)
    page.get_by_role("link", name="Collect payment and invoice").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.reference)
    axe(page)

    page.get_by_role("radio", name="Cheque").check()
    page.get_by_label(label("Amount (€)")).fill("25")
    page.get_by_label(label("Reference")).fill("CHQ 42")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_role("status").filter(has_text="recorded")).to_be_visible()
    payment = Payment.objects.get()
    expect(page.get_by_role("table")).to_contain_text(payment.number)
    expect(page.locator("#order-payments")).to_contain_text("35.00")  # still to pay
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="Issue the invoice").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"F\d{4}-000001"))
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label(label("Reason")).fill("Une journée annulée")
    page.get_by_label(re.compile("Journée de coworking")).fill("1")
    page.get_by_role("button", name="Issue the credit note").click()
    expect(page.get_by_role("status").filter(has_text="Credit note")).to_be_visible()
    note = CreditNote.objects.get()
    expect(page.locator("#credit-notes")).to_contain_text(note.number)
    assert note.total_cents == 2000
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The place's chain: payment, invoice, credit note, intact.
    page.goto("/lieux/cn/ventes/")
    axe(page)
    page.get_by_role("link", name="Verify the invoices").click()
    expect(page.get_by_role("row", name=re.compile("Coopérative du Comptoir"))).to_contain_text(
        "Intact"
    )
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
