"""The economic model of a place and of a network: each source's revenue per month from
where it is recorded (sales by kind, paid events, prestations, other income), the shares,
the budget against the actual, what is still awaited; the same number of queries whatever
the amount of data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
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
from comptoir.invoicing.tests.factories import make_order

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


def test_the_model_reads_six_queries_whatever_the_data(place, concierge, person):
    world(place, concierge, person, scale=1)
    with CaptureQueriesContext(connection) as small:
        economic_model(place_ids=[place.pk], year=YEAR)
    world(place, concierge, person, scale=3)
    with CaptureQueriesContext(connection) as large:
        economic_model(place_ids=[place.pk], year=YEAR)
    assert len(small) == len(large) == 6


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
