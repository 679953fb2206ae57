"""The roster's section of the place's activity report (registered with
`agenda.report_sections` in the app's `ready()`): the volunteer hours, i.e. the hours on
duty of the shifts done in the period, per month, and the people who held them. One query
whatever the data."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.agenda.report_sections import Period, ReportSection, Table
from comptoir.roster.selectors import volunteer_hours

QUERIES = 1


def report_section(place: Any, period: Period) -> ReportSection:
    hours = volunteer_hours(
        place_ids=[place.pk], start=period.start, end=period.end, now=period.now
    )
    return ReportSection(
        key="volunteering",
        title=_("Volunteer hours"),
        figures=[
            (_("Hours on duty"), hours.hours),
            (_("Shifts held"), hours.shifts),
            (_("Volunteers"), hours.people),
        ],
        tables=[
            Table(
                _("Volunteer hours by month"),
                [_("Month"), _("Hours on duty"), _("Volunteers")],
                [
                    [date_format(month, "F Y"), total, people]
                    for month, total, people in hours.months
                ],
            )
        ],
        definition=_(
            "Hours of the roster's shifts held in the period (shifts not cancelled and over), "
            "each holder counting the shift's length; volunteers are the distinct people who "
            "held them."
        ),
    )
