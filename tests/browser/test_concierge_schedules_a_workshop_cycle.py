"""A concierge schedules a cycle of six weekly EPN workshops in the EPN room: the preview
shows the one date a member already booked, and only the five free dates are booked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from comptoir.agenda.models import Event, EventSeries
from comptoir.bookings import services as booking_services
from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.models import Space
from comptoir.places.tests.factories import PlaceFactory, SpaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import PARIS, Axe, booking_monday, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_schedules_a_cycle_of_six_workshops_around_a_booking(
    page: Page, axe: Axe
) -> None:
    place = PlaceFactory(name="EPN des Ursules", slug="epn-des-ursules")
    room = SpaceFactory(place=place, name="Salle EPN", slug="salle-epn", kind=Space.Kind.EPN)
    resource = ResourceFactory(
        place=place, space=room, name="Salle EPN", slug="salle-epn", kind=Resource.Kind.EPN_ROOM
    )
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    resident = verified_person(first_name="Rémi", last_name="Résident")
    PlaceRoleFactory(person=resident, place=place, role=Role.RESIDENT)
    monday = booking_monday()
    third = monday + dt.timedelta(weeks=2)
    booking_services.booking_create(
        resource=resource,
        person=resident,
        start=dt.datetime.combine(third, dt.time(11), tzinfo=PARIS),
        end=dt.datetime.combine(third, dt.time(12), tzinfo=PARIS),
        by=resident,
    )

    log_in_with_password(page, axe, email=concierge.email)
    page.goto(f"/lieux/{place.slug}/agenda/gestion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events of EPN des Ursules")
    axe(page)

    page.get_by_role("link", name="New series").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "New series of events at EPN des Ursules"
    )
    axe(page)
    page.get_by_label(label("Title")).fill("Premiers pas sur tablette")
    page.get_by_label(label("Kind")).select_option(label="EPN workshop")
    page.get_by_label(label("Date")).fill(monday.isoformat())
    page.get_by_label(label("Start time")).fill("10:00")
    page.get_by_label(label("End time")).fill("12:00")
    page.get_by_label(label("Space")).select_option(label=str(room))
    page.get_by_label(label("Seats")).fill("8")
    page.get_by_label("Seniors").check()
    page.get_by_label("Maîtrise des outils numériques du quotidien").check()
    page.get_by_label(label("Every (weeks)")).fill("1")
    page.get_by_label(label("Or number of times")).fill("6")
    page.get_by_role("button", name="See the dates").click()

    preview = page.get_by_test_id("series-preview")
    expect(preview).to_be_visible()
    expect(preview.locator("tbody tr")).to_have_count(6)
    expect(preview.locator('tr[data-conflict="yes"]')).to_have_count(1)
    expect(preview.locator('tr[data-conflict="yes"] th')).to_contain_text(f"{third.day} {third:%B}")
    expect(preview.locator("caption")).to_have_text("5 dates of 6 are free")
    assert not Event.objects.exists()
    axe(page)

    page.get_by_role("button", name="Book the 5 free dates only").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events of EPN des Ursules")
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"5 events of .* scheduled"))
    expect(page.locator("#event-rows tbody tr")).to_have_count(5)
    axe(page)

    series = EventSeries.objects.get()
    dates = sorted(e.start.astimezone(PARIS).date() for e in series.events.all())
    assert dates == [monday + dt.timedelta(weeks=w) for w in (0, 1, 3, 4, 5)]
    assert Booking.objects.filter(resource=resource, event__isnull=False).count() == 5
    assert Booking.objects.filter(person=resident, status=Booking.Status.CONFIRMED).count() == 1
