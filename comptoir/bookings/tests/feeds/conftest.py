from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from icalendar import Calendar

from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, at
from comptoir.community.tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    """UIDs are built from SITE_URL's host (the request's host only serves development)."""
    settings.SITE_URL = "https://tiers-lieu.example"


@pytest.fixture
def room(place: Any) -> Resource:
    return ResourceFactory(place=place, name="Salle Jaune", slug="salle-jaune")


@pytest.fixture
def booker(db: Any) -> Any:
    return PersonFactory(first_name="Rosa", last_name="Garcia", email="rosa@example.org")


def make_booking(resource: Resource, person: Any, start: dt.datetime, **fields: Any) -> Booking:
    end = fields.pop("end", start + dt.timedelta(hours=1))
    return Booking.objects.create(
        resource=resource,
        person=person,
        start=start,
        end=end,
        exclusive=resource.capacity == 1,
        **fields,
    )


def monday(hour: int, minute: int = 0) -> dt.datetime:
    return at(MONDAY, hour, minute)


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def events(body: bytes) -> list[Any]:
    return list(parse(body).walk("VEVENT"))
