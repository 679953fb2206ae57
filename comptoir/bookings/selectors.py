"""Reads of the booking pages: the week grid of a resource, the day grid of a place, my
bookings and the trainings of a place. Each grid costs a fixed number of queries (the
resources, then every booking of the period at once), whatever the number of bookings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet

from comptoir.bookings import rules
from comptoir.bookings.models import (
    Booking,
    CalendarFeed,
    Qualification,
    Resource,
    Training,
    TrainingRequest,
    WaitlistEntry,
)
from comptoir.community import permissions
from comptoir.community.models import Organization, Person
from comptoir.core import ranges
from comptoir.core.types import Actor, Viewer
from comptoir.places.models import Place
from comptoir.places.opening_hours import place_open_state

# Shown when the place's opening hours are unknown (or the place never opens that week).
DEFAULT_DAY = (dt.time(8, 0), dt.time(20, 0))
WEEK_DAYS = 7
MIN_LOOKBACK_MINUTES = 3 * 24 * 60  # the longest an event may hold a resource
WEEK_PATTERN = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{1,2})")


class Free:
    """Cell states, also used as CSS classes."""

    FREE = "free"
    MINE = "mine"
    BOOKED = "booked"
    CLOSED = "closed"
    PAST = "past"
    # Free, but the viewer lacks the training the resource needs (issue 14: offered as
    # free, then refused after the price).
    TRAINING = "training"


@dataclass
class Cell:
    start: dt.datetime
    end: dt.datetime
    state: str
    # Places left (capacity N), and the bookings shown to concierges (with names).
    left: int = 0
    bookings: list[Booking] = field(default_factory=list)
    bookable: bool = False
    # Where the booking form starts when this cell is chosen (the shortest booking allowed).
    book_end: dt.datetime | None = None


@dataclass
class Row:
    label: str
    cells: list[Cell]
    # The resource (day grid) or None (week grid: the row is a time).
    resource: Resource | None = None


@dataclass
class Grid:
    columns: list[Any]
    rows: list[Row]


# --- Lookups (raise DoesNotExist; the views turn it into a 404) ----------------------------


def resource_get(*, place: Place, slug: str) -> Resource:
    resource = Resource.objects.select_related("required_training").get(
        place=place, slug=slug, is_active=True
    )
    resource.place = place  # The rules read the place: no second query for it.
    return resource


def resources_of_place(*, place: Place) -> QuerySet[Resource]:
    return (
        Resource.objects.filter(place=place, is_active=True)
        .select_related("required_training")
        .order_by("name")
    )


def booking_get_manageable(*, pk: int, user: Actor) -> Booking:
    """A booking of the user, or of a place they are concierge of (else DoesNotExist)."""
    booking = Booking.objects.select_related("resource__place", "order_line__order").get(pk=pk)
    if booking.person_id != user.pk and not permissions.is_concierge(
        user, booking.resource.place_id
    ):
        raise Booking.DoesNotExist
    return booking


def waitlist_entry_get_own(*, pk: int, user: Actor) -> WaitlistEntry:
    """An entry of the user's own waitlist (else DoesNotExist: someone else's is a 404)."""
    return WaitlistEntry.objects.select_related("resource__place").get(pk=pk, person_id=user.pk)


def partner_organizations(*, person: Person, resource: Resource) -> QuerySet[Organization]:
    """The person's structures that are partners of the resource (they may book for them)."""
    return Organization.objects.filter(
        affiliations__person_id=person.pk, bookable_resources=resource
    ).distinct()


def person_by_email(*, email: str) -> Person:
    return Person.objects.get(email__iexact=email.strip(), is_active=True)


# --- Time helpers ---------------------------------------------------------------------------


def week_monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def parse_week(value: str | None, today: dt.date) -> dt.date:
    """The Monday of an ISO week “2026-W10” (this week when empty); ValueError when bad."""
    if not value:
        return week_monday(today)
    match = WEEK_PATTERN.fullmatch(value)
    if match is None:
        raise ValueError(value)
    monday = dt.date.fromisocalendar(int(match["year"]), int(match["week"]), 1)
    if not ranges.is_supported(monday):
        raise ValueError(value)
    return monday


