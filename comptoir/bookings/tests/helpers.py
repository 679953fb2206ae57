"""Shared helpers for the bookings tests: one fixed future week, members, refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from comptoir.bookings import services
from comptoir.bookings.models import Booking, Resource
from comptoir.community.models import Person, Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.exceptions import DomainError
from comptoir.core.models import AuditEvent

PARIS = ZoneInfo("Europe/Paris")


def _monday_in_two_weeks() -> dt.date:
    today = dt.datetime.now(tz=PARIS).date()
    return today + dt.timedelta(days=7 - today.weekday() + 7)


# The week every test books in: always in the future, Monday to Friday open 09:00-18:00.
MONDAY = _monday_in_two_weeks()
SATURDAY = MONDAY + dt.timedelta(days=5)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


# "Now" for the tests: the Thursday before, at noon (the Monday is 4 days ahead).
NOW = at(MONDAY - dt.timedelta(days=4), 12)


def member(place: Any, role: str = Role.RESIDENT, **fields: Any) -> Person:
    person = PersonFactory(**fields)
    PlaceRoleFactory(person=person, place=place, role=role)
    return person


def book(
    resource: Resource,
    person: Person,
    start: dt.datetime,
    end: dt.datetime | None = None,
    *,
    by: Any = None,
    now: dt.datetime = NOW,
    **kwargs: Any,
) -> Booking:
    """Book through the service: one hour by default, by the person, at NOW."""
    return services.booking_create(
        resource=resource,
        person=person,
        start=start,
        end=end or start + dt.timedelta(hours=1),
        by=by or person,
        now=now,
        **kwargs,
    )


@contextmanager
def refused(
    error: type[DomainError], code: str | None = None, field: str | None = None
) -> Iterator[Any]:
    """The block raises `error` with its code (and field), and writes no booking, no audit."""
    bookings, events = Booking.objects.count(), AuditEvent.objects.count()
    with pytest.raises(error) as info:
        yield info
    assert info.value.code == (code or error.code)
    if field is not None:
        assert info.value.field == field
    assert Booking.objects.count() == bookings
    assert AuditEvent.objects.count() == events
