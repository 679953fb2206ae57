"""Network-scale agenda for the benchmarks (used by `comptoir_generate`): two years of
events in the generated places, each holding its room through a booking that the
generated bookings then leave alone, and their registrations, waitlists and attendance.

Planned in memory and written with COPY on PostgreSQL, like the rest of the generator."""

from __future__ import annotations

import json
import random
import time as time_module
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from comptoir.agenda import public_cache
from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.bookings.models import Booking, Resource
from comptoir.community.models import CONCIERGE_ROLES, Person
from comptoir.core import mediation
from comptoir.core.bulk import insert_rows, sql_delete
from comptoir.devtools.generate.base import VISIT_CHUNK, RoleTable, batches
from comptoir.devtools.generate.community import FIRST_NAMES, LAST_NAMES
from comptoir.places.models import Place

PAST_DAYS = 700
FUTURE_DAYS = 60
SLOT = 30  # minutes, as the generated bookings
CANCELLED_EVENTS = 0.03
CANCELLED_REGISTRATIONS = 0.08
PRESENT_SHARE = 0.78
GUESTS = 20_000  # people without an account who come back from time to time
MEMBER_SHARE = 0.35

# kind, weight, length in half-hours, seats, titles
KINDS: list[tuple[str, int, int, int, list[str]]] = [
    (
        EventKind.WORKSHOP,
        45,
        4,
        10,
        [
            "Premiers pas sur l'ordinateur",
            "Bien utiliser son smartphone",
            "Démarches en ligne : ameli, CAF, impôts",
            "Créer son adresse e-mail",
            "Sécuriser ses mots de passe",
            "CV et candidature en ligne",
            "Retoucher ses photos",
            "Parents : les écrans et les enfants",
        ],
    ),
    (EventKind.DROP_IN, 15, 6, 12, ["Permanence numérique", "Permanence France services"]),
    (EventKind.TRAINING, 10, 6, 10, ["Formation tableur", "Formation découpe laser"]),
    (EventKind.TALK, 10, 3, 30, ["Conférence : les communs numériques", "Café-débat IA"]),
    (EventKind.PARTNER, 8, 4, 20, ["Atelier de l'association Magique Animation"]),
    (EventKind.MEETUP, 7, 4, 25, ["Apéro des coworkers", "Repair café"]),
    (EventKind.FESTIVAL, 3, 8, 40, ["Portes ouvertes", "Semaine Tiers-Lieux"]),
    (EventKind.HACKATHON, 2, 16, 30, ["Hackathon Event42"]),
]
STARTS = [9 * 2, 10 * 2, 14 * 2, 15 * 2, 18 * 2]  # half-hour indexes of the day

EVENT_FIELDS = (
    "place_id",
    "space_id",
    "booking_id",
    "title",
    "slug",
    "summary",
    "description",
    "kind",
    "organizer_person_id",
    "start",
    "end",
    "capacity",
    "price_cents",
    "publics",
    "services",
    "accessibility",
    "registration_required",
    "is_public",
    "status",
    "cancelled_at",
    "created_at",
    "updated_at",
)
REGISTRATION_FIELDS = (
    "event_id",
    "person_id",
    "name",
    "email",
    "phone",
    "identity",
    "status",
    "promoted_at",
    "cancelled_at",
    "reminded_at",
    "attendance",
    "walk_in",
    "public_category",
    "consent",
    "created_at",
    "updated_at",
)


class Gen(Protocol):
    rng: random.Random
    today: date
    now: datetime
    role_rows: RoleTable

    def say(self, message: str) -> None: ...


class Bookings(Protocol):
    resources: list[tuple[Resource, Any]]
    taken: dict[tuple[int, date], list[int]]
    tz: dict[int, Any]


@dataclass
class Guest:
    name: str
    email: str
    phone: str

    @property
    def identity(self) -> str:
        return f"e:{self.email}" if self.email else f"t:{self.phone}"


@dataclass(slots=True)
class EventPlan:
    row: list[Any]
    capacity: int
    required: bool
    past: bool
    cancelled: bool
    start: datetime


