"""A treasurer enters a grant (a refused amount first, then the right one), sets the year's
budget, reads the economic model of the place (its charts and their tables, the grant
against its budget), downloads the sales journal as a spreadsheet and the FEC with the
grant on account 74. axe-core checks each step, at 1280 and 375 px, with no horizontal
overflow on a phone."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.economy.models import Budget, OtherIncome
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.postgres_only  # inalterable rows: SQLite's flush deletes them, its triggers refuse
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_treasurer_enters_a_grant_and_reads_the_economic_model(
    page: Page, axe: Axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    treasurer = verified_person(first_name="Théo", last_name="Roux")
    PlaceRoleFactory(person=treasurer, place=place, role=Role.TREASURER)
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    seller = make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, concierge), by=concierge)
    today = timezone.localdate()
    year = today.year

    log_in_with_password(page, axe, email=treasurer.email)
    page.goto("/")
    page.get_by_role("link", name="Economic model of Comptoir Numérique").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Economic model")
    axe(page)
    fits(page, width)

    # A grant, refused at 0 €, then recorded.
    page.get_by_role("link", name="Other income").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Other income")
    axe(page)
    page.get_by_label(label("Kind")).select_option("grant")
    page.get_by_label(label("Label")).fill("Fabrique de territoire")
    page.get_by_label(label("Funder, partner or donor")).fill("ANCT")
    page.get_by_label(label("Programme")).fill("Fabriques de territoire")
    page.get_by_label(label("Amount (€)")).fill("0")
    page.get_by_label(label("Date received")).fill(today.isoformat())
    page.get_by_label(label("Period from")).fill(f"{year}-01-01")
    page.get_by_label(label("Period until")).fill(f"{year}-12-31")
    page.get_by_role("button", name="Record the income").click()
    expect(page.locator(".errorlist").first).to_contain_text("above zero")
    assert not OtherIncome.objects.exists()
    axe(page)
    page.get_by_label(label("Amount (€)")).fill("30000")
    page.get_by_role("button", name="Record the income").click()
    expect(page.get_by_role("status").filter(has_text="Income recorded")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("ANCT")
    assert OtherIncome.objects.get().amount_cents == 3_000_000
    axe(page)
    fits(page, width)

    # The budget of the year, then the model: the grant at 75 % of it.
    page.get_by_role("link", name="Economic model").click()
    page.get_by_role("link", name="Budget of the year").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Budget {year}")
    axe(page)
    page.get_by_label(label("Grants")).fill("40000")
    page.get_by_role("button", name="Save the budget").click()
    expect(page.get_by_role("status").filter(has_text="saved")).to_be_visible()
    assert Budget.objects.get(source="grant").amount_cents == 4_000_000
    expect(page.get_by_role("img", name=f"Revenue by source in {year}")).to_be_visible()
    expect(page.get_by_role("img", name=f"Actual against budget in {year}")).to_be_visible()
    sources = page.get_by_role("table", name="Revenue, share and budget of each source")
    expect(sources.get_by_role("row", name="Grants")).to_contain_text("(75.0 %)")
    axe(page)
    fits(page, width)

    # The sales journal as a spreadsheet.
    page.get_by_role("link", name="Sales journal").click()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as a spreadsheet").click()
    book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: PTH123, SIM115
    assert book.worksheets[0]["B2"].value == invoice.number

    # The FEC of the year, the grant on account 74.
    page.go_back()
    page.get_by_role("link", name="Export the FEC").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("FEC")
    axe(page)
    page.get_by_label(label("Fiscal year")).fill(str(year))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the FEC").click()
    assert download.value.suggested_filename == f"{seller.siret[:9]}FEC{year}1231.txt"
    text = open(download.value.path(), encoding="utf-8").read()  # noqa: PTH123, SIM115
    assert "\t74\t" in text and "ANCT" in text and invoice.number in text
