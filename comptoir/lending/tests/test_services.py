"""The library's rules: periods (not past, not reversed, not longer than the item allows),
no overlap, the desk's hand-over with its deposit in billing, late returns and damage,
reminders once each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from comptoir.billing.models import Order, Payment
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.models import AuditEvent
from comptoir.lending import exceptions, services
from comptoir.lending.models import DamageNote, Loan
from comptoir.lending.tests.factories import make_item, make_loan, make_overdue

pytestmark = pytest.mark.django_db


def day(item, n: int) -> dt.date:
    return services.place_today(item.place) + dt.timedelta(days=n)


def test_it_reserves_an_item_and_audits_it(place, concierge, nomad):
    item = make_item(place, concierge)
    loan = make_loan(item, nomad, nomad, days=3)
    assert loan.status == Loan.Status.RESERVED
    assert AuditEvent.objects.filter(verb="loan.reserved").count() == 1


def test_it_refuses_a_loan_longer_than_the_item_allows(place, concierge, nomad):
    item = make_item(place, concierge, max_loan_days=3)
    with pytest.raises(exceptions.LoanTooLong) as refused:
        make_loan(item, nomad, nomad, days=4)
    assert "3" in refused.value.message
    assert not Loan.objects.exists()


def test_it_refuses_a_due_date_in_the_past(place, concierge, nomad):
    item = make_item(place, concierge)
    with pytest.raises(exceptions.DueInThePast):
        services.loan_reserve(
            item=item, borrower=nomad, starts_on=day(item, 0), due_on=day(item, -1), by=nomad
        )
    with pytest.raises(exceptions.DueBeforeStart):
        services.loan_reserve(
            item=item, borrower=nomad, starts_on=day(item, 3), due_on=day(item, 2), by=nomad
        )
    assert not Loan.objects.exists()


def test_it_refuses_overlapping_periods_but_not_adjacent_ones(place, concierge, nomad):
    item = make_item(place, concierge)
    make_loan(item, nomad, nomad, days=3)  # today .. today+2
    with pytest.raises(exceptions.ItemUnavailable):
        make_loan(item, concierge, concierge, days=2, start_in=2)
    after = make_loan(item, concierge, concierge, days=2, start_in=3)
    assert after.pk


def test_only_members_borrow(place, concierge):
    item = make_item(place, concierge)
    with pytest.raises(exceptions.NotAMember):
        make_loan(item, PersonFactory(), concierge)


def test_the_desk_hands_over_with_the_deposit_recorded_in_billing(place, concierge, nomad):
    item = make_item(place, concierge, deposit_cents=15000)
    loan = services.loan_check_out(
        loan=make_loan(item, nomad, nomad), by=concierge, deposit_method="card"
    )
    assert loan.status == Loan.Status.OUT
    order = Order.objects.get(pk=loan.deposit_order_id)
    assert (order.buyer_id, order.total_cents, order.status) == (nomad.pk, 15000, "paid")
    assert Payment.objects.get(order=order).method == "card"


def test_a_bad_deposit_method_saves_nothing(place, concierge, nomad):
    item = make_item(place, concierge, deposit_cents=1000)
    loan = make_loan(item, nomad, nomad)
    with pytest.raises(exceptions.InvalidInput):
        services.loan_check_out(loan=loan, by=concierge, deposit_method="gold")
    loan.refresh_from_db()
    assert loan.status == Loan.Status.RESERVED and not Order.objects.exists()


def test_a_reservation_is_not_handed_over_before_its_first_day(place, concierge, nomad):
    loan = make_loan(make_item(place, concierge), nomad, nomad, start_in=2)
    with pytest.raises(exceptions.CheckOutTooEarly):
        services.loan_check_out(loan=loan, by=concierge)


def test_a_late_return_is_recorded_with_its_damage(place, concierge, nomad):
    item = make_item(place, concierge)
    loan = services.loan_lend_now(item=item, borrower=nomad, due_on=day(item, 2), by=concierge)
    make_overdue(loan)
    assert [lo.pk for lo in Loan.objects.overdue(day(item, 0))] == [loan.pk]
    services.loan_return(loan=loan, by=concierge, condition="worn", damage="Lens scratched")
    loan.refresh_from_db()
    item.refresh_from_db()
    assert loan.status == Loan.Status.RETURNED and item.condition == "worn"
    assert DamageNote.objects.get().loan_id == loan.pk
    assert AuditEvent.objects.get(verb="loan.returned").data["late"] is True
    with pytest.raises(exceptions.LoanStateInvalid):
        services.loan_return(loan=loan, by=concierge)


def test_an_early_return_frees_the_following_days(place, concierge, nomad):
    item = make_item(place, concierge)
    loan = services.loan_lend_now(item=item, borrower=nomad, due_on=day(item, 5), by=concierge)
    services.loan_return(loan=loan, by=concierge)
    assert make_loan(item, concierge, concierge, days=2, start_in=1).pk


def test_cancelling_a_reservation_frees_its_days(place, concierge, nomad):
    item = make_item(place, concierge)
    services.loan_cancel(loan=make_loan(item, nomad, nomad), by=nomad)
    assert make_loan(item, concierge, concierge).pk


def test_reminders_go_once_before_and_once_after_the_due_date(
    place, concierge, nomad, django_capture_on_commit_callbacks
):
    item = make_item(place, concierge)
    soon = services.loan_lend_now(item=item, borrower=nomad, due_on=day(item, 1), by=concierge)
    other = make_item(place, concierge, name="Perceuse")
    late = make_overdue(
        services.loan_lend_now(item=other, borrower=nomad, due_on=day(item, 1), by=concierge)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.loans_remind() == 2
    assert services.loans_remind() == 0
    soon.refresh_from_db()
    late.refresh_from_db()
    assert soon.reminded_before_at and late.reminded_after_at
    assert len(mail.outbox) == 2


def test_an_item_needs_a_sane_deposit_and_loan_length(place, concierge):
    with pytest.raises(exceptions.ItemInvalid):
        make_item(place, concierge, max_loan_days=0)
    with pytest.raises(exceptions.ItemInvalid):
        make_item(place, concierge, name="  ")
