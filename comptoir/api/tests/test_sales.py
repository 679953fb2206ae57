from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from comptoir.access import services as access
from comptoir.access.models import DayPass, Subscription, TicketBook
from comptoir.access.tests.factories import (
    day_pass_plan,
    discovery_plan,
    subscription_plan,
    ticket_book_plan,
)
from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.billing.models import Order
from comptoir.billing.models import Payment as BillingPayment
from comptoir.community.models import PlaceRole, Role
from comptoir.community.tests.factories import OrganizationFactory, PersonFactory
from comptoir.invoicing.tests.factories import make_seller
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_a_concierge_sells_a_ticket_book(concierge_api, place, person):
    plan = ticket_book_plan(place)

    response = concierge_api.post(
        f"/places/{place.slug}/sales",
        {
            "plan_id": plan.pk,
            "person_id": person.pk,
            "payment_method": "card",
            "payment_reference": "TPE-42",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    book = TicketBook.objects.get(person=person)
    assert body["ticket_book_id"] == book.pk
    assert body["subscription_id"] is None and body["day_pass_id"] is None
    order = body["order"]
    assert (order["total_cents"], order["status"]) == (8000, "paid")
    assert order["reference"].startswith("V-")
    assert [(line["kind"], line["total_cents"]) for line in order["lines"]] == [
        ("ticket_book", 8000)
    ]
    assert [(p["method"], p["amount_cents"], p["reference"]) for p in order["payments"]] == [
        ("card", 8000, "TPE-42")
    ]
    assert access.balance(book) == 10
    # A newcomer becomes nomade in the place.
    assert PlaceRole.objects.get(person=person, place=place).role == Role.NOMAD


def test_a_concierge_sells_a_day_pass_for_a_later_day(concierge_api, place, person):
    plan = day_pass_plan(place)
    later = timezone.localdate() + datetime.timedelta(days=3)

    response = concierge_api.post(
        f"/places/{place.slug}/sales",
        {
            "plan_id": plan.pk,
            "person_id": person.pk,
            "payment_method": "cash",
            "starts_on": later.isoformat(),
        },
    )

    assert response.status_code == 201, response.content
    day_pass = DayPass.objects.get(pk=response.json()["day_pass_id"])
    assert (day_pass.person, day_pass.valid_on) == (person, later)


def test_a_concierge_sells_a_structure_subscription(concierge_api, place):
    plan = subscription_plan(place, holder="organization", seats=3)
    structure = OrganizationFactory()

    response = concierge_api.post(
        f"/places/{place.slug}/sales",
        {"plan_id": plan.pk, "organization": structure.slug, "payment_method": "transfer"},
    )

    assert response.status_code == 201, response.content
    subscription = Subscription.objects.get(pk=response.json()["subscription_id"])
    assert (subscription.organization, subscription.seats) == (structure, 3)
    assert response.json()["order"]["total_cents"] == 25000


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous_api", 401), ("member_api", 403), ("other_concierge_api", 403)],
)
def test_others_may_not_sell(request, place, person, caller, status):
    plan = ticket_book_plan(place)
    api = request.getfixturevalue(caller)

    response = api.post(
        f"/places/{place.slug}/sales",
        {"plan_id": plan.pk, "person_id": person.pk, "payment_method": "cash"},
    )

    assert_error(response, status)
    assert not Order.objects.exists() and not TicketBook.objects.exists()


def test_a_non_concierge_cannot_probe_people_through_sales(member_api, place):
    plan = ticket_book_plan(place)

    response = member_api.post(
        f"/places/{place.slug}/sales",
        {"plan_id": plan.pk, "person_id": 999999, "payment_method": "cash"},
    )

    assert_error(response, 403, "forbidden")


def test_selling_in_an_unknown_place_is_a_404(concierge_api, person):
    response = concierge_api.post(
        "/places/nulle-part/sales", {"plan_id": 1, "person_id": person.pk, "payment_method": "cash"}
    )

    assert_error(response, 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person_id": 999999}, "person_id"),
        ({"organization": "inconnue"}, "organization"),
        ({"payment_method": "bitcoin"}, "payment_method"),
        ({"plan_id": "deux"}, "plan_id"),
        ({"coupon": "GRATUIT"}, "coupon"),
        ({"starts_on": "hier"}, "starts_on"),
        ({"starts_on": "2001-01-01"}, "starts_on"),
        ({"person_id": None}, "person"),
    ],
)
def test_a_bad_sale_is_a_422_and_saves_nothing(concierge_api, place, person, body, field):
    plan = ticket_book_plan(place)
    payload = {"plan_id": plan.pk, "person_id": person.pk, "payment_method": "cash", **body}

    response = concierge_api.post(f"/places/{place.slug}/sales", payload)

    assert field in assert_error(response, 422)["fields"]
    assert not Order.objects.exists() and not TicketBook.objects.exists()


