"""Thirty members reserving one item for overlapping days at once (PostgreSQL, real
concurrent transactions): one reservation, the others told the item is taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from comptoir.community.models import Person
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.tests.races import at_once
from comptoir.lending import services
from comptoir.lending.models import Item, Loan
from comptoir.lending.tests.factories import make_item

ATTEMPTS = 30


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_reservations_of_one_item_make_one(place, concierge):
    item = make_item(place, concierge, max_loan_days=10)
    members = []
    for _ in range(ATTEMPTS):
        member = PersonFactory()
        PlaceRoleFactory(person=member, place=place, role="nomad")
        members.append(member.pk)
    today = services.place_today(place)

    def attempt(n: int) -> Callable[[], str]:
        def job() -> str:
            start = today + dt.timedelta(days=n % 3)  # overlapping, not identical, periods
            loan = services.loan_reserve(
                item=Item.objects.get(pk=item.pk),
                borrower=Person.objects.get(pk=members[n]),
                starts_on=start,
                due_on=start + dt.timedelta(days=4),
                by=Person.objects.get(pk=members[n]),
            )
            return f"loan {loan.pk}"

        return job

    outcomes = at_once([attempt(n) for n in range(ATTEMPTS)])
    made = [o for o in outcomes if o.startswith("loan")]
    assert len(made) == 1, outcomes
    assert all("ItemUnavailable" in o for o in outcomes if o not in made), outcomes
    assert Loan.objects.count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_an_overlap_the_service_did_not_check(place, concierge):
    """The exclusion constraint holds even for a write that skips the service."""
    from django.db import IntegrityError

    item = make_item(place, concierge)
    today = services.place_today(place)
    Loan.objects.create(
        item=item, borrower=concierge, starts_on=today, due_on=today + dt.timedelta(days=2)
    )
    with pytest.raises(IntegrityError, match=services.OVERLAP_CONSTRAINT):
        Loan.objects.create(
            item=item,
            borrower=concierge,
            starts_on=today + dt.timedelta(days=1),
            due_on=today + dt.timedelta(days=3),
        )
