"""The economic model of a place and of a network: each source's revenue per month from
where it is recorded (sales by kind, paid events, prestations, other income), the shares,
the budget against the actual, what is still awaited; the same number of queries whatever
the amount of data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.billing.models import Order, OrderLine
from comptoir.billing.services import LineSpec
from comptoir.contributions.models import Prestation
from comptoir.economy.models import IncomeKind
from comptoir.economy.selectors import economic_model
from comptoir.economy.services import budget_set
from comptoir.economy.tests.factories import income
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import make_order, make_seller

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
YEAR = 2025


def sale(place, by, buyer, kind, cents, month, *, status=None, received=None, day=15):
    order = make_order(
        place, by, buyer, LineSpec(kind=kind, description=kind, unit_price_cents=cents)
    )
    fields = {"created_at": dt.datetime(YEAR, month, day, 10, tzinfo=PARIS)}
    if status:
        fields["status"] = status
    if received is not None:
        fields["received_cents"] = received
    Order.objects.filter(pk=order.pk).update(**fields)
    return order


def event(place, price, month, seats, *, cancelled=0):
    start = dt.datetime(YEAR, month, 5, 18, tzinfo=PARIS)
    happening = Event.objects.create(
        place=place,
        title="Atelier",
        kind=EventKind.WORKSHOP,
        start=start,
        end=start + dt.timedelta(hours=2),
        price_cents=price,
    )
    for n in range(seats + cancelled):
        Registration.objects.create(
            event=happening,
            name=f"P{n}",
            identity=f"n:p{n}",
            status="cancelled" if n >= seats else "confirmed",
        )
    return happening


def prestation(place, cents, day):
    return Prestation.objects.create(
        place=place,
        title="Formation",
        revenue_cents=cents,
        delivered_on=day,
        period_start=day,
        period_end=day,
    )


def world(place, by, buyer, scale=1):
    for _n in range(scale):
        sale(place, by, buyer, OrderLine.Kind.SUBSCRIPTION, 20000, 1, status="paid", received=20000)
        sale(place, by, buyer, OrderLine.Kind.TICKET_BOOK, 9000, 2)  # pending: 90 € awaited
        sale(place, by, buyer, OrderLine.Kind.DAY_PASS, 1500, 2, status="paid", received=1500)
        sale(place, by, buyer, OrderLine.Kind.BOOKING, 3000, 3, status="cancelled")  # not counted
        sale(place, by, buyer, OrderLine.Kind.BOOKING, 2500, 12, day=31)
        event(place, 500, 4, seats=3, cancelled=2)
        event(place, 0, 4, seats=10)  # free: nothing
        prestation(place, 100000, dt.date(YEAR, 5, 20))
        prestation(place, 100000, dt.date(YEAR + 1, 1, 2))  # another year
        income(place, received_on=dt.date(YEAR, 6, 1), amount_cents=300000)
        income(
            place,
            kind=IncomeKind.PARTNER_SERVICES,
            programme="",
            period_start=None,
            period_end=None,
            received_on=dt.date(YEAR, 6, 2),
            amount_cents=800000,
        )
        income(
            place,
            kind=IncomeKind.DONATION,
            period_start=None,
            period_end=None,
            received_on=dt.date(YEAR, 7, 1),
            amount_cents=5000,
        )
        income(
            place,
            kind=IncomeKind.DUES,
            received_on=dt.date(YEAR, 1, 1),
            amount_cents=2000,
        )


def test_each_source_is_read_where_it_is_recorded(place, concierge, person):
    world(place, concierge, person)
    budget_set(place=place, year=YEAR, amounts={"grant": 400000, "subscription": 10000}, by=None)
    model = economic_model(place_ids=[place.pk], year=YEAR)
    figures = {item.source: item for item in model.sources}
    assert {s: f.total_cents for s, f in figures.items() if f.total_cents} == {
        "subscription": 20000,
        "ticket_book": 9000,
        "day_pass": 1500,
        "booking": 2500,
        "event": 1500,
        "prestation": 100000,
        "grant": 300000,
        "partner_services": 800000,
        "donation": 5000,
        "dues": 2000,
    }
    assert figures["subscription"].months[0] == 20000
    assert figures["booking"].months[11] == 2500  # 31 December in Paris
    assert figures["event"].months[3] == 1500
    assert model.total_cents == 1_241_500
    assert model.month_totals[5] == 1_100_000
    assert sum(model.month_totals) == model.total_cents
    # Shares in basis points, rounded down.
    assert figures["partner_services"].share_bp == 800000 * 10000 // 1_241_500
    # Budget against actual.
    assert figures["grant"].budget_cents == 400000
    assert figures["grant"].gap_cents == -100000
    assert figures["grant"].achieved_bp == 7500
    assert figures["subscription"].gap_cents == 10000
    assert figures["event"].budget_cents is None and figures["event"].gap_cents is None
    assert model.budget_cents == 410000
    # Outstanding: the pending ticket book, and the pending booking of December.
    assert (model.outstanding_cents, model.outstanding_orders) == (11500, 2)


def test_the_network_adds_up_its_places_and_no_other(
    place, sister_place, foreign_place, concierge, person
):
    world(place, concierge, person)
    world(sister_place, concierge, person)
    world(foreign_place, concierge, person)
    alone = economic_model(place_ids=[place.pk], year=YEAR)
    both = economic_model(place_ids=[place.pk, sister_place.pk], year=YEAR)
    assert both.total_cents == 2 * alone.total_cents
    assert both.outstanding_cents == 2 * alone.outstanding_cents


def test_an_empty_year_has_no_share_and_no_division_by_zero(place):
    model = economic_model(place_ids=[place.pk], year=YEAR)
    assert model.total_cents == 0 and all(item.share_bp == 0 for item in model.sources)
    assert not model.has_budget


def invoiced_and_partly_credited(place, by, buyer):
    """In March: a subscription (200 €) and two ticket books (2 × 90 €) sold and invoiced;
    in April one ticket book of the two is credited."""
    with time_machine.travel(dt.datetime(YEAR, 3, 10, 11, tzinfo=PARIS), tick=False):
        order = make_order(
            place,
            by,
            buyer,
            LineSpec(kind=OrderLine.Kind.SUBSCRIPTION, description="Abo", unit_price_cents=20000),
            LineSpec(
                kind=OrderLine.Kind.TICKET_BOOK,
                description="Carnet",
                unit_price_cents=9000,
                quantity=2,
            ),
        )
        invoice = invoice_issue(order=order, by=by)
    books = invoice.lines.get(position=2)
    with time_machine.travel(dt.datetime(YEAR, 4, 2, 11, tzinfo=PARIS), tick=False):
        return credit_note_issue(invoice=invoice, by=by, reason="Carnet rendu", lines={books.pk: 1})


def test_a_partial_credit_note_is_taken_from_the_source_it_credits(place, concierge, person):
    make_seller(place)
    note = invoiced_and_partly_credited(place, concierge, person)
    assert note.total_cents == 9000
    model = economic_model(place_ids=[place.pk], year=YEAR)
    figures = {item.source: item for item in model.sources}
    assert figures["subscription"].total_cents == 20000  # untouched
    assert figures["ticket_book"].months[2] == 18000  # sold in March
    assert figures["ticket_book"].months[3] == -9000  # credited in April
    assert figures["ticket_book"].total_cents == 9000
    # Still awaited: the order less the credit note (nothing was paid).
    assert (model.outstanding_cents, model.outstanding_orders) == (20000 + 9000, 1)
    # The next year knows nothing of it.
    assert economic_model(place_ids=[place.pk], year=YEAR + 1).total_cents == 0


def test_a_whole_credit_before_payment_is_not_subtracted_twice(place, concierge, person):
    make_seller(place)
    with time_machine.travel(dt.datetime(YEAR, 5, 10, 11, tzinfo=PARIS), tick=False):
        room = LineSpec(kind="booking", description="Salle", unit_price_cents=3000)
        order = make_order(place, concierge, person, room)
        invoice = invoice_issue(order=order, by=concierge)
        credit_note_issue(invoice=invoice, by=None, reason="Annulé")
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert economic_model(place_ids=[place.pk], year=YEAR).total_cents == 0


def test_the_model_reads_seven_queries_whatever_the_data(place, concierge, person):
    """Six for the revenue, the budget and what is awaited; the seventh for the volunteer
    hours beside them."""
    make_seller(place)
    world(place, concierge, person, scale=1)
    invoiced_and_partly_credited(place, concierge, person)
    with CaptureQueriesContext(connection) as small:
        economic_model(place_ids=[place.pk], year=YEAR)
    world(place, concierge, person, scale=3)
    for _n in range(3):
        invoiced_and_partly_credited(place, concierge, person)
    with CaptureQueriesContext(connection) as large:
        model = economic_model(place_ids=[place.pk], year=YEAR)
    assert len(small) == len(large) == 7
    assert {item.source: item.total_cents for item in model.sources}["ticket_book"] == (
        4 * 9000 + 4 * 9000
    )


def test_the_conciergerie_services_sold_are_their_own_source(place, concierge):
    """A service done is billed through an order like any sale (kind "other"); the model
    reads it under the conciergerie's source, not "other"."""
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
    from comptoir.conciergerie import services as conciergerie
    from comptoir.conciergerie.tests.factories import make_request, make_service

    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=Role.RESIDENT)
    request = make_request(make_service(place, name="Pressing", price_cents=1200), member)
    conciergerie.request_move(request=request, to="taken", by=concierge)
    conciergerie.request_move(request=request, to="done", by=concierge)
    model = economic_model(place_ids=[place.pk], year=timezone.localdate().year)
    figures = {item.source: item.total_cents for item in model.sources}
    assert figures["conciergerie"] == 1200
    assert figures["other"] == 0


