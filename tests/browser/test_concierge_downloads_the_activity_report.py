"""A concierge opens the activity report of her place for a fortnight, then downloads it as
CSV and as a spreadsheet for a funder: both files hold the period and the figures shown,
and leave out the talk held after the period."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import PARIS, Axe, label, log_in_with_password


def held(place: Any, day: dt.date, hour: int, title: str, **values: Any) -> Event:
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)
    return Event.objects.create(
        place=place, title=title, start=start, end=start + dt.timedelta(hours=2), **values
    )


def came(event: Event, name: str, attendance: str = "present", **values: Any) -> None:
    Registration.objects.create(
        event=event, name=name, identity=f"n:{name}", attendance=attendance, **values
    )


def figure(page: Page, name: str) -> Locator:
    """The value of a headline figure of the report ("Sessions", "Presences", …)."""
    term = page.locator("dt").get_by_text(name, exact=True)
    return page.locator("#report-figures > div").filter(has=term).locator("dd")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_downloads_the_report_as_csv_and_spreadsheet(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="EPN des Ursules", slug="epn-des-ursules")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    today = timezone.now().astimezone(PARIS).date()
    start, end = today - dt.timedelta(days=14), today - dt.timedelta(days=3)
    workshop = held(
        place, today - dt.timedelta(days=7), 14, "Premiers pas sur tablette",
        kind=EventKind.WORKSHOP, publics=["Seniors"],
        services=["Aide aux démarches administratives"],
    )  # fmt: skip
    came(workshop, "Alice Durand", public_category="Seniors", consent=True)
    came(workshop, "Bob Petit")
    came(workshop, "Carol Blanc", "absent")
    talk = held(place, today - dt.timedelta(days=1), 18, "Conférence IA", kind=EventKind.TALK)
    came(talk, "Dan Leroy")
    filename = f"activite-epn-des-ursules-{start:%Y%m%d}-{end:%Y%m%d}"

    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/epn-des-ursules/agenda/gestion/")
    axe(page)
    page.get_by_role("link", name="Activity report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activity report · EPN des Ursules")
    axe(page)
    period = page.get_by_role("form", name="Period")
    period.get_by_label(label("From")).fill(start.isoformat())
    period.get_by_label(label("To")).fill(end.isoformat())
    period.get_by_role("button", name="Show").click()
    shown = f"From {start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    expect(page.get_by_role("heading", level=2, name=shown)).to_be_visible()
    expect(figure(page, "Sessions")).to_have_text("1")
    expect(figure(page, "Presences")).to_have_text("2")
    expect(figure(page, "Unique people")).to_have_text("2")
    axe(page)

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download (CSV)").click()
    assert csv_download.value.suggested_filename == f"{filename}.csv"
    # Semicolons and a byte-order mark: what a spreadsheet set up in France opens as is.
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    # One regular table: the place and the period repeat on every line.
    assert rows[0] == ["Place", "From", "To", "Section", "Item", "Measure", "Value"]
    context = ["EPN des Ursules", start.isoformat(), end.isoformat()]
    assert all(row[:3] == context and len(row) == 7 for row in rows[1:])
    assert [*context, "Summary", "Sessions", "Value", "1"] in rows
    assert [*context, "Summary", "Presences", "Value", "2"] in rows
    assert [*context, "By kind", "EPN workshop", "Sessions", "1"] in rows
    assert [*context, "By public", "Seniors", "People present", "1"] in rows

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download (spreadsheet)").click()
    assert xlsx_download.value.suggested_filename == f"{filename}.xlsx"
    # Playwright keeps the file without its extension, which openpyxl refuses: open its bytes.
    book = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    assert book.sheetnames == [
        "Summary",
        "By kind",
        "By public",
        "By service",
        # The sections the apps around agenda add (agenda.report_sections).
        "Conciergerie",
        "Conciergerie by service",
        "Volunteer hours",
        "Volunteer hours by month",
    ]
    summary = book["Summary"]
    assert (summary["A1"].value, summary["B1"].value) == ("Place", "EPN des Ursules")
    assert summary["B2"].value.date() == start
    assert summary["B3"].value.date() == end
    figures = {row[0]: row[1] for row in summary.iter_rows(min_row=5, values_only=True)}
    assert (figures["Sessions"], figures["Presences"], figures["Unique people"]) == (1, 2, 2)
    services = {row[0]: row[1:] for row in book["By service"].iter_rows(values_only=True)}
    assert services["Aide aux démarches administratives"] == (1, 2)
