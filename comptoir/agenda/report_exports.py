"""The activity report as files for funders: a CSV (one figure a line: section, item,
measure, value) and a spreadsheet (one sheet per table), both with the page's figures."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from comptoir.agenda.reports import ActivityReport


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]


def summary_rows(report: ActivityReport) -> list[tuple[str, Any]]:
    """The headline figures, in the page's order (the rate as a percentage, or empty)."""
    percent = report.attendance_percent
    return [
        (_("Sessions"), report.sessions),
        (_("Mediation sessions"), report.mediation_sessions),
        (_("Hours of mediation"), report.mediation_hours),
        (_("Registrations"), report.registrations),
        (_("On the waitlist"), report.waitlisted),
        (_("Walk-ins"), report.walk_ins),
        (_("Presences"), report.present),
        (_("Attendance rate (%)"), "" if percent is None else percent),
        (_("Unique people"), report.unique_people),
        (_("First-time people"), report.first_time),
        (_("Returning people"), report.returning),
    ]


def tables(report: ActivityReport) -> list[Table]:
    return [
        Table(
            _("Summary"),
            [_("Figure"), _("Value")],
            [list(row) for row in summary_rows(report)],
        ),
        Table(
            _("By kind"),
            [_("Kind"), _("Sessions"), _("Hours")],
            [[row.label, row.sessions, row.hours] for row in report.by_kind],
        ),
        Table(
            _("By public"),
            [_("Public"), _("People present"), _("Sessions")],
            [[row.label, row.people, row.sessions] for row in report.by_public],
        ),
        Table(
            _("By service"),
            [_("Service"), _("Sessions"), _("People present")],
            [[row.label, row.sessions, row.people] for row in report.by_service],
        ),
    ]


def report_csv(report: ActivityReport) -> str:
    """For spreadsheets as set up in France: semicolons between cells, and a byte-order
    mark so that Excel reads the accents as UTF-8 (the funders open it there)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Place"), _("From"), _("To")])
    writer.writerow([report.place.name, report.start.isoformat(), report.end.isoformat()])
    writer.writerow([_("Section"), _("Item"), _("Measure"), _("Value")])
    for table in tables(report):
        for row in table.rows:
            for measure, value in zip(table.header[1:], row[1:], strict=True):
                writer.writerow([table.title, row[0], measure, value])
    return out.getvalue()


def report_xlsx(report: ActivityReport) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    for index, table in enumerate(tables(report)):
        sheet = book.create_sheet(title=table.title[:31])
        if index == 0:
            sheet.append([_("Place"), report.place.name])
            sheet.append([_("From"), report.start])
            sheet.append([_("To"), report.end])
            sheet.append([])
        sheet.append(table.header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in table.rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
