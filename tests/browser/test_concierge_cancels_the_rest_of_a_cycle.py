"""A concierge stops a cycle of four weekly workshops after its first date: the confirmation
lists the three coming dates with their people, and once confirmed they are cancelled (the
room given back, the people with an email told) while the date already held stays."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.agenda.models import Event, EventKind
from comptoir.agenda.services import events as event_services
from comptoir.agenda.services.registrations import Guest, register_guest
from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.places.models import Space
from comptoir.places.tests.factories import PlaceFactory, SpaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import PARIS, Axe, booking_monday, log_in_with_password


def when(day: dt.date) -> str:
    """How the pages write a date of the cycle: "Monday 16 March 2026, 10:00"."""
    return f"{day:%A} {day.day} {day:%B} {day.year}, 10:00"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_cancels_the_coming_dates_of_a_cycle(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="EPN des Ursules", slug="epn-des-ursules")
    room = SpaceFactory(place=place, name="Salle EPN", slug="salle-epn", kind=Space.Kind.EPN)
    ResourceFactory(
        place=place, space=room, name="Salle EPN", slug="salle-epn", kind=Resource.Kind.EPN_ROOM
    )
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    monday = booking_monday()
    series, events, _skipped = event_services.series_create(
        place=place,
        by=concierge,
        data=event_services.EventInput(
            title="Cycle smartphone",
            kind=EventKind.WORKSHOP,
            start=dt.datetime.combine(monday, dt.time(10), tzinfo=PARIS),
            end=dt.datetime.combine(monday, dt.time(12), tzinfo=PARIS),
            space=room,
            capacity=8,
        ),
        every_weeks=1,
        count=4,
    )
    held, *coming = events
    # The first date has taken place: it stays as it was.
    yesterday = timezone.now() - dt.timedelta(days=1)
    Event.objects.filter(pk=held.pk).update(start=yesterday, end=yesterday + dt.timedelta(hours=2))
    register_guest(event=coming[0], guest=Guest("Monique Faure", email="monique@example.org"))
    register_guest(event=coming[0], guest=Guest("Jean Roux", phone="06 12 34 56 02"))
    register_guest(event=coming[1], guest=Guest("Lucie Perrin", email="lucie@example.org"))
    sent = len(mail.outbox)  # the confirmations of the two people with an email
    days = [monday + dt.timedelta(weeks=week) for week in (1, 2, 3)]

    log_in_with_password(page, axe, email=concierge.email)
    page.goto(f"/lieux/{place.slug}/agenda/gestion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events of EPN des Ursules")
    rows = page.locator("#event-rows tbody tr")
    expect(rows).to_have_count(3)
    axe(page)

    series_link = re.compile(r"^Cancel the series ?Cycle smartphone$")
    page.get_by_role("link", name=series_link).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel the series Cycle smartphone")
    dates = page.get_by_role("table", name="Dates to cancel")
    expect(dates.locator("tbody tr")).to_have_count(3)
    expect(dates.locator("tbody tr td:first-child")).to_have_text([when(day) for day in days])
    expect(dates.locator("tbody tr td:nth-child(2)")).to_have_text(["2", "1", "0"])
    expect(page.get_by_text("The dates already past stay as they were")).to_be_visible()
    # Jean gave only a phone number: no email will reach him, so the concierge calls him.
    expect(page.get_by_text("These people only gave a phone number: call them.")).to_be_visible()
    expect(page.get_by_role("link", name="+33612345602")).to_have_attribute(
        "href", "tel:+33612345602"
    )
    axe(page)
    assert not Event.objects.filter(status=Event.Status.CANCELLED).exists()
    assert mail.outbox[sent:] == []

    page.get_by_role("button", name="Cancel these dates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events of EPN des Ursules")
    expect(page.get_by_role("status")).to_have_text(
        "3 events of the series cancelled; the people registered are told."
    )
    expect(rows).to_have_count(3)
    for row in rows.all():
        expect(row).to_have_attribute("data-status", "cancelled")
        expect(row).to_contain_text("Cancelled")
    expect(page.get_by_role("link", name=re.compile(r"^Cancel"))).to_have_count(0)
    axe(page)

    # The date already held is untouched, among the past events.
    page.get_by_role("link", name="Past", exact=True).click()
    expect(page.get_by_role("heading", name="Past events")).to_be_visible()
    expect(page.locator(f"#event-{held.pk}")).to_have_attribute("data-status", "scheduled")
    axe(page)

    statuses = dict(Event.objects.filter(series=series).values_list("pk", "status"))
    assert statuses == {
        held.pk: Event.Status.SCHEDULED,
        **{event.pk: Event.Status.CANCELLED for event in coming},
    }
    rooms = Booking.objects.filter(event__in=coming).values_list("status", flat=True)
    assert list(rooms) == [Booking.Status.CANCELLED] * 3
    assert Booking.objects.get(event=held).status == Booking.Status.CONFIRMED
    told = sorted(address for message in mail.outbox[sent:] for address in message.to)
    assert told == ["lucie@example.org", "monique@example.org"]  # Jean is to be called
    assert all("Cycle smartphone" in message.subject for message in mail.outbox[sent:])
