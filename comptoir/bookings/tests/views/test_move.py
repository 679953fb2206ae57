from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.bookings.models import Booking
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.models import Role

pytestmark = pytest.mark.django_db

DAY = f"{MONDAY:%Y-%m-%d}"


def url(booking) -> str:
    return reverse("bookings:move", args=[booking.pk])


def slot(start: str = "14:00", end: str = "15:00", **extra: str) -> dict[str, str]:
    return {"start": f"{DAY}T{start}", "end": f"{DAY}T{end}", **extra}


def test_the_form_shows_the_booking_and_its_time(login, resident, room):
    booking = book(room, resident, at(MONDAY, 10))
    response = login(resident).get(url(booking))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'value="{DAY}T10:00"' in body and f'value="{DAY}T11:00"' in body
    assert "<label" in body


def test_my_bookings_links_to_move_until_the_deadline(login, resident, room):
    booking = book(room, resident, at(MONDAY, 10))
    late = Booking.objects.create(
        resource=room,
        person=resident,
        start=timezone.now() + dt.timedelta(minutes=30),
        end=timezone.now() + dt.timedelta(minutes=90),
    )
    body = login(resident).get(reverse("bookings:my-bookings")).content.decode()
    assert f'href="{url(booking)}"' in body
    assert f'href="{url(late)}"' not in body


def test_the_first_step_shows_the_new_price_and_moves_nothing(login, resident, room):
    room.hourly_price_cents = 1200
    room.save()
    booking = book(room, resident, at(MONDAY, 10))
    response = login(resident).post(url(booking), slot("14:00", "15:30"))
    assert response.status_code == 200
    assert response.context["quote"].price_cents == 1800
    body = response.content.decode()
    assert "18,00" in body and 'name="confirm" value="on"' in body
    booking.refresh_from_db()
    assert booking.start == at(MONDAY, 10)


def test_confirming_moves_the_booking(login, resident, room):
    booking = book(room, resident, at(MONDAY, 10))
    response = login(resident).post(url(booking), slot(confirm="on"))
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:my-bookings")
    booking.refresh_from_db()
    assert (booking.start, booking.end) == (at(MONDAY, 14), at(MONDAY, 15))


@pytest.mark.parametrize(
    "data",
    [
        slot("15:00", "14:00"),  # end before start
        {"start": "plus tard", "end": f"{DAY}T15:00"},  # not a date
        slot("19:00", "20:00"),  # outside opening hours (a rule)
        slot("14:10", "15:00"),  # not on a slot (a rule)
    ],
)
@pytest.mark.parametrize("confirm", ["", "on"])
def test_bad_input_is_422_and_nothing_moves(login, resident, room, data, confirm):
    booking = book(room, resident, at(MONDAY, 10))
    response = login(resident).post(url(booking), {**data, "confirm": confirm})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == at(MONDAY, 10)


def test_a_taken_slot_is_409(login, resident, room, place):
    booking = book(room, resident, at(MONDAY, 10))
    book(room, member(place, Role.RESIDENT), at(MONDAY, 14))
    for confirm in ("", "on"):
        response = login(resident).post(url(booking), slot(confirm=confirm))
        assert response.status_code == 409
    booking.refresh_from_db()
    assert booking.start == at(MONDAY, 10)


def test_too_late_to_move_is_409(login, resident, room):
    start = timezone.now() + dt.timedelta(minutes=30)
    booking = Booking.objects.create(
        resource=room, person=resident, start=start, end=start + dt.timedelta(hours=1)
    )
    response = login(resident).post(url(booking), slot(confirm="on"))
    assert response.status_code == 409
    booking.refresh_from_db()
    assert booking.start == start


def test_someone_elses_booking_is_404(login, resident, room, place):
    booking = book(room, resident, at(MONDAY, 10))
    stranger = login(member(place, Role.RESIDENT))
    assert stranger.get(url(booking)).status_code == 404
    assert stranger.post(url(booking), slot(confirm="on")).status_code == 404
    assert stranger.get(reverse("bookings:move", args=[999999])).status_code == 404
    booking.refresh_from_db()
    assert booking.start == at(MONDAY, 10)


def test_anonymous_visitors_are_sent_to_log_in(client, resident, room):
    booking = book(room, resident, at(MONDAY, 10))
    for response in (client.get(url(booking)), client.post(url(booking), slot(confirm="on"))):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    booking.refresh_from_db()
    assert booking.start == at(MONDAY, 10)


@pytest.mark.parametrize("others", [1, 8])
def test_query_count_is_pinned(login, resident, room, place, django_assert_num_queries, others):
    for n in range(others):
        book(room, member(place, Role.RESIDENT), at(MONDAY + dt.timedelta(days=1 + n % 4), 9 + n))
    booking = book(room, resident, at(MONDAY, 10))
    client = login(resident)
    # Session, person, the booking with its resource and place.
    with django_assert_num_queries(3):
        assert client.get(url(booking)).status_code == 200
