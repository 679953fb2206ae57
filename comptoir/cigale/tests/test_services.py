"""A Cigale through its services: 5 to 20 members, pledges, the ledger that never goes
below zero, an investment decided by the club through governance, money back, shares,
the yearly statement and the dissolution."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from comptoir.cigale import exceptions as errors
from comptoir.cigale import services
from comptoir.cigale.models import Club, Entry, Investment
from comptoir.cigale.selectors import club_fund, yearly_statement
from comptoir.cigale.shares import split_by_weight
from comptoir.cigale.tests.factories import make_club, member_of
from comptoir.governance.services.proposals import position_take, proposal_close

pytestmark = pytest.mark.django_db


def test_shares_add_up_to_the_cent():
    assert split_by_weight(100, {1: 1, 2: 1, 3: 1}) == {1: 34, 2: 33, 3: 33}
    assert sum(split_by_weight(99_999, {1: 7, 2: 13, 3: 80}).values()) == 99_999
    assert split_by_weight(0, {1: 5}) == {1: 0}


def test_a_club_has_five_to_twenty_members(place):
    with pytest.raises(errors.TooFewMembers):
        make_club(place, members=4)
    club, _people = make_club(place, members=20)
    with pytest.raises(errors.ClubFull):
        services.club_member_join(club=club, person=member_of(place), by=None)
    assert not Club.objects.filter(name="x").exists()


def test_a_pledge_is_more_than_zero(place):
    club, (ann, *_r) = make_club(place)
    for bad in (0, -100):
        with pytest.raises(errors.PledgeInvalid):
            services.pledge_set(club=club, person=ann, monthly_cents=bad, by=ann)
    services.pledge_set(club=club, person=ann, monthly_cents=3000, by=ann)
    services.pledge_set(club=club, person=ann, monthly_cents=5000, by=ann)
    assert club_fund(club).members[0].pledge_cents in (0, 5000)


def test_the_fund_never_goes_below_zero(place):
    club, (ann, bob, *_r) = make_club(place)
    services.payment_record(club=club, person=ann, amount_cents=5000, by=None)
    with pytest.raises(errors.WithdrawalTooLarge):
        services.withdrawal_record(club=club, person=bob, amount_cents=100, by=None)
    with pytest.raises(errors.WithdrawalTooLarge):
        services.withdrawal_record(club=club, person=ann, amount_cents=5001, by=None)
    services.withdrawal_record(club=club, person=ann, amount_cents=2000, by=None)
    club.refresh_from_db()
    assert club.balance_cents == 3000
    assert list(Entry.objects.order_by("pk").values_list("balance_after_cents", flat=True)) == [
        5000,
        3000,
    ]


def _adopted_investment(club, people, amount=6000):
    investment = services.investment_propose(
        club=club,
        by=people[1],
        enterprise="Boulangerie du Crêt",
        amount_cents=amount,
        form="loan",
        closes_at=timezone.now() + timedelta(days=3),
    )
    for who in people[:3]:
        position_take(proposal=investment.proposal, by=who, stance="agree")
    proposal_close(proposal=investment.proposal, by=people[1])
    return investment


def test_an_investment_decided_by_the_club_made_repaid_and_shared(place):
    club, people = make_club(place, members=6)
    for i, who in enumerate(people):
        services.payment_record(club=club, person=who, amount_cents=1000 * (i + 1), by=None)
    club.refresh_from_db()
    assert club.balance_cents == 21000
    investment = _adopted_investment(club, people)
    services.investment_make(investment=investment, by=people[0])
    club.refresh_from_db()
    assert club.balance_cents == 15000
    fund = club_fund(club)
    assert (fund.invested_cents, fund.value_cents) == (6000, 21000)
    assert sum(line.share_cents for line in fund.members) == 21000
    services.investment_receive(
        investment=investment, kind="repayment", amount_cents=6000, by=None, closes=True
    )
    with pytest.raises(errors.InvestmentNotMade):
        services.investment_receive(investment=investment, kind="return", amount_cents=1, by=None)
    statement = yearly_statement(club, timezone.localdate().year)
    assert statement.closing_cents == 21000
    assert statement.by_kind["investment"] == -6000


def test_an_investment_not_adopted_is_not_made(place):
    club, people = make_club(place)
    services.payment_record(club=club, person=people[0], amount_cents=9000, by=None)
    investment = services.investment_propose(
        club=club,
        by=people[1],
        enterprise="Bar",
        amount_cents=1000,
        form="equity",
        closes_at=timezone.now() + timedelta(days=3),
    )
    with pytest.raises(errors.InvestmentNotAdopted):
        services.investment_make(investment=investment, by=None)
    position_take(proposal=investment.proposal, by=people[2], stance="object", reason="Risqué")
    proposal_close(proposal=investment.proposal, by=people[1])
    with pytest.raises(errors.InvestmentNotAdopted):
        services.investment_make(investment=investment, by=None)
    services.settle_proposals(club)
    assert Investment.objects.get().status == "rejected"


def test_an_investment_beyond_the_fund_is_refused(place):
    club, people = make_club(place)
    services.payment_record(club=club, person=people[0], amount_cents=1000, by=None)
    investment = _adopted_investment(club, people, amount=5000)
    with pytest.raises(errors.InsufficientFund):
        services.investment_make(investment=investment, by=None)
    club.refresh_from_db()
    assert club.balance_cents == 1000


def test_dissolution_at_term_shares_the_fund_by_contributions(place):
    club, people = make_club(place, term_on=date(2029, 1, 1))
    services.payment_record(club=club, person=people[0], amount_cents=3000, by=None)
    services.payment_record(club=club, person=people[1], amount_cents=1000, by=None)
    with pytest.raises(errors.BeforeTerm):
        services.club_dissolve(club=club, by=None, on=date(2028, 12, 31))
    entries = services.club_dissolve(club=club, by=None, on=date(2029, 1, 1))
    assert sorted(-e.amount_cents for e in entries) == [1000, 3000]
    club.refresh_from_db()
    assert (club.balance_cents, club.status) == (0, "dissolved")
    with pytest.raises(errors.ClubDissolved):
        services.payment_record(club=club, person=people[0], amount_cents=1, by=None)


def test_only_its_treasurer_or_the_concierges_record_money(place, concierge):
    club, (treasurer, bob, *_r) = make_club(place)
    from comptoir.core.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        services.payment_record(club=club, person=bob, amount_cents=100, by=bob)
    services.payment_record(club=club, person=bob, amount_cents=100, by=treasurer)
    services.payment_record(club=club, person=bob, amount_cents=100, by=concierge)
