"""Coworking access and presence of the generated network: offers, subscriptions, ticket
books with their ledgers, day passes, orders, and two years of visits with the half-days they
paid for."""

from __future__ import annotations

import heapq
import time as time_module
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet

from comptoir.access.models import (
    DayPass,
    PlaceAccessSettings,
    Plan,
    Subscription,
    SubscriptionPeriod,
    TicketBook,
    TicketMovement,
    TicketUnit,
)
from comptoir.access.services import period_bounds
from comptoir.billing.models import Order, OrderLine, Payment, PaymentMethod
from comptoir.community.models import CONCIERGE_ROLES, Organization, Person, Role
from comptoir.core.bulk import insert_rows, sql_delete
from comptoir.devtools.generate.base import (
    BATCH,
    VISIT_CHUNK,
    GeneratorBase,
    batches,
    generated_networks,
)
from comptoir.places.models import Place
from comptoir.presence.models import Access, CoveredPeriod, Half, Visit
from comptoir.presence.services import access_settings, half_of

HISTORY_DAYS = 730  # two years of visits and sales
DAY_PASS_SHARE = 0.04  # of the visits
DISCOVERY_SHARE = 0.03
TICKET_SHARE = 0.65
PAYMENT_METHODS = [
    PaymentMethod.CARD,
    PaymentMethod.CASH,
    PaymentMethod.TRANSFER,
    PaymentMethod.CHEQUE,
]
PAYMENT_WEIGHTS = [45, 20, 20, 15]
# key, name, kind, price (cents), other fields
PLACE_OFFERS: list[tuple[str, str, str, int, dict[str, Any]]] = [
    ("discovery", "Visite découverte", Plan.Kind.DISCOVERY, 0, {}),
    ("day_pass", "Pass journée", Plan.Kind.DAY_PASS, 1500, {}),
    (
        "half_days",
        "Carnet 10 demi-journées",
        Plan.Kind.TICKET_BOOK,
        6000,
        {"tickets": 10, "ticket_unit": TicketUnit.HALF_DAY},
    ),
    (
        "days",
        "Carnet 10 journées",
        Plan.Kind.TICKET_BOOK,
        10000,
        {"tickets": 10, "ticket_unit": TicketUnit.DAY},
    ),
    ("solo", "Résident solo", Plan.Kind.SUBSCRIPTION, 20000, {"included_room_hours": 4}),
    (
        "structure",
        "Résident structure 3 postes",
        Plan.Kind.SUBSCRIPTION,
        45000,
        {
            "holder": Plan.Holder.ORGANIZATION,
            "seats": 3,
            "included_room_hours": 10,
            "commitment_months": 3,
        },
    ),
]


@dataclass(eq=False, slots=True)
class BookSpec:
    plan: Plan
    person_id: int
    place_id: int
    network_id: int | None
    purchased_on: date
    expires_on: date
    used: int = 0
    pk: int | None = None
    order_line_id: int | None = None
    index: int = 0  # in the generator's books


@dataclass(eq=False, slots=True)
class SubscriptionSpec:
    plan: Plan
    organization_id: int
    place_id: int
    started_on: date
    periods: list[tuple[date, date]]
    ended_on: date | None = None
    pk: int | None = None
    period_lines: dict[int, int] = field(default_factory=dict)
    index: int = 0  # in the generator's subscriptions


@dataclass(eq=False, slots=True)
class PassSpec:
    plan: Plan
    person_id: int
    place_id: int
    valid_on: date
    pk: int | None = None
    order_line_id: int | None = None
    index: int = 0  # in the generator's passes


@dataclass(frozen=True)
class VisitSpec:
    person_id: int
    place_id: int
    day: date
    access: str
    half_day: bool = False  # covers only the half-day of arrival (a half-day ticket)
    subscription: SubscriptionSpec | None = None
    book: BookSpec | None = None
    day_pass: PassSpec | None = None
    is_open: bool = False


ACCESS_CODES: list[str] = list(Access.values)


