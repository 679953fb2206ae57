from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from comptoir.bookings.models import Booking
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.models import Role

pytestmark = pytest.mark.django_db


def url() -> str:
    return reverse("bookings:my-bookings")


def cancel_url(booking) -> str:
    return reverse("bookings:cancel", args=[booking.pk])


def raw_booking(resource, person, start: dt.datetime, hours: int = 1) -> Booking:
    """A booking written directly (past or close bookings the rules would refuse now)."""
    return Booking.objects.create(
        resource=resource, person=person, start=start, end=start + dt.timedelta(hours=hours)
    )


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(url())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_lists_my_upcoming_bookings_with_a_cancel_button(login, resident, room, place):
    mine = book(room, resident, at(MONDAY, 10), title="Atelier vélo")
    other = member(place, Role.RESIDENT)
    book(room, other, at(MONDAY, 14), title="Pas à moi")
    response = login(resident).get(url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Atelier vélo" in body and "Pas à moi" not in body
    assert f'action="{cancel_url(mine)}"' in body
    assert [row.booking for row in response.context["rows"]] == [mine]


def test_the_refund_is_shown(login, resident, room):
    room.hourly_price_cents = 1500
    room.save()
    book(room, resident, at(MONDAY, 10))
    response = login(resident).get(url())
    row = response.context["rows"][0]
    assert row.can_cancel and row.refund_cents == 1500
    assert "15,00" in response.content.decode()


def test_past_bookings_are_listed_apart(login, resident, room):
    old = raw_booking(room, resident, timezone.now() - dt.timedelta(days=3))
    book(room, resident, at(MONDAY, 10))
    client = login(resident)
    assert [r.booking for r in client.get(url()).context["rows"]] != [old]
    response = client.get(url(), {"vue": "passees"})
    assert [row.booking for row in response.context["rows"]] == [old]
    assert cancel_url(old) not in response.content.decode()


@override_settings(COMPTOIR_PAGE_SIZE=2)
def test_it_is_paginated_and_htmx_gets_the_rows(login, resident, room, htmx):
    for hour in (9, 10, 11, 13, 14):
        book(room, resident, at(MONDAY, hour))
    client = login(resident)
    assert 'rel="next"' in client.get(url()).content.decode()
    partial = client.get(url(), {"page": 3}, **htmx).content.decode()
    assert partial.lstrip().startswith('<section id="booking-rows"')
    assert 'rel="prev"' in partial


def test_cancelling_my_booking(login, resident, room):
    booking = book(room, resident, at(MONDAY, 10))
    response = login(resident).post(cancel_url(booking))
    assert response.status_code == 302
    assert response["Location"] == url()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_cancelling_needs_a_post_and_a_login(client, login, resident, room):
    booking = book(room, resident, at(MONDAY, 10))
    assert login(resident).get(cancel_url(booking)).status_code == 405
    response = client.post(cancel_url(booking))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_others_bookings_are_404(login, resident, room, place):
    booking = book(room, resident, at(MONDAY, 10))
    stranger = member(place, Role.RESIDENT)
    assert login(stranger).post(cancel_url(booking)).status_code == 404
    assert login(stranger).post(reverse("bookings:cancel", args=[999999])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_concierges_may_cancel_bookings_of_their_place(login, concierge, resident, room):
    booking = book(room, resident, at(MONDAY, 10))
    assert login(concierge).post(cancel_url(booking)).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_too_late_to_cancel_is_409(login, resident, room):
    booking = raw_booking(room, resident, timezone.now() + dt.timedelta(minutes=30))
    response = login(resident).get(url())
    assert not response.context["rows"][0].can_cancel
    response = login(resident).post(cancel_url(booking))
    assert response.status_code == 409
    assert 'role="alert"' in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancelling_twice_is_409(login, resident, room):
    booking = book(room, resident, at(MONDAY, 10))
    client = login(resident)
    client.post(cancel_url(booking))
    assert client.post(cancel_url(booking)).status_code == 409


@pytest.mark.parametrize("count", [2, 12])
def test_query_count_is_pinned(login, resident, place, django_assert_num_queries, count):
    for n in range(count):
        resource = ResourceFactory(place=place, hourly_price_cents=1000)
        book(resource, resident, at(MONDAY + dt.timedelta(days=n % 5), 9 + n // 5))
    client = login(resident)
    # Session, person, count and page of bookings, the waitlist, the calendar addresses.
    with django_assert_num_queries(6):
        response = client.get(url())
    assert len(response.context["rows"]) == count
