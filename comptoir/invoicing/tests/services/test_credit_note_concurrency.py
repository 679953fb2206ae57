"""Concurrent credit notes: one invoice credited ten times at once is credited once; twenty
invoices credited at once get twenty consecutive credit note numbers in an intact chain."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from comptoir.community.models import Person
from comptoir.core.tests.races import at_once
from comptoir.invoicing.models import CreditNote, Invoice
from comptoir.invoicing.selectors import invoice_chains_verify
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller


def race(invoice_ids: list[int], by_id: int, lines: dict[int, int] | None = None) -> list[str]:
    def credit(invoice_id: int) -> Callable[[], str]:
        def job() -> str:
            invoice, by = Invoice.objects.get(pk=invoice_id), Person.objects.get(pk=by_id)
            return credit_note_issue(invoice=invoice, by=by, reason="Annulé", lines=lines).number

        return job

    return at_once([credit(pk) for pk in invoice_ids])


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_ten_whole_credits_of_one_invoice_at_once_credit_it_once(place, concierge, person):
    make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    outcomes = race([invoice.pk] * 10, concierge.pk)
    assert len([o for o in outcomes if o.startswith("A")]) == 1, outcomes
    assert all("FullyCredited" in o for o in outcomes if not o.startswith("A")), outcomes
    assert CreditNote.objects.get().total_cents == invoice.total_cents


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_partial_credits_at_once_never_exceed_the_line(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person, line(1500, quantity=3))
    invoice = invoice_issue(order=order, by=concierge)
    days = invoice.lines.get()
    outcomes = race([invoice.pk] * 8, concierge.pk, lines={days.pk: 1})
    assert len([o for o in outcomes if o.startswith("A")]) == 3, outcomes
    assert sum(note.total_cents for note in CreditNote.objects.all()) == 4500


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_twenty_credit_notes_at_once_get_consecutive_numbers(place, concierge, person):
    make_seller(place)
    invoices = [
        invoice_issue(order=make_order(place, concierge, person), by=concierge).pk
        for _ in range(20)
    ]
    outcomes = race(invoices, concierge.pk)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert sorted(CreditNote.objects.values_list("sequence", flat=True)) == list(range(1, 21))
    # Chronological: the credit notes follow the invoices in the chain, in their numbers' order.
    chain = list(CreditNote.objects.order_by("chain_position").values_list("sequence", flat=True))
    assert chain == list(range(1, 21))
    assert sorted(CreditNote.objects.values_list("chain_position", flat=True)) == list(
        range(21, 41)
    )
    assert [(report.count, report.intact) for report in invoice_chains_verify()] == [(40, True)]
