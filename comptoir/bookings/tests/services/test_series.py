"""Recurring bookings: the conflicts are listed first, and the free occurrences booked."""

from __future__ import annotations

import datetime as dt

import pytest

from comptoir.bookings import series
from comptoir.bookings.models import Booking, BookingSeries
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, NOW, at, book, member
from comptoir.core.exceptions import InvalidInput

pytestmark = pytest.mark.django_db


def test_the_preview_lists_each_occurrence_and_its_conflict(place):
    room = ResourceFactory(place=place)
    resident = member(place)
    book(room, member(place), at(MONDAY + dt.timedelta(weeks=1), 10))
    preview = series.series_preview(
        resource=room,
        person=resident,
        start=at(MONDAY, 10),
        end=at(MONDAY, 11),
        interval_weeks=1,
        until=MONDAY + dt.timedelta(weeks=2),
        by=resident,
        now=NOW,
    )
    assert [o.start.date() for o in preview] == [MONDAY + dt.timedelta(weeks=w) for w in range(3)]
    assert [o.is_free for o in preview] == [True, False, True]
    assert Booking.objects.count() == 1


def test_creating_books_the_free_occurrences_only(place):
    room = ResourceFactory(place=place)
    resident = member(place)
    book(room, member(place), at(MONDAY + dt.timedelta(weeks=2), 10))
    made, occurrences = series.series_create(
        resource=room,
        person=resident,
        start=at(MONDAY, 10),
        end=at(MONDAY, 11),
        interval_weeks=2,
        until=MONDAY + dt.timedelta(weeks=6),
        by=resident,
        now=NOW,
    )
    booked = [o for o in occurrences if o.booking is not None]
    assert len(occurrences) == 4 and len(booked) == 3
    assert all(o.booking.series == made for o in booked)


def test_an_interval_below_one_week_is_refused(place):
    room = ResourceFactory(place=place)
    with pytest.raises(InvalidInput):
        series.series_preview(
            resource=room,
            person=member(place),
            start=at(MONDAY, 10),
            end=at(MONDAY, 11),
            interval_weeks=0,
            until=MONDAY,
            by=None,
            now=NOW,
        )


def test_an_end_date_before_the_first_occurrence_is_refused(place):
    room = ResourceFactory(place=place)
    with pytest.raises(InvalidInput):
        series.series_preview(
            resource=room,
            person=member(place),
            start=at(MONDAY, 10),
            end=at(MONDAY, 11),
            interval_weeks=1,
            until=MONDAY - dt.timedelta(days=1),
            by=None,
            now=NOW,
        )


@pytest.mark.parametrize("action", [series.series_preview, series.series_create])
@pytest.mark.parametrize(
    ("extra", "field"),
    [({"organization": "structure"}, "organization"), ({"title": "Réunion"}, "title")],
)
def test_a_series_is_for_the_person_and_has_no_title(place, action, extra, field):
    from comptoir.community.tests.factories import OrganizationFactory

    room = ResourceFactory(place=place)
    resident = member(place)
    if "organization" in extra:
        extra = {"organization": OrganizationFactory()}
    with pytest.raises(InvalidInput) as refused:
        action(
            resource=room,
            person=resident,
            start=at(MONDAY, 10),
            end=at(MONDAY, 11),
            interval_weeks=1,
            until=MONDAY + dt.timedelta(weeks=1),
            by=resident,
            now=NOW,
            **extra,
        )
    assert refused.value.field == field
    assert not Booking.objects.exists() and not BookingSeries.objects.exists()
