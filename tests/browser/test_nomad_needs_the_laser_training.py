"""A nomade may not book the laser cutter before following its training: the refusal names
the training. A concierge records the training from the Trainings page, then the nomade
books the laser cutter."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.bookings.models import Booking, Qualification, Resource
from comptoir.bookings.tests.factories import ResourceFactory, TrainingFactory
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import (
    PARIS,
    Axe,
    booking_monday,
    log_in_with_password,
    log_out,
    slot_link,
    week_cell,
)

TRAINING = "Découpe laser"
REFUSAL = f"Booking Découpeuse laser needs the training “{TRAINING}”: ask a concierge."


def open_the_laser_week(page: Page, axe: Axe, monday: dt.date) -> None:
    """From the place page to the laser cutter's week of `monday`."""
    page.goto("/lieux/comptoir-numerique/")
    axe(page)
    page.get_by_role("link", name="Book a room or a machine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bookings at Comptoir Numérique")
    resources = page.get_by_role("region", name="Bookable resources")
    expect(resources).to_contain_text(f"Découpeuse laser · Equipment · needs “{TRAINING}”")
    axe(page)
    resources.get_by_role("link", name="Découpeuse laser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Découpeuse laser at Comptoir Numérique"
    )
    expect(page.get_by_text(f"Needs the training “{TRAINING}”.")).to_be_visible()
    axe(page)
    today = dt.datetime.now(tz=PARIS).date()
    heading = page.locator("#week-heading")
    for _week in range((monday - (today - dt.timedelta(days=today.weekday()))).days // 7):
        shown = heading.inner_text()
        page.get_by_role("link", name="Next week").click()
        expect(heading).not_to_have_text(shown)
        expect(page).to_have_url(re.compile(r"\?semaine=\d{4}-W\d\d$"))
        axe(page)
    expect(heading).to_have_text(re.compile(rf"^Week of {monday.day} {monday:%B} to "))


def ask_the_price_of_monday_ten(page: Page, axe: Axe, monday: dt.date) -> None:
    slot_link(page, monday, "10:00").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Book Découpeuse laser at Comptoir Numérique"
    )
    expect(page.get_by_label("Start", exact=True)).to_have_value(f"{monday:%Y-%m-%d}T10:00")
    expect(page.get_by_label("End", exact=True)).to_have_value(f"{monday:%Y-%m-%d}T11:00")
    axe(page)
    page.get_by_role("button", name="See the price").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_nomad_books_the_laser_cutter_once_trained(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    training = TrainingFactory(place=place, name=TRAINING)
    TrainingFactory(place=place, name="Imprimante 3D")
    laser = ResourceFactory(
        place=place,
        name="Découpeuse laser",
        slug="decoupeuse-laser",
        kind=Resource.Kind.EQUIPMENT,
        slot_minutes=60,
        min_minutes=60,
        max_minutes=180,
        required_training=training,
    )
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin", email="nina@example.org")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    monday = booking_monday()

    # Nina tries to book the laser cutter: refused, the training is named, nothing booked.
    log_in_with_password(page, axe, email=nina.email)
    open_the_laser_week(page, axe, monday)
    ask_the_price_of_monday_ten(page, axe, monday)
    expect(page.locator("p.message.error")).to_have_text(REFUSAL)
    expect(page.get_by_role("region", name="Confirm the booking")).to_have_count(0)
    axe(page)
    assert not Booking.objects.exists()
    log_out(page, axe)

    # The concierge records the training from the place's Trainings page.
    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/comptoir-numerique/")
    axe(page)
    page.get_by_role("link", name="Trainings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainings at Comptoir Numérique")
    laser_holders = page.get_by_role("region", name=TRAINING)
    expect(laser_holders).to_contain_text("No one holds it yet.")
    axe(page)
    form = page.get_by_role("region", name="Record a training")
    form.get_by_label("Email of the person").fill("nina@example.org")
    form.get_by_label("Training", exact=True).select_option(label=TRAINING)
    expect(form.get_by_label("Followed on")).to_have_value(
        dt.datetime.now(tz=PARIS).date().isoformat()
    )
    form.get_by_role("button", name="Record").click()
    expect(
        page.get_by_role("status").filter(has_text=f"Nina Martin holds the training “{TRAINING}”.")
    ).to_be_visible()
    holder = laser_holders.get_by_role("row").filter(has_text="Nina Martin")
    expect(holder).to_be_visible()
    expect(holder.get_by_role("cell").nth(3)).to_have_text("no")
    expect(page.get_by_role("region", name="Imprimante 3D")).to_contain_text("No one holds it yet.")
    axe(page)
    log_out(page, axe)

    # Nina books the laser cutter.
    log_in_with_password(page, axe, email=nina.email)
    open_the_laser_week(page, axe, monday)
    ask_the_price_of_monday_ten(page, axe, monday)
    quote = page.get_by_role("region", name="Confirm the booking")
    expect(quote).to_contain_text("Découpeuse laser")
    expect(quote).to_contain_text(f"{monday:%A} {monday.day} {monday:%B %Y}, 10:00 → 11:00")
    expect(page.locator("p.message.error")).to_have_count(0)
    axe(page)
    quote.get_by_role("button", name="Confirm and book").click()
    expect(
        page.get_by_role("status").filter(
            has_text=f"Booked: Découpeuse laser, {monday:%A} {monday.day} {monday:%B} 10:00–11:00."
        )
    ).to_be_visible()
    expect(week_cell(page, "10:00", 0)).to_have_text("Mine")
    axe(page)

    qualification = Qualification.objects.get(person=nina, training=training)
    assert qualification.granted_by == concierge
    assert not qualification.can_train
    booking = Booking.objects.get(resource=laser)
    assert booking.person == nina
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.start == dt.datetime.combine(monday, dt.time(10, 0), tzinfo=PARIS)
