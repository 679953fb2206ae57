"""The invoice page: every mandatory mention, for the buyer and the place's concierges."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.tests.factories import OrganizationFactory
from comptoir.invoicing.models import VatRegime
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller, siret

pytestmark = pytest.mark.django_db


def url(invoice) -> str:
    return reverse("invoicing:invoice-detail", args=[invoice.place.slug, invoice.number])


@pytest.fixture
def invoice(place, concierge, person):
    make_seller(place, late_penalty_rate_bp=1200)
    order = make_order(place, concierge, person, line(3333, 3, 2000), line(1055, 1, 550))
    return invoice_issue(
        order=order, by=concierge, buyer_address="3 rue Haute, 42000 Saint-Étienne"
    )


def test_the_buyer_reads_every_mandatory_mention(member_client, invoice):
    response = member_client.get(url(invoice))
    assert response.status_code == 200
    assert response.templates[0].name == "invoicing/invoice_detail.html"
    page = response.content.decode()
    for text in (
        f"Facture {invoice.number}",
        "Coopérative du Comptoir",
        invoice.seller_address,
        f"SIREN {invoice.seller_siren}",
        f"SIRET {invoice.seller_siret}",
        invoice.seller_vat_number,
        "3 rue Haute, 42000 Saint-Étienne",
        "Date d’émission",
        "Date de la vente",
        "Date d’échéance",
        "Prix unitaire HT",
        "Totaux par taux de TVA",
        "99,99",  # 3 × 33,33 € at 20 %
        "16,67",  # its VAT, rounded once
        "Pas d’escompte pour paiement anticipé",
        "12\xa0% par an",
        invoice.hash,
    ):
        assert text in page, text
    assert "293 B" not in page and "40,00" not in page  # subject to VAT, a person buys


def test_a_business_buyer_reads_its_siren_and_the_recovery_indemnity(
    place, concierge, concierge_client
):
    make_seller(place)
    buyer = OrganizationFactory(name="Zoomacom", siret=siret())
    order = make_order(place, concierge, None, buyer_organization=buyer)
    invoice = invoice_issue(order=order, by=concierge)
    page = concierge_client.get(url(invoice)).content.decode()
    assert f"SIREN {buyer.siret[:9]}" in page
    assert "Indemnité forfaitaire pour frais de recouvrement" in page and "40,00" in page


def test_an_entity_not_subject_to_vat_prints_the_293_b_mention(
    place, concierge, person, concierge_client
):
    make_seller(place, regime=VatRegime.FRANCHISE)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    page = concierge_client.get(url(invoice)).content.decode()
    assert "TVA non applicable, art. 293 B du CGI" in page


def test_a_concierge_of_the_place_reads_it(concierge_client, invoice):
    assert concierge_client.get(url(invoice)).status_code == 200


def test_someone_else_gets_a_404(login, nomad, invoice):
    assert login(nomad).get(url(invoice)).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, invoice):
    response = client.get(url(invoice))
    assert response.status_code == 302 and "/comptes/" in response["Location"]


def test_an_unknown_number_or_another_place_is_a_404(concierge_client, invoice, sister_place):
    other = reverse("invoicing:invoice-detail", args=[sister_place.slug, invoice.number])
    assert concierge_client.get(other).status_code == 404
    missing = reverse("invoicing:invoice-detail", args=[invoice.place.slug, "F1999-000001"])
    assert concierge_client.get(missing).status_code == 404
