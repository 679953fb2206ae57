"""The Factur-X XML of an invoice or a credit note: UN/CEFACT CII, profile EN 16931.

Two steps, both pure. `invoice_document` and `credit_note_document` read an issued document
(its lines prefetched) into a typed `EDocument`; `cii_xml` writes that as the XML that the PDF
carries. Everything the XML states comes from the issued snapshot, which never changes, so
the XML of a document is the same at every download.

Rounding. Our prices include VAT and the VAT of a document is rounded once per rate (see
`vat`), so the amounts before tax that each line prints (rounded line by line) need not add
up to its rate's total: three 33.33 € lines at 20 % print 27.78 € each, 83.34 €, for a rate
total of 83.32 €. EN 16931 wants the lines' net amounts to add up to each rate's taxable
amount (rules BR-CO-10, BR-S-08), so the lines of a rate share its total before tax in
proportion to what they cost, cumulatively rounded (`share`): the sum is exact and no line
moves by more than a cent or so. The PDF prints those same shares, so the paper and the XML
agree.

Categories: a rate above zero is S (standard or reduced, 5.5, 10 and 20 % alike); a line
without VAT is E (exempt) with the reason the seller prints: the franchise mention of an
entity not subject to VAT (art. 293 B of the CGI), else its exemption mention.

The tests check the XML against the Factur-X XSD; `scripts/facturx_schematron.sh` checks
it against the EN 16931 business rules too (it needs Java and Saxon-HE). The French CTC
rules of the 2026 reform (electronic addresses BT-34 and BT-49, business process BT-23)
are not met yet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree

from comptoir.invoicing.models import CreditNote, Invoice, VatRegime

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NSMAP = {"rsm": RSM, "qdt": QDT, "ram": RAM, "udt": UDT}
# The guideline of the EN 16931 profile (Factur-X "EN 16931", formerly "Comfort").
EN16931 = "urn:cen.eu:en16931:2017"
FLAVOR, LEVEL = "factur-x", "en16931"
INVOICE, CREDIT_NOTE = "380", "381"  # UNTDID 1001
STANDARD, EXEMPT = "S", "E"  # UNTDID 5305
SIREN_SCHEME = "0002"  # ISO 6523: the French SIREN
UNIT = "C62"  # UN/ECE rec. 20: one (a unit)
CURRENCY = "EUR"
COUNTRY = "FR"  # every place Comptoir serves invoices from France
# The kinds of notes (UNTDID 4451): no discount, penalties, recovery indemnity, VAT mention.
NOTE_DISCOUNT, NOTE_PENALTIES, NOTE_INDEMNITY, NOTE_TAX = "AAB", "PMD", "PMT", "TXD"
NOTE_REASON = "ACD"  # why a credit note was issued


# --- What the XML states ------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    line: str
    postcode: str = ""
    city: str = ""
    country: str = COUNTRY


@dataclass(frozen=True)
class Party:
    name: str
    address: Address
    siren: str = ""
    vat_number: str = ""
    # BT-32, the seller's tax registration (scheme FC): its SIREN, the identifier the French
    # tax administration knows it by, when it has no VAT number (EN 16931 wants one of the
    # two on an invoice with VAT-exempt lines, rule BR-E-02).
    tax_registration: str = ""


@dataclass(frozen=True)
class Line:
    position: int
    label: str
    quantity: int
    unit_price_cents: int  # before tax, as printed
    net_cents: int  # before tax: the line's share of its rate's total
    rate_bp: int
    category: str


@dataclass(frozen=True)
class TaxTotal:
    rate_bp: int
    category: str
    basis_cents: int
    vat_cents: int
    exemption_reason: str = ""


@dataclass(frozen=True)
class Note:
    subject: str
    content: str


@dataclass(frozen=True)
class Reference:
    number: str
    issue_date: dt.date


@dataclass(frozen=True)
class EDocument:
    """An invoice or a credit note as EN 16931 sees it; amounts in cents, all positive."""

    type_code: str
    number: str
    issue_date: dt.date
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    taxes: tuple[TaxTotal, ...]
    total_before_tax_cents: int
    total_vat_cents: int
    total_cents: int
    delivery_date: dt.date
    payment_terms: str
    notes: tuple[Note, ...] = ()
    due_date: dt.date | None = None
    invoice: Reference | None = None  # what a credit note credits


# --- Pure helpers ---------------------------------------------------------------------------

_POSTCODE_CITY = re.compile(r"^(?P<postcode>\d{5})\s+(?P<city>.+)$")


def split_address(text: str) -> Address:
    """“12 rue X, 42000 Saint-Étienne” -> the street, the postcode and the city, when the
    address ends with a French postcode and a city; else the whole text as its line."""
    head, _comma, tail = text.strip().rpartition(",")
    found = _POSTCODE_CITY.match(tail.strip())
    if head and found:
        return Address(head.strip(), found["postcode"], found["city"].strip())
    return Address(text.strip())


def share(total: int, weights: Sequence[int]) -> list[int]:
    """`total` shared in proportion to `weights` (non-negative integers), cumulatively
    rounded half up: the shares add up to exactly `total`."""
    whole = sum(weights)
    if whole == 0:
        # Nothing to weigh by (free lines): all of it on the first, none on the others.
        return [total if index == 0 else 0 for index in range(len(weights))]
    shares, running, given = [], 0, 0
    for weight in weights:
        running += weight
        upto = (total * running * 2 + whole) // (2 * whole)
        shares.append(upto - given)
        given = upto
    return shares


def amount(cents: int) -> str:
    """Cents as a decimal amount with two decimals, e.g. 1 -> "0.01"."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def percent(rate_bp: int) -> str:
    """Basis points as a percentage, e.g. 550 -> "5.50"."""
    return f"{rate_bp // 100}.{rate_bp % 100:02d}"


