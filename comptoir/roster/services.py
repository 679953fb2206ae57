"""Writes of the roster, one transaction each: weekly patterns and the shifts they make,
one-off shifts, taking and leaving a shift, swaps, the hours of a shift recorded as a
contribution (ValueFlows `work`), and the alert of the gaps ahead.

Lock order: the shift's row, then its assignments (taking a slot, accepting a swap)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.contributions.models import Contribution
from comptoir.contributions.services.contributions import contribution_log
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place
from comptoir.roster import permissions
from comptoir.roster.audit import Verb
from comptoir.roster.exceptions import (
    AlreadyOnShift,
    CapacityInvalid,
    HoursAlreadyRecorded,
    PeriodInvalid,
    ShiftCancelled,
    ShiftFull,
    ShiftInThePast,
    ShiftNotOver,
    ShiftTimesInvalid,
    SwapClosed,
    SwapForAnother,
    SwapIsYours,
    SwapOpen,
)
from comptoir.roster.models import (
    MAX_CAPACITY,
    MAX_SHIFT_HOURS,
    Assignment,
    GapAlert,
    Shift,
    ShiftPattern,
    Swap,
)

# Shifts of a weekly pattern are made this far ahead (and the daily task keeps it so).
HORIZON_WEEKS = 8
# A shift or a pattern is planned at most this far ahead.
FURTHEST = dt.timedelta(days=731)


def place_today(place: Place, now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), timezone=ZoneInfo(place.timezone)).date()


def _moment(place: Place, day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=ZoneInfo(place.timezone))


def _check_times(start: dt.time | None, end: dt.time | None) -> None:
    if start is None or end is None or end <= start:
        raise ShiftTimesInvalid(field="end_time")
    length = dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)
    if length > dt.timedelta(hours=MAX_SHIFT_HOURS):
        raise ShiftTimesInvalid(field="end_time")


def _check_capacity(capacity: int | None) -> int:
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise CapacityInvalid(field="capacity")
    return capacity


def _check_label(label: str) -> str:
    return " ".join((label or "").split())[:80]


def _require_planner(by: Actor, place: Place) -> None:
    if not permissions.can_plan_shifts(by, place.pk):
        raise NotAllowed(_("Only a permanent concierge of the place plans its shifts."))


def _pattern_days(pattern: ShiftPattern, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days of `pattern` between `first` and `last` (both included)."""
    start = max(first, pattern.starts_on)
    end = min(last, pattern.ends_on) if pattern.ends_on else last
    if start > end:
        return []
    rule = rrule(
        WEEKLY,
        byweekday=pattern.weekday,
        dtstart=dt.datetime.combine(start, dt.time()),
        until=dt.datetime.combine(end, dt.time()),
    )
    return [moment.date() for moment in rule]


def _extend(pattern: ShiftPattern, today: dt.date) -> int:
    """Make the shifts of `pattern` up to the horizon; those already made stay (unique per
    pattern and day), so running it again makes nothing."""
    days = _pattern_days(pattern, today, today + dt.timedelta(weeks=HORIZON_WEEKS))
    place = pattern.place
    shifts = [
        Shift(
            place=place,
            pattern=pattern,
            label=pattern.label,
            day=day,
            starts_at=_moment(place, day, pattern.start_time),
            ends_at=_moment(place, day, pattern.end_time),
            capacity=pattern.capacity,
        )
        for day in days
    ]
    before = Shift.objects.filter(pattern=pattern).count()
    Shift.objects.bulk_create(shifts, ignore_conflicts=True)
    return Shift.objects.filter(pattern=pattern).count() - before


