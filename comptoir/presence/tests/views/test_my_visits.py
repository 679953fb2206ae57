from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from comptoir.access import services as access
from comptoir.access.tests.factories import subscription_plan
from comptoir.billing.models import Order
from comptoir.presence.tests.views.conftest import let_in, member_of

pytestmark = pytest.mark.django_db

URL = reverse("presence:my-visits")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_shows_my_visits_books_movements_and_card(login, place, concierge, nomad, sell_book):
    book = sell_book(nomad)
    let_in(nomad, place, concierge)
    response = login(nomad).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert place.name in body
    assert book.plan.name in body
    assert "9" in body  # tickets left
    assert "+10" in body and "-1" in body  # the purchase and the use, in the ledger
    assert '<svg role="img"' in body  # my card
    assert reverse("presence:my-card") in body


def test_it_shows_my_subscriptions(login, place, concierge, nomad):
    plan = subscription_plan(place, name="Résident mensuel")
    access.plan_sell(plan=plan, place=place, by=concierge, person=nomad, payment_method="cash")
    body = login(nomad).get(URL).content.decode()
    assert "Résident mensuel" in body


def test_it_shows_only_my_own_history(login, place, concierge, nomad, sell_book):
    other = member_of(place, first_name="Autre")
    sell_book(other)
    let_in(other, place, concierge)
    response = login(nomad).get(URL)
    body = response.content.decode()
    assert "Carnet 10 journées" not in body
    # The header's place switcher links to the nomad's own place: not the page's content.
    main = body.split("<main", 1)[1]
    assert reverse("places:place-detail", args=[place.slug]) not in main
    assert response.context["page"].paginator.count == 0


@override_settings(COMPTOIR_PAGE_SIZE=2)
def test_visits_are_paginated_and_htmx_gets_the_rows(login, place, concierge, nomad, htmx):
    for days_ago in range(5):
        let_in(nomad, place, concierge, days_ago=days_ago)
    client = login(nomad)
    body = client.get(URL).content.decode()
    assert 'rel="next"' in body
    partial = client.get(URL, {"page": 3}, **htmx).content.decode()
    assert partial.lstrip().startswith('<section id="visit-rows"')
    assert 'rel="prev"' in partial


@pytest.mark.parametrize("count", [3, 15])
def test_query_count_does_not_grow(
    login, place, concierge, nomad, sell_book, django_assert_num_queries, count
):
    sell_book(nomad)
    plan = subscription_plan(place)
    access.plan_sell(plan=plan, place=place, by=concierge, person=nomad, payment_method="cash")
    for days_ago in range(count):
        let_in(nomad, place, concierge, days_ago=days_ago)
    client = login(nomad)
    # session, user, visits count, visits page, books, movements, subscriptions, their
    # current periods, purchases, visits per month (the chart).
    with django_assert_num_queries(10):
        assert client.get(URL).status_code == 200


def test_it_lists_my_purchases_with_links_to_their_receipts(
    login, place, concierge, nomad, sell_book
):
    sell_book(nomad)
    order = Order.objects.get(buyer=nomad)
    body = login(nomad).get(URL).content.decode()
    assert reverse("billing:order-detail", args=[order.pk]) in body
    assert order.reference in body
