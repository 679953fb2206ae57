"""The network's settlement turned into invoices: the place that welcomed the visitors of
another place invoices that place's legal entity for the tickets' value, once per pair and
month; places without invoicing refused before anything is issued; two runs at once issue
one set (PostgreSQL, real concurrent transactions)."""

from __future__ import annotations

import datetime as dt

import pytest

from comptoir.access.models import TicketMovement
from comptoir.access.tests.helpers import buy_book
from comptoir.access.tests.timing import at
from comptoir.core.tests.races import at_once
from comptoir.economy import exceptions as errors
from comptoir.economy.models import SettlementInvoice
from comptoir.economy.services import settlement_invoice
from comptoir.invoicing.closing_selectors import closing_chains_verify
from comptoir.invoicing.models import Invoice
from comptoir.invoicing.tests.factories import make_seller
from comptoir.places.models import Network

MONTH = dt.date(2025, 11, 1)


def used(book, place, times, when=None):
    TicketMovement.objects.bulk_create(
        [
            TicketMovement(
                book=book,
                kind="consumption",
                quantity=-1,
                place=place,
                at=when or at(dt.date(2025, 11, 10), 10),
            )
            for _n in range(times)
        ]
    )


@pytest.fixture
def tickets(place, sister_place, superuser, person):
    """A ten-ticket book of `place` (80 €) used three times at its sister place."""
    make_seller(place)
    make_seller(sister_place)
    book = buy_book(person, place=place, by=superuser, network_wide=True, price_cents=8000)
    used(book, sister_place, 3)
    used(book, place, 1)  # at home: not settled
    return book


@pytest.mark.django_db
def test_the_welcoming_place_invoices_the_selling_place(place, sister_place, tickets, superuser):
    outcome = settlement_invoice(network=place.network, month=MONTH, by=superuser)
    (row,) = outcome.created
    assert (row.creditor, row.debtor, row.tickets) == (sister_place, place, 3)
    invoice = Invoice.objects.get(order=row.order)
    assert invoice.seller == sister_place.legal_entity
    assert invoice.buyer_name == place.legal_entity.name and invoice.buyer_is_business
    assert invoice.total_cents == row.value_cents == 3 * tickets.ticket_value_cents
    assert invoice.total_vat_cents == 0
    # Once per pair and month.
    again = settlement_invoice(network=place.network, month=MONTH, by=superuser)
    assert (again.created, again.existing) == ([], 1)
    assert SettlementInvoice.objects.count() == 1


@pytest.mark.django_db
def test_a_month_without_tickets_used_elsewhere_is_refused(place, superuser):
    with pytest.raises(errors.NothingToSettle):
        settlement_invoice(network=place.network, month=dt.date(2025, 1, 1), by=superuser)


@pytest.mark.django_db
def test_a_place_without_invoicing_refuses_the_whole_month(place, sister_place, superuser, person):
    make_seller(place)
    book = buy_book(person, place=place, by=superuser, network_wide=True, price_cents=8000)
    used(book, sister_place, 2)
    with pytest.raises(errors.SettlementNotInvoiceable) as refused:
        settlement_invoice(network=place.network, month=MONTH, by=superuser)
    assert sister_place.name in refused.value.message
    assert not SettlementInvoice.objects.exists()
    assert not Invoice.objects.filter(place=sister_place).exists()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_issue_one_set(place, tickets):
    network_id = place.network_id

    def run() -> str:
        network = Network.objects.get(pk=network_id)
        outcome = settlement_invoice(network=network, month=MONTH, by=None)
        return f"{len(outcome.created)}+{outcome.existing}"

    outcomes = at_once([run for _ in range(4)])
    assert sorted(outcomes) == ["0+1", "0+1", "0+1", "1+0"], outcomes
    assert SettlementInvoice.objects.count() == 1
    assert Invoice.objects.filter(order__settlement__isnull=False).count() == 1
    assert all(report.intact for report in closing_chains_verify())
