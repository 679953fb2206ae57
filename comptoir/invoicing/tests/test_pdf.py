"""The PDF of invoices and credit notes: a PDF/A-3 that carries the Factur-X XML we
generate, readable by a PDF library."""

from __future__ import annotations

import io

import facturx as facturx_lib
import pytest
from pypdf import PdfReader

from comptoir.invoicing import facturx, pdf
from comptoir.invoicing.models import VatRegime
from comptoir.invoicing.selectors import credit_note_get, invoice_get
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(place, concierge, person):
    make_seller(place)
    order = make_order(
        place, concierge, person, line(3333, 3, 2000), line(1, 1, 550), line(2000, 1, 0)
    )
    return invoice_get(pk=invoice_issue(order=order, by=concierge).pk)


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_invoice_pdf_carries_the_xml_we_generate(invoice):
    download = pdf.invoice_pdf(invoice)
    assert download.content.startswith(b"%PDF-")
    assert download.content_type == "application/pdf"
    assert download.filename == f"{invoice.number}.pdf"
    filename, xml = facturx_lib.get_xml_from_pdf(download.content, check_xsd=True)
    assert filename == "factur-x.xml"
    assert xml == facturx.cii_xml(facturx.invoice_document(invoice))


def test_the_pdf_is_a_pdf_a_3_whose_page_reads_the_invoice(invoice):
    content = pdf.invoice_pdf(invoice).content
    reader = PdfReader(io.BytesIO(content))
    metadata = reader.xmp_metadata
    assert metadata is not None
    xmp = metadata.stream.get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp and "<pdfaid:conformance>B<" in xmp
    assert "<fx:DocumentFileName>factur-x.xml<" in xmp and "<fx:ConformanceLevel>EN 16931<" in xmp
    # What the information dictionary says, the XMP metadata says too (PDF/A).
    info = reader.metadata
    assert info is not None and info.producer == "pypdf" and "<pdf:Producer>pypdf<" in xmp
    assert info.title == f"Facture {invoice.number}" and f">{info.title}<" in xmp
    root = reader.trailer["/Root"]
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    [attached] = [spec.get_object() for spec in root["/AF"]]
    assert (attached["/F"], attached["/AFRelationship"]) == ("factur-x.xml", "/Data")
    text = text_of(content)
    for expected in (invoice.number, invoice.seller_name, invoice.seller_siret, "99,99", "16,67"):
        assert expected in text, expected


def test_the_credit_note_pdf_carries_its_xml(invoice, concierge):
    note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulée")
    note = credit_note_get(pk=note.pk)
    download = pdf.credit_note_pdf(note)
    assert download.filename == f"{note.number}.pdf"
    _name, xml = facturx_lib.get_xml_from_pdf(download.content, check_xsd=True)
    assert xml == facturx.cii_xml(facturx.credit_note_document(note))
    text = text_of(download.content)
    assert note.number in text and invoice.number in text


def test_a_franchise_invoice_pdf_prints_the_293_b_mention(place, concierge, person):
    make_seller(place, regime=VatRegime.FRANCHISE)
    order = make_order(place, concierge, person)
    invoice = invoice_get(pk=invoice_issue(order=order, by=concierge).pk)
    text = text_of(pdf.invoice_pdf(invoice).content)
    assert "293 B" in " ".join(text.split())
