"""The presence history draws a chart: a person's visits per month (one aggregated query),
a structure's visits and people per month (from the table's rows), each with its table."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.presence import selectors
from comptoir.presence.models import Visit

pytestmark = pytest.mark.django_db


def visit(person: Any, place: Any, day: date) -> Visit:
    at = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10))
    return Visit.objects.create(
        person=person, place=place, day=day, checked_in_at=at, checked_out_at=at, access="override"
    )


def test_visits_per_month_lists_every_month(nomad: Any, place: Any) -> None:
    today = date(2026, 6, 15)
    visit(nomad, place, date(2026, 6, 1))
    visit(nomad, place, date(2026, 6, 2))
    visit(nomad, place, date(2026, 1, 20))
    visit(nomad, place, date(2025, 6, 30))  # thirteen months ago: left out
    months = selectors.visits_per_month_of_person(person=nomad, today=today)
    assert len(months) == 12 and months[0] == (date(2025, 7, 1), 0)
    assert dict(months)[date(2026, 6, 1)] == 2 and dict(months)[date(2026, 1, 1)] == 1


def test_visits_per_day_of_places_in_one_query(
    nomad: Any, place: Any, sister_place: Any, django_assert_num_queries: Any
) -> None:
    today = date(2026, 6, 15)
    visit(nomad, place, date(2026, 6, 15))
    visit(nomad, sister_place, date(2026, 6, 2))
    with django_assert_num_queries(1):
        days = selectors.visits_per_day_of_places(
            place_ids=[place.pk, sister_place.pk], days=14, today=today
        )
    assert [n for _d, n in days[place.pk]][-1] == 1
    assert dict(days[sister_place.pk])[date(2026, 6, 2)] == 1
    assert len(days[place.pk]) == 14


def test_my_visits_page_shows_the_chart(login: Any, nomad: Any, place: Any) -> None:
    visit(nomad, place, timezone.localdate())
    html = login(nomad).get(reverse("presence:my-visits")).content.decode()
    assert "Mes passages par mois" in html and 'role="img"' in html and "<table" in html
