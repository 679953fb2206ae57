"""The documents of the invoicing API: an invoice's and a credit note's Factur-X PDF and
XML, to save under their number; for the buyer and the place's concierges."""

from __future__ import annotations

import facturx as facturx_lib
import pytest

from comptoir.api.tests.conftest import assert_error
from comptoir.invoicing import facturx
from comptoir.invoicing.selectors import credit_note_get, invoice_get
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(place, concierge, person):
    make_seller(place)
    order = make_order(place, concierge, person, line(3333, 3, 2000), line(1, 1, 0))
    return invoice_get(pk=invoice_issue(order=order, by=concierge).pk)


@pytest.fixture
def note(invoice, concierge):
    return credit_note_get(pk=credit_note_issue(invoice=invoice, by=concierge, reason="Annulée").pk)


def test_the_buyer_downloads_the_invoice_pdf(member_api, invoice):
    response = member_api.get(f"/invoices/{invoice.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{invoice.number}.pdf"'
    _name, xml = facturx_lib.get_xml_from_pdf(response.content)
    assert xml == facturx.cii_xml(facturx.invoice_document(invoice))


def test_the_xml_is_the_one_the_pdf_carries(concierge_api, invoice):
    response = concierge_api.get(f"/invoices/{invoice.pk}/xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == f'attachment; filename="{invoice.number}.xml"'
    assert response.content == facturx.cii_xml(facturx.invoice_document(invoice))
    assert facturx_lib.xml_check_xsd(response.content, flavor="factur-x", level="en16931")


def test_a_credit_note_pdf_and_xml(member_api, note):
    response = member_api.get(f"/credit-notes/{note.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{note.number}.pdf"'
    _name, carried = facturx_lib.get_xml_from_pdf(response.content)
    xml = member_api.get(f"/credit-notes/{note.pk}/xml")
    assert xml.status_code == 200 and xml.content == carried
    assert xml["Content-Disposition"] == f'attachment; filename="{note.number}.xml"'


@pytest.mark.parametrize("kind", ["pdf", "xml"])
def test_strangers_get_a_404_and_anonymous_callers_a_401(
    other_concierge_api, anonymous_api, invoice, note, kind
):
    for path in (f"/invoices/{invoice.pk}/{kind}", f"/credit-notes/{note.pk}/{kind}"):
        assert_error(other_concierge_api.get(path), 404, "not_found")
        assert_error(anonymous_api.get(path), 401)
    assert_error(other_concierge_api.get(f"/invoices/{invoice.pk + 1000}/{kind}"), 404)
    assert_error(other_concierge_api.get(f"/credit-notes/{note.pk + 1000}/{kind}"), 404)


def test_the_document_says_what_each_download_answers(anonymous_api):
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path, media in {
        "/api/v1/invoices/{invoice_id}/pdf": "application/pdf",
        "/api/v1/invoices/{invoice_id}/xml": "application/xml",
        "/api/v1/credit-notes/{credit_note_id}/pdf": "application/pdf",
        "/api/v1/credit-notes/{credit_note_id}/xml": "application/xml",
    }.items():
        responses = paths[path]["get"]["responses"]
        assert set(responses["200"]["content"]) == {media}, path
        assert {"401", "403", "404"} <= set(responses), path
    pdf = paths["/api/v1/invoices/{invoice_id}/pdf"]["get"]["responses"]["200"]["content"]
    assert pdf["application/pdf"]["schema"] == {"type": "string", "format": "binary"}
