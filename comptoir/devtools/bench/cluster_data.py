"""The rooms, events and jobs of the mixed workload (bench.cluster), at the throughput place,
and the checks of its invariants in the database afterwards."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.bookings.models import Booking, Resource
from comptoir.devtools.bench.cluster import Invariant, Op, Workload
from comptoir.places.models import Place

ROOMS = 2
EVENTS = 30
SEATS = 8
REGISTRATIONS_PER_EVENT = 12  # 8 seats: the last 4 wait
SLOT_DAYS = 14
DUPLICATE_EVERY = 5  # every fifth slot is asked twice, by two clients at once
TASKS_DRAIN_S = 60.0


def prepare(
    *, place: Place, people: list[int], check_ins: list[int], reads: list[tuple[str, bool]]
) -> Workload:
    """Two rooms bookable by the hour and events of 8 seats at `place`; the jobs shuffled
    (one seed, so that every run asks the same)."""
    rng = random.Random(11)
    rooms = [
        Resource.objects.create(
            place=place, name=f"Salle du banc {n}", slug=f"salle-banc-{n}", kind="room"
        )
        for n in range(1, ROOMS + 1)
    ]
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    slots = [
        (room.pk, _iso(start + timedelta(hours=h)), _iso(start + timedelta(hours=h + 1)))
        for room in rooms
        for h in range(SLOT_DAYS * 24)
    ]
    rng.shuffle(slots)
    asked: list[tuple[int, str, str]] = []
    for index, slot in enumerate(slots):
        asked += [slot, slot] if index % DUPLICATE_EVERY == 0 else [slot]
    events = [
        Event.objects.create(
            place=place,
            title=f"Atelier du banc n° {n}",
            kind=EventKind.WORKSHOP,
            start=start + timedelta(days=2, hours=n),
            end=start + timedelta(days=2, hours=n + 1),
            capacity=SEATS,
        )
        for n in range(EVENTS)
    ]
    registrations = [
        (event.pk, person_id)
        for event in events
        for person_id in rng.sample(people, REGISTRATIONS_PER_EVENT)
    ]
    rng.shuffle(registrations)
    return Workload(
        reads=reads,
        check_ins=check_ins,
        slots=asked,
        registrations=registrations,
        place=place.slug,
    )


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def invariants(place: Place, ops: list[Op]) -> list[Invariant]:
    return [_no_double_booking(place, ops), _no_event_over_its_seats(place, ops)]


def _no_double_booking(place: Place, ops: list[Op]) -> Invariant:
    booked = list(
        Booking.objects.filter(resource__place=place, status=Booking.Status.CONFIRMED)
        .order_by("resource_id", "start")
        .values_list("resource_id", "start", "end")
    )
    overlaps = sum(
        1
        for (room_a, _start_a, end_a), (room_b, start_b, _end_b) in zip(
            booked, booked[1:], strict=False
        )
        if room_a == room_b and start_b < end_a
    )
    created = sum(1 for op in ops if op.kind == "booking" and op.status == 201)
    held = overlaps == 0 and created == len(booked)
    detail = f"{len(booked):,} bookings, {created:,} answered 201, {overlaps} overlapping"
    return Invariant("no slot booked twice", held, detail)


def _no_event_over_its_seats(place: Place, ops: list[Op]) -> Invariant:
    events = Event.objects.filter(place=place).annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        total=Count("registrations"),
    )
    over = [e.pk for e in events if e.capacity is not None and e.confirmed > e.capacity]
    rows = sum(event.total for event in events)
    created = sum(1 for op in ops if op.kind == "registration" and op.status == 201)
    held = not over and created == rows
    detail = (
        f"{len(events)} events of {SEATS} seats, {rows:,} registrations "
        f"({created:,} answered 201), {len(over)} over their seats"
    )
    return Invariant("no event over its seats", held, detail)


def drain_tasks(since: datetime) -> tuple[Counter[str], Invariant]:
    """Wait for the task workers to finish what the run enqueued, then count by status."""
    tasks = DBTaskResult.objects.filter(enqueued_at__gte=since)
    deadline = time.monotonic() + TASKS_DRAIN_S
    while tasks.filter(status__in=["READY", "RUNNING"]).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    statuses: Counter[str] = Counter(dict(tasks.values_list("status").annotate(n=Count("pk"))))
    left = statuses["READY"] + statuses["RUNNING"] + statuses["FAILED"]
    detail = f"{sum(statuses.values()):,} enqueued during the run, {left} not done"
    return statuses, Invariant("every task done by the workers", left == 0, detail)


def wipe(place: Place, since: datetime) -> None:
    """The rooms, events and tasks of the run (the throughput wipe removes the rest)."""
    Registration.objects.filter(event__place=place).delete()
    Event.objects.filter(place=place).delete()
    Booking.objects.filter(resource__place=place).delete()
    Resource.objects.filter(place=place).delete()
    DBTaskResult.objects.filter(enqueued_at__gte=since).delete()