def parse_day(value: str | None, today: dt.date) -> dt.date:
    """A day “2026-03-02” (today when empty); ValueError when bad."""
    if not value:
        return today
    day = dt.datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 — a date, no time
    if not ranges.is_supported(day):
        raise ValueError(value)  # its neighbours, its week, its slots would overflow
    return day


def week_label(monday: dt.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _times(start: dt.time, end: dt.time, step: int) -> list[dt.time]:
    minutes = start.hour * 60 + start.minute
    stop = end.hour * 60 + end.minute if end != dt.time(0, 0) else 24 * 60
    return [dt.time(m // 60, m % 60) for m in range(minutes, stop, step)]


def _open_span(place: Place, days: list[dt.date], step: int) -> tuple[dt.time, dt.time]:
    """From the earliest opening to the latest closing of these days, on `step` slots."""
    tz = ZoneInfo(place.timezone)
    first: int | None = None
    last: int | None = None
    for day in days:
        for moment in _times(dt.time(0, 0), dt.time(0, 0), step):
            at = dt.datetime.combine(day, moment, tzinfo=tz)
            state = place_open_state(place, at)
            if not state.is_known:
                return DEFAULT_DAY
            if state.is_open:
                minutes = moment.hour * 60 + moment.minute
                first = minutes if first is None else min(first, minutes)
                last = max(last or 0, minutes + step)
    if first is None or last is None:
        return DEFAULT_DAY
    end = dt.time(0, 0) if last >= 24 * 60 else dt.time(last // 60, last % 60)
    return dt.time(first // 60, first % 60), end


class _Opening:
    """Whether the place is open over a whole slot, asked once per distinct slot."""

    def __init__(self, place: Place) -> None:
        self.place = place
        self.cache: dict[tuple[dt.datetime, dt.datetime], bool] = {}

    def covers(self, start: dt.datetime, end: dt.datetime) -> bool:
        key = (start, end)
        if key not in self.cache:
            state = place_open_state(self.place, start)
            self.cache[key] = not state.is_known or (
                state.is_open and (state.next_change is None or state.next_change >= end)
            )
        return self.cache[key]


def _cell(
    resource: Resource,
    start: dt.datetime,
    end: dt.datetime,
    bookings: list[Booking],
    *,
    viewer: Viewer,
    now: dt.datetime,
    opening: _Opening,
    sees_names: bool,
) -> Cell:
    here = [b for b in bookings if b.start < end and b.end > start]
    left = max(resource.capacity - sum(b.seats for b in here), 0)
    mine = any(b.person_id == viewer.pk for b in here)
    if mine:
        state = Free.MINE
    elif start < now:
        state = Free.PAST
    elif left == 0:
        state = Free.BOOKED
    elif not opening.covers(start, end):
        state = Free.CLOSED
    else:
        state = Free.FREE
    return Cell(
        start=start,
        end=end,
        state=state,
        left=left,
        bookings=here if sees_names else [],
        bookable=state == Free.FREE or (mine and left > 0 and start >= now),
        book_end=start + dt.timedelta(minutes=_shortest(resource)),
    )


def _shortest(resource: Resource) -> int:
    """Where a chosen cell's booking ends: the resource's usual length (bookings.rules)."""
    return rules.usual_length(resource)


Held = dict[int, tuple[dt.date, dt.date | None]]


def _held(viewer: Viewer, resources: list[Resource]) -> Held:
    """The viewer's qualifications for the trainings these resources need (one query, none
    when no resource needs one): training id → (granted on, expires on)."""
    needed = {r.required_training_id for r in resources if r.required_training_id}
    if not needed or not viewer.is_authenticated:
        return {}
    rows = Qualification.objects.filter(person_id=viewer.pk, training_id__in=needed)
    return {q.training_id: (q.granted_on, q.expires_on) for q in rows}


def _mark_training(cell: Cell, resource: Resource, held: Held, day: dt.date) -> None:
    """A free cell the viewer may not book for lack of the training, by the booking's rule."""
    training_id = resource.required_training_id
    if training_id is None or cell.state != Free.FREE:
        return
    found = held.get(training_id)
    if found is None or not rules.qualification_valid(found[0], found[1], day):
        cell.state = Free.TRAINING
        cell.bookable = False


def _bookings(resources: list[Resource], start: dt.datetime, end: dt.datetime) -> list[Booking]:
    # Bounded on both sides so the (resource, start) index does the work: a booking is never
    # longer than its resource's longest one (a day at least, if that setting was shortened).
    longest = max([r.max_minutes for r in resources] + [MIN_LOOKBACK_MINUTES])
    return list(
        Booking.objects.confirmed()
        .filter(resource__in=resources, start__gt=start - dt.timedelta(minutes=longest))
        .overlapping(start, end)
        .select_related("person")
        .only(
            "resource_id",
            "person_id",
            "start",
            "end",
            "title",
            "seats",
            "person__first_name",
            "person__last_name",
            "person__email",
        )
    )


def week_grid(*, resource: Resource, monday: dt.date, viewer: Viewer, now: dt.datetime) -> Grid:
    """Days as columns, the resource's slots as rows (one query for the bookings)."""
    place = resource.place
    tz = ZoneInfo(place.timezone)
    days = [monday + dt.timedelta(days=n) for n in range(WEEK_DAYS)]
    step = resource.slot_minutes
    first, last = _open_span(place, days, step)
    start = dt.datetime.combine(days[0], dt.time(0, 0), tzinfo=tz)
    end = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    bookings = _bookings([resource], start, end)
    sees_names = permissions.is_concierge(viewer, place.pk)
    opening = _Opening(place)
    held = _held(viewer, [resource])
    rows = []
    for moment in _times(first, last, step):
        cells = []
        for day in days:
            cell_start = dt.datetime.combine(day, moment, tzinfo=tz)
            cell_end = cell_start + dt.timedelta(minutes=step)
            cell = _cell(
                resource,
                cell_start,
                cell_end,
                bookings,
                viewer=viewer,
                now=now,
                opening=opening,
                sees_names=sees_names,
            )
            _mark_training(cell, resource, held, day)
            cells.append(cell)
        rows.append(Row(label=moment.strftime("%H:%M"), cells=cells))
    return Grid(columns=days, rows=rows)


def _upcoming(grid: Grid, now: dt.datetime) -> list[Cell]:
    """The cells of a grid still to come while the place is open, in time order."""
    cells = [c for row in grid.rows for c in row.cells]
    return sorted((c for c in cells if c.start >= now and c.state != Free.CLOSED), key=_start)


def _start(cell: Cell) -> dt.datetime:
    return cell.start


def week_to_show(
    *, resource: Resource, today: dt.date, viewer: Viewer, now: dt.datetime
) -> tuple[dt.date, Grid]:
    """The week a resource opens on when none is asked for: this one, or the next when
    nothing is left to come in this one (issue 14: on a Sunday evening, a past week)."""
    monday = week_monday(today)
    grid = week_grid(resource=resource, monday=monday, viewer=viewer, now=now)
    if _upcoming(grid, now):
        return monday, grid
    monday += dt.timedelta(days=7)
    return monday, week_grid(resource=resource, monday=monday, viewer=viewer, now=now)


def next_bookable(*, resource: Resource, viewer: Viewer, now: dt.datetime) -> Cell | None:
    """The first slot the viewer may book, this week or the next (what the booking form
    proposes when no slot was chosen); None when there is none."""
    today = now.astimezone(ZoneInfo(resource.place.timezone)).date()
    monday = week_monday(today)
    for week in range(2):
        start = monday + dt.timedelta(days=7 * week)
        grid = week_grid(resource=resource, monday=start, viewer=viewer, now=now)
        found = next((c for c in _upcoming(grid, now) if c.bookable), None)
        if found is not None:
            return found
    return None


def day_grid(*, place: Place, day: dt.date, viewer: Viewer, now: dt.datetime) -> Grid:
    """Resources as rows, time slots as columns (one query for resources, one for bookings).
    The columns use the shortest slot of the place's resources; a cell that does not start
    on its resource's own slot is shown but not offered for booking."""
    tz = ZoneInfo(place.timezone)
    resources = list(resources_of_place(place=place))
    step = min((r.slot_minutes for r in resources), default=60)
    first, last = _open_span(place, [day], step)
    times = _times(first, last, step)
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz)
    bookings = _bookings(resources, start, start + dt.timedelta(days=1)) if resources else []
    by_resource: dict[int, list[Booking]] = {}
    for booking in bookings:
        by_resource.setdefault(booking.resource_id, []).append(booking)
    sees_names = permissions.is_concierge(viewer, place.pk)
    opening = _Opening(place)
    held = _held(viewer, resources)
    rows = []
    for resource in resources:
        resource.place = place
        cells = []
        for moment in times:
            cell_start = dt.datetime.combine(day, moment, tzinfo=tz)
            cell = _cell(
                resource,
                cell_start,
                cell_start + dt.timedelta(minutes=step),
                by_resource.get(resource.pk, []),
                viewer=viewer,
                now=now,
                opening=opening,
                sees_names=sees_names,
            )
            if (moment.hour * 60 + moment.minute) % resource.slot_minutes:
                cell.bookable = False
            _mark_training(cell, resource, held, day)
            cells.append(cell)
        rows.append(Row(label=resource.name, cells=cells, resource=resource))
    return Grid(columns=times, rows=rows)


# --- My bookings ----------------------------------------------------------------------------


def bookings_of_person(*, person: Person, now: dt.datetime, past: bool) -> QuerySet[Booking]:
    """Upcoming (soonest first) or past (latest first) bookings, cancelled ones included."""
    qs = Booking.objects.filter(person_id=person.pk).select_related(
        "resource__place", "organization", "order_line__order"
    )
    if past:
        return qs.filter(end__lte=now).order_by("-start", "-pk")
    return qs.filter(end__gt=now).order_by("start", "pk")


def waitlist_of_person(*, person: Person, now: dt.datetime) -> QuerySet[WaitlistEntry]:
    """The person's live waitlist entries (waiting or offered) of slots still ahead, offers
    first, then soonest first (one query)."""
    return (
        WaitlistEntry.objects.filter(
            person_id=person.pk,
            status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
            end__gt=now,
        )
        .select_related("resource__place")
        .order_by("status", "start", "pk")  # "offered" sorts before "waiting"
    )


@dataclass(frozen=True)
class BookingRow:
    booking: Booking
    can_cancel: bool
    # Moving has the same deadline as cancelling, and a paid booking is moved at the desk.
    can_move: bool
    deadline: dt.datetime
    # What cancelling gives back: tickets, included minutes, an unpaid order's amount.
    refund_tickets: int
    refund_minutes: int
    refund_cents: int


def booking_rows(bookings: Any, *, now: dt.datetime) -> list[BookingRow]:
    rows = []
    for booking in bookings:
        deadline = booking.start - dt.timedelta(minutes=booking.resource.cancel_before_minutes)
        order = booking.order_line.order if booking.order_line is not None else None
        unpaid = order is not None and order.status == "pending"
        can_cancel = booking.status == Booking.Status.CONFIRMED and now <= deadline
        rows.append(
            BookingRow(
                booking=booking,
                can_cancel=can_cancel,
                can_move=can_cancel and (order is None or order.status != "paid"),
                deadline=deadline,
                refund_tickets=booking.tickets_used,
                refund_minutes=booking.included_minutes,
                refund_cents=booking.price_cents if unpaid else 0,
            )
        )
    return rows


# --- Trainings ------------------------------------------------------------------------------


def trainings_of_place(*, place: Place) -> QuerySet[Training]:
    """The trainings with who holds each (two queries)."""
    holders = Qualification.objects.select_related("person").order_by(
        "person__last_name", "person__first_name", "pk"
    )
    return (
        Training.objects.filter(place=place)
        .prefetch_related(Prefetch("qualifications", queryset=holders))
        .order_by("name")
    )


def trainings_grantable_by(*, place: Place, user: Actor, today: dt.date) -> QuerySet[Training]:
    """Every training of the place for its concierges; for trainers, those they may teach."""
    trainings = Training.objects.filter(place=place).order_by("name")
    if permissions.is_concierge(user, place.pk):
        return trainings
    return trainings.filter(
        Q(qualifications__expires_on__isnull=True) | Q(qualifications__expires_on__gte=today),
        qualifications__person_id=user.pk,
        qualifications__can_train=True,
    ).distinct()


@dataclass(frozen=True)
class TrainingsDesk:
    """What the trainings page lets someone record: these trainings; `concierge` may also
    let the person train others."""

    grantable: QuerySet[Training]
    concierge: bool


def trainings_desk(*, place: Place, user: Actor, today: dt.date) -> TrainingsDesk | None:
    """The trainings page for `user`: its concierges, and trainers of at least one of its
    trainings; None for anyone else."""
    grantable = trainings_grantable_by(place=place, user=user, today=today)
    concierge = permissions.is_concierge(user, place.pk)
    if not concierge and not grantable.exists():
        return None
    return TrainingsDesk(grantable=grantable, concierge=concierge)


def calendar_feeds_of_person(*, person: Person) -> QuerySet[CalendarFeed]:
    """The person's private calendar addresses still working (their secrets are not kept)."""
    return CalendarFeed.objects.filter(person_id=person.pk, revoked_at__isnull=True).order_by(
        "-created_at"
    )


def resources_to_manage(*, place: Place) -> QuerySet[Resource]:
    """Every resource of the place, bookable or not, for its concierges."""
    return Resource.objects.filter(place=place).order_by("-is_active", "name")


# --- Training requests ------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingMark:
    """What the week of a resource says about the training it needs, for the viewer."""

    training: Training
    held: bool
    requested: bool


def training_mark(*, resource: Resource, viewer: Viewer, day: dt.date) -> TrainingMark | None:
    """None when the resource needs no training; else whether the viewer holds it on `day`
    (the booking's rule) and whether they already asked for it (two small queries)."""
    training = resource.required_training
    if training is None or not viewer.is_authenticated:
        return None
    held = rules.holds_training(viewer, training, day)  # type: ignore[arg-type]
    requested = (
        not held
        and TrainingRequest.objects.filter(
            person_id=viewer.pk, training=training, status=TrainingRequest.Status.PENDING
        ).exists()
    )
    return TrainingMark(training=training, held=held, requested=requested)


def training_get(*, place: Place, pk: int) -> Training:
    return Training.objects.select_related("place").get(place=place, pk=pk)


def training_request_get(*, place: Place, pk: int) -> TrainingRequest:
    return TrainingRequest.objects.select_related("person", "training__place").get(
        training__place=place, pk=pk
    )


def training_requests_to_answer(
    *, place: Place, grantable: QuerySet[Training]
) -> QuerySet[TrainingRequest]:
    """The pending requests of the trainings the viewer may grant here, oldest first."""
    return (
        TrainingRequest.objects.filter(
            training__place=place,
            training__in=grantable.values("pk"),
            status=TrainingRequest.Status.PENDING,
        )
        .select_related("person", "training")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class MyTraining:
    training: Training
    qualification: Qualification | None
    valid: bool
    request: TrainingRequest | None  # the latest, pending or answered


def trainings_of_person(*, place: Place, person: Person, today: dt.date) -> list[MyTraining]:
    """The place's trainings with what the person holds and their latest request (three
    queries)."""
    trainings = list(Training.objects.filter(place=place).order_by("name"))
    held = {
        q.training_id: q
        for q in Qualification.objects.filter(person_id=person.pk, training__place=place)
    }
    latest: dict[int, TrainingRequest] = {}
    for request in TrainingRequest.objects.filter(
        person_id=person.pk, training__place=place
    ).order_by("created_at", "pk"):
        latest[request.training_id] = request
    rows = []
    for training in trainings:
        found = held.get(training.pk)
        valid = found is not None and rules.qualification_valid(
            found.granted_on, found.expires_on, today
        )
        rows.append(MyTraining(training, found, valid, latest.get(training.pk)))
    return rows