@transaction.atomic
def pattern_create(
    *,
    place: Place,
    weekday: int,
    start_time: dt.time | None,
    end_time: dt.time | None,
    capacity: int | None = 1,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    label: str = "",
    by: Actor,
    now: dt.datetime | None = None,
) -> ShiftPattern:
    """A shift every week on `weekday`, from `starts_on` (today by default) until `ends_on`
    (for ever by default); its shifts of the coming weeks are made at once."""
    _require_planner(by, place)
    today = place_today(place, now)
    if weekday not in range(7):
        raise PeriodInvalid(_("Choose a day of the week."), field="weekday")
    _check_times(start_time, end_time)
    assert start_time is not None and end_time is not None  # checked just above
    capacity = _check_capacity(capacity)
    starts_on = starts_on or today
    if starts_on < today or starts_on > today + FURTHEST:
        raise PeriodInvalid(_("Start today or within two years."), field="starts_on")
    if ends_on is not None and (ends_on < starts_on or ends_on > today + FURTHEST):
        raise PeriodInvalid(field="ends_on")
    pattern = ShiftPattern.objects.create(
        place=place,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        capacity=capacity,
        starts_on=starts_on,
        ends_on=ends_on,
        label=_check_label(label),
    )
    made = _extend(pattern, today)
    audit_record(
        actor=by,
        verb=Verb.PATTERN_CREATED,
        target=pattern,
        place=place,
        data={"weekday": weekday, "shifts": made},
    )
    return pattern


@transaction.atomic
def pattern_end(
    *, pattern: ShiftPattern, by: Actor, now: dt.datetime | None = None
) -> ShiftPattern:
    """Stop a weekly shift from today: its shifts to come are cancelled (their holders see
    it in their list), those past stay for the hours."""
    place = pattern.place
    _require_planner(by, place)
    today = place_today(place, now)
    pattern = ShiftPattern.objects.select_for_update().get(pk=pattern.pk)
    pattern.ends_on = max(pattern.starts_on, today - dt.timedelta(days=1))
    pattern.save(update_fields=["ends_on", "updated_at"])
    cancelled = (
        Shift.objects.active()
        .filter(pattern=pattern, starts_at__gt=now or timezone.now())
        .update(cancelled_at=timezone.now())
    )
    audit_record(
        actor=by,
        verb=Verb.PATTERN_ENDED,
        target=pattern,
        place=place,
        data={"cancelled": cancelled},
    )
    return pattern


def patterns_extend(*, now: dt.datetime | None = None) -> int:
    """The daily task: every running pattern gets its shifts up to the horizon."""
    made = 0
    running = ShiftPattern.objects.select_related("place").filter(
        ends_on__isnull=True
    ) | ShiftPattern.objects.select_related("place").filter(ends_on__gte=timezone.localdate())
    for pattern in running.order_by("pk"):
        made += _extend(pattern, place_today(pattern.place, now))
    return made


@transaction.atomic
def shift_create(
    *,
    place: Place,
    day: dt.date | None,
    start_time: dt.time | None,
    end_time: dt.time | None,
    capacity: int | None = 1,
    label: str = "",
    by: Actor,
    now: dt.datetime | None = None,
) -> Shift:
    """A one-off shift (an evening event, a Saturday open day)."""
    _require_planner(by, place)
    today = place_today(place, now)
    if day is None or day < today or day > today + FURTHEST:
        raise PeriodInvalid(_("Choose a day from today and within two years."), field="day")
    _check_times(start_time, end_time)
    assert start_time is not None and end_time is not None  # checked just above
    starts_at = _moment(place, day, start_time)
    if starts_at <= (now or timezone.now()):
        raise ShiftInThePast(field="start_time")
    shift = Shift.objects.create(
        place=place,
        day=day,
        starts_at=starts_at,
        ends_at=_moment(place, day, end_time),
        capacity=_check_capacity(capacity),
        label=_check_label(label),
    )
    audit_record(actor=by, verb=Verb.SHIFT_CREATED, target=shift, place=place)
    return shift


@transaction.atomic
def shift_cancel(*, shift: Shift, by: Actor) -> Shift:
    _require_planner(by, shift.place)
    locked = Shift.objects.select_for_update().get(pk=shift.pk)
    if locked.cancelled_at is not None:
        raise ShiftCancelled()
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at", "updated_at"])
    audit_record(actor=by, verb=Verb.SHIFT_CANCELLED, target=locked, place=shift.place)
    return locked


