"""Races on PostgreSQL (real concurrent transactions): two payments and a withdrawal at
once never take the fund below zero; two people joining a club of 19 at once, one gets in."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from comptoir.cigale import services
from comptoir.cigale.models import Club, Entry
from comptoir.cigale.tests.factories import make_club, member_of
from comptoir.community.models import Person
from comptoir.core.tests.races import at_once
from comptoir.governance.models import Membership


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_payments_and_a_withdrawal_racing_never_go_below_zero(place):
    club, (ann, bob, *_r) = make_club(place)
    services.payment_record(club=club, person=ann, amount_cents=1000, by=None)
    # A second club's withdrawal cannot drain the first: Ann withdraws more than the balance
    # would hold if the payments were not yet in.

    def pay(person_id: int) -> Callable[[], str]:
        def job() -> str:
            services.payment_record(
                club=Club.objects.get(pk=club.pk),
                person=Person.objects.get(pk=person_id),
                amount_cents=500,
                by=None,
            )
            return "paid"

        return job

    def withdraw() -> str:
        services.withdrawal_record(
            club=Club.objects.get(pk=club.pk),
            person=Person.objects.get(pk=ann.pk),
            amount_cents=1500,
            by=None,
        )
        return "withdrawn"

    outcomes = at_once([pay(ann.pk), pay(bob.pk), withdraw])
    assert outcomes.count("paid") == 2, outcomes
    club.refresh_from_db()
    balances = list(Entry.objects.filter(club=club).values_list("balance_after_cents", flat=True))
    assert min(balances) >= 0 and club.balance_cents >= 0
    expected = 2000 - (1500 if "withdrawn" in outcomes else 0)
    assert (
        club.balance_cents
        == expected
        == sum(Entry.objects.filter(club=club).values_list("amount_cents", flat=True))
    )


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_twenty_first_member_is_refused_under_concurrency(place):
    club, _people = make_club(place, members=19)
    newcomers = [member_of(place) for _ in range(3)]

    def join(person_id: int) -> Callable[[], str]:
        def job() -> str:
            services.club_member_join(
                club=Club.objects.get(pk=club.pk), person=Person.objects.get(pk=person_id), by=None
            )
            return "joined"

        return job

    outcomes = at_once([join(p.pk) for p in newcomers])
    assert outcomes.count("joined") == 1, outcomes
    assert all("ClubFull" in o for o in outcomes if o != "joined"), outcomes
    assert Membership.objects.current().filter(body_id=club.body_id).count() == 20
