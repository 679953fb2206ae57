"""A member finds the meeting room taken and joins the waitlist from the week grid; the
booker cancels from "My bookings"; the member is offered the slot, confirms it from "My
bookings", and the booking is theirs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.bookings import services
from comptoir.bookings.models import Booking, Resource, WaitlistEntry
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import last_email_to, verified_person
from tests.browser.helpers import (
    PARIS,
    Axe,
    booking_monday,
    log_in_with_password,
    log_out,
    open_menu,
    week_cell,
)


def open_my_bookings(page: Page, axe: Axe) -> None:
    open_menu(page, "Book").get_by_role("link", name="My bookings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My bookings")
    axe(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_waits_for_a_taken_slot_then_confirms_the_offer(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    room = ResourceFactory(
        place=place,
        name="Salle Jaune",
        slug="salle-jaune",
        kind=Resource.Kind.ROOM,
        slot_minutes=60,
        min_minutes=60,
        max_minutes=240,
    )
    bruno = verified_person(first_name="Bruno", last_name="Réserve")
    PlaceRoleFactory(person=bruno, place=place, role=Role.RESIDENT)
    nina = verified_person(first_name="Nina", last_name="Martin")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    monday = booking_monday()
    ten = dt.datetime.combine(monday, dt.time(10, 0), tzinfo=PARIS)
    taken = services.booking_create(
        resource=room, person=bruno, start=ten, end=ten + dt.timedelta(hours=1), by=bruno
    )
    slot = f"Salle Jaune, {monday:%A} {monday.day} {monday:%B} 10:00–11:00"

    # Nina finds Monday 10:00 taken in the room's week and joins its waitlist.
    log_in_with_password(page, axe, email=nina.email)
    week = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
    page.goto(f"/lieux/comptoir-numerique/reservations/salle-jaune/?semaine={week}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Salle Jaune at Comptoir Numérique")
    cell = week_cell(page, "10:00", 0)
    expect(cell).to_contain_text("Booked")
    expect(cell).not_to_contain_text("Bruno")  # no names for members
    expect(week_cell(page, "11:00", 0)).to_contain_text("Free")
    axe(page)
    # Chromium reads the visually hidden ": Monday …" as a separate run ("waitlist : Monday").
    when = f"{monday:%A} {monday.day} {monday:%B} 10:00"
    cell.get_by_role("button", name=re.compile(rf"^Join the waitlist ?: {when}$")).click()
    expect(
        page.get_by_role("status").filter(
            has_text=f"You are on the waitlist for {slot}: if it frees, it is offered to you."
        )
    ).to_be_visible()
    expect(page).to_have_url(re.compile(rf"\?semaine={week}$"))
    axe(page)

    open_my_bookings(page, axe)
    waitlist = page.get_by_role("region", name="My waitlist")
    entry = waitlist.get_by_role("listitem").filter(has_text="Salle Jaune")
    expect(entry).to_contain_text(
        f"Salle Jaune · Comptoir Numérique · {monday:%A} {monday.day} {monday:%B %Y}, "
        "10:00 → 11:00 (Waiting)"
    )
    expect(entry.get_by_role("button", name=re.compile(r"^Confirm"))).to_have_count(0)
    expect(page.get_by_role("region", name="Upcoming bookings")).to_contain_text("No booking.")
    axe(page)
    log_out(page, axe)

    # Bruno cancels his booking from "My bookings": the slot is offered to Nina.
    log_in_with_password(page, axe, email=bruno.email)
    open_my_bookings(page, axe)
    page.get_by_role(
        "button", name=f"Cancel Salle Jaune {monday.day} {monday:%B} 10:00", exact=True
    ).click()
    expect(page.get_by_role("status").filter(has_text=f"Cancelled: {slot}.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Salle Jaune")).to_contain_text("Cancelled")
    axe(page)
    log_out(page, axe)
    offer = WaitlistEntry.objects.get(person=nina)
    assert offer.status == WaitlistEntry.Status.OFFERED
    assert last_email_to(nina.email).subject  # the offer was sent by email too

    # Nina sees the offer on "My bookings" and confirms it.
    log_in_with_password(page, axe, email=nina.email)
    open_my_bookings(page, axe)
    until = offer.offer_expires_at.astimezone(PARIS).strftime("%H:%M")
    entry = page.get_by_role("region", name="My waitlist").get_by_role("listitem")
    expect(entry).to_contain_text(f"This slot is free for you until {until}: Salle Jaune")
    axe(page)
    entry.get_by_role(
        "button", name=f"Confirm Salle Jaune {monday.day} {monday:%B} 10:00", exact=True
    ).click()
    expect(page.get_by_role("status").filter(has_text=f"Booked: {slot}.")).to_be_visible()
    expect(page.get_by_role("region", name="My waitlist")).to_have_count(0)
    row = page.get_by_role("region", name="Upcoming bookings").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"{monday:%A} {monday.day} {monday:%B %Y}, 10:00 → 11:00")
    expect(row).to_contain_text("Confirmed")
    axe(page)

    # The room's week shows the slot as hers.
    row.get_by_role("link", name="Salle Jaune", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Salle Jaune at Comptoir Numérique")
    axe(page)
    # The link opens the current week: walk to the booked one.
    today = dt.datetime.now(tz=PARIS).date()
    heading = page.locator("#week-heading")
    for _week in range((monday - (today - dt.timedelta(days=today.weekday()))).days // 7):
        shown = heading.inner_text()
        page.get_by_role("link", name="Next week").click()
        expect(heading).not_to_have_text(shown)
        axe(page)
    expect(heading).to_have_text(re.compile(rf"^Week of {monday.day} {monday:%B} to "))
    expect(week_cell(page, "10:00", 0)).to_have_text("Mine")
    axe(page)

    taken.refresh_from_db()
    assert taken.status == Booking.Status.CANCELLED
    booking = Booking.objects.confirmed().get(resource=room)
    assert booking.person == nina
    assert booking.start == ten
    offer.refresh_from_db()
    assert offer.status == WaitlistEntry.Status.BOOKED
    assert offer.booking == booking
