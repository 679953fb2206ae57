"""What the network is owed: the pending orders of its places with something due (less
their credit notes), by place and age since the invoice or the order — 0–30, 31–60,
61–90, over 90 days — as a page and through the API, for the network admins only, in the
same number of queries whatever the amount of data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.economy.outstanding import network_outstanding
from comptoir.economy.selectors import network_places
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 6, 30)


def on(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(11), tzinfo=PARIS), tick=False)


def owed(place, by, buyer, days_ago, cents, *, invoice=True, **kwargs):
    with on(TODAY - dt.timedelta(days=days_ago)):
        order = make_order(place, by, buyer, line(cents, **kwargs))
        if invoice:
            invoice_issue(order=order, by=by)
    return order


@pytest.fixture
def world(place, sister_place, foreign_place, concierge, person):
    """At the place: invoices of 10, 30, 31, 60, 61, 90 and 91 days, one partly paid, one
    partly credited, one paid (nothing due); at its sister an order never invoiced, made
    45 days ago; at a place of another network, an old debt that is not the network's."""
    make_seller(place)
    for days, cents in ((10, 1000), (30, 2000), (31, 3000), (60, 4000), (61, 5000), (90, 6000)):
        owed(place, concierge, person, days, cents)
    old = owed(place, concierge, person, 91, 1500, quantity=2)  # 30 € over 90 days
    with on(TODAY - dt.timedelta(days=80)):
        credit_note_issue(
            invoice=old.invoice,
            by=concierge,
            reason="Une annulée",
            lines={old.invoice.lines.get().pk: 1},
        )
    with on(TODAY - dt.timedelta(days=5)):
        partly = owed(place, concierge, person, 5, 7000)
        payment_record(order=partly, means="cash", amount_cents=2500, by=concierge)
        paid = owed(place, concierge, person, 5, 900)
        payment_record(order=paid, means="card", amount_cents=900, by=concierge)
    owed(sister_place, concierge, person, 45, 8000, invoice=False)
    make_seller(foreign_place)
    owed(foreign_place, concierge, person, 200, 99900)
    return place.network


def test_by_place_and_age(world, place, sister_place):
    report = network_outstanding(places=network_places(network=world), today=TODAY)
    rows = {row.slug: row for row in report.places}
    assert set(rows) == {place.slug, sister_place.slug}
    here = [(cell.cents, cell.count) for cell in rows[place.slug].cells]
    # 0–30: 10 €, 20 € and 70 € − 25 € paid; 31–60: 30 €, 40 €; 61–90: 50 €, 60 €;
    # over 90: 2 × 15 € less the 15 € credited.
    assert here == [(1000 + 2000 + 4500, 3), (3000 + 4000, 2), (5000 + 6000, 2), (1500, 1)]
    assert [(c.cents, c.count) for c in rows[sister_place.slug].cells] == [
        (0, 0),
        (8000, 1),
        (0, 0),
        (0, 0),
    ]
    assert report.cents == 7500 + 7000 + 11000 + 1500 + 8000 and report.count == 9
    assert [t.cents for t in report.totals] == [7500, 15000, 11000, 1500]
    # The oldest first: the invoice of 91 days, its due 15 €.
    first = report.oldest[0]
    assert (first.due_cents, first.since) == (1500, TODAY - dt.timedelta(days=91))
    assert len(report.oldest) == 9


def test_the_page_is_for_network_admins_in_a_fixed_number_of_queries(
    world, superuser, concierge, place, person
):
    url = reverse("economy:network-outstanding", args=[world.slug])
    admin = Client()
    admin.force_login(superuser)
    assert admin.get(reverse("economy:network-outstanding", args=["nulle-part"])).status_code == 404
    with on(TODAY):
        admin.get(url)  # the session's first read on that day refreshes it: not the page's
        with CaptureQueriesContext(connection) as small:
            page = admin.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "31 à 60 jours" in text and place.name in text  # in French by default
    for days in range(20, 60):  # more data, the same queries
        owed(place, concierge, person, days, 100)
    with on(TODAY), CaptureQueriesContext(connection) as large:
        assert admin.get(url).status_code == 200
    assert len(small) == len(large) == 6, [q["sql"][:80] for q in large]
    concierge_client = Client()
    concierge_client.force_login(concierge)
    assert concierge_client.get(url).status_code == 403


def test_the_api_answers_the_same(world, superuser, concierge, place, sister_place):
    admin = ApiClient(token_for(superuser))
    with on(TODAY):
        body = admin.get(f"/networks/{world.slug}/outstanding").json()
    assert body["today"] == TODAY.isoformat() and body["count"] == 9
    here = next(p for p in body["places"] if p["place"] == place.slug)
    assert [b["bucket"] for b in here["buckets"]] == ["0_30", "31_60", "61_90", "over_90"]
    assert [b["cents"] for b in here["buckets"]] == [7500, 7000, 11000, 1500]
    assert body["oldest"][0]["due_cents"] == 1500 and body["oldest"][0]["invoice_number"]
    never = [item for item in body["oldest"] if item["place"] == sister_place.slug]
    assert never[0]["invoice_number"] is None
    assert_error(ApiClient(token_for(concierge)).get(f"/networks/{world.slug}/outstanding"), 403)
    assert_error(admin.get("/networks/nulle-part/outstanding"), 404)
