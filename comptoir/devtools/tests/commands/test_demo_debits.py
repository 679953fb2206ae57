"""The demo's direct debits: OpenScop's creditor details, three mandates, this month's batch
of two subscriptions with a valid pain.008 file, Samir's debit returned (his order due
again, next month's batch to collect it), Rosa's mandate recorded since."""

from __future__ import annotations

import pytest

from comptoir.billing.models import Order
from comptoir.debits.models import Batch, Creditor, Debit, Mandate
from comptoir.debits.tests.test_services import _valid
from comptoir.devtools.tests.commands.test_comptoir_demo import load

pytestmark = pytest.mark.django_db


def test_the_demo_has_mandates_and_a_batch_with_a_returned_debit() -> None:
    load()

    assert Creditor.objects.count() == 1
    assert Mandate.objects.filter(status="active").count() == 3
    batch = Batch.objects.get()
    assert batch.debit_count == 2 and batch.place.slug == "comptoir-numerique"
    _valid(batch.xml)
    returned = Debit.objects.get(status=Debit.Status.RETURNED)
    assert returned.mandate.person.email == "samir@comptoir.test"
    assert returned.order.status == Order.Status.PENDING
    assert Debit.objects.get(status=Debit.Status.SENT).order.status == Order.Status.PAID
