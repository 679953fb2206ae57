"""A concierge reads the charts: the visits of the last days on her dashboard and the
sessions over the period in the activity report, each an image with a title and a summary,
its numbers in a data table she opens. axe-core checks each page, at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.agenda.models import Event, EventKind
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence.models import Visit
from tests.accounts.helpers import verified_person
from tests.browser.helpers import PARIS, Axe, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_concierge_reads_the_charts_and_their_tables(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(name="EPN des Ursules", slug="epn-des-ursules")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    now = timezone.now()
    Visit.objects.create(
        person=concierge, place=place, day=timezone.localdate(), checked_in_at=now,
        checked_out_at=now, access="override",
    )  # fmt: skip
    today = now.astimezone(PARIS).date()
    for days, kind in ((3, EventKind.WORKSHOP), (10, EventKind.WORKSHOP), (10, EventKind.TALK)):
        start = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(14), tzinfo=PARIS)
        Event.objects.create(place=place, title="Atelier", kind=kind, start=start,
                             end=start + dt.timedelta(hours=2))  # fmt: skip

    log_in_with_password(page, axe, email=concierge.email)
    chart = page.get_by_role("img", name="Visits per day at EPN des Ursules, last 30 days")
    expect(chart).to_be_visible()
    page.get_by_text("Data table").first.click()
    table = page.get_by_role("table", name="Visits per day at EPN des Ursules, last 30 days")
    expect(table.locator("tbody tr")).to_have_count(30)
    expect(table.locator("tbody tr").last.locator("td")).to_have_text("1")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    start, end = today - dt.timedelta(days=20), today
    page.goto(f"/lieux/epn-des-ursules/rapport-activite/?du={start}&au={end}")
    timeline = page.get_by_role("img", name="Sessions per day, by kind")
    expect(timeline).to_be_visible()
    expect(timeline.locator("rect.chart-bar")).to_have_count(3)
    page.locator("#chart-timeline summary").click()
    rows = page.get_by_role("table", name="Sessions per day, by kind").locator("tbody tr")
    expect(rows).to_have_count(21)
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
