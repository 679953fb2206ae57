from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.models import Role

pytestmark = pytest.mark.django_db


def url(room, week: str | None = None) -> str:
    path = reverse("bookings:resource-week", args=[room.place.slug, room.slug])
    return f"{path}?semaine={week}" if week else path


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def test_anonymous_visitors_are_sent_to_log_in(client, room):
    response = client.get(url(room))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unknown_place_or_resource_is_404(login, resident, room):
    client = login(resident)
    assert (
        client.get(reverse("bookings:resource-week", args=["nowhere", room.slug])).status_code
        == 404
    )
    assert (
        client.get(reverse("bookings:resource-week", args=[room.place.slug, "nothing"])).status_code
        == 404
    )


def test_an_inactive_resource_is_404(login, resident, place):
    hidden = ResourceFactory(place=place, is_active=False)
    assert login(resident).get(url(hidden)).status_code == 404


@pytest.mark.parametrize("week", ["2026-13", "abc", "2026-W60", "-W1"])
def test_a_bad_week_is_400_with_a_message(login, resident, room, week):
    response = login(resident).get(url(room, week))
    assert response.status_code == 400
    assert week in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_it_shows_the_week_as_an_accessible_table(login, resident, room):
    response = login(resident).get(url(room, week_of(MONDAY)))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<table" in body and "<caption" in body
    assert '<th scope="col">' in body and '<th scope="row">09:00</th>' in body
    assert '<th scope="row">17:30</th>' in body and '<th scope="row">18:00</th>' not in body
    grid = response.context["grid"]
    assert grid.columns[0] == MONDAY and len(grid.columns) == 7
    # Free slots are links to the booking form, prefilled with the slot for the resource's
    # usual length (an hour by default, issue 14: it was the shortest, 30 minutes).
    book_url = reverse("bookings:book", args=[room.place.slug, room.slug])
    assert f"{book_url}?debut={MONDAY:%Y-%m-%d}T09:00&amp;fin={MONDAY:%Y-%m-%d}T10:00" in body
    # Saturday is closed: no link for it.
    saturday = MONDAY + dt.timedelta(days=5)
    assert f"debut={saturday:%Y-%m-%d}" not in body


def test_others_bookings_show_without_names_and_mine_are_marked(login, resident, room, place):
    other = member(place, Role.RESIDENT, first_name="Zoé", last_name="Secrète")
    book(room, other, at(MONDAY, 10))
    book(room, resident, at(MONDAY, 14))
    response = login(resident).get(url(room, week_of(MONDAY)))
    body = response.content.decode()
    assert "Secrète" not in body
    states = {row.label: row.cells[0].state for row in response.context["grid"].rows}
    assert states["10:00"] == states["10:30"] == "booked"
    assert states["14:00"] == "mine"
    assert states["11:00"] == "free"
    assert "slot-booked" in body and "slot-mine" in body


def test_concierges_see_who_booked(login, concierge, resident, room):
    book(room, resident, at(MONDAY, 10))
    body = login(concierge).get(url(room, week_of(MONDAY))).content.decode()
    assert "Rita Résidente" in body


def test_previous_and_next_weeks_work_with_and_without_htmx(login, resident, room, htmx):
    client = login(resident)
    body = client.get(url(room, week_of(MONDAY))).content.decode()
    following = week_of(MONDAY + dt.timedelta(days=7))
    assert f'href="{url(room, following)}"' in body
    assert f'hx-get="{url(room, following)}"' in body
    partial = client.get(url(room, following), **htmx).content.decode()
    assert partial.lstrip().startswith('<section id="week-grid"')
    assert "<html" not in partial


def test_no_week_means_this_week(login, resident, room):
    response = login(resident).get(url(room))
    assert response.status_code == 200
    assert response.context["monday"].weekday() == 0


@pytest.mark.parametrize("count", [2, 12])
def test_query_count_is_pinned(login, place, room, django_assert_num_queries, count):
    people = [member(place, Role.RESIDENT) for _ in range(count)]
    for n, person in enumerate(people):
        book(room, person, at(MONDAY + dt.timedelta(days=n % 5), 9 + n // 5))
    client = login(people[0])
    with django_assert_num_queries(6):
        response = client.get(url(room, week_of(MONDAY)))
    assert response.status_code == 200


def test_a_desk_area_shows_the_places_left(login, resident, place):
    desks = ResourceFactory(place=place, kind="desk", capacity=3, slug="open-space")
    other = member(place, Role.RESIDENT)
    book(desks, other, at(MONDAY, 10))
    response = login(resident).get(url(desks, week_of(MONDAY)))
    cells = {row.label: row.cells[0] for row in response.context["grid"].rows}
    assert cells["10:00"].state == "free" and cells["10:00"].left == 2
    assert cells["11:00"].left == 3
