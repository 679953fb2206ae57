"""A network admin reads what the network's places are owed, by place and age, from the
network's economic model: an invoice of 40 days at one place, a fresh order at the other,
the oldest first to chase. axe-core checks it at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password


@pytest.mark.browser
@pytest.mark.postgres_only  # inalterable invoices: SQLite's flush deletes them
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_network_admin_reads_the_outstanding_by_age(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    sister = PlaceFactory(slug="mixeur", name="Le Mixeur", network=place.network)
    admin = verified_person(first_name="Ada", last_name="Admin")
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    buyer = verified_person(first_name="Nina", last_name="Nomade")
    make_seller(place)
    forty_days_ago = timezone.localdate() - dt.timedelta(days=40)
    when = dt.datetime.combine(forty_days_ago, dt.time(11), tzinfo=ZoneInfo("Europe/Paris"))
    with time_machine.travel(when, tick=False):
        old = make_order(place, admin, buyer, line(4500, description="Abonnement"))
        invoice = invoice_issue(order=old, by=admin)
    make_order(sister, admin, buyer, line(1200, description="Pass journée"))

    log_in_with_password(page, axe, email=admin.email)
    page.goto(f"/reseaux/{place.network.slug}/economie/")
    axe(page)
    page.get_by_role("link", name="What the network is owed, by age").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("is owed")
    table = page.get_by_role("table", name="Outstanding by place and age")
    expect(table.get_by_role("row", name="Comptoir Numérique")).to_contain_text("45.00")
    expect(table.get_by_role("row", name="Le Mixeur")).to_contain_text("12.00")
    oldest = page.get_by_role("table", name="Outstanding orders, the oldest first")
    expect(oldest.get_by_role("row").nth(1)).to_contain_text(invoice.number)
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
