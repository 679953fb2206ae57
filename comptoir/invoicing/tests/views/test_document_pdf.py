"""Downloading the PDF of an invoice and of its credit notes from the invoice page: its
buyer and the place's concierges; others get a 404, anonymous visitors the login page."""

from __future__ import annotations

import facturx as facturx_lib
import pytest
from django.urls import reverse

from comptoir.community.tests.factories import PersonFactory
from comptoir.invoicing import facturx
from comptoir.invoicing.selectors import credit_note_get, invoice_get
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person, line(3333, 3, 2000), line(1, 1, 550))
    return invoice_issue(order=order, by=concierge)


@pytest.fixture
def note(invoice, concierge):
    return credit_note_issue(invoice=invoice, by=concierge, reason="Journée annulée")


def pdf_url(invoice) -> str:
    return reverse("invoicing:invoice-pdf", args=[invoice.place.slug, invoice.number])


def note_url(note) -> str:
    return reverse("invoicing:credit-note-pdf", args=[note.place.slug, note.number])


def test_the_buyer_downloads_the_invoice_as_a_factur_x_pdf(member_client, invoice):
    response = member_client.get(pdf_url(invoice))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{invoice.number}.pdf"'
    assert response.content.startswith(b"%PDF-")
    _name, xml = facturx_lib.get_xml_from_pdf(response.content)
    assert xml == facturx.cii_xml(facturx.invoice_document(invoice_get(pk=invoice.pk)))


def test_the_invoice_page_links_to_its_pdf_and_its_credit_notes(concierge_client, invoice, note):
    page = concierge_client.get(
        reverse("invoicing:invoice-detail", args=[invoice.place.slug, invoice.number])
    ).content.decode()
    assert f'href="{pdf_url(invoice)}"' in page
    assert f'href="{note_url(note)}"' in page
    assert f"Télécharger la facture {invoice.number} (PDF, Factur-X)" in page


def test_the_concierge_downloads_the_credit_note(concierge_client, note):
    response = concierge_client.get(note_url(note))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{note.number}.pdf"'
    _name, xml = facturx_lib.get_xml_from_pdf(response.content)
    assert xml == facturx.cii_xml(facturx.credit_note_document(credit_note_get(pk=note.pk)))
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml


def test_someone_else_gets_a_404_and_an_anonymous_visitor_the_login_page(
    client, login, invoice, note
):
    stranger = login(PersonFactory())
    assert stranger.get(pdf_url(invoice)).status_code == 404
    assert stranger.get(note_url(note)).status_code == 404
    assert client.get(pdf_url(invoice)).status_code == 302


def test_unknown_numbers_and_places_are_404(concierge_client, invoice, note):
    slug = invoice.place.slug
    assert concierge_client.get(f"/lieux/{slug}/factures/F1999-000001/pdf/").status_code == 404
    assert concierge_client.get(f"/lieux/{slug}/avoirs/{invoice.number}/pdf/").status_code == 404
    assert concierge_client.get(f"/lieux/inconnu/avoirs/{note.number}/pdf/").status_code == 404


def test_the_pdf_is_refused_to_a_post(member_client, invoice):
    assert member_client.post(pdf_url(invoice)).status_code == 405
