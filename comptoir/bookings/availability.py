"""Free places per slot, for the public availability of a resource or of a whole place.

The cost does not grow with the data: the place's open intervals are worked out once from
its opening hours, then one query fetches every overlapping booking of every resource (on
the resource/start index, bounded on both sides), one the running waitlist offers, and a
sweep in Python counts what each slot holds. Busy slots say how many places are left,
never who holds them.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import opening_hours as ohp
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.bookings.exceptions import EndBeforeStart
from comptoir.bookings.models import Booking, Resource, WaitlistEntry
from comptoir.core.exceptions import InvalidInput
from comptoir.places.models import Place
from comptoir.places.opening_hours import Hours, holidays_of

MAX_RANGE = timedelta(days=31)
# Bookings are never longer than their resource's longest booking; this floor keeps the
# index scan safe when a concierge shortened `max_minutes` after longer bookings were made.
MIN_LOOKBACK = timedelta(days=3)  # also the longest an event may hold a resource

Interval = tuple[datetime, datetime]
Taken = tuple[datetime, datetime, int]  # start, end, places taken


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    free: int


@dataclass(frozen=True)
class ResourceAvailability:
    resource: Resource
    slots: list[Slot]


def check_range(start: datetime, end: datetime) -> None:
    if end <= start:
        raise EndBeforeStart(field="end")
    if end - start > MAX_RANGE:
        raise InvalidInput(
            _("Ask for at most %(days)s days at a time.") % {"days": MAX_RANGE.days},
            field="end",
        )


def open_intervals(place: Place, start: datetime, end: datetime) -> list[Interval]:
    """When the place is open within [start, end), as aware intervals (adjacent ones merged),
    its public holidays (`PH`) included. Unknown or unreadable hours count as open, as the
    booking rules do."""
    tz = ZoneInfo(place.timezone)
    hours = Hours(place.opening_hours, holidays_of(place))
    if not place.opening_hours or not hours.is_readable:
        return [(start, end)]
    local_start = start.astimezone(tz).replace(tzinfo=None)
    local_end = end.astimezone(tz).replace(tzinfo=None)
    merged: list[Interval] = []
    for begin, finish, state in hours.intervals(local_start, local_end):
        if state == ohp.State.CLOSED:
            continue
        interval = (
            max(begin.replace(tzinfo=tz), start),
            min(finish.replace(tzinfo=tz), end),
        )
        if merged and merged[-1][1] >= interval[0]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], interval[1]))
        elif interval[0] < interval[1]:
            merged.append(interval)
    return merged


def _grid(intervals: list[Interval], step: int, tz: ZoneInfo) -> list[Interval]:
    """The slots of a `step`-minute grid (from local midnight, as the booking rules count
    them) that fit wholly inside an open interval."""
    length = timedelta(minutes=step)
    slots: list[Interval] = []
    for begin, finish in intervals:
        local = begin.astimezone(tz)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
        minutes = (local.hour * 60 + local.minute) // step * step
        while True:
            slot_start = (midnight + timedelta(minutes=minutes)).replace(tzinfo=tz)
            if slot_start + length > finish:
                break
            if slot_start >= begin:
                slots.append((slot_start, slot_start + length))
            minutes += step
    return slots


def _counts(slots: list[Interval], taken: Iterable[Taken]) -> Iterator[int]:
    """How many places `taken` uses during each slot (slots in order), in one sweep."""
    pending = sorted(taken)
    running: list[tuple[datetime, int]] = []  # (end, seats) of what has started, soonest first
    used = 0
    index = 0
    for slot_start, slot_end in slots:
        while index < len(pending) and pending[index][0] < slot_end:
            _begin, finish, seats = pending[index]
            heapq.heappush(running, (finish, seats))
            used += seats
            index += 1
        while running and running[0][0] <= slot_start:
            used -= heapq.heappop(running)[1]
        yield used


def _taken(resources: list[Resource], start: datetime, end: datetime) -> dict[int, list[Taken]]:
    """Confirmed bookings and running waitlist offers overlapping [start, end), by resource
    (two queries, whatever the number of resources)."""
    longest = max([timedelta(minutes=r.max_minutes) for r in resources] + [MIN_LOOKBACK])
    ids = [r.pk for r in resources]
    taken: dict[int, list[Taken]] = {pk: [] for pk in ids}
    bookings = (
        Booking.objects.confirmed()
        .filter(resource_id__in=ids, start__lt=end, start__gt=start - longest, end__gt=start)
        .values_list("resource_id", "start", "end", "seats")
    )
    offers = WaitlistEntry.objects.filter(
        resource_id__in=ids,
        status=WaitlistEntry.Status.OFFERED,
        offer_expires_at__gt=timezone.now(),
        start__lt=end,
        end__gt=start,
    ).values_list("resource_id", "start", "end")
    for resource_id, begin, finish, seats in bookings:
        taken[resource_id].append((begin, finish, seats))
    for resource_id, begin, finish in offers:
        taken[resource_id].append((begin, finish, 1))
    return taken


def _availability(
    place: Place, resources: list[Resource], start: datetime, end: datetime
) -> list[ResourceAvailability]:
    if not resources:
        return []
    tz = ZoneInfo(place.timezone)
    intervals = open_intervals(place, start, end)
    taken = _taken(resources, start, end)
    grids: dict[int, list[Interval]] = {}
    answer = []
    for resource in resources:
        step = resource.slot_minutes
        if step not in grids:
            grids[step] = _grid(intervals, step, tz)
        slots = grids[step]
        counts = _counts(slots, taken[resource.pk])
        answer.append(
            ResourceAvailability(
                resource=resource,
                slots=[
                    Slot(start=s, end=e, free=max(resource.capacity - n, 0))
                    for (s, e), n in zip(slots, counts, strict=True)
                ],
            )
        )
    return answer


def free_slots(resource: Resource, start: datetime, end: datetime) -> list[Slot]:
    """Each slot of the resource's grid within the opening hours in [start, end), with the
    places left (two queries; the resource's place must be loaded or is fetched once)."""
    check_range(start, end)
    return _availability(resource.place, [resource], start, end)[0].slots


def place_availability(place: Place, start: datetime, end: datetime) -> list[ResourceAvailability]:
    """`free_slots` of every active resource of the place (three queries)."""
    check_range(start, end)
    resources = list(Resource.objects.filter(place=place, is_active=True).order_by("name", "pk"))
    for resource in resources:
        resource.place = place
    return _availability(place, resources, start, end)
