"""The hash of an invoice or a credit note: SHA-256 over a canonical serialisation of its
legal content and the hash of the previous document of the same entity, so altering,
removing or inserting an invoice or a credit note breaks every hash after it.

Invoices and credit notes share one chain per entity (their `chain_position`s follow each
other in the order of issue); a credit note's serialisation is keyed "credit_note" where an
invoice's is keyed "invoice", so one can never pass for the other."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from comptoir.invoicing.models import CreditNote, CreditNoteLine, Invoice, InvoiceLine

# The fields hashed, in this order; adding one is a new version of the serialisation.
INVOICE_FIELDS = (
    "seller_id",
    "series",
    "sequence",
    "number",
    "issue_date",
    "sale_date",
    "due_date",
    "seller_name",
    "seller_siret",
    "seller_address",
    "seller_vat_regime",
    "seller_vat_number",
    "buyer_name",
    "buyer_address",
    "buyer_siren",
    "buyer_is_business",
    "total_before_tax_cents",
    "total_vat_cents",
    "total_cents",
    "vat_totals",
    "late_penalty_rate_bp",
    "recovery_indemnity_cents",
    "exemption_mention",
    "chain_position",
    "previous_hash",
)
LINE_FIELDS = (
    "position",
    "label",
    "quantity",
    "unit_price_before_tax_cents",
    "vat_rate_bp",
    "total_before_tax_cents",
    "total_cents",
)
CREDIT_NOTE_FIELDS = (
    "seller_id",
    "invoice_id",
    "series",
    "sequence",
    "number",
    "issue_date",
    "reason",
    "seller_name",
    "seller_siret",
    "seller_address",
    "seller_vat_regime",
    "seller_vat_number",
    "buyer_name",
    "buyer_address",
    "buyer_siren",
    "buyer_is_business",
    "total_before_tax_cents",
    "total_vat_cents",
    "total_cents",
    "vat_totals",
    "exemption_mention",
    "chain_position",
    "previous_hash",
)
CREDIT_LINE_FIELDS = ("invoice_line_id", *LINE_FIELDS)
VERSION = 1


def _value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def canonical(invoice: Invoice, lines: list[InvoiceLine]) -> bytes:
    """The invoice's legal content as compact JSON with sorted keys, in UTF-8."""
    content = {
        "version": VERSION,
        "invoice": {name: _value(getattr(invoice, name)) for name in INVOICE_FIELDS},
        "lines": [
            {name: getattr(line, name) for name in LINE_FIELDS}
            for line in sorted(lines, key=lambda line: line.position)
        ],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def invoice_hash(invoice: Invoice, lines: list[InvoiceLine]) -> str:
    return hashlib.sha256(canonical(invoice, lines)).hexdigest()


def credit_note_canonical(note: CreditNote, lines: list[CreditNoteLine]) -> bytes:
    """The credit note's legal content, serialised as invoices are."""
    content = {
        "version": VERSION,
        "credit_note": {name: _value(getattr(note, name)) for name in CREDIT_NOTE_FIELDS},
        "lines": [
            {name: getattr(line, name) for name in CREDIT_LINE_FIELDS}
            for line in sorted(lines, key=lambda line: line.position)
        ],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def credit_note_hash(note: CreditNote, lines: list[CreditNoteLine]) -> str:
    return hashlib.sha256(credit_note_canonical(note, lines)).hexdigest()
