"""A résident, whose subscription includes two meeting-room hours a month, books the meeting
room from the place page: the first hour comes from the included hours; a second booking of
two hours only finds one included hour left and pays for the other."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from comptoir.access.tests.factories import subscription_plan
from comptoir.access.tests.helpers import buy
from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import (
    PARIS,
    Axe,
    booking_monday,
    log_in_with_password,
    open_menu,
    slot_link,
    week_cell,
)


def _fact(region: Locator, term: str) -> Locator:
    return region.locator(f"xpath=.//dt[normalize-space()='{term}']/following-sibling::dd[1]")


def _open_week(page: Page, axe: Axe, monday: dt.date) -> None:
    """From the current week of the resource, follow "Next week" until `monday`'s week."""
    today = dt.datetime.now(tz=PARIS).date()
    this_monday = today - dt.timedelta(days=today.weekday())
    heading = page.locator("#week-heading")
    for _week in range((monday - this_monday).days // 7):
        shown = heading.inner_text()
        page.get_by_role("link", name="Next week").click()
        expect(heading).not_to_have_text(shown)
        expect(page).to_have_url(re.compile(r"\?semaine=\d{4}-W\d\d$"))
        axe(page)
    expect(heading).to_have_text(re.compile(rf"^Week of {monday.day} {monday:%B} to "))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_books_the_meeting_room_with_the_included_hours(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    room = ResourceFactory(
        place=place,
        name="Salle Jaune",
        slug="salle-jaune",
        kind=Resource.Kind.ROOM,
        slot_minutes=60,
        min_minutes=60,
        max_minutes=240,
        hourly_price_cents=1200,
        uses_included_hours=True,
    )
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    resident = verified_person(first_name="Rémi", last_name="Résident")
    PlaceRoleFactory(person=resident, place=place, role=Role.RESIDENT)
    plan = subscription_plan(place, name="Résident mensuel", included_room_hours=2)
    sale = buy(plan, place=place, by=concierge, person=resident)
    monday = booking_monday()

    log_in_with_password(page, axe, email=resident.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My places")
    page.get_by_role("link", name="Comptoir Numérique").first.click()
    expect(page).to_have_url(re.compile(r"/lieux/comptoir-numerique/$"))
    axe(page)

    # The bookings of the place, then the week of the meeting room.
    page.get_by_role("link", name="Book a room or a machine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bookings at Comptoir Numérique")
    axe(page)
    resources = page.get_by_role("region", name="Bookable resources")
    expect(resources).to_contain_text("Salle Jaune · Meeting room")
    resources.get_by_role("link", name="Salle Jaune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Salle Jaune at Comptoir Numérique")
    axe(page)
    _open_week(page, axe, monday)

    # A free slot on Monday at 10:00: the form comes prefilled with one hour.
    slot_link(page, monday, "10:00").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Book Salle Jaune at Comptoir Numérique"
    )
    expect(page.get_by_label("Start", exact=True)).to_have_value(f"{monday:%Y-%m-%d}T10:00")
    expect(page.get_by_label("End", exact=True)).to_have_value(f"{monday:%Y-%m-%d}T11:00")
    axe(page)
    page.get_by_label("Title (optional)").fill("Point d'équipe")
    page.get_by_role("button", name="See the price").click()

    # The quote: the hour comes from the subscription, nothing to pay; nothing booked yet.
    quote = page.get_by_role("region", name="Confirm the booking")
    expect(_fact(quote, "When")).to_have_text(
        f"{monday:%A} {monday.day} {monday:%B %Y}, 10:00 → 11:00"
    )
    expect(_fact(quote, "Included hours used")).to_have_text("1 h")
    expect(_fact(quote, "Price")).to_have_text("0.00\u00a0€")
    expect(_fact(quote, "In short")).to_have_text("1 h of the hours included in your subscription")
    axe(page)
    assert not Booking.objects.exists()
    quote.get_by_role("button", name="Confirm and book").click()

    # Back on the week: the slot is mine.
    expect(
        page.get_by_role("status").filter(
            has_text=f"Booked: Salle Jaune, {monday:%A} {monday.day} {monday:%B} 10:00–11:00."
        )
    ).to_be_visible()
    expect(page.locator("#week-heading")).to_have_text(
        re.compile(rf"^Week of {monday.day} {monday:%B} to ")
    )
    expect(week_cell(page, "10:00", 0)).to_have_text("Mine")
    expect(week_cell(page, "11:00", 0)).to_contain_text("Free")
    axe(page)

    # A second booking of two hours: only one included hour is left, the other is paid.
    slot_link(page, monday, "14:00").click()
    expect(page.get_by_label("Start", exact=True)).to_have_value(f"{monday:%Y-%m-%d}T14:00")
    axe(page)
    page.get_by_label("End", exact=True).fill(f"{monday:%Y-%m-%d}T16:00")
    page.get_by_role("button", name="See the price").click()
    quote = page.get_by_role("region", name="Confirm the booking")
    expect(_fact(quote, "When")).to_have_text(
        f"{monday:%A} {monday.day} {monday:%B %Y}, 14:00 → 16:00"
    )
    expect(_fact(quote, "Included hours used")).to_have_text("1 h")
    expect(_fact(quote, "Price")).to_have_text("12.00\u00a0€")
    expect(_fact(quote, "In short")).to_have_text(
        "1 h of the hours included in your subscription + 12.00\u00a0€"
    )
    axe(page)
    quote.get_by_role("button", name="Confirm and book").click()

    expect(
        page.get_by_role("status").filter(
            has_text=f"Booked: Salle Jaune, {monday:%A} {monday.day} {monday:%B} 14:00–16:00."
        )
    ).to_be_visible()
    for time in ("10:00", "14:00", "15:00"):
        expect(week_cell(page, time, 0)).to_have_text("Mine")
    axe(page)

    # My bookings shows both, with what paid for them.
    open_menu(page, "Book").get_by_role("link", name="My bookings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My bookings")
    rows = page.get_by_role("region", name="Upcoming bookings").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Salle Jaune · Comptoir Numérique · Point d'équipe")
    expect(rows.nth(0)).to_contain_text("60 min of included hours")
    expect(rows.nth(1)).to_contain_text("12.00\u00a0€")
    expect(rows.nth(1)).to_contain_text("60 min of included hours")
    axe(page)

    first, second = Booking.objects.filter(person=resident, resource=room).order_by("start")
    assert (first.included_minutes, first.price_cents) == (60, 0)
    assert (second.included_minutes, second.price_cents) == (60, 1200)
    assert first.subscription == second.subscription == sale.subscription
    assert first.title == "Point d'équipe"
    assert first.start == dt.datetime.combine(monday, dt.time(10, 0), tzinfo=PARIS)
    assert second.end == dt.datetime.combine(monday, dt.time(16, 0), tzinfo=PARIS)
