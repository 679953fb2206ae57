"""The sales journal of a place over a period: one row per invoice and credit note issued
there (credit notes negative), in the order of their dates then numbers, as CSV (the French
spreadsheet convention of `core.spreadsheet_csv`) and as an Excel workbook (openpyxl): the
journal's sheet, and a sheet of totals per VAT rate."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from comptoir.core.spreadsheet_csv import money, table_csv
from comptoir.invoicing.models import CreditNote, Invoice

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_DAYS = 366 * 5  # a period of at most five years


@dataclass(frozen=True)
class JournalRow:
    date: dt.date
    number: str
    kind: str  # "invoice" or "credit_note"
    buyer: str
    buyer_siren: str
    before_tax_cents: int
    vat_cents: int
    total_cents: int
    vat_totals: list[dict[str, int]]


def rows(*, place_id: int, start: dt.date, end: dt.date) -> list[JournalRow]:
    """The invoices and credit notes of the place issued from `start` to `end` included."""
    fields = (
        "issue_date",
        "number",
        "buyer_name",
        "buyer_siren",
        "total_before_tax_cents",
        "total_vat_cents",
        "total_cents",
        "vat_totals",
    )
    found: list[JournalRow] = []
    for model, kind, sign in ((Invoice, "invoice", 1), (CreditNote, "credit_note", -1)):
        documents = model.objects.filter(  # type: ignore[attr-defined]
            place_id=place_id, issue_date__range=(start, end)
        ).values_list(*fields)
        for day, number, buyer, siren, before, vat, total, rates in documents:
            found.append(
                JournalRow(
                    day,
                    number,
                    kind,
                    buyer,
                    siren,
                    sign * before,
                    sign * vat,
                    sign * total,
                    [{key: sign * value for key, value in rate.items()} for rate in rates],
                )
            )
    found.sort(key=lambda row: (row.date, row.number))
    return found


def header() -> list[str]:
    return [
        _("Date"),
        _("Number"),
        _("Document"),
        _("Customer"),
        _("Customer SIREN"),
        _("Before tax (€)"),
        _("VAT (€)"),
        _("Including tax (€)"),
    ]


def _kind_label(kind: str) -> str:
    return _("Invoice") if kind == "invoice" else _("Credit note")


def _cells(row: JournalRow) -> list[object]:
    return [row.date, row.number, _kind_label(row.kind), row.buyer, row.buyer_siren]


def as_csv(journal: list[JournalRow]) -> str:
    return table_csv(
        header(),
        (
            [
                *_cells(row),
                money(row.before_tax_cents),
                money(row.vat_cents),
                money(row.total_cents),
            ]
            for row in journal
        ),
    )


def rate_totals(journal: list[JournalRow]) -> list[tuple[int, int, int, int]]:
    """(rate in basis points, before tax, VAT, total) per VAT rate, in cents."""
    totals: dict[int, list[int]] = {}
    for row in journal:
        for rate in row.vat_totals:
            sums = totals.setdefault(abs(rate["rate_bp"]), [0, 0, 0])
            sums[0] += rate["before_tax_cents"]
            sums[1] += rate["vat_cents"]
            sums[2] += rate["total_cents"]
    return [(bp, *sums) for bp, sums in sorted(totals.items())]  # type: ignore[misc]


def _euros(cents: int) -> float:
    return round(cents / 100, 2)


def as_xlsx(journal: list[JournalRow], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Sales journal")[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in journal:
        sheet.append(
            [
                *_cells(row),
                _euros(row.before_tax_cents),
                _euros(row.vat_cents),
                _euros(row.total_cents),
            ]
        )
    for column in ("F", "G", "H"):
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0.00"
    for column, width in zip("ABCDEFGH", (12, 16, 12, 36, 14, 14, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    totals = book.create_sheet(_("Totals per VAT rate")[:31])
    totals.append([_("VAT rate (%)"), _("Before tax (€)"), _("VAT (€)"), _("Including tax (€)")])
    for bp, before, vat, total in rate_totals(journal):
        totals.append([bp / 100, _euros(before), _euros(vat), _euros(total)])
    totals.append(
        [
            _("Total"),
            _euros(sum(row.before_tax_cents for row in journal)),
            _euros(sum(row.vat_cents for row in journal)),
            _euros(sum(row.total_cents for row in journal)),
        ]
    )
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_stem(*, place_slug: str, start: dt.date, end: dt.date) -> str:
    return f"journal-des-ventes-{place_slug}-{start:%Y%m%d}-{end:%Y%m%d}"
