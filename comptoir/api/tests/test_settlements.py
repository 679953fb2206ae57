from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from comptoir.access import services as access
from comptoir.access.models import TicketMovement
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import NetworkFactory, PlaceFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def used(book, place, when, count=1):
    for _ in range(count):
        TicketMovement.objects.create(
            book=book, kind=TicketMovement.Kind.CONSUMPTION, quantity=-1, place=place, at=when
        )


@pytest.fixture
def welcoming(place):
    """Another place of the network, where the books sold by `place` are used."""
    return PlaceFactory(network=place.network, name="Le Mixeur")


@pytest.fixture
def book(place, concierge):
    plan = ticket_book_plan(place, network_wide=True, price_cents=8000, tickets=10)
    sale = access.plan_sell(
        plan=plan, place=place, by=concierge, person=PersonFactory(), payment_method="cash"
    )
    return sale.ticket_book


@pytest.fixture
def november(book, place, welcoming):
    used(book, welcoming, dt.datetime(2026, 11, 3, 10, tzinfo=PARIS), count=3)
    used(book, place, dt.datetime(2026, 11, 4, 10, tzinfo=PARIS))  # at home: no settlement
    used(book, welcoming, dt.datetime(2026, 12, 1, 10, tzinfo=PARIS))  # next month


def admin_api():
    return ApiClient(token_for(PersonFactory(is_superuser=True)))


def test_a_network_admin_sees_the_whole_settlement(place, welcoming, november):
    response = admin_api().get(f"/networks/{place.network.slug}/settlements", month="2026-11")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["month"] == "2026-11"
    assert body["rows"] == [
        {"seller": place.name, "used_in": "Le Mixeur", "tickets": 3, "value_cents": 2400}
    ]
    assert sorted((b["place"], b["net_cents"]) for b in body["balances"]) == sorted(
        [(place.name, -2400), ("Le Mixeur", 2400)]
    )


def test_a_concierge_sees_the_rows_and_balance_of_their_place(concierge_api, place, november):
    body = concierge_api.get(f"/networks/{place.network.slug}/settlements", month="2026-11").json()

    assert [(r["seller"], r["tickets"]) for r in body["rows"]] == [(place.name, 3)]
    assert body["balances"] == [{"place": place.name, "net_cents": -2400}]


def test_the_welcoming_concierge_sees_what_they_are_owed(welcoming, place, november):
    host = PersonFactory()
    PlaceRoleFactory(person=host, place=welcoming, role=Role.CONCIERGE_OCCASIONAL)

    body = (
        ApiClient(token_for(host))
        .get(f"/networks/{place.network.slug}/settlements", month="2026-11")
        .json()
    )

    assert body["balances"] == [{"place": "Le Mixeur", "net_cents": 2400}]


def test_a_concierge_of_an_uninvolved_place_sees_nothing(other_concierge_api, place, november):
    body = other_concierge_api.get(
        f"/networks/{place.network.slug}/settlements", month="2026-11"
    ).json()

    assert body == {"month": "2026-11", "rows": [], "balances": []}


def test_an_empty_month_has_no_rows(place, november):
    body = admin_api().get(f"/networks/{place.network.slug}/settlements", month="2026-10").json()

    assert (body["rows"], body["balances"]) == ([], [])


def test_the_default_month_is_the_current_one(place, welcoming, book):
    used(book, welcoming, timezone.now())

    body = admin_api().get(f"/networks/{place.network.slug}/settlements").json()

    assert body["month"] == f"{timezone.localdate():%Y-%m}"
    assert [r["tickets"] for r in body["rows"]] == [1]


def test_members_and_concierges_of_other_networks_may_not_see_it(member_api, place, november):
    elsewhere = PersonFactory()
    PlaceRoleFactory(
        person=elsewhere,
        place=PlaceFactory(network=NetworkFactory(slug="ailleurs")),
        role=Role.CONCIERGE_PERMANENT,
    )
    path = f"/networks/{place.network.slug}/settlements"

    assert_error(member_api.get(path, month="2026-11"), 403, "forbidden")
    assert_error(ApiClient(token_for(elsewhere)).get(path, month="2026-11"), 403, "forbidden")


def test_it_needs_an_account_and_a_known_network(anonymous_api, concierge_api, place):
    assert_error(anonymous_api.get(f"/networks/{place.network.slug}/settlements"), 401)
    assert_error(concierge_api.get("/networks/inconnu/settlements"), 404)


@pytest.mark.parametrize(
    "month", ["2026-13", "2026-1", "novembre", "2026-11-01", "0000-00", "0000-01", "9999-12"]
)
def test_a_bad_month_is_a_422(concierge_api, place, month):
    response = concierge_api.get(f"/networks/{place.network.slug}/settlements", month=month)

    assert "month" in assert_error(response, 422, "invalid_params")["fields"]


def test_it_pins_the_query_count_of_the_settlement(
    concierge_api, place, november, django_assert_num_queries
):
    concierge_api.get("/people/me")  # record the token's use first
    # token with the caller's roles, network, places of the network, report
    with django_assert_num_queries(4):
        concierge_api.get(f"/networks/{place.network.slug}/settlements", month="2026-11")
