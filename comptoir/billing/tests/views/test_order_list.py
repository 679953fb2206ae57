"""The sales of a place, for its concierges."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.access.tests.factories import day_pass_plan, ticket_book_plan
from comptoir.access.tests.helpers import buy
from comptoir.community.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(place):
    return reverse("billing:order-list", args=[place.slug])


def sell(place, by, count=1, **plan_fields):
    plan = ticket_book_plan(place, **plan_fields)
    return [buy(plan, place=place, by=by, person=PersonFactory()).order for _n in range(count)]


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("person", 403),
        ("nomad", 403),
        ("sister_concierge", 403),
        ("concierge", 200),
        ("occasional_concierge", 200),
        ("superuser", 200),
    ],
)
def test_only_concierges_of_the_place_see_its_sales(login, request, place, who, status):
    assert login(request.getfixturevalue(who)).get(url(place)).status_code == status


def test_an_unknown_place_is_a_404(concierge_client):
    assert concierge_client.get("/lieux/nulle-part/ventes/").status_code == 404


def test_it_lists_the_sales_of_this_place_latest_first(
    concierge_client, concierge, sister_concierge, place, sister_place
):
    first, second = sell(place, concierge, 2, price_cents=8000)
    elsewhere = sell(sister_place, sister_concierge)[0]
    response = concierge_client.get(url(place))
    assert [order.pk for order in response.context["page"]] == [second.pk, first.pk]
    body = response.content.decode()
    assert first.reference in body and first.buyer_name in body and "80,00\u00a0€" in body
    assert reverse("billing:order-detail", args=[first.pk]) in body
    assert elsewhere.reference not in body


def test_it_is_paginated_with_an_htmx_partial(concierge_client, concierge, place, settings):
    settings.COMPTOIR_PAGE_SIZE = 2
    sell(place, concierge, 3)
    response = concierge_client.get(url(place), {"page": 2}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="order-rows"')
    assert len(response.context["page"]) == 1


@pytest.mark.parametrize("count", [2, 9])
def test_the_query_count_does_not_grow(
    concierge_client, concierge, place, django_assert_num_queries, count
):
    sell(place, concierge, count)
    buy(day_pass_plan(place), place=place, by=concierge, person=PersonFactory())
    # session, user, roles, place, count, page.
    with django_assert_num_queries(6):
        assert concierge_client.get(url(place)).status_code == 200
