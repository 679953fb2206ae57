"""Bookings follow the place's public holidays (`PH off`): no free slot, no booking, no
bookable cell on Christmas Day, 1 May or 14 July; an ordinary day is unchanged. Each
holiday is checked against the `holidays` package's French calendar."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from django.urls import reverse

from comptoir.bookings.availability import free_slots
from comptoir.bookings.exceptions import OutsideOpeningHours
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import at, book, member, refused
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

HOURS = "Mo-Fr 09:00-18:00; Sa 10:00-13:00; PH off"
CHRISTMAS = dt.date(2026, 12, 25)  # a Friday
LABOUR_DAY = dt.date(2027, 5, 1)  # a Saturday
BASTILLE_DAY = dt.date(2027, 7, 14)  # a Wednesday
ORDINARY_DAY = dt.date(2027, 7, 15)  # a Thursday
HOLIDAYS = [CHRISTMAS, LABOUR_DAY, BASTILLE_DAY]


@pytest.fixture
def place():
    return PlaceFactory(opening_hours=HOURS)


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, name="Salle Jaune", slot_minutes=30)


def day_slots(room, day):
    return free_slots(room, at(day, 0), at(day + dt.timedelta(days=1), 0))


def test_the_days_are_french_public_holidays_or_not():
    french = holidays.country_holidays("FR", years=[2026, 2027])
    assert all(day in french for day in HOLIDAYS)
    assert ORDINARY_DAY not in french


@pytest.mark.parametrize("day", HOLIDAYS)
def test_the_meeting_room_offers_no_slot_on_a_public_holiday(room, day):
    assert day_slots(room, day) == []


def test_the_meeting_room_offers_its_usual_slots_on_an_ordinary_day(room):
    slots = day_slots(room, ORDINARY_DAY)

    assert (slots[0].start, slots[-1].end, len(slots)) == (
        at(ORDINARY_DAY, 9),
        at(ORDINARY_DAY, 18),
        18,
    )
    # The next Saturday after 1 May that is no holiday keeps its morning.
    assert len(day_slots(room, dt.date(2027, 5, 15))) == 6


def test_a_week_with_a_holiday_loses_that_day_only(room):
    slots = free_slots(room, at(dt.date(2026, 12, 21), 0), at(dt.date(2026, 12, 28), 0))

    days = sorted({slot.start.date() for slot in slots})
    assert CHRISTMAS not in days
    assert days == [dt.date(2026, 12, d) for d in (21, 22, 23, 24, 26)]


@pytest.mark.parametrize("day", HOLIDAYS)
def test_booking_on_a_public_holiday_is_refused(room, place, day):
    person = member(place)
    with refused(OutsideOpeningHours, field="start"):
        book(room, person, at(day, 10), at(day, 11), now=at(day - dt.timedelta(days=3), 12))


def test_booking_on_an_ordinary_day_is_accepted(room, place):
    person = member(place)
    booking = book(
        room, person, at(ORDINARY_DAY, 10), now=at(ORDINARY_DAY - dt.timedelta(days=3), 12)
    )

    assert booking.pk is not None


def test_the_place_day_page_offers_nothing_bookable_on_christmas(login, place, room):
    client = login(member(place))
    url = reverse("bookings:place-day", args=[place.slug])

    christmas = client.get(f"{url}?jour={CHRISTMAS.isoformat()}")
    eve = client.get(f"{url}?jour={(CHRISTMAS - dt.timedelta(days=1)).isoformat()}")

    assert christmas.status_code == eve.status_code == 200
    assert not any(c.bookable for row in christmas.context["grid"].rows for c in row.cells)
    assert any(c.bookable for row in eve.context["grid"].rows for c in row.cells)


def test_the_public_availability_api_offers_no_slot_on_christmas(client, room):
    span = {"start": at(CHRISTMAS, 0).isoformat(), "end": at(CHRISTMAS, 23).isoformat()}

    response = client.get(f"/api/v1/resources/{room.pk}/availability", span)

    assert response.status_code == 200, response.content
    assert response.json()["slots"] == []
