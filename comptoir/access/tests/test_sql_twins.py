"""The hand-written statements of the access hot paths give the answers of their ORM twins,
on generated data (PostgreSQL and SQLite)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import QuerySet
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from comptoir.access import selectors
from comptoir.access.models import PlaceAccessSettings, TicketBook
from comptoir.access.services import tickets
from comptoir.access.tests.worlds import (
    PEOPLE,
    PLACES,
    TWIN_SETTINGS,
    books,
    make_books,
    make_world,
    offsets,
    rolled_back,
)
from comptoir.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


def usable_books_orm(person, place, day: dt.date, needed: int) -> QuerySet[TicketBook]:
    """The ORM rule: `TicketBook.usable_at`, with `needed` tickets left, first to expire."""
    return (
        TicketBook.objects.filter(person_id=person.pk)
        .usable_at(place, day)
        .with_balance()
        .filter(balance__gte=needed)
        .order_by("expires_on", "pk")
    )


def usable_book_sql(person, place, day: dt.date, needed: int) -> tuple[int, int] | None:
    params = tickets._usable_book_params(person, place, day, needed)
    found = next(iter(TicketBook.objects.raw(tickets.usable_book_sql(), params)), None)
    return None if found is None else (found.pk, found.left)


@TWIN_SETTINGS
@given(
    specs=books,
    who=st.integers(0, PEOPLE - 1),
    where=st.sampled_from(PLACES),
    day_offset=offsets,
    needed=st.integers(1, 3),
)
def test_the_usable_book_statement_agrees_with_usable_at(
    world, specs, who, where, day_offset, needed
):
    with rolled_back():
        day = timezone.localdate() + dt.timedelta(days=day_offset)
        make_books(world, specs, timezone.localdate())
        person, place = world.people[who], world.places[where]
        expected = usable_books_orm(person, place, day, needed).first()
        assert usable_book_sql(person, place, day, needed) == (
            None if expected is None else (expected.pk, expected.balance)
        )


place_settings = st.fixed_dictionaries(
    {
        "slug": st.sampled_from(["home", "sister", "foreign", "nowhere"]),
        "inactive": st.sets(st.sampled_from(PLACES)),
        # None: the place has no settings row.
        "settings": st.dictionaries(
            st.sampled_from(PLACES),
            st.tuples(
                st.sampled_from(PlaceAccessSettings.OverSeats.values),
                st.times().map(lambda moment: moment.replace(microsecond=0)),
            ),
        ),
    }
)


def _settings_values(place: Place) -> tuple[str, dt.time] | None:
    try:
        settings = place.access_settings
    except PlaceAccessSettings.DoesNotExist:
        return None
    return settings.over_seats, settings.afternoon_starts_at


def _place_values(place: Place | None) -> dict | None:
    if place is None:
        return None
    return {field.attname: getattr(place, field.attname) for field in Place._meta.concrete_fields}


@TWIN_SETTINGS
@given(spec=place_settings)
def test_the_place_with_settings_statement_agrees_with_select_related(world, spec):
    with rolled_back():
        for name, place in world.places.items():
            Place.objects.filter(pk=place.pk).update(is_active=name not in spec["inactive"])
        for name, (over_seats, afternoon) in spec["settings"].items():
            PlaceAccessSettings.objects.create(
                place=world.places[name], over_seats=over_seats, afternoon_starts_at=afternoon
            )
        slug = world.places[spec["slug"]].slug if spec["slug"] in PLACES else "nulle-part"
        expected = (
            Place.objects.select_related("access_settings")
            .filter(slug=slug, is_active=True)
            .first()
        )
        found = selectors.active_place_with_settings(slug=slug)
        assert _place_values(found) == _place_values(expected)
        if expected is not None:
            assert found is not None
            assert _settings_values(found) == _settings_values(expected)
