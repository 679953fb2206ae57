"""The roster's pages: a permanent concierge plans shifts on the month, a concierge takes
one and offers it, another accepts it from the swap offers, the holder records the hours
of a shift over; others get 403; bad input a translated error and a 422, nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from comptoir.roster import services
from comptoir.roster.models import Assignment, Shift, ShiftPattern, Swap
from comptoir.roster.tests.factories import make_shift, next_weekday, past_shift

pytestmark = pytest.mark.django_db


def test_a_permanent_concierge_plans_shifts_on_the_month(
    place: Any, concierge: Any, login: Any
) -> None:
    client = login(concierge)
    day = next_weekday(4)
    response = client.post(
        reverse("roster:shift-create", args=[place.slug]),
        {"day": day.isoformat(), "start_time": "09:00", "end_time": "13:00", "capacity": "2"},
    )
    assert response.status_code == 302
    assert Shift.objects.get().capacity == 2
    response = client.post(
        reverse("roster:pattern-create", args=[place.slug]),
        {"weekday": "1", "start_time": "14:00", "end_time": "18:00", "capacity": "1"},
    )
    assert response.status_code == 302
    assert ShiftPattern.objects.count() == 1
    page = client.get(reverse("roster:month", args=[place.slug]), {"month": f"{day:%Y-%m}"})
    assert page.status_code == 200
    assert "Prendre ce créneau" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_time": "13:00", "end_time": "09:00"}, "se termine après"),
        ({"capacity": "0"}, "1"),
        ({"day": "2000-01-01"}, "aujourd"),
        ({"day": "pas une date"}, "date"),
    ],
)
def test_bad_shifts_are_a_422_and_save_nothing(
    place: Any, concierge: Any, login: Any, data: dict[str, str], message: str
) -> None:
    form = {
        "day": next_weekday(2).isoformat(),
        "start_time": "09:00",
        "end_time": "12:00",
        "capacity": "1",
    } | data
    response = login(concierge).post(reverse("roster:shift-create", args=[place.slug]), form)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Shift.objects.exists()


def test_members_and_occasional_concierges_do_not_plan(
    place: Any, nomad: Any, occasional_concierge: Any, login: Any
) -> None:
    url = reverse("roster:shift-create", args=[place.slug])
    data = {"day": next_weekday(2).isoformat(), "start_time": "09:00", "end_time": "12:00"}
    assert login(occasional_concierge).post(url, data).status_code == 403
    assert login(nomad).get(reverse("roster:month", args=[place.slug])).status_code == 403
    assert (
        login(occasional_concierge).get(reverse("roster:month", args=[place.slug])).status_code
        == 200
    )


def test_a_concierge_takes_a_shift_offers_it_and_another_accepts(
    place: Any, concierge: Any, occasional_concierge: Any, nomad: Any, login: Any
) -> None:
    shift = make_shift(place, concierge)
    claire = login(concierge)
    assert claire.post(reverse("roster:shift-take", args=[shift.pk])).status_code == 302
    assignment = Assignment.objects.get()
    assert login(nomad).post(reverse("roster:shift-take", args=[shift.pk])).status_code == 403
    mine = claire.get(reverse("roster:mine"))
    assert "Proposer un échange" in mine.content.decode()
    claire.post(reverse("roster:swap-offer", args=[assignment.pk]), {"note": "Rendez-vous"})
    swap = Swap.objects.get()
    paul = login(occasional_concierge)
    offers = paul.get(reverse("roster:swaps"))
    assert "Rendez-vous" in offers.content.decode()
    assert login(nomad).post(reverse("roster:swap-accept", args=[swap.pk])).status_code == 403
    assert paul.post(reverse("roster:swap-accept", args=[swap.pk])).status_code == 302
    assert Assignment.objects.get().person_id == occasional_concierge.pk
    assert paul.post(reverse("roster:swap-offer", args=[assignment.pk])).status_code == 302
    assert claire.post(reverse("roster:swap-offer", args=[assignment.pk])).status_code == 403


def test_the_holder_records_the_hours_of_a_shift_over(
    place: Any, concierge: Any, occasional_concierge: Any, login: Any
) -> None:
    assignment = Assignment.objects.create(shift=past_shift(place), person=concierge, slot=1)
    url = reverse("roster:hours", args=[assignment.pk])
    assert login(occasional_concierge).post(url).status_code == 403
    assert login(concierge).post(url).status_code == 302
    assignment.refresh_from_db()
    assert assignment.contribution is not None
    assert login(concierge).get(reverse("roster:mine")).status_code == 200


def test_the_month_keeps_its_query_count(
    place: Any, concierge: Any, occasional_concierge: Any, login: Any,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    services.pattern_create(
        place=place,
        weekday=1,
        start_time=dt.time(9),
        end_time=dt.time(13),
        capacity=2,
        by=concierge,
    )
    for shift in Shift.objects.all()[:6]:
        services.shift_take(shift=shift, by=concierge)
        assignment = services.shift_take(shift=shift, by=occasional_concierge)
        services.swap_offer(assignment=assignment, by=occasional_concierge)
    client, paul = login(concierge), login(occasional_concierge)
    month = next_weekday(1)
    with django_assert_max_num_queries(12):
        assert (
            client.get(
                reverse("roster:month", args=[place.slug]), {"month": f"{month:%Y-%m}"}
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("roster:mine")).status_code == 200
    with django_assert_max_num_queries(12):
        assert paul.get(reverse("roster:swaps")).status_code == 200
