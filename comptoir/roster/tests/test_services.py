"""The roster's rules: weekly patterns make their shifts once, a shift holds its capacity,
swaps pass a slot to another concierge once, hours become a contribution once, the gaps
ahead are read from the place's opening hours and alerted once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comptoir.contributions.models import Contribution
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.roster import selectors, services
from comptoir.roster.exceptions import (
    AlreadyOnShift,
    CapacityInvalid,
    HoursAlreadyRecorded,
    PeriodInvalid,
    ShiftFull,
    ShiftInThePast,
    ShiftNotOver,
    ShiftTimesInvalid,
    SwapClosed,
    SwapForAnother,
    SwapIsYours,
)
from comptoir.roster.models import Assignment, GapAlert, Shift, ShiftPattern, Swap
from comptoir.roster.tests.factories import make_shift, next_weekday, past_shift

pytestmark = pytest.mark.django_db


def test_a_weekly_pattern_makes_its_shifts_ahead_once(place: Any, concierge: Any) -> None:
    pattern = services.pattern_create(
        place=place,
        weekday=2,
        start_time=dt.time(9),
        end_time=dt.time(13),
        capacity=2,
        by=concierge,
    )
    shifts = Shift.objects.filter(pattern=pattern)
    assert shifts.count() in (services.HORIZON_WEEKS, services.HORIZON_WEEKS + 1)
    assert {shift.day.weekday() for shift in shifts} == {2}
    assert {shift.capacity for shift in shifts} == {2}
    first = shifts.order_by("day").first()
    assert first is not None
    assert timezone.localtime(first.starts_at).time() == dt.time(9)
    count = shifts.count()
    assert services.patterns_extend() == 0
    assert shifts.count() == count


def test_ending_a_pattern_cancels_its_shifts_to_come(place: Any, concierge: Any) -> None:
    pattern = services.pattern_create(
        place=place, weekday=3, start_time=dt.time(14), end_time=dt.time(18), by=concierge
    )
    services.pattern_end(pattern=pattern, by=concierge)
    assert not Shift.objects.active().filter(pattern=pattern).exists()
    assert services.patterns_extend() == 0


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"start_time": dt.time(13), "end_time": dt.time(9)}, ShiftTimesInvalid),
        ({"start_time": dt.time(6), "end_time": dt.time(23)}, ShiftTimesInvalid),
        ({"capacity": 0}, CapacityInvalid),
        ({"capacity": 11}, CapacityInvalid),
        ({"day": dt.date(2000, 1, 1)}, PeriodInvalid),
        ({"day": dt.date(2199, 1, 1)}, PeriodInvalid),
    ],
)
def test_a_wrong_shift_is_refused_whole(
    place: Any, concierge: Any, fields: dict[str, Any], error: type[DomainError]
) -> None:
    with pytest.raises(error):
        make_shift(place, concierge, **fields)
    assert not Shift.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="roster").exists()


def test_a_wrong_pattern_is_refused_whole(place: Any, concierge: Any) -> None:
    with pytest.raises(PeriodInvalid):
        services.pattern_create(
            place=place, weekday=9, start_time=dt.time(9), end_time=dt.time(12), by=concierge
        )
    with pytest.raises(PeriodInvalid):
        services.pattern_create(
            place=place,
            weekday=1,
            start_time=dt.time(9),
            end_time=dt.time(12),
            starts_on=timezone.localdate() + dt.timedelta(days=10),
            ends_on=timezone.localdate(),
            by=concierge,
        )
    assert not ShiftPattern.objects.exists()


def test_only_permanent_concierges_plan_and_only_concierges_take(
    place: Any, concierge: Any, occasional_concierge: Any, nomad: Any
) -> None:
    with pytest.raises(NotAllowed):
        make_shift(place, occasional_concierge)
    shift = make_shift(place, concierge)
    with pytest.raises(NotAllowed):
        services.shift_take(shift=shift, by=nomad)
    assignment = services.shift_take(shift=shift, by=occasional_concierge)
    assert assignment.slot == 1


def test_a_shift_holds_its_capacity(
    place: Any, concierge: Any, occasional_concierge: Any, sister_concierge: Any
) -> None:
    shift = make_shift(place, concierge, capacity=1)
    services.shift_take(shift=shift, by=concierge)
    with pytest.raises(AlreadyOnShift):
        services.shift_take(shift=shift, by=concierge)
    with pytest.raises(ShiftFull):
        services.shift_take(shift=shift, by=occasional_concierge)
    assert shift.assignments.count() == 1


def test_leaving_frees_the_slot(place: Any, concierge: Any, occasional_concierge: Any) -> None:
    shift = make_shift(place, concierge, capacity=2)
    first = services.shift_take(shift=shift, by=concierge)
    services.shift_take(shift=shift, by=occasional_concierge)
    services.shift_leave(assignment=first, by=concierge)
    assert list(shift.assignments.values_list("slot", flat=True)) == [2]
    again = services.shift_take(shift=shift, by=concierge)
    assert again.slot == 1


def test_a_shift_over_cannot_be_taken(place: Any, concierge: Any) -> None:
    shift = past_shift(place)
    with pytest.raises(ShiftInThePast):
        services.shift_take(shift=shift, by=concierge)


def test_a_swap_passes_the_slot_to_whoever_accepts_first(
    place: Any, concierge: Any, occasional_concierge: Any
) -> None:
    shift = make_shift(place, concierge)
    assignment = services.shift_take(shift=shift, by=concierge)
    swap = services.swap_offer(assignment=assignment, by=concierge, note="Dentiste")
    with pytest.raises(SwapIsYours):
        services.swap_accept(swap=swap, by=concierge)
    assert [
        s.pk for s in selectors.swaps_offered_to(user=occasional_concierge, now=timezone.now())
    ] == [swap.pk]
    services.swap_accept(swap=swap, by=occasional_concierge)
    assignment.refresh_from_db()
    assert assignment.person_id == occasional_concierge.pk
    swap.refresh_from_db()
    assert swap.status == Swap.Status.ACCEPTED
    with pytest.raises(SwapClosed):
        services.swap_accept(swap=swap, by=occasional_concierge)


def test_a_swap_offered_to_one_concierge_is_theirs(
    place: Any, concierge: Any, occasional_concierge: Any, superuser: Any
) -> None:
    shift = make_shift(place, concierge)
    assignment = services.shift_take(shift=shift, by=concierge)
    swap = services.swap_offer(assignment=assignment, by=concierge, offered_to=occasional_concierge)
    with pytest.raises(SwapForAnother):
        services.swap_accept(swap=swap, by=superuser)
    services.swap_withdraw(swap=swap, by=concierge)
    assert Assignment.objects.get(pk=assignment.pk).person_id == concierge.pk


def test_hours_of_a_shift_over_become_a_work_contribution_once(place: Any, concierge: Any) -> None:
    shift = past_shift(place)
    assignment = Assignment.objects.create(shift=shift, person=concierge, slot=1)
    contribution = services.hours_record(assignment=assignment, by=concierge)
    assert contribution.kind == Contribution.Kind.WORK
    assert contribution.action == "work"
    assert contribution.quantity == pytest.approx(3.5)
    assert contribution.place_id == place.pk
    with pytest.raises(HoursAlreadyRecorded):
        services.hours_record(assignment=assignment, by=concierge)
    upcoming = services.shift_take(shift=make_shift(place, concierge), by=concierge)
    with pytest.raises(ShiftNotOver):
        services.hours_record(assignment=upcoming, by=concierge)


def test_hours_are_counted_per_person_and_month(
    place: Any, concierge: Any, occasional_concierge: Any
) -> None:
    day = timezone.localdate().replace(day=1) + dt.timedelta(days=40)
    day = day.replace(day=10)
    morning = make_shift(place, concierge, day=day, capacity=2)
    evening = make_shift(place, concierge, day=day, start_time=dt.time(14), end_time=dt.time(20))
    services.shift_take(shift=morning, by=concierge)
    services.shift_take(shift=evening, by=concierge)
    services.shift_take(shift=morning, by=occasional_concierge)
    lines = selectors.hours_of_month(place=place, month=day)
    assert [(line.person_id, line.shifts, line.hours) for line in lines] == [
        (concierge.pk, 2, 10.0),
        (occasional_concierge.pk, 1, 4.0),
    ]


def test_gaps_are_the_open_hours_nobody_holds_and_are_alerted_once(
    place: Any, concierge: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    place.opening_hours = "Mo-Fr 09:00-18:00"
    place.save()
    monday = next_weekday(0)
    covered = make_shift(place, concierge, day=monday, start_time=dt.time(9), end_time=dt.time(13))
    services.shift_take(shift=covered, by=concierge)
    make_shift(place, concierge, day=monday, start_time=dt.time(13), end_time=dt.time(18))
    gaps = [g for g in selectors.gaps_ahead(place=place, first=monday, days=1)]
    assert [
        (timezone.localtime(g.starts_at).time(), timezone.localtime(g.ends_at).time()) for g in gaps
    ] == [(dt.time(13), dt.time(18))]
    with django_capture_on_commit_callbacks(execute=True):
        alerted = services.gaps_alert(days=8)
    assert alerted >= 5  # the weekdays of the coming week
    assert mail.outbox and mail.outbox[0].to == [concierge.email]
    assert GapAlert.objects.filter(place=place, day=monday).exists()
    mail.outbox.clear()
    assert services.gaps_alert(days=8) == 0
    assert mail.outbox == []


def test_a_place_open_day_and_night_with_nobody_reads_all_day(
    place: Any, concierge: Any, login: Any
) -> None:
    place.opening_hours = "24/7"
    place.save()
    monday = next_weekday(0)
    gaps = selectors.gaps_ahead(place=place, first=monday, days=2)
    assert [g.all_day for g in gaps] == [True, True]
    covered = make_shift(place, concierge, day=monday, start_time=dt.time(9), end_time=dt.time(13))
    services.shift_take(shift=covered, by=concierge)
    monday_gaps = [g for g in selectors.gaps_ahead(place=place, first=monday, days=1)]
    assert [g.all_day for g in monday_gaps] == [False, False]  # before 9:00, after 13:00
    page = login(concierge).get(reverse("roster:month", args=[place.slug])).content.decode()
    assert "toute la journée" in page and "00:00–00:00" not in page
