"""The receipt of a sale: for the buyer and the concierges of the place, a 404 for others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.access.tests.factories import subscription_plan, ticket_book_plan
from comptoir.access.tests.helpers import buy
from comptoir.billing import services
from comptoir.billing.models import OrderLine
from comptoir.community.tests.factories import OrganizationFactory, valid_siret
from comptoir.invoicing.tests.factories import make_seller

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}


def url(order):
    return reverse("billing:order-detail", args=[order.pk])


@pytest.fixture
def order(place, concierge, person):
    plan = ticket_book_plan(place, name="Carnet 10 journées", price_cents=8000)
    sale = buy(plan, place=place, by=concierge, person=person)
    return sale.order


def test_anonymous_visitors_are_sent_to_log_in(client, order):
    response = client.get(url(order))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("person", 200),
        ("concierge", 200),
        ("occasional_concierge", 200),
        ("superuser", 200),
        ("nomad", 404),
        ("sister_concierge", 404),
        ("other_concierge", 404),
    ],
)
def test_the_buyer_and_the_concierges_of_the_place_see_the_receipt(
    login, request, order, who, status
):
    assert login(request.getfixturevalue(who)).get(url(order)).status_code == status


def test_an_unknown_order_is_a_404(member_client):
    assert member_client.get("/ventes/999999/").status_code == 404


def test_the_receipt_shows_the_sale(member_client, order, place, person):
    response = member_client.get(url(order), headers=ENGLISH)
    body = response.content.decode()
    assert order.reference in body
    assert place.name in body and place.address in body and place.postal_code in body
    assert person.display_name in body and person.email in body
    assert "Carnet 10 journées" in body
    assert "80.00\u00a0€" in body and "20\u00a0%" in body
    assert "13.33\u00a0€" in body  # the VAT inside 80 € at 20 %
    assert "Card terminal" not in body and "Cash" in body  # the helper pays cash
    assert "Paid" in body
    assert "Print" in body and "billing/print.js" in body and "billing/billing.css" in body


def test_the_receipt_names_the_legal_entity_of_the_place(member_client, order, place):
    place.legal_entity = OrganizationFactory(name="Association Comptoir", siret=valid_siret(7))
    place.save()
    body = member_client.get(url(order)).content.decode()
    assert "Association Comptoir" in body and place.legal_entity.siret in body


def test_an_order_awaiting_payment_says_what_is_due(login, concierge, place):
    organization = OrganizationFactory()
    pending = services.order_create(
        place=place,
        by=concierge,
        buyer_organization=organization,
        lines=[
            services.LineSpec(
                kind=OrderLine.Kind.OTHER,
                description="Salle de réunion",
                unit_price_cents=1050,
                quantity=2,
                vat_rate_bp=550,
            )
        ],
    )
    response = login(concierge).get(url(pending), headers=ENGLISH)
    body = response.content.decode()
    assert organization.name in body and "Salle de réunion" in body
    assert "21.00\u00a0€" in body and "5.5\u00a0%" in body
    assert "Still to pay: 21.00\u00a0€" in body
    assert "Awaiting payment" in body


def test_a_structure_subscription_receipt(login, concierge, place):
    organization = OrganizationFactory(name="OpenScop")
    plan = subscription_plan(place, holder="organization", price_cents=25000)
    sale = buy(plan, place=place, by=concierge, organization=organization)
    body = login(concierge).get(url(sale.order)).content.decode()
    assert "OpenScop" in body and "250,00\u00a0€" in body


def test_the_query_count_is_bounded(member_client, order, django_assert_num_queries):
    # session, user, order with place and buyer, lines, receipt payments, chained payments
    # (invoicing), the viewer's roles.
    with django_assert_num_queries(7):
        assert member_client.get(url(order)).status_code == 200


def test_the_receipt_shows_a_chained_payment_with_its_number(login, concierge, place, person):
    make_seller(place)
    plan = ticket_book_plan(place, name="Carnet 10 journées", price_cents=8000)
    sale = buy(plan, place=place, by=concierge, person=person)
    body = login(person).get(url(sale.order), headers=ENGLISH).content.decode()
    assert "Cash" in body and "P20" in body and "-000001" in body
    assert "No payment received yet" not in body
    assert "Still to pay" not in body and "Paid" in body
