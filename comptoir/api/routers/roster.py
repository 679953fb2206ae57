"""The concierges' roster of a place: its month of shifts, the hours per person, the gaps
ahead (its concierges); planning one-off and weekly shifts (its permanent concierges);
taking, leaving, offering and accepting shifts; my shifts and the swaps offered to me;
the hours of a shift over recorded as a contribution."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import StringConstraints

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, InSchema, PersonRefOut, Slug
from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.places.models import Place
from comptoir.roster import permissions, selectors, services
from comptoir.roster.models import MAX_CAPACITY, Assignment, Shift, Swap

router = Router(tags=["roster"])

READS: dict[int, type[Schema]] = {**READ_ERRORS, 403: ErrorOut}
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", max_length=7)]


class HolderOut(Schema):
    assignment_id: int
    slot: int
    person: PersonRefOut
    swap_offered: bool


class ShiftOut(Schema):
    id: int
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    label: str
    capacity: int
    cancelled: bool
    pattern_id: int | None
    holders: list[HolderOut]


class HoursOut(Schema):
    person_id: int
    name: str
    shifts: int
    hours: float


class GapOut(Schema):
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime


class ShiftIn(InSchema):
    day: SupportedDate
    start_time: dt.time
    end_time: dt.time
    capacity: int = Field(1, ge=1, le=MAX_CAPACITY)
    label: str = Field("", max_length=80)


class PatternIn(InSchema):
    weekday: int = Field(ge=0, le=6, description="0 for Monday … 6 for Sunday.")
    start_time: dt.time
    end_time: dt.time
    capacity: int = Field(1, ge=1, le=MAX_CAPACITY)
    starts_on: SupportedDate | None = Field(None, description="Today when left out.")
    ends_on: SupportedDate | None = Field(None, description="For ever when left out.")
    label: str = Field("", max_length=80)


class PatternOut(Schema):
    id: int
    weekday: int
    start_time: dt.time
    end_time: dt.time
    capacity: int
    starts_on: dt.date
    ends_on: dt.date | None
    label: str


class AssignmentOut(Schema):
    id: int
    shift_id: int
    place_slug: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    slot: int
    hours_recorded: bool


class SwapIn(InSchema):
    note: str = Field("", max_length=200)
    offered_to_id: int | None = Field(None, description="One concierge; anyone when left out.")


class SwapOut(Schema):
    id: int
    assignment_id: int
    shift_id: int
    starts_at: dt.datetime
    offered_by_id: int
    offered_to_id: int | None
    note: str
    status: str


class ShiftHoursOut(Schema):
    contribution_id: int
    quantity: Decimal
    status: str


def _place(user: Any, slug: str, allowed: Any) -> Place:
    place = place_get_active(slug=slug)
    if not allowed(user, place.pk):
        raise NotAllowed()
    return place


def _shift_out(shift: Shift) -> dict[str, Any]:
    return {
        "id": shift.pk,
        "day": shift.day,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "label": shift.label,
        "capacity": shift.capacity,
        "cancelled": shift.cancelled_at is not None,
        "pattern_id": shift.pattern_id,
        "holders": [
            {
                "assignment_id": a.pk,
                "slot": a.slot,
                "person": a.person,
                "swap_offered": bool(a.swaps.all()),
            }
            for a in shift.assignments.all()
        ],
    }


def _assignment_out(assignment: Assignment) -> dict[str, Any]:
    shift = assignment.shift
    return {
        "id": assignment.pk,
        "shift_id": shift.pk,
        "place_slug": shift.place.slug,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "slot": assignment.slot,
        "hours_recorded": assignment.contribution_id is not None,
    }


def _swap_out(swap: Swap) -> dict[str, Any]:
    return {
        "id": swap.pk,
        "assignment_id": swap.assignment_id,
        "shift_id": swap.assignment.shift_id,
        "starts_at": swap.assignment.shift.starts_at,
        "offered_by_id": swap.offered_by_id,
        "offered_to_id": swap.offered_to_id,
        "note": swap.note,
        "status": swap.status,
    }


def _month(place: Place, month: str | None) -> dt.date:
    if not month:
        return services.place_today(place).replace(day=1)
    year, number = month.split("-")
    if not 1900 <= int(year) <= 2199:
        raise InvalidInput(field="month")
    return dt.date(int(year), int(number), 1)


@router.get("/places/{slug}/roster", response={200: list[ShiftOut], **READS})
def month_roster(request: AuthedApiRequest, slug: Slug, month: Month | None = None) -> Any:
    """The place's shifts of a month (YYYY-MM, this one by default) with who is on duty
    (its concierges)."""
    place = _place(request.auth, slug, permissions.can_view_roster)
    return [
        _shift_out(s) for s in selectors.shifts_of_month(place=place, month=_month(place, month))
    ]


@router.get("/places/{slug}/roster/hours", response={200: list[HoursOut], **READS})
def month_hours(request: AuthedApiRequest, slug: Slug, month: Month | None = None) -> Any:
    """Hours on duty per person in a month at the place, most first."""
    place = _place(request.auth, slug, permissions.can_view_roster)
    return selectors.hours_of_month(place=place, month=_month(place, month))


@router.get("/places/{slug}/roster/gaps", response={200: list[GapOut], **READS})
def gaps(
    request: AuthedApiRequest, slug: Slug, days: Annotated[int, Field(ge=1, le=31)] = 7
) -> Any:
    """The stretches of the coming days when the place is open (its OSM opening hours) and
    nobody is on duty."""
    place = _place(request.auth, slug, permissions.can_view_roster)
    return selectors.gaps_ahead(place=place, first=services.place_today(place), days=days)


@router.post("/places/{slug}/shifts", response={201: ShiftOut, **WRITE_ERRORS})
def create_shift(request: AuthedApiRequest, slug: Slug, payload: ShiftIn) -> Status:
    """A one-off shift (its permanent concierges)."""
    place = _place(request.auth, slug, permissions.can_plan_shifts)
    shift = services.shift_create(place=place, by=request.auth, **payload.model_dump())
    return Status(201, _shift_out(Shift.objects.prefetch_related("assignments").get(pk=shift.pk)))


@router.post("/places/{slug}/shift-patterns", response={201: PatternOut, **WRITE_ERRORS})
def create_pattern(request: AuthedApiRequest, slug: Slug, payload: PatternIn) -> Status:
    """A shift every week on one weekday; its shifts of the coming weeks are made at once."""
    place = _place(request.auth, slug, permissions.can_plan_shifts)
    return Status(
        201, services.pattern_create(place=place, by=request.auth, **payload.model_dump())
    )


@router.post("/shifts/{shift_id}/take", response={201: AssignmentOut, **WRITE_ERRORS})
def take_shift(request: AuthedApiRequest, shift_id: int) -> Status:
    """Go on duty for a shift, in its first free slot (409 when it is full)."""
    shift = selectors.shift_get(pk=shift_id)
    if not permissions.can_take_shifts(request.auth, shift.place_id):
        raise NotAllowed()
    assignment = services.shift_take(shift=shift, by=request.auth)
    return Status(201, _assignment_out(assignment))


def _own_assignment(user: Any, assignment_id: int) -> Assignment:
    assignment = selectors.assignment_get(pk=assignment_id)
    if assignment.person_id != user.pk:
        raise NotAllowed()
    return assignment


@router.post("/shift-assignments/{assignment_id}/leave", response={204: None, **WRITE_ERRORS})
def leave_shift(request: AuthedApiRequest, assignment_id: int) -> Status:
    """Leave a shift to come: its slot is free again."""
    assignment = selectors.assignment_get(pk=assignment_id)
    if assignment.person_id != request.auth.pk and not permissions.can_plan_shifts(
        request.auth, assignment.shift.place_id
    ):
        raise NotAllowed()
    services.shift_leave(assignment=assignment, by=request.auth)
    return Status(204, None)


@router.post("/shift-assignments/{assignment_id}/swap", response={201: SwapOut, **WRITE_ERRORS})
def offer_swap(request: AuthedApiRequest, assignment_id: int, payload: SwapIn) -> Status:
    """Offer one's shift to the place's other concierges, or to one of them."""
    assignment = _own_assignment(request.auth, assignment_id)
    offered_to = None
    if payload.offered_to_id is not None:
        offered_to = Person.objects.filter(pk=payload.offered_to_id).first()
        if offered_to is None:
            raise InvalidInput(field="offered_to_id")
    swap = services.swap_offer(
        assignment=assignment, by=request.auth, offered_to=offered_to, note=payload.note
    )
    return Status(201, _swap_out(swap))


@router.post(
    "/shift-assignments/{assignment_id}/hours", response={201: ShiftHoursOut, **WRITE_ERRORS}
)
def record_hours(request: AuthedApiRequest, assignment_id: int) -> Status:
    """Record the hours of one's shift over as a contribution (ValueFlows `work`), once."""
    assignment = _own_assignment(request.auth, assignment_id)
    contribution = services.hours_record(assignment=assignment, by=request.auth)
    return Status(
        201,
        {
            "contribution_id": contribution.pk,
            "quantity": contribution.quantity,
            "status": contribution.status,
        },
    )


