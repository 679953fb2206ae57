"""A nomade sees on the laser cutter's week that it needs a training (no "Free · book"
offered), asks for it from there; the concierge grants it from the Trainings page's
requests; then the nomade books the laser cutter (issue 14). At desktop width and on a
375 px phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.bookings.models import Booking, Qualification, Resource, TrainingRequest
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
REFUSAL = f"Découpeuse laser can only be booked after the training “{TRAINING}”."
VIEWPORTS = [
    pytest.param({"width": 1280, "height": 900}, id="desktop"),
    pytest.param({"width": 375, "height": 740}, id="phone"),
]


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
    axe(page)
    heading = page.locator("#week-heading")
    for _week in range(3):
        if re.match(rf"^Week of {monday.day} {monday:%B} to ", heading.inner_text()):
            break
        shown = heading.inner_text()
        page.get_by_role("link", name="Next week").click()
        expect(heading).not_to_have_text(shown)
        axe(page)
    expect(heading).to_have_text(re.compile(rf"^Week of {monday.day} {monday:%B} to "))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_nomad_asks_for_the_training_and_books_once_granted(
    page: Page, axe: Axe, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
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
        usual_minutes=60,
        max_minutes=180,
        required_training=training,
    )
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Martin", email="nina@example.org")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    monday = booking_monday()

    # Nina opens the laser cutter's week: its free slots say a training is needed, none is
    # offered for booking, and the page offers to ask for it.
    log_in_with_password(page, axe, email=nina.email)
    open_the_laser_week(page, axe, monday)
    expect(week_cell(page, "10:00", 0)).to_have_text("Training needed")
    expect(slot_link(page, monday, "10:00")).to_have_count(0)
    mark = page.get_by_role("note")
    expect(mark).to_contain_text(f"can only be booked after the training “{TRAINING}”")
    # Going to the booking form anyway: the refusal is an alert next to the form, with the
    # same way to ask.
    page.goto(
        f"/lieux/comptoir-numerique/reservations/decoupeuse-laser/reserver/?debut={monday}T10:00"
    )
    axe(page)
    page.get_by_role("button", name="See the price").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(REFUSAL)
    expect(alert.get_by_role("button", name="Ask for this training")).to_be_visible()
    expect(page.get_by_role("region", name="Confirm the booking")).to_have_count(0)
    axe(page)
    alert.get_by_role("button", name="Ask for this training").click()
    # Back to the laser cutter's week, which now says the request waits.
    expect(
        page.get_by_role("status").filter(has_text=f"Your request for the training “{TRAINING}”")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Découpeuse laser at Comptoir Numérique"
    )
    expect(page.get_by_role("note")).to_contain_text("You asked for this training")
    expect(page.get_by_role("note").get_by_role("button")).to_have_count(0)
    axe(page)
    # Her trainings page says so too.
    page.goto("/lieux/comptoir-numerique/habilitations/")
    expect(page.get_by_role("region", name="My trainings here")).to_contain_text(
        "the concierges will answer"
    )
    axe(page)
    assert TrainingRequest.objects.get().status == TrainingRequest.Status.PENDING
    assert not Booking.objects.exists()
    log_out(page, axe)

    # The concierge finds the request on the Trainings page and grants it.
    log_in_with_password(page, axe, email=concierge.email)
    page.goto("/lieux/comptoir-numerique/")
    axe(page)
    page.get_by_role("link", name="Trainings").click()
    requests = page.get_by_role("region", name="Requests to answer")
    expect(requests).to_contain_text("Nina Martin")
    axe(page)
    requests.get_by_role("button", name=re.compile(r"^Grant the training")).click()
    expect(
        page.get_by_role("status").filter(has_text=f"Nina Martin holds the training “{TRAINING}”.")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Requests to answer")).to_contain_text(
        "No request waits for an answer."
    )
    axe(page)
    log_out(page, axe)

    # Nina books the laser cutter: its slots are free for her now.
    log_in_with_password(page, axe, email=nina.email)
    open_the_laser_week(page, axe, monday)
    expect(page.get_by_role("note")).to_have_count(0)
    slot_link(page, monday, "10:00").click()
    expect(page.get_by_label("End", exact=True)).to_have_value(f"{monday:%Y-%m-%d}T11:00")
    axe(page)
    page.get_by_role("button", name="See the price").click()
    quote = page.get_by_role("region", name="Confirm the booking")
    expect(page.get_by_role("alert")).to_have_count(0)
    axe(page)
    quote.get_by_role("button", name="Confirm and book").click()
    expect(week_cell(page, "10:00", 0)).to_have_text("Mine")
    axe(page)

    qualification = Qualification.objects.get(person=nina, training=training)
    assert qualification.granted_by == concierge
    booking = Booking.objects.get(resource=laser)
    assert booking.person == nina
    assert booking.start == dt.datetime.combine(monday, dt.time(10, 0), tzinfo=PARIS)