def category(rate_bp: int) -> str:
    return STANDARD if rate_bp > 0 else EXEMPT


# --- The XML --------------------------------------------------------------------------------


# What XML 1.0 cannot hold (control characters a label may have kept): dropped, not an error.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", attrs)
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _date(parent: etree._Element, tag: str, day: dt.date, *, qualified: bool = False) -> None:
    holder = _el(parent, tag)
    _el(
        holder,
        "qdt:DateTimeString" if qualified else "udt:DateTimeString",
        day.strftime("%Y%m%d"),
        format="102",
    )


def _party(parent: etree._Element, tag: str, party: Party) -> None:
    element = _el(parent, tag)
    _el(element, "ram:Name", party.name)
    if party.siren:
        legal = _el(element, "ram:SpecifiedLegalOrganization")
        _el(legal, "ram:ID", party.siren, schemeID=SIREN_SCHEME)
    address = _el(element, "ram:PostalTradeAddress")
    if party.address.postcode:
        _el(address, "ram:PostcodeCode", party.address.postcode)
    if party.address.line:
        _el(address, "ram:LineOne", party.address.line)
    if party.address.city:
        _el(address, "ram:CityName", party.address.city)
    _el(address, "ram:CountryID", party.address.country)
    for number, scheme in ((party.vat_number, "VA"), (party.tax_registration, "FC")):
        if number:
            registration = _el(element, "ram:SpecifiedTaxRegistration")
            _el(registration, "ram:ID", number, schemeID=scheme)


def _line(parent: etree._Element, line: Line) -> None:
    item = _el(parent, "ram:IncludedSupplyChainTradeLineItem")
    _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(line.position))
    _el(_el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.label)
    agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
    price = _el(agreement, "ram:NetPriceProductTradePrice")
    _el(price, "ram:ChargeAmount", amount(line.unit_price_cents))
    delivery = _el(item, "ram:SpecifiedLineTradeDelivery")
    _el(delivery, "ram:BilledQuantity", str(line.quantity), unitCode=UNIT)
    settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:CategoryCode", line.category)
    _el(tax, "ram:RateApplicablePercent", percent(line.rate_bp))
    summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    _el(summation, "ram:LineTotalAmount", amount(line.net_cents))


