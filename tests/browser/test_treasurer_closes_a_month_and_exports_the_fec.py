"""A treasurer opens the accounts of the place from the home page, closes last month (its days
are closed with it), finds it in the closings, then downloads the FEC of the year, named
after the entity's SIREN. axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.invoicing.models import Closing
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.postgres_only  # inalterable rows: SQLite's flush deletes them, its triggers refuse
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_treasurer_closes_a_month_and_exports_the_fec(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    treasurer = verified_person(first_name="Théo", last_name="Roux")
    PlaceRoleFactory(person=treasurer, place=place, role=Role.TREASURER)
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    seller = make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, concierge), by=concierge)
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)

    log_in_with_password(page, axe, email=treasurer.email)
    page.goto("/")
    page.get_by_role("link", name="Accounts of Comptoir Numérique: closings").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Closings")
    axe(page)
    page.get_by_role("radio", name="Month").check()
    page.get_by_label(label("A day of the period")).fill(last_month.isoformat())
    page.get_by_role("button", name="Close the period").click()
    expect(page.get_by_role("status").filter(has_text="Closing recorded")).to_be_visible()
    month = Closing.objects.get(kind="month")
    assert month.period_start == last_month and month.seller == seller
    expect(page.get_by_role("table")).to_contain_text(month.hash[:12])
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Closed twice: said so, nothing more closed.
    page.get_by_role("radio", name="Month").check()
    page.get_by_label(label("A day of the period")).fill(last_month.isoformat())
    page.get_by_role("button", name="Close the period").click()
    expect(page.locator(".errorlist").first).to_contain_text("closed already")
    assert Closing.objects.filter(kind="month").count() == 1
    axe(page)

    page.get_by_role("link", name="Export the FEC").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("FEC")
    axe(page)
    page.get_by_label(label("Fiscal year")).fill(str(invoice.issue_date.year))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the FEC").click()
    name = f"{seller.siret[:9]}FEC{invoice.issue_date.year}1231.txt"
    assert download.value.suggested_filename == name
    text = open(download.value.path(), encoding="utf-8").read()  # noqa: PTH123, SIM115
    assert text.startswith("JournalCode\tJournalLib") and invoice.number in text
    assert page.evaluate("document.documentElement.scrollWidth") <= width