@router.get("/me/shifts", response={200: list[AssignmentOut], **READ_ERRORS})
def my_shifts(request: AuthedApiRequest) -> Any:
    """My shifts to come, soonest first."""
    found = selectors.assignments_of_person(person=request.auth, since=timezone.now())
    return [_assignment_out(a) for a in found]


@router.get("/me/swap-offers", response={200: list[SwapOut], **READ_ERRORS})
def my_swap_offers(request: AuthedApiRequest) -> Any:
    """The swaps offered to me (or to anyone) at the places where I am a concierge."""
    return [_swap_out(s) for s in selectors.swaps_offered_to(user=request.auth, now=timezone.now())]


@router.post("/swaps/{swap_id}/accept", response={200: SwapOut, **WRITE_ERRORS})
def accept_swap(request: AuthedApiRequest, swap_id: int) -> Any:
    """Take the offered shift over; the first to accept has it (409 after)."""
    swap = selectors.swap_get(pk=swap_id)
    if not permissions.can_take_shifts(request.auth, swap.assignment.shift.place_id):
        raise NotAllowed()
    return _swap_out(services.swap_accept(swap=swap, by=request.auth))


@router.post("/swaps/{swap_id}/withdraw", response={200: SwapOut, **WRITE_ERRORS})
def withdraw_swap(request: AuthedApiRequest, swap_id: int) -> Any:
    """Withdraw one's own swap offer: the shift stays one's own."""
    swap = selectors.swap_get(pk=swap_id)
    if swap.offered_by_id != request.auth.pk:
        raise NotAllowed()
    return _swap_out(services.swap_withdraw(swap=swap, by=request.auth))
