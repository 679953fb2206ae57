"""The conciergerie's section of the activity report: the requests done in the period, by
service, and their revenue. `agenda` sits above `conciergerie`, so it reads it directly and
registers the section with the others (`report_sections`) in its `ready()`. One query."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from comptoir.agenda.report_sections import Period, ReportSection, Table
from comptoir.conciergerie.selectors import done_by_service

QUERIES = 1


def _euros(cents: int) -> float:
    return round(cents / 100, 2)


def report_section(place: Any, period: Period) -> ReportSection:
    rows = done_by_service(place=place, low=period.low, high=period.high)
    return ReportSection(
        key="conciergerie",
        title=_("Conciergerie"),
        figures=[
            (_("Requests done"), sum(done for _name, done, _cents in rows)),
            (_("Conciergerie revenue (€)"), _euros(sum(cents for _n, _d, cents in rows))),
        ],
        tables=[
            Table(
                _("Conciergerie by service"),
                [_("Service"), _("Requests done"), _("Revenue (€)")],
                [[name, done, _euros(cents)] for name, done, cents in rows],
            )
        ],
        definition=_(
            "Requests closed as done in the period, by service, and the price billed for "
            "them (VAT included, cancelled sales left out; free services bring no revenue)."
        ),
    )
