"""An order's payments and invoice: the buyer reads them, the place's concierges record a
payment (in part, in full, never more than due) and issue the invoice; others get a 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.billing.models import Order
from comptoir.core.models import AuditEvent
from comptoir.invoicing.models import Invoice, Payment
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(place, concierge, person):
    make_seller(place)
    return make_order(place, concierge, person, line(2000, 3))  # 60,00 €


def page(order) -> str:
    return reverse("invoicing:order-payments", args=[order.pk])


def pay_url(order) -> str:
    return reverse("invoicing:payment-create", args=[order.pk])


def payment(**fields):
    return {"means": "cheque", "amount": "25.00", "reference": "CHQ 7"} | fields


def test_the_concierge_reads_the_balance_and_the_forms(concierge_client, order):
    response = concierge_client.get(page(order))
    assert response.status_code == 200
    text = response.content.decode()
    for expected in ("60,00", "Encaisser un paiement", "Émettre la facture", "Prélèvement SEPA"):
        assert expected in text, expected


def test_the_buyer_reads_without_the_forms(member_client, order):
    response = member_client.get(page(order))
    assert response.status_code == 200
    text = response.content.decode()
    assert "60,00" in text and "Émettre la facture" not in text
    assert "Enregistrer le paiement" not in text


def test_someone_else_gets_a_404(order, other_concierge):
    client = Client()
    client.force_login(other_concierge)
    assert client.get(page(order)).status_code == 404
    assert client.post(pay_url(order), payment()).status_code == 404


def test_the_buyer_cannot_record_a_payment(member_client, order):
    assert member_client.post(pay_url(order), payment()).status_code == 403
    assert not Payment.objects.exists()


def test_a_payment_is_recorded_and_the_page_shown_again(concierge_client, order):
    response = concierge_client.post(pay_url(order), payment())
    assert response.status_code == 302 and response.url == page(order)
    recorded = Payment.objects.get()
    assert (recorded.amount_cents, recorded.means, recorded.reference) == (2500, "cheque", "CHQ 7")
    assert AuditEvent.objects.filter(verb="payment.received").count() == 1
    text = concierge_client.get(page(order)).content.decode()
    assert recorded.number in text and "35,00" in text  # still to pay


def test_the_htmx_answer_is_the_payments_partial(concierge_client, order):
    response = concierge_client.post(pay_url(order), payment(amount="60"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="order-payments">')
    assert "Paiement P" in text and "enregistré" in text
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_over_payment_is_a_field_error(concierge_client, order):
    response = concierge_client.post(pay_url(order), payment(amount="60.01"))
    assert response.status_code == 422
    assert "Il ne reste que 60,00\xa0€ à payer sur cette vente." in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [{"amount": "0"}, {"amount": "-3"}, {"amount": "abc"}, {"means": "troc"}, {"amount": ""}],
)
def test_bad_input_is_a_422_and_saves_nothing(concierge_client, order, fields):
    response = concierge_client.post(pay_url(order), payment(**fields))
    assert response.status_code == 422
    assert not Payment.objects.exists()


def test_the_concierge_issues_the_invoice(concierge_client, order):
    url = reverse("invoicing:invoice-create", args=[order.pk])
    response = concierge_client.post(url, {"buyer_address": "3 rue Haute"})
    invoice = Invoice.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "invoicing:invoice-detail", args=[order.place.slug, invoice.number]
    )
    assert invoice.buyer_address == "3 rue Haute"
    again = concierge_client.post(url, {}, HTTP_HX_REQUEST="true")
    assert again.status_code == 422
    assert "Cette vente a déjà une facture." in again.content.decode()


def test_the_htmx_invoice_answer_redirects_the_browser(concierge_client, order):
    url = reverse("invoicing:invoice-create", args=[order.pk])
    response = concierge_client.post(url, {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(f"/lieux/{order.place.slug}/factures/F")


def test_a_place_without_invoicing_says_so(concierge_client, place, concierge, person):
    order = make_order(place, concierge, person)
    url = reverse("invoicing:invoice-create", args=[order.pk])
    response = concierge_client.post(url, {})
    assert response.status_code == 422
    assert not Invoice.objects.exists()
