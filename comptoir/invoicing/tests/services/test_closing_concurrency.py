"""Closings racing (PostgreSQL, real concurrent transactions): one period closed at once by
several treasurers gives one closing; a payment racing a closing of its day is either in the
closing or refused, never recorded after it inside the closed day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from comptoir.billing.models import Order
from comptoir.community.models import Person
from comptoir.core.tests.races import at_once
from comptoir.invoicing.closing_selectors import closing_chains_verify
from comptoir.invoicing.models import Closing, Payment
from comptoir.invoicing.services.closings import closing_close
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller


def close(seller_id: int, kind: str, day: dt.date) -> Callable[[], str]:
    def job() -> str:
        return closing_close(seller_id=seller_id, kind=kind, day=day, by=None).hash

    return job


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["day", "month"])
def test_one_period_closed_by_five_at_once_is_closed_once(place, kind):
    seller = make_seller(place)
    day = dt.date(2025, 11, 12)
    outcomes = at_once([close(seller.pk, kind, day) for _ in range(5)])
    winners = [o for o in outcomes if not o.startswith("error")]
    assert len(winners) == 1, outcomes
    assert all("AlreadyClosed" in o for o in outcomes if o not in winners), outcomes
    assert Closing.objects.filter(kind=kind).count() == 1
    assert Closing.objects.filter(kind="day").count() == (1 if kind == "day" else 30)
    assert [r.intact for r in closing_chains_verify()] == [True]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_payment_racing_the_closing_of_its_day_is_in_it_or_refused(place, concierge, person):
    seller = make_seller(place)
    order = make_order(place, concierge, person, line(2000))
    day = dt.date(2025, 11, 12)

    def pay() -> str:
        payment = payment_record(
            order=Order.objects.get(pk=order.pk),
            means="cash",
            amount_cents=700,
            by=Person.objects.get(pk=concierge.pk),
            received_on=day,
        )
        return payment.number

    outcomes = at_once([close(seller.pk, "day", day), pay])
    assert not [o for o in outcomes if o.startswith("error") and "PeriodClosed" not in o], outcomes
    closing = Closing.objects.get()
    received = Payment.objects.filter(received_on=day).count()
    # Whichever came first, the closing tells the truth about the day.
    assert closing.payment_count == received
    assert closing.received_cents == 700 * received
