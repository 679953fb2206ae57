from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from comptoir.bookings.models import Booking, BookingSeries
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.models import Role

pytestmark = pytest.mark.django_db

DAY = f"{MONDAY:%Y-%m-%d}"
IN_TWO_WEEKS = MONDAY + dt.timedelta(weeks=2)


def url(resource) -> str:
    return reverse("bookings:book", args=[resource.place.slug, resource.slug])


def form(weeks: str = "1", until: dt.date = IN_TWO_WEEKS, **extra: str) -> dict[str, str]:
    return {
        "start": f"{DAY}T10:00",
        "end": f"{DAY}T11:00",
        "title": "",
        "repeat_weeks": weeks,
        "repeat_until": f"{until:%Y-%m-%d}",
        **extra,
    }


def test_the_form_has_an_optional_repeat_section(login, resident, room):
    body = login(resident).get(url(room)).content.decode()
    assert "<fieldset" in body and "<legend" in body
    assert 'name="repeat_weeks"' in body and 'name="repeat_until"' in body


def test_the_preview_lists_each_date_with_its_problem(login, resident, room, place):
    room.hourly_price_cents = 1000
    room.save()
    book(room, member(place, Role.RESIDENT), at(MONDAY + dt.timedelta(weeks=1), 10))
    response = login(resident).post(url(room), form())
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [o.start for o in preview] == [at(MONDAY + dt.timedelta(weeks=n), 10) for n in range(3)]
    assert [o.is_free for o in preview] == [True, False, True]
    assert response.context["quote"].price_cents == 1000
    body = response.content.decode()
    assert "<caption" in body and preview[1].problem in body.replace("&#x27;", "'")
    assert 'name="confirm" value="on"' in body
    assert Booking.objects.count() == 1 and not BookingSeries.objects.exists()


def test_confirming_books_the_free_dates_and_says_which_not(login, resident, room, place):
    book(room, member(place, Role.RESIDENT), at(MONDAY + dt.timedelta(weeks=1), 10))
    client = login(resident)
    response = client.post(url(room), form(confirm="on"), follow=True)
    mine = Booking.objects.filter(person=resident).order_by("start")
    assert [b.start for b in mine] == [at(MONDAY, 10), at(IN_TWO_WEEKS, 10)]
    assert all(b.series is not None for b in mine)
    text = " ".join(str(m) for m in response.context["messages"])
    assert "2" in text and "1" in text


@pytest.mark.parametrize(
    "data",
    [
        form(weeks="0"),  # at least every week
        form(weeks="x"),
        form(until=MONDAY - dt.timedelta(days=1)),  # before the first date
        form(until=MONDAY + dt.timedelta(weeks=60)),  # too many dates
        {**form(), "repeat_until": ""},  # interval without a last date
        {**form(), "repeat_weeks": ""},  # last date without an interval
        form(title="Réunion"),  # a series has no title
    ],
)
@pytest.mark.parametrize("confirm", ["", "on"])
def test_bad_repeat_input_is_422_and_nothing_saved(login, resident, room, data, confirm):
    response = login(resident).post(url(room), {**data, "confirm": confirm})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert not Booking.objects.exists() and not BookingSeries.objects.exists()


def test_without_repeat_it_books_once(login, resident, room):
    data = {**form(confirm="on"), "repeat_weeks": "", "repeat_until": ""}
    assert login(resident).post(url(room), data).status_code == 302
    assert Booking.objects.count() == 1 and not BookingSeries.objects.exists()


def test_a_repeated_booking_with_a_title_is_refused_on_the_title_field(login, resident, room):
    response = login(resident).post(url(room), form(title="Réunion"))
    assert response.status_code == 422
    assert "title" in response.context["form"].errors