def _tax(parent: etree._Element, total: TaxTotal) -> None:
    tax = _el(parent, "ram:ApplicableTradeTax")
    _el(tax, "ram:CalculatedAmount", amount(total.vat_cents))
    _el(tax, "ram:TypeCode", "VAT")
    if total.exemption_reason:
        _el(tax, "ram:ExemptionReason", total.exemption_reason)
    _el(tax, "ram:BasisAmount", amount(total.basis_cents))
    _el(tax, "ram:CategoryCode", total.category)
    _el(tax, "ram:RateApplicablePercent", percent(total.rate_bp))


def _settlement(parent: etree._Element, document: EDocument) -> None:
    settlement = _el(parent, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:InvoiceCurrencyCode", CURRENCY)
    for total in document.taxes:
        _tax(settlement, total)
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    _el(terms, "ram:Description", document.payment_terms)
    if document.due_date is not None:
        _date(terms, "ram:DueDateDateTime", document.due_date)
    sums = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(sums, "ram:LineTotalAmount", amount(sum(line.net_cents for line in document.lines)))
    _el(sums, "ram:TaxBasisTotalAmount", amount(document.total_before_tax_cents))
    _el(sums, "ram:TaxTotalAmount", amount(document.total_vat_cents), currencyID=CURRENCY)
    _el(sums, "ram:GrandTotalAmount", amount(document.total_cents))
    _el(sums, "ram:DuePayableAmount", amount(document.total_cents))
    if document.invoice is not None:
        reference = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(reference, "ram:IssuerAssignedID", document.invoice.number)
        _date(reference, "ram:FormattedIssueDateTime", document.invoice.issue_date, qualified=True)


def cii_xml(document: EDocument) -> bytes:
    """The CII XML (Factur-X, profile EN 16931) of a document, UTF-8 with its declaration."""
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", EN16931)
    header = _el(root, "rsm:ExchangedDocument")
    _el(header, "ram:ID", document.number)
    _el(header, "ram:TypeCode", document.type_code)
    _date(header, "ram:IssueDateTime", document.issue_date)
    for note in document.notes:
        included = _el(header, "ram:IncludedNote")
        _el(included, "ram:Content", note.content)
        _el(included, "ram:SubjectCode", note.subject)
    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in document.lines:
        _line(transaction, line)
    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _party(agreement, "ram:SellerTradeParty", document.seller)
    _party(agreement, "ram:BuyerTradeParty", document.buyer)
    delivery = _el(transaction, "ram:ApplicableHeaderTradeDelivery")
    event = _el(delivery, "ram:ActualDeliverySupplyChainEvent")
    _date(event, "ram:OccurrenceDateTime", document.delivery_date)
    _settlement(transaction, document)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- From an issued document ----------------------------------------------------------------


def _lines(document: Invoice | CreditNote) -> list[Line]:
    """The document's lines, each rate's total before tax shared among its lines."""
    rows = sorted(document.lines.all(), key=lambda line: line.position)
    basis = {total["rate_bp"]: total["before_tax_cents"] for total in document.vat_totals}
    nets: dict[int, int] = {}
    by_rate = sorted(rows, key=lambda line: line.vat_rate_bp)
    for rate_bp, group in groupby(by_rate, key=lambda line: line.vat_rate_bp):
        members = list(group)
        shares = share(basis[rate_bp], [line.total_cents for line in members])
        nets.update({line.position: cents for line, cents in zip(members, shares, strict=True)})
    return [
        Line(
            position=line.position,
            label=line.label,
            quantity=line.quantity,
            unit_price_cents=line.unit_price_before_tax_cents,
            net_cents=nets[line.position],
            rate_bp=line.vat_rate_bp,
            category=category(line.vat_rate_bp),
        )
        for line in rows
    ]


def _exemption(document: Invoice | CreditNote) -> str:
    if document.seller_vat_regime == VatRegime.FRANCHISE:
        return _("VAT not applicable, art. 293 B of the CGI.")
    return document.exemption_mention or _("Exempt from VAT.")


def _taxes(document: Invoice | CreditNote) -> tuple[TaxTotal, ...]:
    return tuple(
        TaxTotal(
            rate_bp=total["rate_bp"],
            category=category(total["rate_bp"]),
            basis_cents=total["before_tax_cents"],
            vat_cents=total["vat_cents"],
            exemption_reason="" if total["rate_bp"] else _exemption(document),
        )
        for total in document.vat_totals
    )


def _parties(document: Invoice | CreditNote) -> tuple[Party, Party]:
    seller = Party(
        name=document.seller_name,
        address=split_address(document.seller_address),
        siren=document.seller_siren,
        vat_number=document.seller_vat_number,
        tax_registration="" if document.seller_vat_number else document.seller_siren,
    )
    buyer = Party(
        name=document.buyer_name,
        address=split_address(document.buyer_address),
        siren=document.buyer_siren,
    )
    return seller, buyer


def _invoice_notes(invoice: Invoice, penalty_rate: str) -> tuple[Note, ...]:
    notes = [
        Note(NOTE_DISCOUNT, _("No discount for early payment.")),
        Note(
            NOTE_PENALTIES,
            _("Late payment penalties: %(rate)s a year, from the day after the due date.")
            % {"rate": penalty_rate},
        ),
    ]
    if invoice.recovery_indemnity_cents:
        notes.append(
            Note(
                NOTE_INDEMNITY,
                _(
                    "Fixed indemnity for recovery costs owed by a professional buyer paying "
                    "late: %(amount)s (art. L441-10 and D441-5 of the Code de commerce)."
                )
                % {"amount": f"{amount(invoice.recovery_indemnity_cents)} {CURRENCY}"},
            )
        )
    if any(not total["rate_bp"] for total in invoice.vat_totals):
        notes.append(Note(NOTE_TAX, _exemption(invoice)))
    return tuple(notes)


def invoice_document(invoice: Invoice) -> EDocument:
    """An issued invoice as EN 16931 sees it; its free texts in French, the language of a
    French invoice, whatever the language of the request."""
    with translation.override("fr"):
        seller, buyer = _parties(invoice)
        penalty = f"{percent(invoice.late_penalty_rate_bp)} %"
        return EDocument(
            type_code=INVOICE,
            number=invoice.number,
            issue_date=invoice.issue_date,
            seller=seller,
            buyer=buyer,
            lines=tuple(_lines(invoice)),
            taxes=_taxes(invoice),
            total_before_tax_cents=invoice.total_before_tax_cents,
            total_vat_cents=invoice.total_vat_cents,
            total_cents=invoice.total_cents,
            delivery_date=invoice.sale_date,
            due_date=invoice.due_date,
            payment_terms=_("Payment due by %(due)s. No discount for early payment.")
            % {"due": invoice.due_date.strftime("%d/%m/%Y")},
            notes=_invoice_notes(invoice, penalty),
        )


def credit_note_document(note: CreditNote) -> EDocument:
    """An issued credit note (type 381) as EN 16931 sees it, referencing its invoice."""
    invoice = note.invoice
    with translation.override("fr"):
        seller, buyer = _parties(note)
        exempt = any(not total["rate_bp"] for total in note.vat_totals)
        return EDocument(
            type_code=CREDIT_NOTE,
            number=note.number,
            issue_date=note.issue_date,
            seller=seller,
            buyer=buyer,
            lines=tuple(_lines(note)),
            taxes=_taxes(note),
            total_before_tax_cents=note.total_before_tax_cents,
            total_vat_cents=note.total_vat_cents,
            total_cents=note.total_cents,
            delivery_date=invoice.sale_date,
            payment_terms=_("Credits invoice %(number)s: refunded or deducted from what is due.")
            % {"number": invoice.number},
            notes=(Note(NOTE_REASON, note.reason),)
            + ((Note(NOTE_TAX, _exemption(note)),) if exempt else ()),
            invoice=Reference(invoice.number, invoice.issue_date),
        )
