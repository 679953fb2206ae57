from __future__ import annotations

import pytest

from comptoir.access.models import Plan
from comptoir.access.tests.factories import (
    PlanFactory,
    day_pass_plan,
    subscription_plan,
    ticket_book_plan,
)
from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import NetworkFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def network_plan(network, **fields):
    return PlanFactory(place=None, network=network, name="Carnet réseau", **fields)


def test_anyone_lists_the_offers_of_a_place_and_of_its_network(anonymous_api, place):
    book = ticket_book_plan(place)
    shared = network_plan(place.network)
    ticket_book_plan(PlaceFactory())  # another place of the network
    day_pass_plan(place, is_active=False)
    ticket_book_plan(PlaceFactory(network=NetworkFactory(slug="ailleurs")))

    body = anonymous_api.get(f"/places/{place.slug}/plans").json()

    assert {p["id"] for p in body["items"]} == {book.pk, shared.pk}
    row = next(p for p in body["items"] if p["id"] == shared.pk)
    assert (row["place"], row["network"]) == (None, place.network.slug)
    mine = next(p for p in body["items"] if p["id"] == book.pk)
    assert (mine["place"], mine["kind"], mine["tickets"]) == (place.slug, "ticket_book", 10)


def test_it_filters_the_offers_by_kind(anonymous_api, place):
    ticket_book_plan(place)
    day_pass = day_pass_plan(place)

    body = anonymous_api.get(f"/places/{place.slug}/plans", kind="day_pass").json()

    assert [p["id"] for p in body["items"]] == [day_pass.pk]
    assert_error(anonymous_api.get(f"/places/{place.slug}/plans", kind="gift"), 422)


def test_only_permanent_concierges_see_the_offers_no_longer_on_sale(request, concierge_api, place):
    old = day_pass_plan(place, is_active=False)
    occasional = PersonFactory()
    PlaceRoleFactory(person=occasional, place=place, role=Role.CONCIERGE_OCCASIONAL)

    def ids(api):
        response = api.get(f"/places/{place.slug}/plans", include_inactive="true")
        return {p["id"] for p in response.json()["items"]}

    assert old.pk in ids(concierge_api)
    assert old.pk not in ids(ApiClient(token_for(occasional)))
    assert old.pk not in ids(request.getfixturevalue("anonymous_api"))
    assert old.pk not in {
        p["id"] for p in concierge_api.get(f"/places/{place.slug}/plans").json()["items"]
    }


def test_an_unknown_place_has_no_offers(anonymous_api):
    assert_error(anonymous_api.get("/places/nulle-part/plans"), 404, "not_found")


def test_it_pins_the_query_count_of_the_offer_list(anonymous_api, place, django_assert_num_queries):
    for _ in range(3):
        ticket_book_plan(place)
    network_plan(place.network)
    # place, count, page (with place and network joined)
    with django_assert_num_queries(3):
        assert anonymous_api.get(f"/places/{place.slug}/plans").json()["count"] == 4


def test_anyone_reads_an_offer_on_sale(anonymous_api, place):
    plan = subscription_plan(place, seats=3)

    body = anonymous_api.get(f"/plans/{plan.pk}").json()

    assert (body["id"], body["kind"], body["seats"], body["price_cents"]) == (
        plan.pk,
        "subscription",
        3,
        25000,
    )


def test_an_offer_no_longer_on_sale_is_only_shown_to_its_managers(
    anonymous_api, member_api, concierge_api, place
):
    plan = day_pass_plan(place, is_active=False)

    assert_error(anonymous_api.get(f"/plans/{plan.pk}"), 404)
    assert_error(member_api.get(f"/plans/{plan.pk}"), 404)
    assert concierge_api.get(f"/plans/{plan.pk}").json()["is_active"] is False


def test_an_unknown_offer_is_a_404(anonymous_api):
    assert_error(anonymous_api.get("/plans/999999"), 404, "not_found")


