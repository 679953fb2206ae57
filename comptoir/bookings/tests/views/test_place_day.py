from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.models import Role

pytestmark = pytest.mark.django_db


def url(place, day: dt.date | str | None = None) -> str:
    path = reverse("bookings:place-day", args=[place.slug])
    return f"{path}?jour={day}" if day else path


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unknown_place_is_404(login, resident):
    assert login(resident).get(reverse("bookings:place-day", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("day", ["2026-02-30", "demain", "2026-W10"])
def test_a_bad_day_is_400_with_a_message(login, resident, place, day):
    response = login(resident).get(url(place, day))
    assert response.status_code == 400
    assert day in response.content.decode()


def test_it_lists_the_resources_with_links_to_their_week(login, resident, place, room, laser):
    response = login(resident).get(url(place, MONDAY.isoformat()))
    assert response.status_code == 200
    body = response.content.decode()
    for resource in (room, laser):
        assert reverse("bookings:resource-week", args=[place.slug, resource.slug]) in body
    assert '<th scope="row"><a' in body and '<th scope="col">09:00</th>' in body
    assert [row.resource for row in response.context["grid"].rows] == [laser, room]


def test_it_shows_the_slots_of_each_resource(login, resident, place, room):
    other = member(place, Role.RESIDENT, last_name="Secrète")
    book(room, other, at(MONDAY, 10))
    response = login(resident).get(url(place, MONDAY.isoformat()))
    body = response.content.decode()
    assert "Secrète" not in body
    cells = {cell.start: cell for cell in response.context["grid"].rows[0].cells}
    assert cells[at(MONDAY, 10)].state == "booked"
    assert cells[at(MONDAY, 11)].state == "free" and cells[at(MONDAY, 11)].bookable
    book_url = reverse("bookings:book", args=[place.slug, room.slug])
    assert f"{book_url}?debut={MONDAY:%Y-%m-%d}T11:00" in body


def test_a_closed_day_offers_nothing(login, resident, place, room):
    saturday = MONDAY + dt.timedelta(days=5)
    response = login(resident).get(url(place, saturday.isoformat()))
    assert response.status_code == 200
    assert not any(cell.bookable for row in response.context["grid"].rows for cell in row.cells)


def test_concierges_see_names(login, concierge, resident, place, room):
    book(room, resident, at(MONDAY, 10))
    assert "Rita Résidente" in login(concierge).get(url(place, MONDAY.isoformat())).content.decode()


def test_htmx_gets_the_day_grid(login, resident, place, room, htmx):
    client = login(resident)
    body = client.get(url(place, MONDAY.isoformat())).content.decode()
    tuesday = (MONDAY + dt.timedelta(days=1)).isoformat()
    assert f'hx-get="{url(place, tuesday)}"' in body
    partial = client.get(url(place, tuesday), **htmx).content.decode()
    assert partial.lstrip().startswith('<section id="day-grid"')


@pytest.mark.parametrize("count", [2, 10])
def test_query_count_is_pinned(login, place, django_assert_num_queries, count):
    resources = [ResourceFactory(place=place) for _ in range(count)]
    person = member(place, Role.RESIDENT)
    for n, resource in enumerate(resources):
        book(resource, person, at(MONDAY, 9 + n % 8))
    client = login(person)
    with django_assert_num_queries(6):
        response = client.get(url(place, MONDAY.isoformat()))
    assert response.status_code == 200
