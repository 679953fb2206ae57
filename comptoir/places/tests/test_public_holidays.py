"""Public holidays (`PH`) follow the place's country and region, checked against two
independent calendars: opening-hours-py's own French calendar and the `holidays` package."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import opening_hours as ohp
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from comptoir.places import selectors
from comptoir.places.opening_hours import (
    Holidays,
    Hours,
    describe_open_state,
    open_state,
    place_open_state,
    region_choices,
)
from comptoir.places.tests.factories import PlaceFactory

PARIS = ZoneInfo("Europe/Paris")
HOURS = "Mo-Fr 09:00-18:00; Sa 10:00-13:00; PH off"
CHRISTMAS = date(2025, 12, 25)  # a Thursday
LABOUR_DAY = date(2026, 5, 1)  # a Friday
BASTILLE_DAY = date(2026, 7, 14)  # a Tuesday
ORDINARY_DAY = date(2026, 7, 15)  # a Wednesday
SAINT_STEPHEN = date(2025, 12, 26)  # a Friday: a holiday in Alsace-Moselle only
GOOD_FRIDAY = date(2026, 4, 3)  # idem


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=PARIS)


@pytest.mark.parametrize("day", [CHRISTMAS, LABOUR_DAY, BASTILLE_DAY])
def test_a_place_with_ph_off_is_closed_on_french_public_holidays(day):
    state = open_state(HOURS, "Europe/Paris", noon(day), Holidays("FR"))

    assert (state.is_known, state.is_open) == (True, False)
    # Every reading agrees with the holidays package's French calendar.
    assert day in holidays.country_holidays("FR", years=day.year)


def test_a_place_with_ph_off_is_open_on_an_ordinary_weekday():
    state = open_state(HOURS, "Europe/Paris", noon(ORDINARY_DAY), Holidays("FR"))

    assert (state.is_open, state.next_change) == (True, datetime(2026, 7, 15, 18, tzinfo=PARIS))
    assert ORDINARY_DAY not in holidays.country_holidays("FR", years=2026)


def test_the_badge_on_christmas_eve_skips_christmas_day():
    evening = datetime(2025, 12, 24, 19, tzinfo=PARIS)
    with translation.override("en"):
        label = describe_open_state(open_state(HOURS, "Europe/Paris", evening), evening)

    assert label == "Closed · opens Friday at 09:00"


def test_ph_rules_give_their_own_hours_on_a_holiday():
    expression = "Mo-Fr 09:00-18:00; PH 10:00-12:00"
    hours = Hours(expression, Holidays("FR"))
    day = datetime.combine(BASTILLE_DAY, time(0, 0))

    opened = [
        (b.time(), e.time())
        for b, e, s in hours.intervals(day, day + timedelta(days=1))
        if s == ohp.State.OPEN
    ]

    assert opened == [(time(10), time(12))]


def test_comments_keep_their_ph():
    hours = Hours('Mo-Fr 09:00-18:00; PH off "PH: see the website"', Holidays("FR"))

    assert hours.state(datetime.combine(CHRISTMAS, time(12))) == ohp.State.CLOSED


def test_it_agrees_with_opening_hours_py_french_calendar_over_two_years():
    """The independent reading: opening-hours-py's own French calendar (country="FR")."""
    ours = Hours(HOURS, Holidays("FR"))
    theirs = ohp.OpeningHours(HOURS, country="FR")
    day = date(2025, 1, 1)
    while day < date(2027, 1, 1):
        for hour in (8, 11, 17):
            moment = datetime.combine(day, time(hour, 30))
            assert ours.state(moment) == theirs.state(moment)[0], moment
        day += timedelta(days=1)
    evening = datetime.combine(date(2025, 12, 24), time(19))
    assert ours.next_change(evening) == theirs.next_change(evening)


def test_alsace_moselle_has_holidays_of_its_own():
    moselle = PlaceFactory.build(opening_hours=HOURS, holiday_region="57")
    elsewhere = PlaceFactory.build(opening_hours=HOURS)

    for day in (SAINT_STEPHEN, GOOD_FRIDAY):
        assert not place_open_state(moselle, noon(day)).is_open
        assert place_open_state(elsewhere, noon(day)).is_open
        assert day in holidays.country_holidays("FR", subdiv="57", years=day.year)
    # Christmas Eve, Moselle: the next opening is after Christmas *and* Saint Stephen's day.
    eve = place_open_state(moselle, datetime(2025, 12, 24, 19, tzinfo=PARIS))
    assert eve.next_change == datetime(2025, 12, 27, 10, tzinfo=PARIS)


@pytest.mark.django_db
def test_the_place_badge_reads_the_place_holidays():
    place = PlaceFactory(opening_hours=HOURS)

    with translation.override("en"):
        christmas = selectors.place_open_status(place=place, at=noon(CHRISTMAS))
        ordinary = selectors.place_open_status(place=place, at=noon(ORDINARY_DAY))

    assert christmas.label == "Closed · opens Friday at 09:00"
    assert ordinary.label == "Open until 18:00"


@pytest.mark.django_db
def test_an_unknown_country_or_region_is_refused_on_save():
    place = PlaceFactory()

    place.country = "XX"
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert "country" in error.value.message_dict

    place.country, place.holiday_region = "FR", "Bavaria"
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert "holiday_region" in error.value.message_dict


def test_the_region_choices_are_the_regions_with_holidays_of_their_own():
    codes = dict(region_choices("FR"))

    assert {"57", "6AE", "971", "974"} <= set(codes)
    assert codes["57"] == "Moselle (57)"
    assert "Zone A" not in codes  # a school zone: no public holiday of its own
