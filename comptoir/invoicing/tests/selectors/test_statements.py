"""Account statements: a person's own purchases and a structure's, invoiced, credited and
paid in date order with the running balance, what is due per invoice and in total; in four
queries whatever the number of documents."""

from __future__ import annotations

import pytest

from comptoir.billing import services as billing
from comptoir.billing.models import Order
from comptoir.community.tests.factories import OrganizationFactory, PersonFactory
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record, payment_refund
from comptoir.invoicing.statements import (
    LineKind,
    statement_of_organization,
    statement_of_person,
)
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(place):
    return make_seller(place)


def pay(order, by, cents):
    return payment_record(order=order, means="cash", amount_cents=cents, by=by)


def test_an_invoice_credited_in_part_paid_then_refunded(seller, place, concierge, person):
    order = make_order(place, concierge, person, line(2000, 3))  # 60,00 €
    invoice = invoice_issue(order=order, by=concierge)
    pay(order, concierge, 2000)
    note = credit_note_issue(
        invoice=invoice,
        by=concierge,
        reason="Une journée annulée",
        lines={invoice.lines.get().pk: 1},
    )
    statement = statement_of_person(person_id=person.pk)
    kinds = [(line.kind, line.amount_cents, line.balance_cents) for line in statement.lines]
    assert kinds == [
        (LineKind.INVOICED, 6000, 6000),
        (LineKind.CREDITED, -2000, 4000),
        (LineKind.PAID, -2000, 2000),
    ]
    [item] = statement.items
    assert (item.reference, item.total_cents, item.credited_cents, item.paid_cents) == (
        invoice.number,
        6000,
        2000,
        2000,
    )
    assert (item.due_cents, item.due_date) == (2000, invoice.due_date)
    assert (statement.invoiced_cents, statement.credited_cents, statement.paid_cents) == (
        6000,
        2000,
        2000,
    )
    assert statement.due_cents == statement.balance_cents == 2000

    # The rest is paid, then a second credit note refunded: a refund raises the balance.
    pay(order, concierge, 2000)
    second = credit_note_issue(invoice=invoice, by=concierge, reason="Annulée")
    payment_refund(credit_note=second, means="transfer", amount_cents=2000, by=concierge)
    statement = statement_of_person(person_id=person.pk)
    assert [line.amount_cents for line in statement.lines][-3:] == [-2000, -2000, 2000]
    assert statement.lines[-1].is_refund
    assert (statement.paid_cents, statement.credited_cents, statement.due_cents) == (2000, 6000, 0)
    # 2000 received beyond what is now owed: owed back, not due.
    assert statement.balance_cents == -2000 and note.number != second.number


def test_a_sale_not_invoiced_counts_by_its_total(seller, place, concierge, person):
    order = make_order(place, concierge, person, line(1500))
    pay(order, concierge, 500)
    statement = statement_of_person(person_id=person.pk)
    assert [(line.kind, line.reference) for line in statement.lines] == [
        (LineKind.ORDERED, order.reference),
        (LineKind.PAID, statement.lines[1].reference),
    ]
    assert (statement.due_cents, statement.items[0].due_date) == (1000, None)


def test_receipt_payments_of_a_seller_without_invoicing_count(place, concierge, person):
    order = make_order(place, concierge, person, line(1500))  # the place cannot invoice
    billing.payment_record(order=order, method="cash", amount_cents=1500, by=concierge)
    statement = statement_of_person(person_id=person.pk)
    assert [line.balance_cents for line in statement.lines] == [1500, 0]
    assert statement.due_cents == 0 and statement.open_items == []


def test_a_person_and_a_structure_see_their_own_sales_only(seller, place, concierge, person):
    structure = OrganizationFactory()
    own = make_order(place, concierge, person, line(1000))
    for_structure = make_order(place, concierge, person, line(9000), buyer_organization=structure)
    make_order(place, concierge, PersonFactory(), line(700))  # someone else's
    assert [i.order_id for i in statement_of_person(person_id=person.pk).items] == [own.pk]
    assert [i.order_id for i in statement_of_organization(organization_id=structure.pk).items] == [
        for_structure.pk
    ]


def test_at_a_place_only_that_places_documents(seller, place, sister_place, concierge, person):
    make_seller(sister_place)
    here = make_order(place, concierge, person, line(1000))
    make_order(sister_place, concierge, person, line(2000))
    statement = statement_of_person(person_id=person.pk, place_id=place.pk)
    assert [i.order_id for i in statement.items] == [here.pk]
    assert len(statement_of_person(person_id=person.pk).items) == 2


def test_a_cancelled_sale_never_invoiced_is_left_out(seller, place, concierge, person):
    order = make_order(place, concierge, person, line(1000))
    Order.objects.filter(pk=order.pk).update(status=Order.Status.CANCELLED)  # e.g. by access
    assert statement_of_person(person_id=person.pk).lines == []


@pytest.mark.parametrize("sales", [1, 6])
def test_four_queries_whatever_the_number_of_documents(
    sales, seller, place, concierge, person, django_assert_num_queries
):
    for _ in range(sales):
        order = make_order(place, concierge, person, line(2000, 2))
        invoice = invoice_issue(order=order, by=concierge)
        pay(order, concierge, 1000)
        credit_note_issue(invoice=invoice, by=concierge, reason="Annulée")
    with django_assert_num_queries(4):
        statement = statement_of_person(person_id=person.pk)
    assert len(statement.lines) == 3 * sales