class VisitTable:
    """The planned visits in compact columns (a few bytes each instead of one object per
    visit): who, where, which day, how paid (the index of the book, pass or subscription)."""

    def __init__(self) -> None:
        self.person = array("q")
        self.place = array("q")
        self.day = array("i")  # ordinal
        self.access = array("b")
        self.half_day = array("b")
        self.source = array("i")  # index of the book, pass or subscription; -1: none
        self.is_open = array("b")

    def __len__(self) -> int:
        return len(self.person)

    def add(self, spec: VisitSpec) -> None:
        source = spec.subscription or spec.book or spec.day_pass
        self.person.append(spec.person_id)
        self.place.append(spec.place_id)
        self.day.append(spec.day.toordinal())
        self.access.append(ACCESS_CODES.index(spec.access))
        self.half_day.append(spec.half_day)
        self.source.append(source.index if source is not None else -1)
        self.is_open.append(spec.is_open)

    def extend(self, other: VisitTable, indexes: Iterable[int]) -> None:
        for i in indexes:
            self.person.append(other.person[i])
            self.place.append(other.place[i])
            self.day.append(other.day[i])
            self.access.append(other.access[i])
            self.half_day.append(other.half_day[i])
            self.source.append(other.source[i])
            self.is_open.append(other.is_open[i])

    def in_time_order(self) -> Iterator[int]:
        """The indexes by (day, place), ties in planning order (a stable sort, by day
        buckets so that no list of every visit is built)."""
        by_day: dict[int, array] = defaultdict(lambda: array("i"))
        for index, day in enumerate(self.day):
            by_day[day].append(index)
        for day in sorted(by_day):
            yield from sorted(by_day.pop(day), key=self.place.__getitem__)


