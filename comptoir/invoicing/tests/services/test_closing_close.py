"""closing_close: a day, a month or a year of an entity's accounts closed once, only when it
has ended, with its totals and its last documents, chained; nothing dated inside afterwards.
The clock is set (time-machine) so that documents are issued on the days closed."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from comptoir.core.models import AuditEvent
from comptoir.invoicing.closing_selectors import closing_chains_verify, day_totals
from comptoir.invoicing.closings import (
    AlreadyClosed,
    ClosingKindInvalid,
    MonthsOpen,
    PeriodClosed,
    PeriodNotOver,
    closing_hash,
    is_closed,
)
from comptoir.invoicing.exceptions import InvoicingNotConfigured
from comptoir.invoicing.models import Closing, Invoice
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.closings import closing_close, closings_due
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# The clock: 10 March 2026, mid-morning in Paris.
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)


def at(day: dt.date, hour: int = 11) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS), tick=False)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def seller(place):
    return make_seller(place)


def sell(place, by, buyer, *lines, pay=None):
    """An order invoiced now; paid by `pay` (means) if given."""
    order = make_order(place, by, buyer, *lines)
    if pay:
        payment_record(order=order, means=pay, amount_cents=order.total_cents, by=by)
    return invoice_issue(order=order, by=by)


def test_a_day_closing_holds_its_totals_and_last_documents(place, seller, concierge, person, clock):
    day = dt.date(2026, 3, 2)
    with at(day):
        first = sell(place, concierge, person, line(1200, 2, 2000), line(500, 1, 550), pay="cash")
        second = sell(place, concierge, person, line(3000, 1, 0), pay="card")
        note = credit_note_issue(invoice=second, by=concierge, reason="Annulé")
    with at(day + dt.timedelta(days=1)):
        sell(place, concierge, person, line(999))  # the next day: not in the closing
    closing = closing_close(seller_id=seller.pk, kind="day", day=day, by=concierge)
    assert (closing.period_start, closing.period_end, closing.kind) == (day, day, "day")
    assert (closing.invoice_count, closing.credit_note_count, closing.payment_count) == (2, 1, 2)
    assert closing.invoiced_cents == first.total_cents + second.total_cents == 2900 + 3000
    assert closing.credited_cents == note.total_cents == 3000
    assert closing.received_cents == 5900
    assert {row["means"]: row["cents"] for row in closing.received} == {"card": 3000, "cash": 2900}
    rates = {row["rate_bp"]: row for row in closing.invoiced}
    assert set(rates) == {2000, 550, 0}
    assert rates[2000]["vat_cents"] == 400 and rates[2000]["before_tax_cents"] == 2000
    assert rates[550]["vat_cents"] == 26 and rates[0]["vat_cents"] == 0
    assert (closing.last_invoice_number, closing.last_invoice_hash) == (second.number, second.hash)
    assert (closing.last_credit_note_number, closing.last_credit_note_hash) == (
        note.number,
        note.hash,
    )
    assert closing.last_payment_number.endswith("000002")
    assert (closing.chain_position, closing.previous_hash) == (1, "")
    assert closing.hash == closing_hash(closing)
    assert closing.closed_by == concierge
    assert AuditEvent.objects.filter(verb="period.closed").count() == 1


def test_a_period_is_closed_once(place, seller, clock):
    closing_close(seller_id=seller.pk, kind="day", day=dt.date(2026, 3, 1), by=None)
    with pytest.raises(AlreadyClosed):
        closing_close(seller_id=seller.pk, kind="day", day=dt.date(2026, 3, 1), by=None)
    assert Closing.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "day"),
    [
        ("day", dt.date(2026, 3, 10)),  # today
        ("day", dt.date(2026, 3, 11)),
        ("month", dt.date(2026, 3, 1)),  # the month runs on
        ("year", dt.date(2026, 1, 1)),
    ],
)
def test_only_an_ended_period_is_closed(place, seller, clock, kind, day):
    with pytest.raises(PeriodNotOver):
        closing_close(seller_id=seller.pk, kind=kind, day=day, by=None)
    assert not Closing.objects.exists()


def test_an_unknown_kind_is_refused(place, seller, clock):
    with pytest.raises(ClosingKindInvalid):
        closing_close(seller_id=seller.pk, kind="week", day=dt.date(2026, 3, 1), by=None)


def test_an_entity_without_invoicing_has_nothing_to_close(place, clock):
    from comptoir.community.tests.factories import OrganizationFactory

    with pytest.raises(InvoicingNotConfigured):
        closing_close(seller_id=OrganizationFactory().pk, kind="day", day=NOW.date(), by=None)


def test_a_month_closes_its_open_days_first_and_sums_them(place, seller, concierge, person, clock):
    feb = [dt.date(2026, 2, 3), dt.date(2026, 2, 17), dt.date(2026, 2, 28)]
    invoices = []
    for day in feb:
        with at(day):
            invoices.append(sell(place, concierge, person, line(3333, 3, 2000), pay="transfer"))
    # The 17th was closed by hand already: it is kept, the others are closed with the month.
    closing_close(seller_id=seller.pk, kind="day", day=feb[1], by=None)
    month = closing_close(seller_id=seller.pk, kind="month", day=dt.date(2026, 2, 14), by=None)
    days = Closing.objects.filter(kind="day").order_by("period_start")
    assert [d.period_start.day for d in days] == list(range(1, 29))
    assert (month.period_start, month.period_end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert month.chain_position == 29  # after its 28 days
    assert month.invoiced_cents == sum(i.total_cents for i in invoices) == 3 * 9999
    assert month.invoiced == [
        {"rate_bp": 2000, "before_tax_cents": 3 * 8332, "vat_cents": 3 * 1667, "total_cents": 29997}
    ]
    assert month.invoice_count == 3 and month.payment_count == 3
    assert month.received == [{"means": "transfer", "cents": 29997, "count": 3}]
    assert month.last_invoice_number == invoices[-1].number
    assert [r.intact for r in closing_chains_verify()] == [True]


def test_a_year_needs_its_months(place, seller, clock):
    with time_machine.travel(dt.datetime(2027, 2, 1, 9, tzinfo=PARIS), tick=False):
        for month in range(1, 12):
            closing_close(seller_id=seller.pk, kind="month", day=dt.date(2026, month, 1), by=None)
        with pytest.raises(MonthsOpen):
            closing_close(seller_id=seller.pk, kind="year", day=dt.date(2026, 6, 1), by=None)
        closing_close(seller_id=seller.pk, kind="month", day=dt.date(2026, 12, 1), by=None)
        year = closing_close(seller_id=seller.pk, kind="year", day=dt.date(2026, 6, 1), by=None)
    assert (year.period_start, year.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert Closing.objects.filter(kind="day").count() == 365
    assert year.chain_position == 365 + 12 + 1


def test_nothing_is_received_in_a_closed_period(place, seller, concierge, person, clock):
    order = make_order(place, concierge, person, line(2000))
    closing_close(seller_id=seller.pk, kind="day", day=dt.date(2026, 3, 5), by=None)
    with pytest.raises(PeriodClosed):
        payment_record(
            order=order,
            means="cash",
            amount_cents=500,
            by=concierge,
            received_on=dt.date(2026, 3, 5),
        )
    assert not order.ledger_payments.exists()
    # The day after is open.
    payment_record(
        order=order, means="cash", amount_cents=500, by=concierge, received_on=dt.date(2026, 3, 6)
    )
    assert is_closed(seller_id=seller.pk, day=dt.date(2026, 3, 5))
    assert not is_closed(seller_id=seller.pk, day=dt.date(2026, 3, 6))


def test_nothing_is_invoiced_nor_credited_in_a_closed_period(
    place, seller, concierge, person, clock
):
    """Invoices and credit notes are dated the day they are issued: one issued late on a day
    already closed (its closing ran early, the clock of the place) is refused."""
    invoice = sell(place, concierge, person, line(2000))
    order = make_order(place, concierge, person, line(1000))
    with time_machine.travel(dt.datetime(2026, 3, 11, 9, tzinfo=PARIS), tick=False):
        closing_close(seller_id=seller.pk, kind="day", day=dt.date(2026, 3, 10), by=None)
    with pytest.raises(PeriodClosed):
        invoice_issue(order=order, by=concierge)
    with pytest.raises(PeriodClosed):
        credit_note_issue(invoice=invoice, by=concierge, reason="Erreur")
    assert not Invoice.objects.filter(order=order).exists()
    assert invoice.credit_notes.count() == 0


def test_closings_are_chained(place, seller, clock):
    first = closing_close(seller_id=seller.pk, kind="day", day=dt.date(2026, 3, 1), by=None)
    second = closing_close(seller_id=seller.pk, kind="day", day=dt.date(2026, 3, 3), by=None)
    assert (second.chain_position, second.previous_hash) == (2, first.hash)
    assert day_totals(seller_id=seller.pk, day=dt.date(2026, 3, 3))["invoice_count"] == 0


def test_the_closings_due_are_yesterday_and_last_month_once(place, seller, clock):
    done = closings_due(seller_id=seller.pk)
    assert [(c.kind, c.period_start) for c in done] == [
        ("day", dt.date(2026, 3, 9)),
        ("month", dt.date(2026, 2, 1)),
    ]
    assert closings_due(seller_id=seller.pk) == []  # run twice, nothing more
    assert Closing.objects.filter(kind="day").count() == 1 + 28


def test_the_command_closes_what_is_due_for_every_entity(place, seller, clock):
    out = StringIO()
    call_command("comptoir_close_periods", stdout=out)
    assert "2 closing(s)" in out.getvalue()
    out = StringIO()
    call_command("comptoir_close_periods", stdout=out)
    assert "0 closing(s)" in out.getvalue()
