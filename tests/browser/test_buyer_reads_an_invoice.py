"""A nomade reads the invoice of her ticket book, as its buyer: the seller's identity, the
lines before tax, the totals per VAT rate and the mentions, with its credit note below; the
place's concierge reads the same page. axe-core checks it. She saves it as a PDF."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password, log_out


@pytest.mark.browser
@pytest.mark.postgres_only  # inalterable rows: SQLite's flush deletes them, its triggers refuse
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_buyer_and_the_concierge_read_the_invoice(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, nina), by=concierge)
    credit_note_issue(invoice=invoice, by=concierge, reason="Réservation annulée")
    path = f"/lieux/cn/factures/{invoice.number}/"

    log_in_with_password(page, axe, email=nina.email)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(invoice.number)
    expect(page.locator("main")).to_contain_text("Coopérative du Comptoir")
    expect(page.locator("main")).to_contain_text(invoice.seller_siret)
    expect(page.locator("main")).to_contain_text("Réservation annulée")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    # She saves the invoice as a Factur-X PDF, named by its number.
    with page.expect_download() as saved:
        page.get_by_role("link", name=f"Download invoice {invoice.number}").click()
    assert saved.value.suggested_filename == f"{invoice.number}.pdf"
    with open(saved.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    log_out(page, axe)

    log_in_with_password(page, axe, email=concierge.email)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(invoice.number)
    axe(page)
