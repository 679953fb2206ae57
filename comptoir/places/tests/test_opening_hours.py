from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from comptoir.places.opening_hours import (
    describe_open_state,
    open_state,
    rules,
    validate_opening_hours,
)

PARIS = ZoneInfo("Europe/Paris")
HOURS = "Mo-Fr 09:00-18:00; Sa 10:00-13:00; PH off"


def wording(expression: str, at: datetime) -> str:
    with translation.override("en"):
        return describe_open_state(open_state(expression, "Europe/Paris", at), at)


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    # June 2025: the 2nd is a Monday.
    return datetime(2025, 6, day, hour, minute, tzinfo=PARIS)


def test_it_says_until_when_a_place_is_open_now():
    assert wording(HOURS, paris(4, 12)) == "Open until 18:00"


def test_it_says_a_place_closed_this_morning_opens_later_today():
    assert wording(HOURS, paris(4, 7, 30)) == "Closed · opens at 09:00"


def test_it_names_the_weekday_when_the_next_opening_is_not_today():
    assert wording(HOURS, paris(4, 19)) == "Closed · opens Thursday at 09:00"


def test_it_says_a_place_closed_for_the_weekend_opens_on_monday():
    assert wording(HOURS, paris(14, 14)) == "Closed · opens Monday at 09:00"
    assert wording(HOURS, paris(15, 10)) == "Closed · opens Monday at 09:00"


def test_a_public_holiday_monday_moves_the_opening_after_the_weekend_to_tuesday():
    # 9 June 2025 is Pentecost Monday, a French public holiday: "PH off".
    assert wording(HOURS, paris(7, 14)) == "Closed · opens Tuesday at 09:00"
    assert wording(HOURS, paris(8, 10)) == "Closed · opens Tuesday at 09:00"


def test_it_says_unknown_when_there_are_no_hours():
    assert wording("", paris(4, 12)) == "Opening hours unknown"


def test_it_says_unknown_rather_than_crashing_on_a_stored_invalid_expression():
    assert wording("whenever we feel like it", paris(4, 12)) == "Opening hours unknown"


def test_it_reads_the_time_in_the_place_time_zone():
    # 10:30 UTC is 12:30 in Paris in June.
    at = datetime(2025, 6, 4, 10, 30, tzinfo=ZoneInfo("UTC"))
    assert wording(HOURS, at) == "Open until 18:00"


def test_it_says_until_midnight_as_24_00_and_handles_always_open_and_never_open():
    assert wording("Mo-Su 18:00-24:00", paris(4, 20)) == "Open until 24:00"
    assert wording("24/7", paris(4, 20)) == "Open 24/7"
    assert wording("off", paris(4, 20)) == "Closed"


def test_it_gives_a_date_when_the_next_opening_is_more_than_a_week_away():
    assert wording("Jun 20 09:00-12:00", paris(4, 12)) == "Closed · opens 20 June at 09:00"


def test_it_lists_the_rules_one_by_one():
    assert rules(HOURS) == ["Mo-Fr 09:00-18:00", "Sa 10:00-13:00", "PH off"]
    assert rules("") == []


def test_it_refuses_invalid_osm_syntax():
    with pytest.raises(ValidationError) as error:
        validate_opening_hours("lundi 9h-18h")
    assert error.value.code == "invalid_opening_hours"
    validate_opening_hours(HOURS)
    validate_opening_hours("")