def _lock_open_shift(shift: Shift, now: dt.datetime) -> Shift:
    locked = Shift.objects.select_for_update().get(pk=shift.pk)
    if locked.cancelled_at is not None:
        raise ShiftCancelled()
    if locked.ends_at <= now:
        raise ShiftInThePast()
    return locked


@transaction.atomic
def shift_take(*, shift: Shift, by: Actor, now: dt.datetime | None = None) -> Assignment:
    """`by` goes on duty for the shift, in its first free slot. The shift's row is locked:
    takers of one shift pass one at a time, and the unique slot stops a full shift even
    without the lock."""
    now = now or timezone.now()
    if not permissions.can_take_shifts(by, shift.place_id):
        raise NotAllowed(_("Only the concierges of the place take its shifts."))
    locked = _lock_open_shift(shift, now)
    taken = list(locked.assignments.values_list("person_id", "slot"))
    if any(person_id == by.pk for person_id, _slot in taken):
        raise AlreadyOnShift()
    free = sorted(set(range(1, locked.capacity + 1)) - {slot for _pid, slot in taken})
    if not free:
        raise ShiftFull()
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(shift=locked, person=by, slot=free[0])
    except IntegrityError as race:
        raise ShiftFull() from race
    audit_record(
        actor=by, verb=Verb.SHIFT_TAKEN, target=locked, place=shift.place, data={"slot": free[0]}
    )
    return assignment


@transaction.atomic
def shift_leave(*, assignment: Assignment, by: Actor, now: dt.datetime | None = None) -> None:
    """The holder leaves the shift (or a planner takes them off): the slot is free again."""
    now = now or timezone.now()
    shift = assignment.shift
    if assignment.person_id != by.pk and not permissions.can_plan_shifts(by, shift.place_id):
        raise NotAllowed()
    _lock_open_shift(shift, now)
    audit_record(
        actor=by,
        verb=Verb.SHIFT_LEFT,
        target=shift,
        place=shift.place,
        data={"person": assignment.person_id},
    )
    assignment.delete()


