"""POST /places/{slug}/purchases: the caller buys an offer for themself; the order waits for
payment and the book is theirs once it is paid."""

from __future__ import annotations

import pytest

from comptoir.access.models import Purchase, TicketBook
from comptoir.access.tests.factories import discovery_plan, ticket_book_plan
from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.billing import services as billing
from comptoir.billing.models import Order
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomad_api(place):
    nomad = PersonFactory()
    PlaceRoleFactory(person=nomad, place=place, role=Role.NOMAD)
    return ApiClient(token_for(nomad))


def test_a_member_buys_a_book_awaiting_payment(nomad_api, place):
    plan = ticket_book_plan(place, price_cents=8000)

    response = nomad_api.post(f"/places/{place.slug}/purchases", {"plan_id": plan.pk})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["order"]["status"] == "pending"
    assert body["order"]["total_cents"] == 8000
    assert not TicketBook.objects.exists()

    billing.payment_record(order=Order.objects.get(), method="cash", amount_cents=8000, by=None)
    assert Purchase.objects.get().status == Purchase.Status.FULFILLED
    assert TicketBook.objects.count() == 1


def test_refusals(nomad_api, member_api, anonymous_api, place):
    plan = ticket_book_plan(place)
    path = f"/places/{place.slug}/purchases"

    assert_error(anonymous_api.post(path, {"plan_id": plan.pk}), 401)
    assert_error(member_api.post(path, {"plan_id": plan.pk}), 403)  # no role here
    assert_error(nomad_api.post(path, {"plan_id": 0}), 422)
    assert_error(nomad_api.post(path, {"plan_id": discovery_plan(place).pk}), 422)
    assert_error(nomad_api.post("/places/nulle-part/purchases", {"plan_id": plan.pk}), 404)
    assert nomad_api.post(path, {"plan_id": plan.pk}).status_code == 201
    assert_error(nomad_api.post(path, {"plan_id": plan.pk}), 409, "purchase_pending")
    assert Order.objects.count() == 1
