"""Payments racing on one order (PostgreSQL, real concurrent transactions): together they
never exceed what is due; the losers save nothing and the chain stays intact."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from comptoir.billing.models import Order
from comptoir.community.models import Person
from comptoir.core.tests.races import at_once
from comptoir.invoicing.models import Payment
from comptoir.invoicing.selectors import invoice_chains_verify
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller


def race(order_id: int, by_id: int, amounts: list[int]) -> list[str]:
    def pay(cents: int) -> Callable[[], str]:
        def job() -> str:
            order, by = Order.objects.get(pk=order_id), Person.objects.get(pk=by_id)
            return payment_record(order=order, means="card", amount_cents=cents, by=by).number

        return job

    return at_once([pay(cents) for cents in amounts])


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_payments_that_together_exceed_what_is_due_one_is_accepted(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person, line(6000))
    outcomes = race(order.pk, concierge.pk, [4000, 4000])
    accepted = [o for o in outcomes if o.startswith("P")]
    assert len(accepted) == 1, outcomes
    assert all("Overpayment" in o for o in outcomes if o not in accepted), outcomes
    order.refresh_from_db()
    assert (order.received_cents, order.status) == (4000, Order.Status.PENDING)
    assert list(Payment.objects.values_list("amount_cents", "sequence")) == [(4000, 1)]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_ten_payments_racing_pay_exactly_the_total(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person, line(2500))
    outcomes = race(order.pk, concierge.pk, [1000] * 10)
    assert len([o for o in outcomes if o.startswith("P")]) == 2, outcomes
    order.refresh_from_db()
    assert (order.received_cents, order.status) == (2000, Order.Status.PENDING)
    assert sorted(Payment.objects.values_list("sequence", flat=True)) == [1, 2]
    assert [(r.count, r.intact) for r in invoice_chains_verify()] == [(2, True)]