@pytest.mark.parametrize(
    ("make_plan", "code"),
    [
        (lambda place: discovery_plan(place), "not_for_sale"),
        (lambda place: day_pass_plan(place, is_active=False), "plan_not_offered"),
        (lambda place: day_pass_plan(PlaceFactory()), "plan_not_offered"),
    ],
)
def test_an_offer_not_sold_here_is_refused(concierge_api, place, person, make_plan, code):
    plan = make_plan(place)

    response = concierge_api.post(
        f"/places/{place.slug}/sales",
        {"plan_id": plan.pk, "person_id": person.pk, "payment_method": "cash"},
    )

    assert_error(response, 422, code)
    assert not Order.objects.exists() and not DayPass.objects.exists()


def test_an_unknown_offer_is_a_field_error(concierge_api, place, person):
    response = concierge_api.post(
        f"/places/{place.slug}/sales",
        {"plan_id": 999999, "person_id": person.pk, "payment_method": "cash"},
    )

    assert "plan_id" in assert_error(response, 422)["fields"]


def test_a_structure_subscription_needs_a_structure(concierge_api, place, person):
    plan = subscription_plan(place, holder="organization")

    response = concierge_api.post(
        f"/places/{place.slug}/sales",
        {"plan_id": plan.pk, "person_id": person.pk, "payment_method": "cash"},
    )

    assert_error(response, 422, "wrong_holder")
    assert not Subscription.objects.exists()


def sold_order(place, concierge, buyer):
    sale = access.plan_sell(
        plan=ticket_book_plan(place), place=place, by=concierge, person=buyer, payment_method="cash"
    )
    return sale.order


def test_the_buyer_and_the_concierges_read_the_receipt(
    member_api, concierge_api, place, concierge, person
):
    order = sold_order(place, concierge, person)

    mine = member_api.get(f"/orders/{order.pk}")
    desk = concierge_api.get(f"/orders/{order.pk}")

    assert mine.status_code == desk.status_code == 200
    body = mine.json()
    assert (body["id"], body["place"], body["total_cents"], body["status"]) == (
        order.pk,
        place.slug,
        8000,
        "paid",
    )
    assert len(body["lines"]) == 1 and len(body["payments"]) == 1
    assert desk.json() == body


def test_others_do_not_see_a_receipt(other_concierge_api, anonymous_api, place, concierge, person):
    order = sold_order(place, concierge, person)
    stranger = ApiClient(token_for(PersonFactory()))

    assert_error(stranger.get(f"/orders/{order.pk}"), 404)
    assert_error(other_concierge_api.get(f"/orders/{order.pk}"), 404)
    assert_error(anonymous_api.get(f"/orders/{order.pk}"), 401)
    assert_error(stranger.get("/orders/999999"), 404)


def test_it_pins_the_query_count_of_a_receipt(
    member_api, place, concierge, person, django_assert_num_queries
):
    order = sold_order(place, concierge, person)
    member_api.get("/people/me")  # record the token's use first
    # token, order, lines, receipt payments, chained payments
    with django_assert_num_queries(5):
        assert member_api.get(f"/orders/{order.pk}").status_code == 200


def test_a_sale_where_the_seller_invoices_shows_its_numbered_payment(
    concierge_api, member_api, place, person
):
    make_seller(place)
    response = concierge_api.post(
        f"/places/{place.slug}/sales",
        {
            "plan_id": ticket_book_plan(place).pk,
            "person_id": person.pk,
            "payment_method": "cheque",
            "payment_reference": "CHQ 7",
        },
    )

    assert response.status_code == 201, response.content
    order = response.json()["order"]
    year = timezone.localdate().year
    assert order["status"] == "paid"
    assert [
        (p["method"], p["amount_cents"], p["reference"], p["number"]) for p in order["payments"]
    ] == [("cheque", 8000, "CHQ 7", f"P{year}-000001")]
    assert not BillingPayment.objects.exists()
    assert member_api.get(f"/orders/{order['id']}").json()["payments"] == order["payments"]


def test_a_receipt_payment_has_no_number(concierge_api, place, concierge, person):
    order = sold_order(place, concierge, person)
    [payment] = concierge_api.get(f"/orders/{order.pk}").json()["payments"]
    assert (payment["method"], payment["number"]) == ("cash", "")
