"""A member buys an offer from the offers page: a "Buy" button, the price to confirm, then
the order awaiting payment at the desk; refusals are a 4xx and nothing bought."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.access.models import Purchase, TicketBook
from comptoir.access.tests.factories import day_pass_plan, discovery_plan, ticket_book_plan
from comptoir.billing.models import Order
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def nomad(place):
    who = PersonFactory()
    PlaceRoleFactory(person=who, place=place, role=Role.NOMAD)
    return who


def buy_url(place, plan):
    return reverse("access:plan-buy", args=[place.slug, plan.pk])


def test_a_member_sees_a_buy_button_on_the_offers_they_may_buy(client, place, nomad):
    book = ticket_book_plan(place, name="Carnet 10")
    discovery_plan(place, name="Découverte")
    client.force_login(nomad)

    page = client.get(reverse("access:plan-list", args=[place.slug]), headers=ENGLISH)

    html = page.content.decode()
    assert buy_url(place, book) in html
    assert html.count(">Buy<") == 1  # not the discovery visit


def test_someone_holding_no_role_here_sees_no_buy_button(client, place):
    ticket_book_plan(place)
    client.force_login(PersonFactory())

    page = client.get(reverse("access:plan-list", args=[place.slug]), headers=ENGLISH)

    assert ">Buy<" not in page.content.decode()


def test_the_member_confirms_the_price_then_finds_the_order_to_pay(client, place, nomad):
    plan = ticket_book_plan(place, name="Carnet 10", price_cents=8000)
    client.force_login(nomad)

    confirm = client.get(buy_url(place, plan), headers=ENGLISH)
    assert confirm.status_code == 200
    assert "80.00" in confirm.content.decode()
    assert not Order.objects.exists()  # looking is not buying

    response = client.post(buy_url(place, plan), {"starts_on": ""}, headers=ENGLISH, follow=True)

    order = Order.objects.get()
    assert (order.buyer, order.status) == (nomad, Order.Status.PENDING)
    html = response.content.decode()
    assert "Your orders awaiting payment" in html
    assert order.reference in html
    assert not TicketBook.objects.exists()


def test_a_second_purchase_of_the_same_offer_is_a_409(client, place, nomad):
    plan = ticket_book_plan(place)
    client.force_login(nomad)
    client.post(buy_url(place, plan), {})

    response = client.post(buy_url(place, plan), {}, headers=ENGLISH)

    assert response.status_code == 409
    assert "already bought this offer" in response.content.decode()
    assert Purchase.objects.count() == 1


def test_a_start_in_the_past_is_a_422_and_nothing_bought(client, place, nomad):
    plan = day_pass_plan(place)
    client.force_login(nomad)
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()

    response = client.post(buy_url(place, plan), {"starts_on": past}, headers=ENGLISH)

    assert response.status_code == 422
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "make_plan",
    [
        lambda place: discovery_plan(place),
        lambda place: ticket_book_plan(place, is_active=False),
        lambda place: ticket_book_plan(PlaceFactory()),
    ],
    ids=["discovery", "inactive", "another_place"],
)
def test_offers_not_for_the_member_are_404(client, place, nomad, make_plan):
    plan = make_plan(place)
    client.force_login(nomad)

    assert client.get(buy_url(place, plan)).status_code == 404
    assert client.post(buy_url(place, plan), {}).status_code == 404
    assert not Order.objects.exists()


def test_someone_holding_no_role_here_is_refused(client, place):
    plan = ticket_book_plan(place)
    client.force_login(PersonFactory())

    assert client.post(buy_url(place, plan), {}).status_code == 403
    assert not Order.objects.exists()


def test_anonymous_is_sent_to_log_in(client, place):
    response = client.get(buy_url(place, ticket_book_plan(place)))

    assert response.status_code == 302
    assert "login" in response.url or "connexion" in response.url
