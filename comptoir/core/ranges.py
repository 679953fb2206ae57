"""The one supported date range and the bounds of numbers, for every form, query and schema.

Python's dates stop at years 1 and 9999: a day a step outside (the day after 9999-12-31,
0001-01-01 at +01:00 in UTC) raises OverflowError, and a tiers-lieu never plans anything
there. Every date or moment a person or a client gives must fall within SUPPORTED_YEARS:
wide enough for a birth year or an archive, far from Python's edges so that adding a year,
a month of slots or a time zone can never overflow.

Numbers: a form's IntegerField or DecimalField and an API schema's int or Decimal get a
maximum that fits what they count (seats, hours, euros); `test_bounds` checks that none
is left without one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator, AwareDatetime

SUPPORTED_YEARS = (1900, 2199)
EARLIEST = date(SUPPORTED_YEARS[0], 1, 1)
LATEST = date(SUPPORTED_YEARS[1], 12, 31)

# Sensible maxima, shared so that a form and the API agree.
MAX_SEATS = 100_000  # an event's or a resource's capacity, people on a list
MAX_CENTS = 100_000_000  # a price, in cents: 1 M€
MAX_MINUTES = 60 * 24 * 366  # a duration, in minutes: at most a year


def out_of_range_message() -> str:
    return _("Enter a date between %(first)s and %(last)s.") % {
        "first": SUPPORTED_YEARS[0],
        "last": SUPPORTED_YEARS[1],
    }


def is_supported(value: date | datetime) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST <= day <= LATEST


def validate_supported_date(value: date | datetime | None) -> None:
    """A form or model validator: the date or moment lies within SUPPORTED_YEARS."""
    if value is not None and not is_supported(value):
        raise ValidationError(out_of_range_message(), code="date_out_of_range")


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD query parameter read by hand: the day, or None when unusable."""
    try:
        day = date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None
    return day if is_supported(day) else None


class DateField(forms.DateField):
    """forms.DateField limited to the supported range (use it for every date field)."""

    default_validators = [validate_supported_date]


class DateTimeField(forms.DateTimeField):
    """forms.DateTimeField limited to the supported range."""

    default_validators = [validate_supported_date]


def _in_range(value: Any) -> Any:
    if isinstance(value, date) and not is_supported(value):
        raise ValueError(out_of_range_message())
    return value


# Pydantic (ninja) types: `day: SupportedDate`, `start: SupportedDateTime`. An annotated
# type composes: Annotated[SupportedAwareDatetime, BeforeValidator(...)] keeps the check.
SupportedDate = Annotated[date, AfterValidator(_in_range)]
SupportedDateTime = Annotated[datetime, AfterValidator(_in_range)]
SupportedAwareDatetime = Annotated[AwareDatetime, AfterValidator(_in_range)]
