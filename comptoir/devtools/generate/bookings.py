"""Bookable resources of the generated places (rooms, desk areas, machines with their
trainings), qualified people, and two years of bookings."""

from __future__ import annotations

import time as time_module
from array import array
from bisect import bisect
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

import opening_hours as ohp
from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet

from comptoir.bookings.models import (
    Booking,
    BookingSeries,
    CalendarFeed,
    Qualification,
    Resource,
    Training,
    WaitlistEntry,
)
from comptoir.community.models import CONCIERGE_ROLES, Organization, Person, Role
from comptoir.core.bulk import insert_rows, sql_delete
from comptoir.devtools.generate.base import VISIT_CHUNK, GeneratorBase, batches
from comptoir.places.models import Place, Space
from comptoir.places.opening_hours import Hours, holidays_of

BOOKING_PAST_DAYS = 700  # with the future ones: two years of bookings
BOOKING_FUTURE_DAYS = 30
SLOT = 30  # minutes: every generated booking starts and ends on a half-hour
CANCELLED_SHARE = 0.07
QUALIFIED_PER_TRAINING = 40
BOOKING_TITLES = [
    "Réunion d'équipe",
    "Entretien",
    "Point projet",
    "Atelier",
    "Comité de pilotage",
    "Formation",
    "Rendez-vous client",
    "",
]


@dataclass(frozen=True)
class ResourceSpec:
    slug: str
    name: str
    kind: str
    capacity: int = 1
    weight: float = 1.0  # share of the bookings, per open day
    slots: tuple[int, int] = (1, 4)  # shortest and longest booking, in half-hours
    hourly_cents: int = 0
    equipment: str = ""  # the Equipment row of the space it is, if any
    training: str = ""  # the training it needs, if any
    extra: dict[str, Any] = field(default_factory=dict)


DESK = Resource.Kind.DESK
TICKETS = Resource.NomadPayment.TICKETS
# The resources each kind of generated space offers (by space name, see SPACES).
RESOURCE_SPECS: dict[str, list[ResourceSpec]] = {
    "Open space": [
        ResourceSpec(
            "postes-nomades",
            "Postes nomades",
            DESK,
            capacity=16,
            weight=9,
            slots=(2, 16),
            hourly_cents=300,
            extra={"nomad_payment": TICKETS, "max_minutes": 600, "min_minutes": 60},
        ),
        ResourceSpec(
            "postes-residents",
            "Postes résidents",
            DESK,
            capacity=8,
            weight=4,
            slots=(4, 16),
            extra={"allowed_roles": ["resident"], "max_minutes": 600, "min_minutes": 60},
        ),
    ],
    "Salle EPN": [
        ResourceSpec(
            "salle-epn",
            "Salle EPN",
            Resource.Kind.EPN_ROOM,
            weight=1,
            slots=(2, 6),
            hourly_cents=4000,
            extra={"partner_hourly_cents": 2500, "max_minutes": 480},
        )
    ],
    "HackerSpace": [
        ResourceSpec(
            "decoupeuse-laser",
            "Découpeuse laser",
            Resource.Kind.EQUIPMENT,
            weight=1.2,
            hourly_cents=800,
            training="Formation découpe laser",
        ),
        ResourceSpec(
            "imprimante-3d",
            "Imprimante 3D",
            Resource.Kind.EQUIPMENT,
            weight=1.2,
            slots=(2, 8),
            hourly_cents=200,
            equipment="Imprimante 3D",
            training="Formation impression 3D",
        ),
    ],
    "Salle de réunion Loire": [
        ResourceSpec(
            "salle-loire",
            "Salle de réunion Loire",
            Resource.Kind.ROOM,
            weight=1.5,
            hourly_cents=1500,
            extra={"uses_included_hours": True},
        )
    ],
    "Atelier bois": [
        ResourceSpec(
            "scie-a-onglet",
            "Scie à onglet",
            Resource.Kind.EQUIPMENT,
            weight=0.8,
            slots=(1, 3),
            hourly_cents=500,
            equipment="Scie à onglet",
            training="Formation atelier bois",
        )
    ],
    "Salle Pilat": [
        ResourceSpec(
            "salle-pilat",
            "Salle Pilat",
            Resource.Kind.ROOM,
            weight=1.2,
            slots=(1, 3),
            hourly_cents=1000,
            extra={"uses_included_hours": True},
        )
    ],
}
BOOKING_FIELDS = (
    "seats",
    "resource_id",
    "person_id",
    "title",
    "start",
    "end",
    "status",
    "exclusive",
    "price_cents",
    "tickets_used",
    "included_minutes",
    "cancelled_at",
    "created_at",
    "updated_at",
)


