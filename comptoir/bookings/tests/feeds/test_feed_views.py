"""The feeds over HTTP: parsed back with icalendar, private data kept private, 404s, and a
query count that does not grow with the number of bookings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptoir.bookings.calendars import booking_uid
from comptoir.bookings.feed_services import calendar_feed_create, calendar_feed_revoke
from comptoir.bookings.models import Booking
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.places.tests.factories import PlaceFactory

from .conftest import events, make_booking, monday

pytestmark = pytest.mark.django_db


def resource_url(resource: Any) -> str:
    return reverse(
        "booking_feeds:resource-feed",
        kwargs={"slug": resource.place.slug, "resource_slug": resource.slug},
    )


def person_url(secret: str) -> str:
    return reverse("booking_feeds:person-feed", kwargs={"secret": secret})


def test_the_urls_are_the_ones_announced(room: Any) -> None:
    assert resource_url(room) == f"/lieux/{room.place.slug}/reservations/salle-jaune.ics"
    assert person_url("abc_DEF-123") == "/calendrier/abc_DEF-123.ics"


def test_the_public_feed_lists_busy_slots_without_names(room: Any, booker: Any) -> None:
    busy = make_booking(room, booker, monday(10), title="Réunion secrète de Rosa")
    make_booking(room, booker, monday(14), status=Booking.Status.CANCELLED)
    other_room = ResourceFactory(place=room.place)
    make_booking(other_room, booker, monday(10))

    response = Client().get(resource_url(room))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = events(response.content)
    assert str(event["UID"]) == booking_uid(busy)
    assert event.decoded("DTSTART") == busy.start
    assert event.decoded("DTEND") == busy.end
    assert str(event["SUMMARY"]) == "Salle Jaune"
    assert room.place.name in str(event["LOCATION"])
    for private in (b"Rosa", b"Garcia", b"rosa@example.org", "secrète".encode()):
        assert private not in response.content


def test_the_public_feed_of_an_unknown_or_inactive_resource_is_404(room: Any) -> None:
    client = Client()
    assert client.get(f"/lieux/{room.place.slug}/reservations/nope.ics").status_code == 404
    elsewhere = PlaceFactory()
    assert client.get(f"/lieux/{elsewhere.slug}/reservations/salle-jaune.ics").status_code == 404
    room.is_active = False
    room.save(update_fields=["is_active"])
    assert client.get(resource_url(room)).status_code == 404


def test_the_private_feed_shows_the_person_s_bookings_with_titles_and_cancellations(
    room: Any, booker: Any, person: Any
) -> None:
    mine = make_booking(room, booker, monday(9), title="Point projet")
    cancelled = make_booking(room, booker, monday(11), status=Booking.Status.CANCELLED)
    make_booking(room, person, monday(15), title="Pas à moi")
    _feed, secret = calendar_feed_create(person=booker, by=booker)

    response = Client().get(person_url(secret))

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    found = {str(e["UID"]): e for e in events(response.content)}
    assert set(found) == {booking_uid(mine), booking_uid(cancelled)}
    assert str(found[booking_uid(mine)]["SUMMARY"]) == "Salle Jaune — Point projet"
    assert str(found[booking_uid(cancelled)]["STATUS"]) == "CANCELLED"
    assert "Pas à moi".encode() not in response.content


def test_a_revoked_or_unknown_secret_is_404(booker: Any) -> None:
    feed, secret = calendar_feed_create(person=booker, by=booker)
    client = Client()
    assert client.get(person_url(secret)).status_code == 200

    calendar_feed_revoke(feed=feed, by=booker)

    assert client.get(person_url(secret)).status_code == 404
    assert client.get(person_url("not-a-secret")).status_code == 404
    # The stored hash is not a key to the feed either.
    assert client.get(person_url(feed.secret_hash)).status_code == 404


def test_old_bookings_fall_out_of_the_feeds(room: Any, booker: Any) -> None:
    old = Booking.objects.create(
        resource=room,
        person=booker,
        start=monday(9) - dt.timedelta(days=400),
        end=monday(10) - dt.timedelta(days=400),
    )
    _feed, secret = calendar_feed_create(person=booker, by=booker)

    for url in (resource_url(room), person_url(secret)):
        uids = {str(e["UID"]) for e in events(Client().get(url).content)}
        assert booking_uid(old) not in uids


def count_queries(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_feeds_take_a_fixed_number_of_queries(room: Any, booker: Any) -> None:
    _feed, secret = calendar_feed_create(person=booker, by=booker)
    second = ResourceFactory(place=room.place)
    make_booking(room, booker, monday(9))
    few = (count_queries(resource_url(room)), count_queries(person_url(secret)))

    for day in range(1, 15):
        start = monday(9) + dt.timedelta(days=day)
        make_booking(room, booker, start)
        make_booking(second, booker, start + dt.timedelta(hours=2))

    many = (count_queries(resource_url(room)), count_queries(person_url(secret)))
    assert many == few
    assert max(many) <= 3


def test_a_new_booking_shows_at_once_in_the_cached_public_feed(room: Any, booker: Any) -> None:
    make_booking(room, booker, monday(9))
    first = Client().get(resource_url(room)).content
    assert len(events(first)) == 1
    assert Client().get(resource_url(room)).content == first  # served from the cache
    make_booking(room, booker, monday(14))
    assert len(events(Client().get(resource_url(room)).content)) == 2
