"""A treasurer records the SEPA mandate a member signed (a mistyped IBAN first, refused on its
field), prepares the month's direct-debit batch and downloads its pain.008 file, read back
against the official XSD. axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.debits.models import Batch, Mandate
from comptoir.debits.tests.factories import make_creditor, subscription_order
from comptoir.debits.tests.test_services import _valid
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.postgres_only  # inalterable payments: SQLite's flush deletes them
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_treasurer_records_a_mandate_and_downloads_the_batch(
    page: Page, axe: Axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    treasurer = verified_person(first_name="Théo", last_name="Roux")
    PlaceRoleFactory(person=treasurer, place=place, role=Role.TREASURER)
    olivier = verified_person(first_name="Olivier", last_name="Martin")
    PlaceRoleFactory(person=olivier, place=place, role=Role.RESIDENT)
    make_creditor(place)
    subscription_order(place, treasurer, olivier, 20000)

    log_in_with_password(page, axe, email=treasurer.email)
    page.goto("/lieux/cn/mandats/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Direct-debit mandates")
    axe(page)
    page.get_by_label(label("Email of the person")).fill(olivier.email)
    page.get_by_label(label("IBAN"), exact=True).fill("FR76 1820 6000 5760 2584 0255 309")
    page.get_by_label(label("Signed on")).fill("2026-01-15")
    page.get_by_role("button", name="Record the mandate").click()
    expect(page.locator(".errorlist").first).to_contain_text("This IBAN is not valid")
    assert not Mandate.objects.exists()
    axe(page)
    page.get_by_label(label("IBAN"), exact=True).fill("FR76 1820 6000 5760 2584 0255 308")
    page.get_by_role("button", name="Record the mandate").click()
    expect(page.get_by_role("status").filter(has_text="recorded for Olivier")).to_be_visible()
    mandate = Mandate.objects.get()
    expect(page.get_by_role("table")).to_contain_text(mandate.reference)
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("link", name="Monthly batches").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monthly direct debits")
    axe(page)
    month = timezone.localdate().strftime("%Y-%m")
    page.get_by_label(label("Month")).fill(month)
    page.get_by_role("button", name="Prepare the batch").click()
    expect(page.get_by_role("status").filter(has_text="prepared")).to_be_visible()
    batch = Batch.objects.get()
    assert (batch.debit_count, batch.total_cents) == (1, 20000)
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the file for the bank (pain.008)").click()
    assert download.value.suggested_filename == f"prelevements-{month}.xml"
    xml = open(download.value.path(), encoding="utf-8").read()  # noqa: PTH123, SIM115
    _valid(xml)
    assert mandate.reference in xml
