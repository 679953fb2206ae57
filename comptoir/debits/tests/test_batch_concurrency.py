"""The monthly batch run twice at once (PostgreSQL, two real concurrent transactions): one
batch, each order debited once, the other run told the month is done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from comptoir.billing.models import Order
from comptoir.community.models import Person
from comptoir.core.tests.races import at_once
from comptoir.debits.models import Batch, Debit
from comptoir.debits.services import batch_create
from comptoir.debits.tests.factories import make_creditor, make_mandate, subscription_order
from comptoir.invoicing.models import Payment
from comptoir.invoicing.selectors import invoice_chains_verify
from comptoir.places.models import Place


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_monthly_batch_run_twice_at_once_makes_one_batch(place, concierge):
    from comptoir.community.tests.factories import PersonFactory

    make_creditor(place)
    orders = []
    for _ in range(3):
        member = PersonFactory()
        make_mandate(place, member, concierge, signed_on=dt.date(2025, 6, 1))
        orders.append(subscription_order(place, concierge, member))
    month = timezone.localdate().replace(day=1)

    def run() -> Callable[[], str]:
        def job() -> str:
            batch = batch_create(
                place=Place.objects.get(pk=place.pk),
                month=month,
                by=Person.objects.get(pk=concierge.pk),
            )
            return f"batch {batch.pk}"

        return job

    outcomes = at_once([run(), run()])
    made = [o for o in outcomes if o.startswith("batch")]
    assert len(made) == 1, outcomes
    assert all("BatchExists" in o for o in outcomes if o not in made), outcomes
    assert Batch.objects.count() == 1
    assert Debit.objects.count() == 3
    assert Payment.objects.count() == 3
    assert set(
        Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("status", flat=True)
    ) == {"paid"}
    assert [(r.count, r.intact) for r in invoice_chains_verify()] == [(3, True)]