def test_a_permanent_concierge_creates_an_offer(concierge_api, place):
    response = concierge_api.post(
        f"/places/{place.slug}/plans",
        {
            "kind": "ticket_book",
            "name": "Carnet 5 demi-journées",
            "tickets": 5,
            "ticket_unit": "half_day",
            "price_cents": 3000,
        },
    )

    assert response.status_code == 201, response.content
    plan = Plan.objects.get(pk=response.json()["id"])
    assert (plan.place, plan.kind, plan.tickets, plan.ticket_unit, plan.price_cents) == (
        place,
        "ticket_book",
        5,
        "half_day",
        3000,
    )
    assert response.json()["place"] == place.slug


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous_api", 401), ("member_api", 403), ("other_concierge_api", 403)],
)
def test_others_may_not_create_offers(request, place, caller, status):
    api = request.getfixturevalue(caller)

    response = api.post(f"/places/{place.slug}/plans", {"kind": "day_pass", "name": "Pass"})

    assert_error(response, status)
    assert not Plan.objects.exists()


def test_an_occasional_concierge_may_not_create_offers(place):
    occasional = PersonFactory()
    PlaceRoleFactory(person=occasional, place=place, role=Role.CONCIERGE_OCCASIONAL)

    response = ApiClient(token_for(occasional)).post(
        f"/places/{place.slug}/plans", {"kind": "day_pass", "name": "Pass"}
    )

    assert_error(response, 403, "forbidden")
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "day_pass"},
        {"kind": "gift", "name": "Cadeau"},
        {"kind": "day_pass", "name": "Pass", "colour": "red"},
        {"kind": "day_pass", "name": "Pass", "price_cents": -1},
        {"kind": "day_pass", "name": "Pass", "price_cents": "beaucoup"},
        {"kind": "day_pass", "name": ""},
        {"kind": "ticket_book", "name": "Carnet vide", "tickets": 0},
        {"kind": "discovery", "name": "Découverte payante", "price_cents": 500},
        {"kind": "day_pass", "name": "Pass", "name_x": None},
    ],
)
def test_a_bad_offer_is_a_422(concierge_api, place, body):
    response = concierge_api.post(f"/places/{place.slug}/plans", body)

    assert_error(response, 422)
    assert not Plan.objects.exists()


def test_creating_in_an_unknown_place_is_a_404(concierge_api):
    assert_error(
        concierge_api.post("/places/nulle-part/plans", {"kind": "day_pass", "name": "P"}), 404
    )


def test_a_permanent_concierge_edits_an_offer(concierge_api, place):
    plan = day_pass_plan(place)

    response = concierge_api.patch(f"/plans/{plan.pk}", {"price_cents": 1800, "is_active": False})

    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert (plan.price_cents, plan.is_active, plan.name) == (1800, False, "Pass journée")
    assert response.json()["price_cents"] == 1800


@pytest.mark.parametrize(
    "body",
    [{"kind": "subscription"}, {"price_cents": None}, {"seats": 0}, {"unknown": 1}],
)
def test_a_bad_edit_is_a_422_and_changes_nothing(concierge_api, place, body):
    plan = day_pass_plan(place)

    assert_error(concierge_api.patch(f"/plans/{plan.pk}", body), 422)

    plan.refresh_from_db()
    assert (plan.kind, plan.price_cents, plan.seats) == ("day_pass", 1500, 1)


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous_api", 401), ("member_api", 403), ("other_concierge_api", 403)],
)
def test_others_may_not_edit_offers(request, place, caller, status):
    plan = day_pass_plan(place)

    assert_error(
        request.getfixturevalue(caller).patch(f"/plans/{plan.pk}", {"price_cents": 1}), status
    )

    plan.refresh_from_db()
    assert plan.price_cents == 1500


def test_a_network_offer_is_edited_by_network_admins_only(concierge_api, place):
    plan = network_plan(place.network)
    admin = PersonFactory(is_superuser=True)

    assert_error(concierge_api.patch(f"/plans/{plan.pk}", {"price_cents": 1}), 403)
    response = ApiClient(token_for(admin)).patch(f"/plans/{plan.pk}", {"price_cents": 1})

    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert plan.price_cents == 1


def test_editing_an_unknown_offer_is_a_404(concierge_api):
    assert_error(concierge_api.patch("/plans/999999", {"price_cents": 1}), 404)
