"""build_calendar: one VEVENT per booking, UTC times, stable UIDs, privacy when public."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from comptoir.bookings.calendars import booking_uid, build_calendar, to_ics
from comptoir.bookings.models import Booking

from .conftest import events, make_booking, monday

pytestmark = pytest.mark.django_db


def test_each_booking_is_an_event_in_utc_with_a_stable_uid(
    room: Any, booker: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://tiers-lieu.example"
    booking = make_booking(room, booker, monday(10), title="Point projet KoDeal")

    body = to_ics(build_calendar([booking], name="Test", public=False))

    assert body.startswith(b"BEGIN:VCALENDAR")
    (event,) = events(body)
    assert str(event["UID"]) == booking_uid(booking) == f"booking-{booking.pk}@tiers-lieu.example"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == booking.start and end == booking.end
    assert start.utcoffset() == dt.timedelta(0)
    assert b"DTSTART:" in body and b"Z\r\n" in body  # written as UTC, no TZID
    assert str(event["SUMMARY"]) == "Salle Jaune — Point projet KoDeal"
    assert room.place.name in str(event["LOCATION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_cancelled_bookings_are_marked_in_private_and_left_out_in_public(
    room: Any, booker: Any
) -> None:
    kept = make_booking(room, booker, monday(9))
    cancelled = make_booking(room, booker, monday(11), status=Booking.Status.CANCELLED)

    private = events(to_ics(build_calendar([kept, cancelled], name="x", public=False)))
    public = events(to_ics(build_calendar([kept, cancelled], name="x", public=True)))

    assert {str(e["UID"]): str(e["STATUS"]) for e in private} == {
        booking_uid(kept): "CONFIRMED",
        booking_uid(cancelled): "CANCELLED",
    }
    assert [str(e["UID"]) for e in public] == [booking_uid(kept)]


def test_the_public_variant_says_nothing_about_the_booker(room: Any, booker: Any) -> None:
    booking = make_booking(room, booker, monday(14), title="Entretien confidentiel Rosa")

    body = to_ics(build_calendar([booking], name="Salle Jaune", public=True))

    (event,) = events(body)
    assert str(event["SUMMARY"]) == "Salle Jaune"
    for secret in (b"Rosa", b"Garcia", b"rosa@example.org", b"confidentiel"):
        assert secret not in body
    assert "ATTENDEE" not in event and "ORGANIZER" not in event and "DESCRIPTION" not in event


def test_an_empty_calendar_is_still_valid() -> None:
    body = to_ics(build_calendar([], name="Rien", public=True))

    assert body.startswith(b"BEGIN:VCALENDAR") and b"VERSION:2.0" in body
    assert events(body) == []


def test_uids_are_unique_and_built_from_the_site_domain(
    room: Any, booker: Any, settings: Any
) -> None:
    """Two installations never share a UID: each is built from its own SITE_URL host."""
    bookings = [make_booking(room, booker, monday(hour)) for hour in (9, 11, 14)]

    settings.SITE_URL = "https://tiers-lieu.example"
    here = [str(e["UID"]) for e in events(to_ics(build_calendar(bookings, name="x", public=True)))]
    settings.SITE_URL = "http://Autre.Example:8000/app"
    there = [str(e["UID"]) for e in events(to_ics(build_calendar(bookings, name="x", public=True)))]

    assert len(set(here)) == len(here) == 3
    assert all(uid.endswith("@tiers-lieu.example") for uid in here)
    assert all(uid.endswith("@autre.example") for uid in there)
    assert not set(here) & set(there)
