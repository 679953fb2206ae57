"""The hash of an invoice or a credit note: SHA-256 over a canonical serialisation of its
legal content and the hash of the previous document of the same entity, so altering,
removing or inserting an invoice or a credit note breaks every hash after it.

Invoices and credit notes share one chain per entity (their `chain_position`s follow each
other in the order of issue); a credit note's serialisation is keyed "credit_note" where an
invoice's is keyed "invoice", so one can never pass for the other. Payments and refunds join
the same chain, keyed "payment", when they are recorded."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from comptoir.invoicing.models import (
        CreditNote,
        CreditNoteLine,
        Invoice,
        InvoiceLine,
        Payment,
    )

# The fields hashed (keys sorted in the serialisation); adding one is a new version of it.
_NUMBERING = ("seller_id", "series", "sequence", "number", "issue_date")
# The seller and the buyer as printed (a credit note copies them from its invoice).
PARTIES = (
    "seller_name",
    "seller_siret",
    "seller_address",
    "seller_vat_regime",
    "seller_vat_number",
    "buyer_name",
    "buyer_address",
    "buyer_siren",
    "buyer_is_business",
)
_CONTENT = (
    *PARTIES,
    "total_before_tax_cents",
    "total_vat_cents",
    "total_cents",
    "vat_totals",
    "exemption_mention",
    "chain_position",
    "previous_hash",
)
INVOICE_FIELDS = (
    *_NUMBERING,
    "sale_date",
    "due_date",
    "late_penalty_rate_bp",
    "recovery_indemnity_cents",
    *_CONTENT,
)
CREDIT_NOTE_FIELDS = (*_NUMBERING, "invoice_id", "reason", *_CONTENT)
LINE_FIELDS = (
    "position",
    "label",
    "quantity",
    "unit_price_before_tax_cents",
    "vat_rate_bp",
    "total_before_tax_cents",
    "total_cents",
)
CREDIT_LINE_FIELDS = ("invoice_line_id", *LINE_FIELDS)
PAYMENT_FIELDS = (
    *_NUMBERING[:-1],
    "place_id",
    "order_id",
    "means",
    "received_on",
    "amount_cents",
    "reference",
    "credit_note_id",
    "chain_position",
    "previous_hash",
)
VERSION = 1


def _value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _canonical(
    kind: str,
    document: Any,
    fields: tuple[str, ...],
    lines: list[Any],
    line_fields: tuple[str, ...],
) -> bytes:
    """A document's legal content as compact JSON with sorted keys, in UTF-8."""
    content = {
        "version": VERSION,
        kind: {name: _value(getattr(document, name)) for name in fields},
        "lines": [
            {name: getattr(line, name) for name in line_fields}
            for line in sorted(lines, key=lambda line: line.position)
        ],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def canonical(invoice: Invoice, lines: list[InvoiceLine]) -> bytes:
    return _canonical("invoice", invoice, INVOICE_FIELDS, lines, LINE_FIELDS)


def invoice_hash(invoice: Invoice, lines: list[InvoiceLine]) -> str:
    return hashlib.sha256(canonical(invoice, lines)).hexdigest()


def credit_note_canonical(note: CreditNote, lines: list[CreditNoteLine]) -> bytes:
    return _canonical("credit_note", note, CREDIT_NOTE_FIELDS, lines, CREDIT_LINE_FIELDS)


def credit_note_hash(note: CreditNote, lines: list[CreditNoteLine]) -> str:
    return hashlib.sha256(credit_note_canonical(note, lines)).hexdigest()


def payment_canonical(payment: Payment) -> bytes:
    return _canonical("payment", payment, PAYMENT_FIELDS, [], ())


def payment_hash(payment: Payment) -> str:
    return hashlib.sha256(payment_canonical(payment)).hexdigest()