def test_a_loan_deposit_is_not_revenue(place, concierge):
    """The deposit taken when an item goes out is an order paid at once (billing keeps the
    money), but it is held for the borrower: the model does not count it, kept or not."""
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
    from comptoir.lending import services as lending
    from comptoir.lending.tests.factories import make_item, make_loan

    borrower = PersonFactory()
    PlaceRoleFactory(person=borrower, place=place, role=Role.RESIDENT)
    item = make_item(place, concierge, deposit_cents=5000)
    loan = lending.loan_check_out(loan=make_loan(item, borrower, concierge), by=concierge)
    assert loan.deposit_order is not None and loan.deposit_order.total_cents == 5000
    make_order(
        place,
        concierge,
        borrower,
        LineSpec(kind=OrderLine.Kind.OTHER, description="Impression", unit_price_cents=300),
    )
    model = economic_model(place_ids=[place.pk], year=timezone.localdate().year)
    assert {item.source: item.total_cents for item in model.sources}["other"] == 300
    assert model.total_cents == 300


def test_the_volunteer_hours_are_valued_beside_the_revenue(place, concierge, login):
    """The roster's shifts held in the year, valued at the SMIC's hourly rate by default or
    at the rate given; never counted as revenue."""
    from comptoir.community.tests.factories import PersonFactory
    from comptoir.economy.selectors import SMIC_HOURLY_CENTS
    from comptoir.roster.models import Assignment, Shift

    def held(day, hours, people):
        starts = dt.datetime.combine(day, dt.time(9), tzinfo=PARIS)
        shift = Shift.objects.create(
            place=place, day=day, starts_at=starts, ends_at=starts + dt.timedelta(hours=hours),
            capacity=len(people),
        )  # fmt: skip
        for slot, who in enumerate(people, start=1):
            Assignment.objects.create(shift=shift, person=who, slot=slot)

    paul = PersonFactory()
    held(dt.date(YEAR, 3, 4), 3, [concierge, paul])
    held(dt.date(YEAR, 11, 2), 4, [paul])
    held(dt.date(YEAR + 1, 1, 5), 4, [paul])  # another year
    model = economic_model(place_ids=[place.pk], year=YEAR)
    assert (model.volunteering.hours, model.volunteering.people) == (10.0, 2)
    assert model.volunteering.months[2][1:] == (6.0, 2)
    assert model.volunteer_rate_cents == SMIC_HOURLY_CENTS == 1202
    assert model.volunteer_value_cents == 12020
    assert model.total_cents == 0  # not revenue
    at_15 = economic_model(place_ids=[place.pk], year=YEAR, hour_rate_cents=1500)
    assert at_15.volunteer_value_cents == 15000
    page = login(concierge).get(
        f"/lieux/{place.slug}/economie/", {"annee": YEAR, "taux_benevolat": "15"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'id="volunteering"' in html
    assert "150,00" in html and "Heures de bénévolat" in html
    bad = login(concierge).get(
        f"/lieux/{place.slug}/economie/", {"annee": YEAR, "taux_benevolat": "-4"}
    )
    assert bad.status_code == 422


def test_the_model_page_stays_within_twelve_queries(
    place, concierge, login, django_assert_max_num_queries
):
    """The bench row's bound (issue #12: ≤ 12 queries), the volunteer hours included."""
    client = login(concierge)
    with django_assert_max_num_queries(12):
        assert client.get(f"/lieux/{place.slug}/economie/", {"annee": YEAR}).status_code == 200
