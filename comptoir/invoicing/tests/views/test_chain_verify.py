"""The verification page of a place's invoices: each chain holding its documents, intact or
broken at its first broken document, for the place's concierges."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import make_order, make_seller
from comptoir.invoicing.tests.tampering import tamper

pytestmark = pytest.mark.django_db


def url(place) -> str:
    return reverse("invoicing:chain-verify", args=[place.slug])


@pytest.fixture
def documents(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person)
    return [
        payment_record(order=order, means="cash", amount_cents=500, by=concierge),
        invoice_issue(order=order, by=concierge),
        payment_record(order=order, means="card", amount_cents=1000, by=concierge),
    ]


def test_an_intact_chain(concierge_client, documents):
    response = concierge_client.get(url(documents[0].place))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Coopérative du Comptoir" in text and "Intacte" in text


def test_a_broken_chain_names_its_first_broken_document(concierge_client, documents):
    tamper(f"UPDATE invoicing_payment SET amount_cents = 1 WHERE id = {documents[0].pk}")
    text = concierge_client.get(url(documents[0].place)).content.decode()
    assert f"Rompue à {documents[0].number}" in text
    assert "son contenu ne correspond pas à son empreinte" in text


def test_another_entitys_chain_is_not_shown(
    concierge_client, documents, foreign_place, concierge, person
):
    make_seller(foreign_place)
    invoice_issue(order=make_order(foreign_place, concierge, person), by=concierge)
    text = concierge_client.get(url(documents[0].place)).content.decode()
    assert text.count("Intacte") == 1


def test_a_place_without_documents(concierge_client, place):
    response = concierge_client.get(url(place))
    assert "Aucune facture" in response.content.decode()


def test_members_are_refused(member_client, place):
    assert member_client.get(url(place)).status_code == 403
