"""The one CSV convention of the exports people open in a spreadsheet (activity report,
settlement): French spreadsheet settings, so that Excel and LibreOffice open the file with
its columns and numbers right at a double click.

- one regular table: a single header row, then rows of the same number of fields (what a
  header block above the table would break: the place and period go in columns or in the
  file name);
- `;` between fields, a decimal comma in numbers, a UTF-8 byte-order mark, CRLF line ends
  (RFC 4180's).

The open-data export of the places keeps the comma and the dot of its national standard
(`publishing.opendata`): it is read by programs, which that standard fixes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

SEPARATOR = ";"
BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def cell(value: Any) -> str:
    """One field: numbers with a decimal comma, dates in ISO 8601, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float | Decimal):
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def money(cents: int) -> str:
    """Euros from cents, always two decimals: 2400 -> "24,00"."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def table_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV text of one regular table (ValueError on a row of another length)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"{len(row)} fields for {len(header)} columns: {row!r}")
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def csv_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body.encode("utf-8"), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
