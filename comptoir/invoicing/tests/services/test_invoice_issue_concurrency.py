"""Fifty concierges issue fifty invoices at the same instant: fifty consecutive numbers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from comptoir.billing.models import Order
from comptoir.community.models import Person
from comptoir.core.tests.races import at_once
from comptoir.invoicing.models import Invoice
from comptoir.invoicing.selectors import invoice_chains_verify
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller


def race(order_ids: list[int], by_id: int) -> list[str]:
    def issue(order_id: int) -> Callable[[], str]:
        def job() -> str:
            by = Person.objects.get(pk=by_id)
            return invoice_issue(order=Order.objects.get(pk=order_id), by=by).number

        return job

    return at_once([issue(pk) for pk in order_ids])


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issues_get_fifty_consecutive_numbers(place, concierge, person):
    make_seller(place)
    orders = [make_order(place, concierge, person).pk for _ in range(50)]
    outcomes = race(orders, concierge.pk)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 51))
    assert len(set(outcomes)) == 50
    # Chronological: the chain follows the numbers, and it is intact.
    chain = list(Invoice.objects.order_by("chain_position").values_list("sequence", flat=True))
    assert chain == list(range(1, 51))
    assert [report.intact for report in invoice_chains_verify()] == [True]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_one_order_issued_twice_at_once_gets_one_invoice(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person)
    outcomes = race([order.pk] * 10, concierge.pk)
    assert len([o for o in outcomes if o.startswith("F")]) == 1
    assert all("AlreadyInvoiced" in o for o in outcomes if not o.startswith("F")), outcomes
    assert Invoice.objects.count() == 1