class AgendaGenerator:
    def __init__(self, gen: Gen, bookings: Bookings, places: list[Place]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.bookings = bookings
        self.places = places
        self.members: dict[int, list[int]] = {place.pk: [] for place in places}
        self.concierges: dict[int, list[int]] = {place.pk: [] for place in places}
        for row in gen.role_rows:
            if row.place_id in self.members:
                self.members[row.place_id].append(row.person_id)
                if row.role in CONCIERGE_ROLES:
                    self.concierges[row.place_id].append(row.person_id)
        # Rooms an event holds whole: the capacity-1 rooms of each place.
        self.rooms: dict[int, list[tuple[int, Resource]]] = {place.pk: [] for place in places}
        for index, (resource, _spec) in enumerate(bookings.resources):
            if resource.kind in (Resource.Kind.EPN_ROOM, Resource.Kind.ROOM):
                self.rooms[resource.place_id].append((index, resource))
        self.guests = [self.guest(i) for i in range(GUESTS)]

    def guest(self, i: int) -> Guest:
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        if self.rng.random() < 0.6:
            return Guest(name, f"invite{i:05d}@{GUEST_DOMAIN}", "")
        return Guest(name, "", f"+336{i:08d}")

    # --- events --------------------------------------------------------------------------
    def write(self, events: int, registrations: int) -> None:
        started = time_module.perf_counter()
        plans, holds = self.plan_events(events)
        hold_ids = insert_rows(Booking, HOLD_FIELDS, [h for h in holds if h is not None])
        ids = iter(hold_ids)
        for plan, hold in zip(plans, holds, strict=True):
            plan.row[2] = next(ids) if hold is not None else None
        event_ids = insert_rows(Event, EVENT_FIELDS, [tuple(plan.row) for plan in plans])
        self.gen.say(
            f"  events: {len(event_ids)}, {len(hold_ids)} holding a room "
            f"({time_module.perf_counter() - started:.1f} s)"
        )
        started = time_module.perf_counter()
        names = dict(
            Person.objects.filter(pk__in={p for ids in self.members.values() for p in ids})
            .values_list("pk", "first_name")
            .iterator()
        )
        rows = self.plan_registrations(plans, event_ids, registrations, names)
        written = 0
        for chunk in batches(rows, VISIT_CHUNK):
            insert_rows(Registration, REGISTRATION_FIELDS, chunk, returning=False)
            written += len(chunk)
        # COPY sends no signals: forget the public pages cached before these rows existed.
        transaction.on_commit(public_cache.bump)
        self.gen.say(f"  registrations: {written} ({time_module.perf_counter() - started:.1f} s)")

    def plan_events(self, count: int) -> tuple[list[EventPlan], list[tuple[Any, ...] | None]]:
        today, now = self.gen.today, self.gen.now
        weights = [kind[1] for kind in KINDS]
        plans: list[EventPlan] = []
        holds: list[tuple[Any, ...] | None] = []
        for _ in range(count):
            place = self.rng.choice(self.places)
            kind, _w, length, seats, titles = self.rng.choices(KINDS, weights=weights)[0]
            day = today + timedelta(days=self.rng.randrange(-PAST_DAYS, FUTURE_DAYS))
            tz = self.bookings.tz[place.pk]
            first = self.rng.choice(STARTS[:3] if length > 8 else STARTS)
            room = self.room_for(place.pk, day, first, length)
            start = datetime.combine(day, time(0), tzinfo=tz) + timedelta(minutes=first * SLOT)
            start = start.astimezone(UTC)
            end = start + timedelta(minutes=length * SLOT)
            cancelled = self.rng.random() < CANCELLED_EVENTS
            created = min(start - timedelta(days=self.rng.randrange(3, 60)), now)
            organizer = self.rng.choice(self.concierges[place.pk] or [None])
            title = self.rng.choice(titles)
            mediation_kind = kind in (EventKind.WORKSHOP, EventKind.DROP_IN, EventKind.TRAINING)
            publics = self.rng.sample(mediation.PUBLICS, self.rng.randrange(0, 3))
            services = (
                self.rng.sample(mediation.SERVICES, self.rng.randrange(1, 3))
                if mediation_kind
                else []
            )
            capacity = seats
            required = kind != EventKind.DROP_IN
            status = Event.Status.CANCELLED if cancelled else Event.Status.SCHEDULED
            price = 0 if self.rng.random() < 0.8 else self.rng.choice([300, 500, 1000, 1500])
            plans.append(
                EventPlan(
                    row=[
                        place.pk,
                        room[1].space_id if room else None,
                        None,
                        title,
                        slugify(title)[:80],
                        f"{title}, à {place.name}.",
                        f"## {title}\n\nOuvert à toutes et à tous. Apportez vos questions !",
                        kind,
                        organizer,
                        start,
                        end,
                        capacity if required else None,
                        price,
                        json_list(publics),
                        json_list(services),
                        "Salle de plain-pied, boucle magnétique.",
                        required,
                        True,
                        status,
                        created + (min(start, now) - created) / 2 if cancelled else None,
                        created,
                        created,
                    ],
                    capacity=capacity,
                    required=required,
                    past=end < now,
                    cancelled=cancelled,
                    start=start,
                )
            )
            holds.append(
                None
                if room is None
                else (
                    room[1].pk,
                    organizer or self.rng.choice(self.members[place.pk]),
                    title[:120],
                    start,
                    end,
                    Booking.Status.CANCELLED if cancelled else Booking.Status.CONFIRMED,
                    True,
                    room[1].capacity,
                    0,
                    0,
                    0,
                    None,
                    created,
                    created,
                )
            )
        return plans, holds

    def room_for(
        self, place_id: int, day: date, first: int, length: int
    ) -> tuple[int, Resource] | None:
        """A room of the place free over those half-hours (then marked taken, so the
        generated bookings keep off it), or None: the event is elsewhere."""
        rooms = self.rooms[place_id][:]
        self.rng.shuffle(rooms)
        for index, resource in rooms:
            used = self.bookings.taken.setdefault((index, day), [0] * (24 * 60 // SLOT))
            span = range(first, min(first + length, len(used)))
            if any(used[i] for i in span):
                continue
            for i in span:
                used[i] = resource.capacity
            return index, resource
        return None

    # --- registrations -------------------------------------------------------------------
    def plan_registrations(
        self, plans: list[EventPlan], event_ids: list[int], target: int, names: dict[int, str]
    ) -> Iterator[tuple[Any, ...]]:
        total_seats = sum(plan.capacity for plan in plans if plan.required) or 1
        per_seat = target / total_seats
        for plan, event_id in zip(plans, event_ids, strict=True):
            wanted = 0
            if plan.required:
                wanted = round(plan.capacity * per_seat * self.rng.uniform(0.4, 1.6))
            walk_ins = self.rng.randrange(0, 4) if plan.past and not plan.cancelled else 0
            # Different people within one event: an email, a phone or a member registers once.
            people = self.people(plan.row[0], wanted + walk_ins, names)
            yield from self.registrations(plan, event_id, people[:wanted])
            yield from self.walk_ins(plan, event_id, people[wanted:])

    def people(self, place_id: int, count: int, names: dict[int, str]) -> list[tuple[Any, ...]]:
        """`count` different people: (person_id, name, email, phone, identity)."""
        members = self.members[place_id]
        picked: list[tuple[Any, ...]] = []
        seen: set[str] = set()
        while len(picked) < count:
            if members and self.rng.random() < MEMBER_SHARE:
                person_id = self.rng.choice(members)
                who: tuple[Any, ...] = (
                    person_id,
                    names.get(person_id, "Membre"),
                    "",
                    "",
                    f"p:{person_id}",
                )
            else:
                guest = self.rng.choice(self.guests)
                who = (None, guest.name, guest.email, guest.phone, guest.identity)
            if who[4] not in seen:
                seen.add(who[4])
                picked.append(who)
        return picked

    def registrations(
        self, plan: EventPlan, event_id: int, people: list[tuple[Any, ...]]
    ) -> list[tuple[Any, ...]]:
        rows = []
        confirmed = 0
        for i, (person_id, name, email, phone, identity) in enumerate(people):
            created = min(plan.start - timedelta(hours=24 * 30 - i * 5), self.gen.now)
            cancelled_at = None
            attendance = ""
            category, consent = "", False
            if self.rng.random() < CANCELLED_REGISTRATIONS:
                status, cancelled_at = Registration.Status.CANCELLED, created + timedelta(hours=2)
            elif confirmed < plan.capacity:
                status = Registration.Status.CONFIRMED
                confirmed += 1
                if plan.past and not plan.cancelled:
                    present = self.rng.random() < PRESENT_SHARE
                    attendance = "present" if present else "absent"
                    if present and self.rng.random() < 0.5:
                        category, consent = self.rng.choice(mediation.PUBLICS), True
            else:
                status = Registration.Status.WAITLISTED
            rows.append(
                (
                    event_id,
                    person_id,
                    name,
                    email,
                    phone,
                    identity,
                    status,
                    None,
                    cancelled_at,
                    plan.start - timedelta(days=1) if plan.past else None,
                    attendance,
                    False,
                    category,
                    consent,
                    created,
                    cancelled_at or created,
                )
            )
        return rows

    def walk_ins(
        self, plan: EventPlan, event_id: int, people: list[tuple[Any, ...]]
    ) -> list[tuple[Any, ...]]:
        rows = []
        for person_id, name, email, phone, identity in people:
            rows.append(
                (
                    event_id,
                    person_id,
                    name,
                    email,
                    phone,
                    identity,
                    Registration.Status.CONFIRMED,
                    None,
                    None,
                    None,
                    "present",
                    True,
                    "",
                    False,
                    plan.start,
                    plan.start,
                )
            )
        return rows


GUEST_DOMAIN = "invites.gen.comptoir.test"
HOLD_FIELDS = (
    "resource_id",
    "person_id",
    "title",
    "start",
    "end",
    "status",
    "exclusive",
    "seats",
    "price_cents",
    "tickets_used",
    "included_minutes",
    "cancelled_at",
    "created_at",
    "updated_at",
)


def json_list(values: list[str]) -> Any:
    """A list for a JSON column: COPY takes its text, bulk_create the list itself."""
    return json.dumps(values, ensure_ascii=False) if connection.vendor == "postgresql" else values


def wipe_agenda(places: QuerySet[Place]) -> None:
    """The generated places' events and registrations (before their bookings)."""
    events = Event.objects.filter(place__in=places)
    sql_delete(Registration.objects.filter(event__in=events))
    sql_delete(events)
