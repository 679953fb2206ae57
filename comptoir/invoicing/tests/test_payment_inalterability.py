"""Recorded payments and refunds are never changed nor deleted: the model and its querysets
refuse it and, whatever path a write takes, the database does too."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from comptoir.invoicing.models import ImmutableError, Payment
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(place, concierge, person) -> Payment:
    make_seller(place)
    order = make_order(place, concierge, person)
    return payment_record(order=order, means="card", amount_cents=1000, by=concierge)


def test_the_model_refuses_to_save_or_delete_a_payment(payment):
    payment.amount_cents = 1
    with pytest.raises(ImmutableError):
        payment.save()
    with pytest.raises(ImmutableError):
        payment.delete()


def test_querysets_refuse_to_update_or_delete(payment):
    with pytest.raises(ImmutableError):
        Payment.objects.filter(pk=payment.pk).update(amount_cents=1)
    with pytest.raises(ImmutableError):
        Payment.objects.all().delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE invoicing_payment SET amount_cents = 1",
        "UPDATE invoicing_payment SET means = 'cash'",
        "DELETE FROM invoicing_payment",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(payment, statement):
    with pytest.raises(IntegrityError, match="inalterable"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    stored = Payment.objects.get(pk=payment.pk)
    assert (stored.amount_cents, stored.means) == (1000, "card")


def test_a_refund_without_credit_note_is_refused_by_the_database(payment):
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            Payment.objects.bulk_create(
                [
                    Payment(
                        **{
                            f.attname: getattr(payment, f.attname)
                            for f in Payment._meta.concrete_fields
                            if f.attname != "id"
                        }
                        | {
                            "amount_cents": -5,
                            "sequence": 99,
                            "number": "P-99",
                            "chain_position": 9,
                        }
                    )
                ]
            )
