"""The concierges' roster of the demo, relative to today so it works any day: at the
Comptoir Numérique, weekly shifts (weekday mornings and afternoons, Saturdays for two),
Claire and Paul on some of the coming weeks' shifts (others left open: the gaps the roster
shows), Paul's Thursday offered for a swap, and last week's shifts done, Paul's hours
recorded as a contribution; at Le Mixeur, Léa's mornings, one offered."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from comptoir.community.models import Person
from comptoir.places.models import Place
from comptoir.roster import services
from comptoir.roster.models import Assignment, Shift, ShiftPattern

PATTERNS = [
    # weekday, start, end, capacity, label
    *[(day, dt.time(9), dt.time(13), 1, "Matin") for day in range(5)],
    *[(day, dt.time(13), dt.time(19), 1, "Après-midi") for day in range(5)],
    (5, dt.time(10), dt.time(17), 2, "Samedi ouvert"),
]


def _take(shift: Shift, person: Person) -> Assignment | None:
    if (
        shift.assignments.filter(person=person).exists()
        or shift.assignments.count() >= shift.capacity
    ):
        return None
    return services.shift_take(shift=shift, by=person)


def _past_week(place: Place, claire: Person, paul: Person) -> None:
    """Last week's shifts, done (made as they were: the services plan only what is to come)."""
    zone = ZoneInfo(place.timezone)
    today = timezone.localdate()
    for offset, person, start, end in (
        (7, claire, dt.time(9), dt.time(13)),
        (6, paul, dt.time(13), dt.time(19)),
        (5, claire, dt.time(9), dt.time(13)),
    ):
        day = today - dt.timedelta(days=offset)
        shift = Shift.objects.create(
            place=place,
            day=day,
            starts_at=dt.datetime.combine(day, start, tzinfo=zone),
            ends_at=dt.datetime.combine(day, end, tzinfo=zone),
            label="Permanence",
        )
        assignment = Assignment.objects.create(shift=shift, person=person, slot=1)
        if person == paul:
            services.hours_record(assignment=assignment, by=paul)


def load_roster(place: Place, other: Place | None) -> None:
    if ShiftPattern.objects.filter(place=place).exists():
        return
    claire = Person.objects.get(email="claire@comptoir.test")
    paul = Person.objects.get(email="paul@comptoir.test")
    for weekday, start, end, capacity, label in PATTERNS:
        services.pattern_create(
            place=place,
            weekday=weekday,
            start_time=start,
            end_time=end,
            capacity=capacity,
            label=label,
            by=claire,
        )
    now = timezone.now()
    upcoming = list(Shift.objects.filter(place=place, starts_at__gt=now).order_by("starts_at"))
    horizon = timezone.localdate() + dt.timedelta(days=21)
    for shift in upcoming:
        if shift.day > horizon:
            break
        # Claire holds the mornings, Paul Tuesday and Thursday afternoons and Saturdays;
        # Wednesday and Friday afternoons stay open: the gaps.
        if shift.label == "Matin":
            _take(shift, claire)
        elif shift.day.weekday() in (1, 3, 5):
            assignment = _take(shift, paul)
            if (
                assignment is not None
                and shift.day.weekday() == 3
                and not Assignment.objects.filter(person=paul, swaps__isnull=False).exists()
            ):
                services.swap_offer(assignment=assignment, by=paul, note="Rendez-vous médical")
    _past_week(place, claire, paul)
    if other is not None:
        _load_other(other)


def _load_other(place: Place) -> None:
    lea = Person.objects.filter(email="lea@comptoir.test").first()
    if lea is None:
        return
    services.pattern_create(
        place=place,
        weekday=timezone.localdate().weekday(),
        start_time=dt.time(9),
        end_time=dt.time(12),
        capacity=2,
        label="Matin",
        by=lea,
    )
    first = Shift.objects.filter(place=place, starts_at__gt=timezone.now()).order_by("starts_at")
    shift = first.first()
    if shift is not None:
        assignment = services.shift_take(shift=shift, by=lea)
        services.swap_offer(assignment=assignment, by=lea, note="Formation ce jour-là")
