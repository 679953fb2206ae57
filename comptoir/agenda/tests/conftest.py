"""Fixtures the agenda's tests share: an EPN room with its bookable resource, and events
created through the service (so they hold their space as real ones do)."""

from __future__ import annotations

import itertools
import zoneinfo
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from comptoir.agenda.models import EventKind
from comptoir.agenda.services.events import EventInput, event_create


@pytest.fixture
def epn_space(place: Any) -> Any:
    """The place's EPN room (12 seats), bookable as a whole through `epn_resource`."""
    from comptoir.bookings.models import Resource
    from comptoir.bookings.tests.factories import ResourceFactory
    from comptoir.places.models import Space
    from comptoir.places.tests.factories import SpaceFactory

    space = SpaceFactory(place=place, name="Salle EPN", slug="salle-epn", kind=Space.Kind.EPN)
    ResourceFactory(
        place=place, space=space, name="Salle EPN", slug="salle-epn", kind=Resource.Kind.EPN_ROOM
    )
    return space


@pytest.fixture
def epn_resource(epn_space: Any) -> Any:
    from comptoir.bookings.holds import space_resource

    return space_resource(epn_space.pk)


def local_at(place: Any, days: int, hour: int = 14, minute: int = 0) -> datetime:
    """`hour`:`minute` in the place's time zone, `days` days from today there."""
    tz = zoneinfo.ZoneInfo(place.timezone)
    day = timezone.now().astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


@pytest.fixture
def make_event(place: Any, concierge: Any, epn_space: Any) -> Any:
    """make_event(**overrides) -> an Event created by `event_create` (by the concierge).

    Overrides are EventInput fields (title, kind, start, end, space, capacity, …) plus
    `place`, `by` and `now`. By default: a 2-hour EPN workshop of 12 seats in `epn_space`,
    at 14:00 (place time) three days from now, each further call one day later so that
    they do not collide in the space. An event in the past: give `start`, `end` and an
    earlier `now`.
    """
    days = itertools.count(3)

    def make(**overrides: Any) -> Any:
        where = overrides.pop("place", place)
        by = overrides.pop("by", concierge)
        now = overrides.pop("now", None)
        if "start" not in overrides:
            overrides["start"] = local_at(where, next(days))
        overrides.setdefault("end", overrides["start"] + timedelta(hours=2))
        values: dict[str, Any] = {
            "title": "Atelier : premiers pas sur ordinateur",
            "kind": EventKind.WORKSHOP,
            "space": epn_space if where.pk == place.pk else None,
            "capacity": 12,
            "publics": [],
            "services": [],
        }
        values.update(overrides)
        return event_create(place=where, by=by, data=EventInput(**values), now=now)

    return make


@pytest.fixture
def workshop(make_event: Any) -> Any:
    """One EPN workshop of 12 seats, three days from now."""
    return make_event()
