"""The FEC (Fichier des Écritures Comptables, art. L47 A and A47 A-1 of the Livre des
procédures fiscales) of an entity's fiscal year: one balanced entry per invoice, credit note
and payment, in the 18 columns of the law, tab-separated, dates YYYYMMDD, amounts with a
comma, named `<SIREN>FEC<YYYYMMDD>.txt` after the last day of the year.

The entries, from the entity's chart of accounts (French defaults for associations, each
replaceable in its invoicing profile's `accounts`):
- an invoice (journal VE): the customer (411) debited with the total, the revenue (706)
  credited with the amount before tax of each VAT rate, the VAT collected (44571) with its
  VAT;
- a credit note (VE): the reverse;
- a payment (journal BQ, or CA for cash): the bank (512) or the cash box (530) debited, the
  customer credited; a refund the reverse;
- the other income the treasurer records (journal BQ, added by `economy` through
  `register_entries`): the bank debited, the grant (74), donation (754), dues (756) or other
  income (758) account credited.
Each entry's number (EcritureNum) is its document's number, unique and chronological in its
series; the fiscal year is the calendar year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from comptoir.invoicing.models import CreditNote, Invoice, InvoicingProfile, Payment, PaymentMeans

COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)

# Role -> (account number, label), from the French chart of accounts for associations.
DEFAULT_ACCOUNTS: dict[str, tuple[str, str]] = {
    "customers": ("411", "Clients"),
    "revenue": ("706", "Prestations de services"),
    "vat": ("44571", "TVA collectée"),
    "bank": ("512", "Banque"),
    "cash": ("530", "Caisse"),
    "other_income": ("758", "Produits divers de gestion courante"),
    "grants": ("74", "Subventions d'exploitation"),
    "donations": ("754", "Ressources liées à la générosité du public"),
    "dues": ("756", "Cotisations"),
}
JOURNALS = {"VE": "Ventes", "BQ": "Banque", "CA": "Caisse"}

# Entries of the entity's year that apps above invoicing add (economy's other income): each
# source is called with the entity, the year and its chart, and yields (date, number, rows).
Entries = Iterable[tuple[dt.date, str, list["Row"]]]
EntrySource = Callable[[int, int, dict[str, tuple[str, str]]], Entries]
_entry_sources: list[EntrySource] = []


def register_entries(source: EntrySource) -> None:
    """Add a source of entries to every FEC (called from an app's `ready()`)."""
    if source not in _entry_sources:
        _entry_sources.append(source)


ACCOUNT_MAX = 20
# ASCII digits only (str.isdigit would take "７０６" or "²").
ACCOUNT_NUMBER = re.compile(r"[0-9]{1,20}")


def is_account_number(value: object) -> bool:
    return isinstance(value, str) and ACCOUNT_NUMBER.fullmatch(value) is not None


def chart(profile: InvoicingProfile | None) -> dict[str, tuple[str, str]]:
    """The entity's accounts: the defaults, each replaced by the profile's where it gives a
    valid one (digits, at most 20) so a typo never breaks the export."""
    accounts = dict(DEFAULT_ACCOUNTS)
    overrides = profile.accounts if profile is not None else {}
    if isinstance(overrides, dict):
        for role, value in overrides.items():
            if role in accounts and is_account_number(value):
                accounts[role] = (value, accounts[role][1])
    return accounts


@dataclass(frozen=True)
class Row:
    journal: str
    number: str
    date: dt.date
    account: tuple[str, str]
    aux: tuple[str, str]
    label: str
    debit_cents: int
    credit_cents: int
    valid_date: dt.date

    def cells(self) -> list[str]:
        return [
            self.journal,
            JOURNALS[self.journal],
            self.number,
            ymd(self.date),
            self.account[0],
            self.account[1],
            self.aux[0],
            _clean(self.aux[1]),
            self.number,
            ymd(self.date),
            _clean(self.label),
            amount(self.debit_cents),
            amount(self.credit_cents),
            "",
            "",
            ymd(self.valid_date),
            "",
            "",
        ]


def ymd(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def amount(cents: int) -> str:
    """Cents as the FEC writes them: 1234,56 (no thousands separator), 0,00 for nothing."""
    return f"{cents // 100},{cents % 100:02d}"


def _clean(text: str) -> str:
    """A label on one line without tabs (they would shift the columns)."""
    return " ".join(text.split())


def _aux(order: Any) -> tuple[str, str]:
    """The customer's auxiliary account: its structure, else its person, else none."""
    if order.buyer_organization_id:
        return f"S{order.buyer_organization_id}", order.buyer_name
    if order.buyer_id:
        return f"P{order.buyer_id}", order.buyer_name
    return "", order.buyer_name


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def invoice_rows(invoice: Invoice, accounts: dict[str, tuple[str, str]]) -> list[Row]:
    """An invoice's entry: the customer (411) against revenue (706) and VAT (44571)."""
    return document_rows(invoice, _aux(invoice.order), accounts, reverse=False)


def credit_note_rows(note: CreditNote, accounts: dict[str, tuple[str, str]]) -> list[Row]:
    """A credit note's entry: an invoice's, reversed."""
    return document_rows(note, _aux(note.invoice.order), accounts, reverse=True)


def document_rows(
    invoice: Invoice | CreditNote,
    aux: tuple[str, str],
    accounts: dict[str, tuple[str, str]],
    *,
    reverse: bool,
) -> list[Row]:
    label = f"{'Avoir' if reverse else 'Facture'} {invoice.number} {invoice.buyer_name}"
    journal, valid = "VE", _local_day(invoice.created_at)

    def row(account: tuple[str, str], cents: int, debit: bool, with_aux: bool = False) -> Row:
        debit_side = debit != reverse
        return Row(
            journal,
            invoice.number,
            invoice.issue_date,
            account,
            aux if with_aux else ("", ""),
            label,
            cents if debit_side else 0,
            0 if debit_side else cents,
            valid,
        )

    rows = [row(accounts["customers"], invoice.total_cents, True, with_aux=True)]
    for total in invoice.vat_totals:
        rows.append(row(accounts["revenue"], total["before_tax_cents"], False))
        if total["vat_cents"]:
            rows.append(row(accounts["vat"], total["vat_cents"], False))
    return rows


def payment_rows(payment: Payment, accounts: dict[str, tuple[str, str]]) -> list[Row]:
    """A payment's entry: the bank or cash box against the customer; a refund reversed."""
    cash = payment.means == PaymentMeans.CASH
    journal = "CA" if cash else "BQ"
    money = accounts["cash" if cash else "bank"]
    cents = abs(payment.amount_cents)
    refund = payment.amount_cents < 0
    label = _payment_label(payment)
    aux = _aux(payment.order)
    valid = _local_day(payment.created_at)
    money_row = Row(
        journal,
        payment.number,
        payment.received_on,
        money,
        ("", ""),
        label,
        0 if refund else cents,
        cents if refund else 0,
        valid,
    )
    customer_row = Row(
        journal,
        payment.number,
        payment.received_on,
        accounts["customers"],
        aux,
        label,
        cents if refund else 0,
        0 if refund else cents,
        valid,
    )
    return [money_row, customer_row]


def _payment_label(payment: Payment) -> str:
    """What the entry says: a payment, a refund (it pays back a credit note), or a direct
    debit the payer's bank returned unpaid (negative, no credit note: the sale still stands),
    labelled with its reference, where the direct debits write the mandate's (RUM)."""
    buyer = payment.order.buyer_name
    if payment.amount_cents > 0:
        return f"Règlement {payment.number} {payment.get_means_display()} {buyer}"
    if payment.credit_note_id is not None:
        return f"Remboursement {payment.number} {payment.get_means_display()} {buyer}"
    return f"Rejet de prélèvement {payment.number} {payment.reference} {buyer}"


def rows_of_year(*, seller_id: int, year: int) -> Iterator[Row]:
    """Every entry of the entity's fiscal year, in the order of its dates then its numbers."""
    profile = InvoicingProfile.objects.filter(organization_id=seller_id).first()
    accounts = chart(profile)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    invoices = Invoice.objects.filter(
        seller_id=seller_id, issue_date__range=(start, end)
    ).select_related("order")
    notes = CreditNote.objects.filter(
        seller_id=seller_id, issue_date__range=(start, end)
    ).select_related("invoice__order")
    payments = Payment.objects.filter(
        seller_id=seller_id, received_on__range=(start, end)
    ).select_related("order")
    entries: list[tuple[dt.date, str, list[Row]]] = []
    for invoice in invoices.iterator(chunk_size=1000):
        entries.append((invoice.issue_date, invoice.number, invoice_rows(invoice, accounts)))
    for note in notes.iterator(chunk_size=1000):
        entries.append((note.issue_date, note.number, credit_note_rows(note, accounts)))
    for payment in payments.iterator(chunk_size=1000):
        entries.append((payment.received_on, payment.number, payment_rows(payment, accounts)))
    for source in _entry_sources:
        entries.extend(source(seller_id, year, accounts))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    for _day, _number, rows in entries:
        yield from rows


def file_name(*, siren: str, year: int) -> str:
    return f"{siren}FEC{year}1231.txt"


def render(rows: Iterator[Row]) -> str:
    """The file's text: the header line, then one line per row, CRLF ends."""
    lines = ["\t".join(COLUMNS)]
    lines.extend("\t".join(row.cells()) for row in rows)
    return "\r\n".join(lines) + "\r\n"