@transaction.atomic
def swap_offer(
    *,
    assignment: Assignment,
    by: Actor,
    offered_to: Actor | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Swap:
    """The holder offers their slot to the place's other concierges (or to one of them)."""
    now = now or timezone.now()
    shift = assignment.shift
    if assignment.person_id != by.pk:
        raise NotAllowed(_("Only the concierge on duty offers their shift."))
    _lock_open_shift(shift, now)
    if offered_to is not None and (
        offered_to.pk == by.pk or not permissions.can_take_shifts(offered_to, shift.place_id)
    ):
        raise NotAllowed(_("Offer the shift to another concierge of the place."))
    if Swap.objects.filter(assignment=assignment, status=Swap.Status.OPEN).exists():
        raise SwapOpen()
    try:
        with transaction.atomic():
            swap = Swap.objects.create(
                assignment=assignment,
                offered_by=by,
                offered_to=offered_to,
                note=_check_label(note)[:200],
            )
    except IntegrityError as race:
        raise SwapOpen() from race
    audit_record(actor=by, verb=Verb.SWAP_OFFERED, target=swap, place=shift.place)
    return swap


def _lock_open_swap(swap: Swap) -> Swap:
    locked = Swap.objects.select_for_update().get(pk=swap.pk)
    if not locked.can_become(Swap.Status.ACCEPTED):
        raise SwapClosed()
    return locked


@transaction.atomic
def swap_accept(*, swap: Swap, by: Actor, now: dt.datetime | None = None) -> Swap:
    """`by` takes the offered slot over; the first to accept has it."""
    now = now or timezone.now()
    assignment = swap.assignment
    shift = assignment.shift
    if not permissions.can_take_shifts(by, shift.place_id):
        raise NotAllowed(_("Only the concierges of the place take its shifts."))
    _lock_open_shift(shift, now)
    locked = _lock_open_swap(swap)
    if locked.offered_by_id == by.pk:
        raise SwapIsYours()
    if locked.offered_to_id is not None and locked.offered_to_id != by.pk:
        raise SwapForAnother()
    if Assignment.objects.filter(shift=shift, person=by).exists():
        raise AlreadyOnShift()
    Assignment.objects.filter(pk=assignment.pk).update(person=by, updated_at=now)
    locked.status = Swap.Status.ACCEPTED
    locked.accepted_by = by
    locked.decided_at = now
    locked.save(update_fields=["status", "accepted_by", "decided_at", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.SWAP_ACCEPTED,
        target=locked,
        place=shift.place,
        data={"from": locked.offered_by_id},
    )
    return locked


@transaction.atomic
def swap_withdraw(*, swap: Swap, by: Actor) -> Swap:
    if swap.offered_by_id != by.pk:
        raise NotAllowed()
    locked = Swap.objects.select_for_update().get(pk=swap.pk)
    if not locked.can_become(Swap.Status.WITHDRAWN):
        raise SwapClosed()
    locked.status = Swap.Status.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=by, verb=Verb.SWAP_WITHDRAWN, target=locked, place=swap.assignment.shift.place
    )
    return locked


@transaction.atomic
def hours_record(
    *, assignment: Assignment, by: Actor, now: dt.datetime | None = None
) -> Contribution:
    """The holder records the hours of a shift that is over as a contribution to the place
    (kind `work`, ValueFlows action `work`), once; a concierge validates it as any other."""
    now = now or timezone.now()
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("shift__place")
        .get(pk=assignment.pk)
    )
    if locked.person_id != by.pk:
        raise NotAllowed(_("Each concierge records their own hours."))
    shift = locked.shift
    if shift.cancelled_at is not None:
        raise ShiftCancelled()
    if shift.ends_at > now:
        raise ShiftNotOver()
    if locked.contribution_id is not None:
        raise HoursAlreadyRecorded()
    contribution = contribution_log(
        by=by,
        kind=Contribution.Kind.WORK,
        quantity=f"{shift.hours:.2f}",
        description=_("Shift at the desk, %(day)s") % {"day": shift.day.isoformat()},
        happened_on=shift.day,
        place=shift.place,
        today=place_today(shift.place, now),
    )
    locked.contribution = contribution
    locked.save(update_fields=["contribution", "updated_at"])
    assignment.contribution = contribution
    audit_record(
        actor=by,
        verb=Verb.HOURS_RECORDED,
        target=shift,
        place=shift.place,
        data={"hours": str(contribution.quantity)},
    )
    return contribution


# How far ahead the daily task looks for a place open with nobody on duty.
GAP_ALERT_DAYS = 7


def gaps_alert(*, days: int = GAP_ALERT_DAYS, now: dt.datetime | None = None) -> int:
    """The daily task: for each place, the days of the coming `days` with an open stretch
    nobody is on duty for are told to its concierges, each day once (a `GapAlert` row, made
    in the transaction that sends the email); returns how many days were alerted."""
    from comptoir.roster import notifications, selectors

    alerted = 0
    places = Place.objects.exclude(opening_hours="").order_by("pk")
    for place in places:
        today = place_today(place, now)
        gaps = selectors.gaps_ahead(place=place, first=today, days=days)
        days_with_gaps = sorted({gap.day for gap in gaps})
        if not days_with_gaps:
            continue
        with transaction.atomic():
            known = set(
                GapAlert.objects.filter(place=place, day__in=days_with_gaps).values_list(
                    "day", flat=True
                )
            )
            new_days = [day for day in days_with_gaps if day not in known]
            if not new_days:
                continue
            GapAlert.objects.bulk_create(
                [GapAlert(place=place, day=day) for day in new_days], ignore_conflicts=True
            )
            notifications.notify_gaps(place, [gap for gap in gaps if gap.day in new_days])
            audit_record(
                actor=None,
                verb=Verb.GAP_ALERTED,
                target=place,
                place=place,
                data={"days": [day.isoformat() for day in new_days]},
            )
            alerted += len(new_days)
    return alerted
