"""Many concierges take one shift at once (PostgreSQL, real concurrent transactions): the
shift ends with exactly as many holders as it needs; two accepting one swap: one has it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from comptoir.community.models import Person, Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.tests.races import at_once
from comptoir.roster import services
from comptoir.roster.models import Assignment, Shift, Swap
from comptoir.roster.tests.factories import make_shift


def _concierges(place: Any, count: int) -> list[Any]:
    people = []
    for _ in range(count):
        person = PersonFactory()
        PlaceRoleFactory(person=person, place=place, role=Role.CONCIERGE_OCCASIONAL)
        people.append(person)
    return people


def _take(shift_pk: int, person_pk: int) -> Callable[[], str]:
    def job() -> str:
        services.shift_take(
            shift=Shift.objects.get(pk=shift_pk), by=Person.objects.get(pk=person_pk)
        )
        return "taken"

    return job


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("capacity", [1, 2])
def test_ten_concierges_taking_one_shift_fill_its_capacity(
    place: Any, concierge: Any, capacity: int
) -> None:
    shift = make_shift(place, concierge, capacity=capacity)
    people = _concierges(place, 10)
    outcomes = at_once([_take(shift.pk, person.pk) for person in people])
    assert outcomes.count("taken") == capacity, outcomes
    assert all("ShiftFull" in o for o in outcomes if o != "taken"), outcomes
    assert sorted(Assignment.objects.filter(shift=shift).values_list("slot", flat=True)) == list(
        range(1, capacity + 1)
    )


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_concierges_accepting_one_swap_leave_one_holder(place: Any, concierge: Any) -> None:
    shift = make_shift(place, concierge)
    assignment = services.shift_take(shift=shift, by=concierge)
    swap = services.swap_offer(assignment=assignment, by=concierge)
    people = _concierges(place, 2)

    def accept(person_pk: int) -> Callable[[], str]:
        def job() -> str:
            services.swap_accept(
                swap=Swap.objects.get(pk=swap.pk), by=Person.objects.get(pk=person_pk)
            )
            return f"accepted {person_pk}"

        return job

    outcomes = at_once([accept(person.pk) for person in people])
    won = [o for o in outcomes if o.startswith("accepted")]
    assert len(won) == 1, outcomes
    assert all("SwapClosed" in o for o in outcomes if o not in won), outcomes
    holder = Assignment.objects.get(pk=assignment.pk).person_id
    assert won == [f"accepted {holder}"]
