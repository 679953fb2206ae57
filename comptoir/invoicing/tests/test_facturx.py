"""The Factur-X XML of invoices and credit notes: valid against the Factur-X XSD (profile
EN 16931), its amounts those of the document, rounded per rate as the document is."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import facturx as facturx_lib
import pytest
from lxml import etree

from comptoir.community.tests.factories import OrganizationFactory
from comptoir.invoicing import facturx
from comptoir.invoicing.models import VatRegime
from comptoir.invoicing.selectors import credit_note_get, invoice_get
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import line, make_order, make_seller, siret

pytestmark = pytest.mark.django_db
NS = {"rsm": facturx.RSM, "ram": facturx.RAM, "udt": facturx.UDT, "qdt": facturx.QDT}


def xpath(xml: bytes, path: str) -> list[str]:
    return [str(found) for found in etree.fromstring(xml).xpath(path, namespaces=NS)]


def money(xml: bytes, path: str) -> Decimal:
    [value] = xpath(xml, path + "/text()")
    return Decimal(value)


def assert_valid(xml: bytes) -> None:
    # Raises on the first element the XSD refuses.
    assert facturx_lib.xml_check_xsd(xml, flavor=facturx.FLAVOR, level=facturx.LEVEL)


@pytest.fixture
def mixed(place, concierge, person):
    """Mixed rates and awkward amounts: 3 × 33.33 € at 20 %, 0.01 € at 20 %, 10 %, 5.5 %,
    an exempt line, sold by an entity subject to VAT to a business."""
    make_seller(place, exemption_mention="Exonération de TVA, art. 261-4-4° du CGI")
    buyer = OrganizationFactory(name="Zoomacom", siret=siret())
    order = make_order(
        place,
        concierge,
        None,
        line(3333, 3, 2000, description="Journée de coworking"),
        line(1, 1, 2000, description="Photocopie"),
        line(3333, 1, 2000, description="Journée de coworking, bis"),
        line(1055, 2, 1000, description="Repas"),
        line(999, 1, 550, description="Livre"),
        line(2500, 1, 0, description="Atelier de formation"),
        buyer_organization=buyer,
    )
    invoice = invoice_issue(
        order=order, by=concierge, buyer_address="3 rue Haute, 42000 Saint-Étienne"
    )
    return invoice_get(pk=invoice.pk)


def test_an_invoice_with_mixed_rates_validates_against_the_en16931_xsd(mixed):
    xml = facturx.cii_xml(facturx.invoice_document(mixed))
    assert_valid(xml)
    assert xpath(xml, "//rsm:ExchangedDocument/ram:TypeCode/text()") == ["380"]
    assert xpath(xml, "//rsm:ExchangedDocument/ram:ID/text()") == [mixed.number]
    assert xpath(xml, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID/text()") == [
        "urn:cen.eu:en16931:2017"
    ]


def test_the_totals_are_the_invoices(mixed):
    xml = facturx.cii_xml(facturx.invoice_document(mixed))
    summation = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
    assert money(xml, summation + "ram:TaxBasisTotalAmount") * 100 == mixed.total_before_tax_cents
    assert money(xml, summation + "ram:TaxTotalAmount") * 100 == mixed.total_vat_cents
    assert money(xml, summation + "ram:GrandTotalAmount") * 100 == mixed.total_cents
    assert money(xml, summation + "ram:DuePayableAmount") * 100 == mixed.total_cents
    assert money(xml, summation + "ram:LineTotalAmount") * 100 == mixed.total_before_tax_cents
    assert mixed.total_cents == 3 * 3333 + 1 + 3333 + 2 * 1055 + 999 + 2500


def test_each_rate_is_rounded_once_and_its_lines_add_up_to_it(mixed):
    xml = facturx.cii_xml(facturx.invoice_document(mixed))
    taxes = etree.fromstring(xml).xpath(
        "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NS
    )
    by_rate = {
        Decimal(tax.findtext("ram:RateApplicablePercent", namespaces=NS)): (
            Decimal(tax.findtext("ram:BasisAmount", namespaces=NS)),
            Decimal(tax.findtext("ram:CalculatedAmount", namespaces=NS)),
            tax.findtext("ram:CategoryCode", namespaces=NS),
        )
        for tax in taxes
    }
    # 4 × 33.33 + 0.01 = 133.33 € at 20 %: 22.22 € of VAT rounded once, not per line.
    assert by_rate[Decimal("20.00")] == (Decimal("111.11"), Decimal("22.22"), "S")
    assert by_rate[Decimal("10.00")] == (Decimal("19.18"), Decimal("1.92"), "S")
    assert by_rate[Decimal("5.50")] == (Decimal("9.47"), Decimal("0.52"), "S")
    assert by_rate[Decimal("0.00")] == (Decimal("25.00"), Decimal("0.00"), "E")
    assert sum(basis for basis, _vat, _c in by_rate.values()) * 100 == mixed.total_before_tax_cents
    lines: dict[Decimal, Decimal] = {}
    for item in etree.fromstring(xml).xpath(
        "//ram:IncludedSupplyChainTradeLineItem", namespaces=NS
    ):
        rate = Decimal(item.findtext(".//ram:RateApplicablePercent", namespaces=NS))
        net = Decimal(item.findtext(".//ram:LineTotalAmount", namespaces=NS))
        lines[rate] = lines.get(rate, Decimal(0)) + net
    assert {rate: basis for rate, (basis, _v, _c) in by_rate.items()} == lines


def test_an_exempt_line_carries_the_sellers_exemption_reason(mixed):
    xml = facturx.cii_xml(facturx.invoice_document(mixed))
    assert xpath(
        xml, "//ram:ApplicableTradeTax[ram:CategoryCode='E']/ram:ExemptionReason/text()"
    ) == ["Exonération de TVA, art. 261-4-4° du CGI"]


def test_the_parties_and_the_terms(mixed):
    xml = facturx.cii_xml(facturx.invoice_document(mixed))
    seller = "//ram:SellerTradeParty/"
    assert xpath(xml, seller + "ram:SpecifiedLegalOrganization/ram:ID/text()") == [
        mixed.seller_siren
    ]
    assert xpath(xml, seller + "ram:SpecifiedTaxRegistration/ram:ID/text()") == [
        mixed.seller_vat_number
    ]
    assert xpath(xml, seller + "ram:PostalTradeAddress/ram:PostcodeCode/text()") == ["42000"]
    assert xpath(xml, seller + "ram:PostalTradeAddress/ram:CityName/text()") == ["Saint-Étienne"]
    buyer = "//ram:BuyerTradeParty/"
    assert xpath(xml, buyer + "ram:Name/text()") == ["Zoomacom"]
    assert xpath(xml, buyer + "ram:SpecifiedLegalOrganization/ram:ID/text()") == [mixed.buyer_siren]
    assert xpath(xml, "//ram:DueDateDateTime/udt:DateTimeString/text()") == [
        mixed.due_date.strftime("%Y%m%d")
    ]
    notes = xpath(xml, "//ram:IncludedNote/ram:SubjectCode/text()")
    assert notes == ["AAB", "PMD", "PMT", "TXD"]  # a business buyer owes the 40 € indemnity


def test_an_entity_not_subject_to_vat_states_category_e_and_the_franchise(place, concierge, person):
    make_seller(place, regime=VatRegime.FRANCHISE)
    order = make_order(place, concierge, person, line(3333, 3, 2000), line(1, 1, 550))
    invoice = invoice_get(pk=invoice_issue(order=order, by=concierge).pk)
    xml = facturx.cii_xml(facturx.invoice_document(invoice))
    assert_valid(xml)
    assert xpath(xml, "//ram:CategoryCode/text()") == ["E", "E", "E"]  # two lines, one total
    assert xpath(xml, "//ram:ApplicableTradeTax/ram:ExemptionReason/text()") == [
        "TVA non applicable, art. 293 B du CGI."
    ]
    assert money(xml, "//ram:TaxTotalAmount") == 0
    assert money(xml, "//ram:GrandTotalAmount") * 100 == 3 * 3333 + 1
    # No VAT number: its SIREN as its tax registration (BT-32), as exempt lines require.
    assert xpath(xml, "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID/@schemeID") == [
        "FC"
    ]
    assert xpath(xml, "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID/text()") == [
        invoice.seller_siren
    ]


def test_a_credit_note_is_type_381_and_references_its_invoice(mixed, concierge):
    lines = {row.pk: row.quantity for row in mixed.lines.all() if row.vat_rate_bp in (2000, 0)}
    lines[next(row.pk for row in mixed.lines.all() if row.quantity == 3)] = 2
    note = credit_note_issue(invoice=mixed, by=concierge, reason="Journées annulées", lines=lines)
    note = credit_note_get(pk=note.pk)
    xml = facturx.cii_xml(facturx.credit_note_document(note))
    assert_valid(xml)
    assert xpath(xml, "//rsm:ExchangedDocument/ram:TypeCode/text()") == ["381"]
    reference = "//ram:InvoiceReferencedDocument/"
    assert xpath(xml, reference + "ram:IssuerAssignedID/text()") == [mixed.number]
    assert xpath(xml, reference + "ram:FormattedIssueDateTime/qdt:DateTimeString/text()") == [
        mixed.issue_date.strftime("%Y%m%d")
    ]
    assert money(xml, "//ram:GrandTotalAmount") * 100 == note.total_cents
    assert money(xml, "//ram:TaxTotalAmount") * 100 == note.total_vat_cents
    assert money(xml, "//ram:TaxBasisTotalAmount") * 100 == note.total_before_tax_cents
    assert "Journées annulées" in xpath(xml, "//ram:IncludedNote/ram:Content/text()")


def test_the_xml_is_the_same_at_each_generation(mixed):
    assert facturx.cii_xml(facturx.invoice_document(mixed)) == facturx.cii_xml(
        facturx.invoice_document(mixed)
    )


@pytest.mark.parametrize(
    ("total", "weights", "shares"),
    [
        (8332, [3333, 3333, 3333], [2777, 2778, 2777]),
        (1, [1, 1], [1, 0]),
        (0, [0, 0], [0, 0]),
        (500, [0, 0], [500, 0]),
        (100, [1, 0, 3], [25, 0, 75]),
    ],
)
def test_a_rate_total_is_shared_exactly(total, weights, shares):
    assert facturx.share(total, weights) == shares
    assert sum(facturx.share(total, weights)) == total


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("12 rue X, 42000 Saint-Étienne", facturx.Address("12 rue X", "42000", "Saint-Étienne")),
        ("Saint-Étienne", facturx.Address("Saint-Étienne")),
        ("", facturx.Address("")),
        ("1 place, bât. B, 75011 Paris", facturx.Address("1 place, bât. B", "75011", "Paris")),
    ],
)
def test_an_address_is_split_into_street_postcode_and_city(text, address):
    assert facturx.split_address(text) == address


@pytest.mark.parametrize(
    ("cents", "text"), [(1, "0.01"), (0, "0.00"), (9999, "99.99"), (-5, "-0.05")]
)
def test_amounts_have_two_decimals(cents, text):
    assert facturx.amount(cents) == text


def test_characters_xml_cannot_hold_are_left_out(mixed):
    document = facturx.invoice_document(mixed)
    odd = facturx.Line(1, "Photo\x0bcopie\x01", 1, 1, 1, 2000, "S")
    document = dataclasses.replace(document, lines=(odd, *document.lines[1:]))
    assert b"<ram:Name>Photocopie</ram:Name>" in facturx.cii_xml(document)


def test_the_xml_speaks_french_whatever_the_language_of_the_request(mixed):
    from django.utils import translation

    with translation.override("en"):
        xml = facturx.cii_xml(facturx.invoice_document(mixed))
    assert "Pas d’escompte pour paiement anticipé." in xml.decode()


def assert_the_sums_hold(xml: bytes) -> None:
    """EN 16931's arithmetic (BR-CO-10, 13, 14, 15, 16 and BR-S-08): the lines add up to
    the total before tax, each rate's lines to its taxable amount, the VAT of the rates to
    the VAT total, and the total including tax is their sum, all of it due."""
    root = etree.fromstring(xml)

    def decimal(node, path):
        return Decimal(node.findtext(path, namespaces=NS))

    sums = root.find(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation", namespaces=NS)
    items = root.findall(".//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)
    taxes = root.findall(".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", NS)
    lines = sum(decimal(item, ".//ram:LineTotalAmount") for item in items)
    assert decimal(sums, "ram:LineTotalAmount") == lines
    assert decimal(sums, "ram:TaxBasisTotalAmount") == lines
    assert decimal(sums, "ram:TaxTotalAmount") == sum(
        decimal(tax, "ram:CalculatedAmount") for tax in taxes
    )
    assert decimal(sums, "ram:GrandTotalAmount") == decimal(
        sums, "ram:TaxBasisTotalAmount"
    ) + decimal(sums, "ram:TaxTotalAmount")
    assert decimal(sums, "ram:DuePayableAmount") == decimal(sums, "ram:GrandTotalAmount")
    for tax in taxes:
        rate = decimal(tax, "ram:RateApplicablePercent")
        of_rate = [i for i in items if decimal(i, ".//ram:RateApplicablePercent") == rate]
        assert decimal(tax, "ram:BasisAmount") == sum(
            decimal(item, ".//ram:LineTotalAmount") for item in of_rate
        )


def test_the_sums_of_en16931_hold_on_awkward_amounts(mixed, concierge, place, person):
    assert_the_sums_hold(facturx.cii_xml(facturx.invoice_document(mixed)))
    note = credit_note_issue(invoice=mixed, by=concierge, reason="Annulée")
    assert_the_sums_hold(facturx.cii_xml(facturx.credit_note_document(credit_note_get(pk=note.pk))))
