from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.access.models import Plan
from comptoir.access.tests.factories import (
    PlanFactory,
    day_pass_plan,
    discovery_plan,
    subscription_plan,
    ticket_book_plan,
)
from comptoir.community.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
# Pages are French by default; the English msgids are asserted in English.
ENGLISH = {"Accept-Language": "en"}


def url(place):
    return reverse("access:plan-list", args=[place.slug])


def test_anyone_sees_the_offers_of_a_place_and_of_its_network(client, place, sister_place):
    ticket_book_plan(place, name="Carnet 10 journées", network_wide=True)
    subscription_plan(
        place,
        name="Résident structure",
        holder="organization",
        seats=3,
        included_room_hours=4,
        commitment_months=6,
    )
    day_pass_plan(place, name="Pass journée", price_cents=1250)
    discovery_plan(place, name="Visite découverte")
    PlanFactory(place=None, network=place.network, name="Carnet réseau")
    PlanFactory(place=sister_place, name="Offre de la voisine")
    response = client.get(url(place))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("Carnet 10 journées", "Résident structure", "Pass journée", "Carnet réseau"):
        assert name in body
    assert "Offre de la voisine" not in body
    assert "12,50\u00a0€" in body and "250,00\u00a0€" in body


def test_it_says_what_each_offer_includes(client, place):
    ticket_book_plan(place, tickets=10, validity_months=6, network_wide=True)
    subscription_plan(
        place, holder="organization", seats=3, included_room_hours=4, commitment_months=6
    )
    body = client.get(url(place), headers=ENGLISH).content.decode()
    assert "10 tickets, one ticket = one day" in body
    assert "Valid 6 months" in body
    assert "Valid in every place of the network" in body
    assert "3 people covered" in body
    assert "4 meeting-room hours included per month" in body
    assert "Commitment: 6 months" in body


def test_the_public_does_not_see_inactive_offers_nor_management_links(client, place):
    ticket_book_plan(place, name="Ancien carnet", is_active=False)
    ticket_book_plan(place, name="Carnet actuel")
    body = client.get(url(place)).content.decode()
    assert "Ancien carnet" not in body and "Carnet actuel" in body
    assert reverse("access:plan-create", args=[place.slug]) not in body
    assert "/modifier/" not in body
    assert reverse("access:sell", args=[place.slug]) not in body


def test_a_permanent_concierge_sees_inactive_offers_and_links_to_edit(concierge_client, place):
    old = ticket_book_plan(place, name="Ancien carnet", is_active=False)
    network_plan = PlanFactory(place=None, network=place.network, name="Carnet réseau")
    body = concierge_client.get(url(place)).content.decode()
    assert "Ancien carnet" in body
    assert reverse("access:plan-create", args=[place.slug]) in body
    assert reverse("access:plan-edit", args=[old.pk]) in body
    # A network offer is edited by the network's administrators only.
    assert reverse("access:plan-edit", args=[network_plan.pk]) not in body


def test_an_occasional_concierge_sells_but_does_not_manage(login, occasional_concierge, place):
    plan = ticket_book_plan(place, name="Carnet actuel")
    ticket_book_plan(place, name="Ancien carnet", is_active=False)
    discovery = discovery_plan(place)
    body = login(occasional_concierge).get(url(place)).content.decode()
    assert "Ancien carnet" not in body
    assert reverse("access:plan-create", args=[place.slug]) not in body
    assert f"{reverse('access:sell', args=[place.slug])}?plan={plan.pk}" in body
    assert f"?plan={discovery.pk}" not in body


def test_a_network_admin_may_edit_network_offers(login, superuser, place):
    network_plan = PlanFactory(place=None, network=place.network, name="Carnet réseau")
    body = login(superuser).get(url(place)).content.decode()
    assert reverse("access:plan-edit", args=[network_plan.pk]) in body


def test_an_unknown_place_is_a_404(client):
    assert client.get("/lieux/nulle-part/offres/").status_code == 404


def test_an_inactive_place_is_a_404_for_the_public(client, place):
    place.is_active = False
    place.save()
    assert client.get(url(place)).status_code == 404


def test_a_place_without_offers_says_so(client, place):
    body = client.get(url(place), headers=ENGLISH).content.decode()
    assert "This place has no offer yet." in body


def _plans(place, count):
    for n in range(count):
        ticket_book_plan(place, name=f"Carnet {n}")
        subscription_plan(place, name=f"Abonnement {n}", holder="organization")
    PlanFactory(place=None, network=place.network, kind=Plan.Kind.DAY_PASS, tickets=0)
    OrganizationFactory()


@pytest.mark.parametrize("count", [2, 8])
def test_anonymous_query_count_does_not_grow(client, place, django_assert_num_queries, count):
    _plans(place, count)
    # place, count, page.
    with django_assert_num_queries(3):
        assert client.get(url(place)).status_code == 200


@pytest.mark.parametrize("count", [2, 8])
def test_concierge_query_count_does_not_grow(
    concierge_client, place, django_assert_num_queries, count
):
    _plans(place, count)
    # + session, user, the viewer's roles, their own orders awaiting payment.
    with django_assert_num_queries(7):
        assert concierge_client.get(url(place)).status_code == 200
