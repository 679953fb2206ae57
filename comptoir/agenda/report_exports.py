"""The activity report as files for funders: a CSV (one table, one figure a line: place,
period, section, item, measure, value; the spreadsheet convention of `core.spreadsheet_csv`)
and a spreadsheet (one sheet per table), both with the page's figures."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from comptoir.agenda.report_sections import Table
from comptoir.agenda.reports import ActivityReport
from comptoir.core.spreadsheet_csv import table_csv

__all__ = ["Table", "report_csv", "report_xlsx", "summary_rows", "tables"]


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
    ] + [
        table
        for section in report.sections
        for table in [
            Table(section.title, [_("Figure"), _("Value")], [list(f) for f in section.figures]),
            *section.tables,
        ]
    ]


def report_csv(report: ActivityReport) -> str:
    """One regular table: the place and the period repeat on every line, so the file is
    filtered, pivoted or stacked with other places' as it is."""
    header = [_("Place"), _("From"), _("To"), _("Section"), _("Item"), _("Measure"), _("Value")]
    context = [report.place.name, report.start, report.end]
    lines = [
        [*context, table.title, row[0], measure, value]
        for table in tables(report)
        for row in table.rows
        for measure, value in zip(table.header[1:], row[1:], strict=True)
    ]
    return table_csv(header, lines)


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