def open_slots(place: Place, first: date, last: date) -> dict[date, list[tuple[int, int]]]:
    """For each open day of [first, last] (its public holidays read as the place reads
    them), its open half-hours as (index from midnight, how many half-hours of the same
    opening start there or after, itself included)."""
    hours = Hours(place.opening_hours, holidays_of(place))
    end = datetime.combine(last + timedelta(days=1), time(0))
    days: dict[date, list[tuple[int, int]]] = defaultdict(list)
    for opens, closes, state in hours.intervals(datetime.combine(first, time(0)), end):
        if state != ohp.State.OPEN:
            continue
        cursor = opens
        while cursor < closes:  # an opening may run past midnight: split it by day
            midnight = datetime.combine(cursor.date(), time(0))
            until = min(closes, midnight + timedelta(days=1))
            begin = -(-int((cursor - midnight).total_seconds()) // (SLOT * 60))
            stop = int((until - midnight).total_seconds()) // (SLOT * 60)
            days[cursor.date()] += [(index, stop - index) for index in range(begin, stop)]
            cursor = until
    return {day: slots for day, slots in days.items() if slots}


class BookingGenerator:
    """Resources in the generated places' spaces (rooms, desk areas, machines and the
    trainings they need), qualified people, and bookings over two years, inside opening
    hours, never beyond capacity (so never overlapping on capacity-1 resources), some
    cancelled. Planned in memory, then sent in time order with COPY on PostgreSQL."""

    def __init__(self, gen: GeneratorBase, places: list[Place]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.places = {place.pk: place for place in places}
        self.members: dict[int, list[int]] = defaultdict(list)
        self.role_of: dict[tuple[int, int], str] = {}
        for row in gen.role_rows:
            self.members[row.place_id].append(row.person_id)
            self.role_of[(row.person_id, row.place_id)] = row.role
        self.resources: list[tuple[Resource, ResourceSpec]] = []
        self.qualified: dict[int, list[int]] = {}  # training: people who followed it
        self.everyone = sorted({row.person_id for row in gen.role_rows})
        self.tz = {place.pk: ZoneInfo(place.timezone) for place in places}
        # Per (resource index, day): how many confirmed bookings hold each half-hour.
        self.taken: dict[tuple[int, date], list[int]] = {}

    def make_resources(self) -> None:
        spaces = list(Space.objects.filter(place_id__in=self.places).prefetch_related("equipment"))
        needed = sorted(
            {
                (space.place_id, spec.training)
                for space in spaces
                for spec in RESOURCE_SPECS.get(space.name, [])
                if spec.training
            }
        )
        trainings = [
            Training(
                place_id=place_id,
                name=name,
                description="Sécurité et réglages, avec un membre formé.",
                validity_months=36,
            )
            for place_id, name in needed
        ]
        self.gen.bulk(Training, trainings)
        training_of = {
            (t.place_id, t.name): t for t in Training.objects.filter(place_id__in=self.places)
        }
        rows: list[tuple[Resource, ResourceSpec]] = []
        for space in spaces:
            equipment = {item.name: item for item in space.equipment.all()}
            for spec in RESOURCE_SPECS.get(space.name, []):
                training = training_of.get((space.place_id, spec.training))
                resource = Resource(
                    place_id=space.place_id,
                    space=space,
                    equipment=equipment.get(spec.equipment),
                    name=spec.name,
                    slug=spec.slug,
                    kind=spec.kind,
                    capacity=spec.capacity,
                    hourly_price_cents=spec.hourly_cents,
                    required_training=training,
                    **spec.extra,
                )
                rows.append((resource, spec))
        self.gen.bulk(Resource, [resource for resource, _spec in rows])
        saved = {(r.place_id, r.slug): r for r in Resource.objects.filter(place_id__in=self.places)}
        self.resources = [(saved[(r.place_id, r.slug)], spec) for r, spec in rows]
        self.qualify(list(training_of.values()))

    def qualify(self, trainings: list[Training]) -> None:
        first = self.gen.today - timedelta(days=BOOKING_PAST_DAYS)
        rows = []
        for training in trainings:
            pool = sorted(set(self.members.get(training.place_id, [])))
            people = self.rng.sample(pool, min(QUALIFIED_PER_TRAINING, len(pool)))
            self.qualified[training.pk] = people
            for person_id in people:
                granted = first - timedelta(days=self.rng.randrange(0, 300))
                rows.append(
                    Qualification(
                        person_id=person_id,
                        training=training,
                        granted_on=granted,
                        expires_on=granted + relativedelta(months=36),
                        can_train=self.rng.random() < 0.1,
                    )
                )
        self.gen.bulk(Qualification, rows)

    def write(self, count: int) -> int:
        started = time_module.perf_counter()
        planned = self.plan(count)
        written = 0
        for chunk in batches(planned.rows(self), VISIT_CHUNK):  # by start, then resource
            insert_rows(Booking, BOOKING_FIELDS, chunk, returning=False)
            written += len(chunk)
        seconds = time_module.perf_counter() - started
        cancelled = sum(planned.cancelled)
        self.gen.say(f"  bookings: {written}, {cancelled} cancelled ({seconds:.1f} s)")
        return written

    def plan(self, count: int) -> PlannedBookings:
        """`count` bookings spread over the open days of every resource (by weight), each
        placed where its resource still has room."""
        rows = PlannedBookings()
        if not self.resources or count <= 0:
            return rows
        today = self.gen.today
        first, last = (
            today - timedelta(days=BOOKING_PAST_DAYS),
            today + timedelta(days=BOOKING_FUTURE_DAYS),
        )
        slots_of = {pk: open_slots(place, first, last) for pk, place in self.places.items()}
        cells: list[tuple[int, date]] = []  # (resource index, day)
        weights: list[float] = []
        for index, (resource, spec) in enumerate(self.resources):
            for day, slots in slots_of[resource.place_id].items():
                cells.append((index, day))
                weights.append(spec.weight * len(slots))
        if not cells:
            return rows
        # The draws of rng.choices(range(len(cells)), weights, k=count), counted as they
        # come rather than listed (the same random() calls, the same bisect).
        quota = array("i", bytes(4 * len(cells)))
        cum_weights = list(accumulate(weights))
        total, hi, random = cum_weights[-1] + 0.0, len(cells) - 1, self.rng.random
        for _ in range(count):
            quota[bisect(cum_weights, random() * total, 0, hi)] += 1
        missed = 0
        for cell, wanted in enumerate(quota):
            if wanted:
                missed += self.fill(cells[cell], wanted, slots_of, rows)
        # What did not fit where it was drawn goes to other days, a few tries each.
        for _ in range(missed * 5):
            if not missed:
                break
            if self.fill(self.rng.choice(cells), 1, slots_of, rows) == 0:
                missed -= 1
        return rows

    def fill(
        self,
        cell: tuple[int, date],
        wanted: int,
        slots_of: dict[int, dict[date, list[tuple[int, int]]]],
        rows: PlannedBookings,
    ) -> int:
        """Place `wanted` bookings on one resource and day; returns how many did not fit."""
        index, day = cell
        resource, spec = self.resources[index]
        slots = slots_of[resource.place_id][day]
        used = self.taken.setdefault(cell, [0] * (24 * 60 // SLOT))
        missed = 0
        for _ in range(wanted):
            placed = False
            cancelled = self.rng.random() < CANCELLED_SHARE
            for attempt in range(8):
                start, room = self.rng.choice(slots)
                shortest, longest = spec.slots
                length = min(self.rng.randint(shortest, longest), room)
                if attempt >= 4:
                    length = min(shortest, room)
                if length < shortest:
                    continue
                span = range(start, start + length)
                if not cancelled and any(used[i] >= resource.capacity for i in span):
                    continue
                if not cancelled:
                    for i in span:
                        used[i] += 1
                self.draw(rows, index, day, start, length, cancelled)
                placed = True
                break
            missed += not placed
        return missed

    def draw(
        self,
        rows: PlannedBookings,
        index: int,
        day: date,
        start_slot: int,
        length: int,
        cancelled: bool,
    ) -> None:
        """Draw who books and when they did, and keep it compact until written."""
        resource, spec = self.resources[index]
        tz = self.tz[resource.place_id]
        start = datetime.combine(day, time(0), tzinfo=tz) + timedelta(minutes=start_slot * SLOT)
        start = start.astimezone(UTC)
        pool = (
            self.qualified.get(resource.required_training_id or 0)
            or self.members.get(resource.place_id)
            or self.everyone
        )
        person_id = self.rng.choice(pool)
        ahead = self.rng.randrange(60, 30 * 24 * 60)
        share = -1.0
        if cancelled:
            share = self.rng.random()
        title = self.rng.randrange(len(BOOKING_TITLES)) if spec.kind != DESK else -1
        rows.add(index, int(start.timestamp()), length, person_id, ahead, share, title)

    def row(self, rows: PlannedBookings, at: int) -> tuple[Any, ...]:
        """The booking planned at `at`, as written."""
        resource, spec = self.resources[rows.resource[at]]
        start = datetime.fromtimestamp(rows.start[at], UTC)
        minutes = rows.length[at] * SLOT
        end = start + timedelta(minutes=minutes)
        person_id = rows.person[at]
        role = self.role_of.get((person_id, resource.place_id), Role.TRAVELLER)
        price = tickets = included = 0
        if role in CONCIERGE_ROLES:
            pass
        elif role == Role.RESIDENT and resource.uses_included_hours:
            included = minutes
        elif role == Role.NOMAD and resource.nomad_payment == TICKETS:
            tickets = -(-minutes // resource.minutes_per_ticket)
        else:
            price = -(-minutes * resource.hourly_price_cents // 60)
        now = self.gen.now
        created = min(start - timedelta(minutes=rows.ahead[at]), now)
        cancelled = rows.cancelled[at]
        cancelled_at = None
        if cancelled:
            cancelled_at = created + (min(start, now) - created) * rows.share[at]
        title = BOOKING_TITLES[rows.title[at]] if rows.title[at] >= 0 else ""
        return (
            1,
            resource.pk,
            person_id,
            title,
            start,
            end,
            Booking.Status.CANCELLED if cancelled else Booking.Status.CONFIRMED,
            resource.capacity == 1,
            price,
            tickets,
            included,
            cancelled_at,
            created,
            cancelled_at or created,
        )


class PlannedBookings:
    """The planned bookings in compact columns (what was drawn for each), turned into rows
    only when written, a chunk at a time."""

    def __init__(self) -> None:
        self.resource = array("h")  # index in the generator's resources
        self.start = array("q")  # UTC timestamp
        self.length = array("b")  # half-hours
        self.person = array("q")
        self.ahead = array("i")  # minutes booked before the start
        self.share = array("d")  # where between booking and start it was cancelled
        self.cancelled = array("b")
        self.title = array("b")  # index in BOOKING_TITLES, -1: none

    def __len__(self) -> int:
        return len(self.start)

    def add(
        self,
        resource: int,
        start: int,
        length: int,
        person_id: int,
        ahead: int,
        share: float,
        title: int,
    ) -> None:
        self.resource.append(resource)
        self.start.append(start)
        self.length.append(length)
        self.person.append(person_id)
        self.ahead.append(ahead)
        self.share.append(share)
        self.cancelled.append(share >= 0)
        self.title.append(title)

    def rows(self, generator: BookingGenerator) -> Iterator[tuple[Any, ...]]:
        """The rows by start, then resource, ties in planning order (a stable sort, by
        start day buckets)."""
        pks = [resource.pk for resource, _spec in generator.resources]
        by_day: dict[int, array] = defaultdict(lambda: array("i"))
        for at, start in enumerate(self.start):
            by_day[start // 86400].append(at)
        for day in sorted(by_day):
            bucket = by_day.pop(day)
            order = sorted(bucket, key=lambda at: (self.start[at], pks[self.resource[at]]))
            for at in order:
                yield generator.row(self, at)


def wipe_bookings(
    places: QuerySet[Place], people: QuerySet[Person], orgs: QuerySet[Organization]
) -> None:
    """Bookings, waitlists, feeds, qualifications, resources and trainings of the generated
    places and people, children first (bookings may point at orders and subscriptions)."""
    for model in (WaitlistEntry, Booking, BookingSeries):
        sql_delete(model._default_manager.filter(resource__place__in=places))
        sql_delete(model._default_manager.filter(person__in=people))
    sql_delete(Booking.objects.filter(organization__in=orgs))
    sql_delete(CalendarFeed.objects.filter(person__in=people))
    sql_delete(Qualification.objects.filter(training__place__in=places))
    sql_delete(Qualification.objects.filter(person__in=people))
    partners = Resource.partners.through.objects
    sql_delete(partners.filter(resource__place__in=places))
    sql_delete(partners.filter(organization__in=orgs))
    sql_delete(Resource.objects.filter(place__in=places))
    sql_delete(Training.objects.filter(place__in=places))