class PersonDays:
    """The (person, day) pairs already taken by a visit: one bit each over the generated
    people's ids and the days of the history (a set of tuples would hold millions)."""

    def __init__(self, person_ids: Sequence[int], first: date, last: date) -> None:
        self.low = min(person_ids, default=0)
        self.people = max(person_ids, default=0) - self.low + 1
        self.first = first.toordinal()
        self.days = (last - first).days + 1
        self.bits = bytearray((self.people * self.days + 7) // 8)
        self.others: set[tuple[int, date]] = set()  # out of those bounds (none expected)

    def bit(self, person_id: int, day: date) -> int | None:
        offset, person = day.toordinal() - self.first, person_id - self.low
        if 0 <= offset < self.days and 0 <= person < self.people:
            return person * self.days + offset
        return None

    def __contains__(self, key: tuple[int, date]) -> bool:
        bit = self.bit(*key)
        if bit is None:
            return key in self.others
        return bool(self.bits[bit >> 3] & (1 << (bit & 7)))

    def add(self, key: tuple[int, date]) -> None:
        bit = self.bit(*key)
        if bit is None:
            self.others.add(key)
        else:
            self.bits[bit >> 3] |= 1 << (bit & 7)


def weekdays(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


class AccessGenerator:
    """Offers, subscriptions, books, passes and orders of the generated places, and the
    visits they paid for. Everything is planned in memory first (so each visit knows its
    book or subscription), then written in bulk: sales, then visits in chunks with their
    ticket movements and covered half-days.

    One visit per person and day, which keeps both unique constraints (one open visit per
    person and day, one covered period per person and half-day) true by construction."""

    def __init__(self, gen: GeneratorBase, places: list[Place], person_ids: Sequence[int]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.today = gen.today
        self.first_day = gen.today - timedelta(days=HISTORY_DAYS)
        self.places = places
        self.place_ids = [place.pk for place in places]
        self.tz = {place.pk: ZoneInfo(place.timezone) for place in places}
        self.network_of = {place.pk: place.network_id for place in places}
        self.places_of_network: dict[int, list[int]] = defaultdict(list)
        for place in places:
            self.places_of_network[place.network_id].append(place.pk)
        self.person_ids = person_ids
        self.holders: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.concierges: dict[int, list[int]] = defaultdict(list)
        for row in gen.role_rows:
            if row.role in CONCIERGE_ROLES:
                self.concierges[row.place_id].append(row.person_id)
            else:
                self.holders[(row.role, row.place_id)].append(row.person_id)
        self.taken = PersonDays(person_ids, self.first_day, self.today)
        self.visits = VisitTable()
        self.books: list[BookSpec] = []
        self.subscriptions: list[SubscriptionSpec] = []
        self.passes: list[PassSpec] = []
        self.plan_of: dict[tuple[int, str], Plan] = {}
        self.network_plans: dict[int, Plan] = {}
        self.afternoon: dict[int, time] = {}

    # --- planning ------------------------------------------------------------------------
    def plan(self, counts: dict[str, int]) -> None:
        self.make_plans()
        visits = counts["visits"]
        self.plan_books(counts["ticket_books"], round(visits * TICKET_SHARE))
        self.plan_passes(round(visits * DAY_PASS_SHARE))
        self.plan_discoveries(round(visits * DISCOVERY_SHARE))
        self.plan_present(counts["present"])
        self.plan_subscriptions(counts["subscriptions"], visits - len(self.visits))

    def someone(self, role: str, place_id: int) -> int:
        return self.rng.choice(self.holders.get((role, place_id)) or self.person_ids)

    def free_weekday(self, person_id: int, start: date, end: date) -> date | None:
        """A weekday in [start, end] when the person has no visit yet (a few tries)."""
        span = (end - start).days
        if span < 0:
            return None
        for _ in range(4):
            day = start + timedelta(days=self.rng.randrange(span + 1))
            if day.weekday() >= 5 or (person_id, day) in self.taken:
                continue
            self.taken.add((person_id, day))
            return day
        return None

    def make_plans(self) -> None:
        rows = []
        for place in self.places:
            for position, (key, name, kind, price, extra) in enumerate(PLACE_OFFERS):
                plan = Plan(
                    place=place, kind=kind, name=name, price_cents=price, position=position, **extra
                )
                self.plan_of[(place.pk, key)] = plan
                rows.append(plan)
        for network_id in self.places_of_network:
            self.network_plans[network_id] = Plan(
                network_id=network_id,
                kind=Plan.Kind.TICKET_BOOK,
                name="Carnet réseau 10 journées",
                description="Valable dans tous les lieux du réseau.",
                price_cents=11000,
                tickets=10,
                ticket_unit=TicketUnit.DAY,
                network_wide=True,
            )
            rows.append(self.network_plans[network_id])
        self.gen.bulk(Plan, rows)
        self.gen.bulk(
            PlaceAccessSettings,
            [
                PlaceAccessSettings(place=place, over_seats=PlaceAccessSettings.OverSeats.CHARGE)
                for place in self.places[::2]
            ],
        )
        # Half-day tickets cover the half-day of arrival, split where check-in splits it.
        self.afternoon = {
            place.pk: access_settings(place).afternoon_starts_at for place in self.places
        }

    def plan_books(self, count: int, ticket_visits: int) -> None:
        # Recent books have had fewer days to be used: aim a little higher on average.
        mean_used = min(9.0, 1.2 * ticket_visits / max(1, count))
        yesterday = self.today - timedelta(days=1)
        for _ in range(count):
            place_id = self.rng.choice(self.place_ids)
            draw = self.rng.random()
            network_id = None
            if draw < 0.15 and self.network_plans:
                network_id = self.network_of[place_id]
                plan = self.network_plans[network_id]
            elif draw < 0.6:
                plan = self.plan_of[(place_id, "half_days")]
            else:
                plan = self.plan_of[(place_id, "days")]
            bought = self.first_day + timedelta(days=self.rng.randrange(HISTORY_DAYS + 1))
            book = BookSpec(
                plan=plan,
                person_id=self.someone(Role.NOMAD, place_id),
                place_id=place_id,
                network_id=network_id,
                purchased_on=bought,
                expires_on=bought + relativedelta(months=plan.validity_months),
                index=len(self.books),
            )
            self.books.append(book)
            wanted = min(plan.tickets, max(0, round(self.rng.gauss(mean_used, 2.5))))
            last = min(book.expires_on, yesterday)
            for _ in range(wanted):
                day = self.free_weekday(book.person_id, bought, last)
                if day is None:
                    continue
                where = place_id
                if network_id is not None and self.rng.random() < 0.3:
                    where = self.rng.choice(self.places_of_network[network_id])
                self.visits.add(
                    VisitSpec(
                        book.person_id,
                        where,
                        day,
                        Access.TICKET,
                        half_day=plan.ticket_unit == TicketUnit.HALF_DAY,
                        book=book,
                    )
                )
                book.used += 1

    def plan_passes(self, count: int, *, on: date | None = None) -> None:
        yesterday = self.today - timedelta(days=1)
        for _ in range(count):
            place_id = self.rng.choice(self.place_ids)
            person_id = self.someone(Role.TRAVELLER, place_id)
            if on is None:
                day = self.free_weekday(person_id, self.first_day, yesterday)
            elif (person_id, on) not in self.taken:
                day = on
                self.taken.add((person_id, on))
            else:
                day = None
            if day is None:
                continue
            day_pass = PassSpec(
                self.plan_of[(place_id, "day_pass")],
                person_id,
                place_id,
                day,
                index=len(self.passes),
            )
            self.passes.append(day_pass)
            self.visits.add(
                VisitSpec(
                    person_id,
                    place_id,
                    day,
                    Access.DAY_PASS,
                    day_pass=day_pass,
                    is_open=on is not None,
                )
            )

    def plan_discoveries(self, count: int) -> None:
        yesterday = self.today - timedelta(days=1)
        seen: set[tuple[int, int]] = set()
        for _ in range(count):
            place_id = self.rng.choice(self.place_ids)
            person_id = self.someone(Role.TRAVELLER, place_id)
            if (person_id, place_id) in seen:
                continue
            day = self.free_weekday(person_id, self.first_day, yesterday)
            if day is None:
                continue
            seen.add((person_id, place_id))
            self.visits.add(VisitSpec(person_id, place_id, day, Access.DISCOVERY))

    def plan_present(self, count: int) -> None:
        """Who is here now: open visits today, on books with tickets left, else day passes."""
        valid = [
            book
            for book in self.books
            if book.purchased_on <= self.today <= book.expires_on and book.used < book.plan.tickets
        ]
        self.rng.shuffle(valid)
        present = 0
        for book in valid:
            if present >= count:
                break
            if (book.person_id, self.today) in self.taken:
                continue
            self.taken.add((book.person_id, self.today))
            where = (
                book.place_id
                if book.network_id is None
                else self.rng.choice(self.places_of_network[book.network_id])
            )
            self.visits.add(
                VisitSpec(
                    book.person_id,
                    where,
                    self.today,
                    Access.TICKET,
                    half_day=book.plan.ticket_unit == TicketUnit.HALF_DAY,
                    book=book,
                    is_open=True,
                )
            )
            book.used += 1
            present += 1
        if present < count:
            self.plan_passes(count - present, on=self.today)

    def plan_subscriptions(self, count: int, visits: int) -> None:
        """Structures holding a resident role subscribe where they reside; their people
        come on weekdays, never more than the seats a day."""
        pairs = sorted(
            {
                (row.organization_id, row.place_id)
                for row in self.gen.role_rows
                if row.role == Role.RESIDENT
                and row.organization_id
                and self.gen.members_of.get(row.organization_id)
            }
        )
        self.rng.shuffle(pairs)
        for organization_id, place_id in pairs[:count]:
            started = self.today - timedelta(days=self.rng.randrange(15, HISTORY_DAYS))
            periods: list[tuple[date, date]] = []
            while True:
                start, end = period_bounds(started, len(periods))
                if start > self.today:
                    break
                periods.append((start, end))
            sub = SubscriptionSpec(
                self.plan_of[(place_id, "structure")],
                organization_id,
                place_id,
                started,
                periods,
                index=len(self.subscriptions),
            )
            if len(periods) > 5 and self.rng.random() < 0.2:
                del periods[self.rng.randrange(3, len(periods) - 1) :]
                sub.ended_on = periods[-1][1]
            self.subscriptions.append(sub)
        yesterday = self.today - timedelta(days=1)
        spans = [
            (sub, sub.started_on, min(sub.periods[-1][1], yesterday)) for sub in self.subscriptions
        ]
        days = sum(max(0, (end - start).days + 1) for _sub, start, end in spans) * 5 / 7
        rate = visits / days if days and visits > 0 else 0.0
        planned = VisitTable()
        for sub, start, end in spans:
            members = self.gen.members_of[sub.organization_id]
            cap = min(sub.plan.seats, len(members))
            for day in weekdays(start, end):
                come = min(cap, int(rate) + (self.rng.random() < rate - int(rate)))
                for person_id in self.rng.sample(members, come) if come else ():
                    if (person_id, day) in self.taken:
                        continue
                    self.taken.add((person_id, day))
                    visit = VisitSpec(
                        person_id, sub.place_id, day, Access.SUBSCRIPTION, subscription=sub
                    )
                    planned.add(visit)
        # The draws above only aim at the count; never write more visits than asked for
        # (a sample of the indexes draws as a sample of the visits would).
        chosen: Sequence[int] = range(len(planned))
        if len(planned) > visits:
            chosen = self.rng.sample(chosen, max(0, visits))
        self.visits.extend(planned, chosen)

    # --- writing -------------------------------------------------------------------------
    def write(self, orders: int) -> None:
        self.write_orders(orders)
        self.write_subscriptions()
        self.write_books()
        self.write_passes()
        self.write_visits()

    def moment(self, place_id: int, day: date, minutes: int) -> datetime:
        """`minutes` after midnight, local time of the place."""
        return datetime.combine(day, time(0), tzinfo=self.tz[place_id]) + timedelta(minutes=minutes)

    def concierge(self, place_id: int) -> int | None:
        found = self.concierges.get(place_id)
        return self.rng.choice(found) if found else None

    def write_orders(self, count: int) -> None:
        """The most recent sales have their order, line and payment (older ones predate
        the software: they were sold on paper)."""

        def sales() -> Iterator[tuple[date, Any, int]]:
            for sub in self.subscriptions:
                for number, (start, _end) in enumerate(sub.periods):
                    yield start, sub, number
            for book in self.books:
                yield book.purchased_on, book, 0
            for day_pass in self.passes:
                yield day_pass.valid_on, day_pass, 0

        # As a stable sort, latest first, would keep them; without listing every sale.
        chosen = heapq.nlargest(count, sales(), key=lambda sale: sale[0])
        person_ids = {s.person_id for _d, s, _n in chosen if not isinstance(s, SubscriptionSpec)}
        org_ids = {s.organization_id for _d, s, _n in chosen if isinstance(s, SubscriptionSpec)}
        people = {
            pk: (f"{first} {last}", email)
            for pk, first, last, email in Person.objects.filter(pk__in=person_ids).values_list(
                "pk", "first_name", "last_name", "email"
            )
        }
        orgs = {
            pk: (name, email)
            for pk, name, email in Organization.objects.filter(pk__in=org_ids).values_list(
                "pk", "name", "email"
            )
        }
        rows, lines = [], []
        for day, sale, number in chosen:
            plan = sale.plan
            at = self.moment(sale.place_id, day, self.rng.randrange(9 * 60, 18 * 60))
            renewal = isinstance(sale, SubscriptionSpec) and number > 0
            if isinstance(sale, SubscriptionSpec):
                start, end = sale.periods[number]
                kind = OrderLine.Kind.SUBSCRIPTION
                description = f"{plan.name}, du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
                buyer_id, org_id = None, sale.organization_id
                name, email = orgs[org_id]
            else:
                kind = (
                    OrderLine.Kind.TICKET_BOOK
                    if isinstance(sale, BookSpec)
                    else OrderLine.Kind.DAY_PASS
                )
                description = plan.name
                if isinstance(sale, PassSpec):
                    description = f"{plan.name} le {day:%d/%m/%Y}"
                buyer_id, org_id = sale.person_id, None
                name, email = people[buyer_id]
            pending = renewal and (self.today - day).days < 10 and self.rng.random() < 0.5
            rows.append(
                Order(
                    place_id=sale.place_id,
                    buyer_id=buyer_id,
                    buyer_organization_id=org_id,
                    buyer_name=name[:200],
                    buyer_email=email,
                    status=Order.Status.PENDING if pending else Order.Status.PAID,
                    total_cents=plan.price_cents,
                    paid_at=None if pending else at,
                    created_by_id=None if renewal else self.concierge(sale.place_id),
                    note="Renouvellement mensuel" if renewal else "",
                    created_at=at,
                )
            )
            lines.append(
                OrderLine(
                    kind=kind,
                    description=description[:200],
                    unit_price_cents=plan.price_cents,
                    vat_rate_bp=plan.vat_rate_bp,
                    total_cents=plan.price_cents,
                    plan_id=plan.pk,
                )
            )
        self.gen.bulk(Order, rows)
        for order, line in zip(rows, lines, strict=True):
            line.order_id = order.pk
        self.gen.bulk(OrderLine, lines)
        for (_day, sale, number), line in zip(chosen, lines, strict=True):
            if isinstance(sale, SubscriptionSpec):
                sale.period_lines[number] = line.pk
            else:
                sale.order_line_id = line.pk
        payments = [
            Payment(
                order_id=order.pk,
                method=self.rng.choices(PAYMENT_METHODS, weights=PAYMENT_WEIGHTS)[0],
                amount_cents=order.total_cents,
                recorded_by_id=order.created_by_id or self.concierge(order.place_id),
                created_at=order.paid_at or order.created_at,
            )
            for order in rows
            if order.status == Order.Status.PAID and order.total_cents > 0
        ]
        self.gen.bulk(Payment, payments)

    def write_subscriptions(self) -> None:
        rows = [
            Subscription(
                plan=sub.plan,
                place_id=sub.place_id,
                organization_id=sub.organization_id,
                status=Subscription.Status.ENDED if sub.ended_on else Subscription.Status.ACTIVE,
                started_on=sub.started_on,
                committed_until=sub.started_on
                + relativedelta(months=sub.plan.commitment_months)
                - timedelta(days=1),
                ended_on=sub.ended_on,
                period_anchor=sub.started_on,
                seats=sub.plan.seats,
                included_room_hours=sub.plan.included_room_hours,
                price_cents=sub.plan.price_cents,
            )
            for sub in self.subscriptions
        ]
        self.gen.bulk(Subscription, rows)
        periods = []
        for sub, row in zip(self.subscriptions, rows, strict=True):
            sub.pk = row.pk
            periods += [
                SubscriptionPeriod(
                    subscription_id=row.pk,
                    number=number,
                    start=start,
                    end=end,
                    order_line_id=sub.period_lines.get(number),
                )
                for number, (start, end) in enumerate(sub.periods)
            ]
        self.gen.bulk(SubscriptionPeriod, periods)

    def write_books(self) -> None:
        """The books, then their purchase and expiry movements, BATCH books at a time (the
        same rows, in the same order, as all books then all movements)."""
        started = time_module.perf_counter()
        totals: Counter[str] = Counter()
        for books in batches(self.books, BATCH):
            movements = self.write_book_batch(books)
            totals["books"] += len(books)
            totals["movements"] += movements
        seconds = time_module.perf_counter() - started
        self.gen.say(
            f"  {TicketBook._meta.verbose_name_plural}: {totals['books']}, "
            f"{TicketMovement._meta.verbose_name_plural}: {totals['movements']} ({seconds:.1f} s)"
        )

    def write_book_batch(self, books: list[BookSpec]) -> int:
        rows = [
            TicketBook(
                plan=book.plan,
                person_id=book.person_id,
                place_id=book.place_id,
                network_id=book.network_id,
                tickets=book.plan.tickets,
                unit=book.plan.ticket_unit,
                ticket_value_cents=book.plan.price_cents // book.plan.tickets,
                purchased_on=book.purchased_on,
                expires_on=book.expires_on,
                order_line_id=book.order_line_id,
                created_at=self.moment(book.place_id, book.purchased_on, 10 * 60),
            )
            for book in books
        ]
        TicketBook.objects.bulk_create(rows, batch_size=BATCH)
        movements = []
        for book, row in zip(books, rows, strict=True):
            book.pk = row.pk
            movements.append(
                TicketMovement(
                    book_id=row.pk,
                    kind=TicketMovement.Kind.PURCHASE,
                    quantity=row.tickets,
                    place_id=book.place_id,
                    at=row.created_at,
                    by_id=self.concierge(book.place_id),
                )
            )
            left = row.tickets - book.used
            if book.expires_on < self.today and left > 0:
                # What the daily expiry task writes for the tickets left on an expired book.
                movements.append(
                    TicketMovement(
                        book_id=row.pk,
                        kind=TicketMovement.Kind.EXPIRY,
                        quantity=-left,
                        place_id=book.place_id,
                        at=self.moment(book.place_id, book.expires_on, 26 * 60),
                        reason=f"Expiré le {book.expires_on:%d/%m/%Y}",
                    )
                )
        TicketMovement.objects.bulk_create(movements, batch_size=BATCH)
        return len(movements)

    def write_passes(self) -> None:
        rows = (
            DayPass(
                plan=day_pass.plan,
                person_id=day_pass.person_id,
                place_id=day_pass.place_id,
                valid_on=day_pass.valid_on,
                order_line_id=day_pass.order_line_id,
                created_at=self.moment(day_pass.place_id, day_pass.valid_on, 9 * 60),
            )
            for day_pass in self.passes
        )
        ids = self.gen.stream(DayPass, rows, ids=True)
        for day_pass, pk in zip(self.passes, ids, strict=True):
            day_pass.pk = pk

    def times(self, spec: VisitSpec) -> tuple[datetime, datetime | None, bool]:
        """Arrival, departure (None while here) and whether closing time checked them out."""
        if spec.is_open:
            midnight = self.moment(spec.place_id, spec.day, 0)
            arrived = max(midnight, self.gen.now - timedelta(minutes=self.rng.randrange(5, 240)))
            return arrived, None, False
        arrived_at = self.rng.randrange(8 * 60 + 30, 14 * 60 + 30)
        arrived = self.moment(spec.place_id, spec.day, arrived_at)
        if self.rng.random() < 0.08:
            return arrived, self.moment(spec.place_id, spec.day, 19 * 60), True
        stay = min(self.rng.randrange(45, 8 * 60), 21 * 60 - arrived_at)
        return arrived, arrived + timedelta(minutes=stay), False

    def scope(self, spec: VisitSpec) -> tuple[int | None, int | None]:
        """(place id, network id) where the visit's half-days are covered, as check-in
        writes them: the network for a network book, the place of the visit otherwise (the
        generated subscriptions are the places' own)."""
        if spec.book is not None and spec.book.network_id is not None:
            return None, spec.book.network_id
        return spec.place_id, None

    def spec(self, index: int) -> VisitSpec:
        """The planned visit at `index` of the table, with its book, pass or subscription."""
        visits = self.visits
        access = ACCESS_CODES[visits.access[index]]
        source = visits.source[index]
        return VisitSpec(
            visits.person[index],
            visits.place[index],
            date.fromordinal(visits.day[index]),
            access,
            half_day=bool(visits.half_day[index]),
            subscription=self.subscriptions[source] if access == Access.SUBSCRIPTION else None,
            book=self.books[source] if access == Access.TICKET else None,
            day_pass=self.passes[source] if access == Access.DAY_PASS else None,
            is_open=bool(visits.is_open[index]),
        )

    def write_visits(self) -> None:
        # In time order, like a live table, VISIT_CHUNK at a time.
        ordered = (self.spec(index) for index in self.visits.in_time_order())
        started = time_module.perf_counter()
        totals: Counter[str] = Counter()
        both: tuple[str, ...] = (Half.MORNING, Half.AFTERNOON)
        consumption = TicketMovement.Kind.CONSUMPTION
        for chunk in batches(ordered, VISIT_CHUNK):
            times = [self.times(spec) for spec in chunk]
            used = [
                (index, (spec.book.pk, consumption, -1, spec.place_id, times[index][0], ""))
                for index, spec in enumerate(chunk)
                if spec.book is not None
            ]
            movement_ids = insert_rows(
                TicketMovement,
                ("book_id", "kind", "quantity", "place_id", "at", "reason"),
                [row for _index, row in used],
            )
            movement_of = {index: pk for (index, _row), pk in zip(used, movement_ids, strict=True)}
            visit_ids = insert_rows(
                Visit,
                VISIT_FIELDS,
                [
                    (
                        spec.person_id,
                        spec.place_id,
                        spec.day,
                        arrived,
                        left,
                        automatic,
                        spec.access,
                        spec.subscription.pk if spec.subscription else None,
                        movement_of.get(index),
                        spec.day_pass.pk if spec.day_pass else None,
                        "",
                    )
                    for index, (spec, (arrived, left, automatic)) in enumerate(
                        zip(chunk, times, strict=True)
                    )
                ],
            )
            covered = []
            for spec, visit_id, (arrived, _left, _auto) in zip(
                chunk, visit_ids, times, strict=True
            ):
                halves = both
                if spec.half_day:
                    local = arrived.astimezone(self.tz[spec.place_id])
                    halves = (half_of(local, self.afternoon[spec.place_id]),)
                subscription_id = spec.subscription.pk if spec.subscription else None
                covered += [
                    (
                        spec.person_id,
                        spec.day,
                        half,
                        visit_id,
                        spec.access,
                        subscription_id,
                        *self.scope(spec),
                    )
                    for half in halves
                ]
            insert_rows(
                CoveredPeriod,
                (
                    "person_id",
                    "day",
                    "half",
                    "visit_id",
                    "access",
                    "subscription_id",
                    "place_id",
                    "network_id",
                ),
                covered,
                returning=False,
            )
            totals["movements"] += len(used)
            totals["visits"] += len(visit_ids)
            totals["covered"] += len(covered)
        seconds = time_module.perf_counter() - started
        self.gen.say(f"  ticket movements (used): {totals['movements']}")
        self.gen.say(f"  visits: {totals['visits']}")
        self.gen.say(f"  covered half-days: {totals['covered']} (with the visits: {seconds:.1f} s)")


VISIT_FIELDS = (
    "person_id",
    "place_id",
    "day",
    "checked_in_at",
    "checked_out_at",
    "auto_checked_out",
    "access",
    "subscription_id",
    "ticket_movement_id",
    "day_pass_id",
    "override_reason",
)


def wipe_access(places: QuerySet[Place], people: QuerySet[Person]) -> None:
    """Visits, ledgers, sales and offers of the generated places and people, children first."""
    network = generated_networks()
    sql_delete(CoveredPeriod.objects.filter(visit__place__in=places))
    sql_delete(CoveredPeriod.objects.filter(person__in=people))
    sql_delete(Visit.objects.filter(place__in=places))
    sql_delete(Visit.objects.filter(person__in=people))
    books = TicketBook.objects.filter(place__in=places) | TicketBook.objects.filter(
        person__in=people
    )
    sql_delete(TicketMovement.objects.filter(book__in=books))
    sql_delete(TicketMovement.objects.filter(place__in=places))
    sql_delete(books)
    sql_delete(DayPass.objects.filter(place__in=places))
    sql_delete(DayPass.objects.filter(person__in=people))
    subscriptions = Subscription.objects.filter(place__in=places)
    sql_delete(SubscriptionPeriod.objects.filter(subscription__in=subscriptions))
    sql_delete(subscriptions)
    orders = Order.objects.filter(place__in=places)
    sql_delete(Payment.objects.filter(order__in=orders))
    sql_delete(OrderLine.objects.filter(order__in=orders))
    sql_delete(orders)
    sql_delete(PlaceAccessSettings.objects.filter(place__in=places))
    sql_delete(Plan.objects.filter(place__in=places))
    sql_delete(Plan.objects.filter(network__in=network))
