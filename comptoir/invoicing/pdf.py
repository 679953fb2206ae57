"""The PDF of an issued invoice or credit note: an HTML template rendered by WeasyPrint as
PDF/A-3b, with its Factur-X XML (see `facturx`) embedded by the `factur-x` library, so the
one file is both what a person reads and what an accounting package imports.

The page prints the same line amounts before tax as the XML (each rate's total shared among
its lines, see `facturx`), and is rendered without fetching anything: the template holds its
style and WeasyPrint is refused every URL.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import facturx as facturx_lib
import pydyf
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML

from comptoir.billing.views import vat_label
from comptoir.invoicing import facturx
from comptoir.invoicing.models import CreditNote, Invoice, VatRegime

TEMPLATE = "invoicing/pdf/document.html"
STYLESHEET = Path(__file__).parent / "static" / "invoicing" / "pdf.css"
PDF = "application/pdf"
XML = "application/xml"
PDF_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str


@functools.cache
def _stylesheet() -> CSS:
    """The PDF's styles, read from the app's static files (no <style> in a template: the
    Content-Security-Policy check reads every template alike)."""
    return CSS(string=STYLESHEET.read_text(encoding="utf-8"))


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"the invoice PDF fetches nothing ({url[:80]})")


def _producer(_document: Any, pdf: pydyf.PDF) -> None:
    """PDF/A wants the information dictionary to say what the XMP metadata says, and
    factur-x writes "pypdf" as the producer in the metadata it puts in."""
    pdf.info["Producer"] = pydyf.String("pypdf")


def _context(
    document: Invoice | CreditNote, edocument: facturx.EDocument, title: str
) -> dict[str, Any]:
    return {
        "title": title,
        "document": document,
        "edocument": edocument,
        "lines": [(line, vat_label(line.rate_bp)) for line in edocument.lines],
        "rates": [(vat_label(rate["rate_bp"]), rate) for rate in document.vat_totals],
        "franchise": document.seller_vat_regime == VatRegime.FRANCHISE,
    }


def _pdf(html: str, xml: bytes, *, title: str, seller: str) -> bytes:
    """The page as PDF/A-3b, then the XML embedded as factur-x.xml (checked against the
    Factur-X XSD on the way: an XML that does not validate raises)."""
    page = HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[_stylesheet()], pdf_variant=PDF_VARIANT, finisher=_producer
    )
    return bytes(
        facturx_lib.generate_from_binary(
            page,
            xml,
            flavor=facturx.FLAVOR,
            level=facturx.LEVEL,
            check_xsd=True,
            # No keywords: the metadata factur-x writes would not repeat them.
            pdf_metadata={"author": seller, "title": title, "subject": title},
            lang=translation.get_language() or "fr",
        )
    )


def invoice_xml(invoice: Invoice) -> Download:
    xml = facturx.cii_xml(facturx.invoice_document(invoice))
    return Download(xml, XML, f"{invoice.number}.xml")


def credit_note_xml(note: CreditNote) -> Download:
    xml = facturx.cii_xml(facturx.credit_note_document(note))
    return Download(xml, XML, f"{note.number}.xml")


def invoice_pdf(invoice: Invoice) -> Download:
    """The invoice's PDF (lines prefetched, as `selectors.invoice_get` gives it)."""
    edocument = facturx.invoice_document(invoice)
    title = _("Invoice %(number)s") % {"number": invoice.number}
    context = _context(invoice, edocument, title) | {
        "invoice": invoice,
        "penalty_rate": vat_label(invoice.late_penalty_rate_bp),
    }
    html = render_to_string(TEMPLATE, context)
    content = _pdf(html, facturx.cii_xml(edocument), title=title, seller=invoice.seller_name)
    return Download(content, PDF, f"{invoice.number}.pdf")


def credit_note_pdf(note: CreditNote) -> Download:
    """The credit note's PDF, naming the invoice it credits."""
    edocument = facturx.credit_note_document(note)
    title = _("Credit note %(number)s") % {"number": note.number}
    context = _context(note, edocument, title) | {"note": note, "invoice": note.invoice}
    html = render_to_string(TEMPLATE, context)
    content = _pdf(html, facturx.cii_xml(edocument), title=title, seller=note.seller_name)
    return Download(content, PDF, f"{note.number}.pdf")


def attachment(download: Download) -> HttpResponse:
    """The answer that saves the file under its number (a page and the API alike)."""
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response
