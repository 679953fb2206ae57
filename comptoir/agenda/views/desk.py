"""The desk's pages: an event's attendance on the day (present/absent in one touch, walk-ins,
a person's public with their consent) and the place's activity report for funders (page,
CSV and spreadsheet). Views parse input, call one service and choose the response: the
page, or for htmx its named partial; refusals keep their 4xx status and say why."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.agenda import report_exports, reports
from comptoir.agenda.forms.desk import MarkForm, PeriodForm, PublicForm, WalkInForm
from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.selectors import desk as selectors
from comptoir.agenda.services import attendance as services
from comptoir.community import permissions
from comptoir.core import charts
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.core.spreadsheet_csv import csv_response
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

BAD_REQUEST = 400
INVALID = 422


def _event_for_attendance(request: AuthedRequest, pk: int) -> Event:
    event = selectors.events_for_attendance().filter(pk=pk).first()
    if event is None:
        raise Http404
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    return event


def _registration(event: Event, registration_pk: int) -> Registration:
    registration = event.registrations.filter(pk=registration_pk).first()
    if registration is None:
        raise Http404
    registration.event = event
    return registration


def _attendance_context(event: Event, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    context = {
        "event": event,
        "tz": event.place.timezone,
        "registrations": selectors.attendance_list(event=event),
        "counts": selectors.attendance_counts(event=event),
        "can_take": not event.is_cancelled and services.event_local_day_reached(event, now),
        "walk_in_form": WalkInForm(),
        "public_choices": PublicForm.base_fields["public_category"].choices,  # type: ignore[attr-defined]
    }
    context.update(extra)
    return context


def _attendance_url(event: Event) -> str:
    return reverse("agenda:attendance", args=[event.pk])


@login_required
@require_GET
def attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _event_for_attendance(request, pk)
    return render(request, "agenda/desk/attendance.html", _attendance_context(event))


def _row_response(
    request: AuthedRequest,
    event: Event,
    registration: Registration,
    error: str = "",
    status: int = INVALID,
) -> HttpResponse:
    """The row again (and the counts out of band), or the page without htmx; a refusal
    keeps its 4xx status and says why in the row."""
    status = status if error else 200
    if not request.htmx:
        if not error:
            return redirect(f"{_attendance_url(event)}#registration-{registration.pk}")
        messages.error(request, error)
        context = _attendance_context(event)
        return render(request, "agenda/desk/attendance.html", context, status=status)
    context = _attendance_context(event, registration=registration, row_error=error)
    return render(request, "agenda/desk/attendance.html#row-update", context, status=status)


@login_required
@require_POST
def attendance_mark(request: AuthedRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _event_for_attendance(request, pk)
    registration = _registration(event, registration_pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        return _row_response(request, event, registration, _("Choose present or absent."))
    try:
        registration = services.attendance_mark(
            registration=registration, by=request.user, present=form.cleaned_data["present"]
        )
    except DomainError as error:
        return _row_response(request, event, registration, error.message, error.status)
    registration.event = event
    return _row_response(request, event, registration)


@login_required
@require_POST
def public_record(request: AuthedRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _event_for_attendance(request, pk)
    registration = _registration(event, registration_pk)
    form = PublicForm(request.POST)
    if not form.is_valid():
        errors = [str(message) for messages_ in form.errors.values() for message in messages_]
        return _row_response(request, event, registration, " ".join(errors))
    try:
        registration = services.public_category_record(
            registration=registration,
            by=request.user,
            category=form.cleaned_data["public_category"],
            consent=form.cleaned_data["consent"],
        )
    except DomainError as error:
        return _row_response(request, event, registration, error.message, error.status)
    registration.event = event
    return _row_response(request, event, registration)


@login_required
@require_POST
def walk_in(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _event_for_attendance(request, pk)
    form = WalkInForm(request.POST)
    added = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = services.walk_in_add(
                event=event,
                by=request.user,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                public_category=data["public_category"],
                consent=data["consent"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    if added is not None and not request.htmx:
        messages.success(request, _("%(name)s is added, present.") % {"name": added.name})
        return redirect(f"{_attendance_url(event)}#registration-{added.pk}")
    status = 200 if added is not None else INVALID
    context = _attendance_context(event, added=added)
    if added is None:
        context["walk_in_form"] = form
    template = "agenda/desk/attendance.html"
    if request.htmx:
        template += "#attendance-board"
    return render(request, template, context, status=status)


# --- Activity report ----------------------------------------------------------------------


def _reportable_place(request: AuthedRequest, slug: str) -> Place:
    try:
        place = place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_view_activity_report(request.user, place.pk):
        raise PermissionDenied
    return place


def _today(place: Place) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(place.timezone)).date()


Period = tuple[PeriodForm, dt.date | None, dt.date | None]


def _period(request: AuthedRequest, place: Place) -> Period:
    """The period asked for (by default, the current year so far); no dates when it is
    invalid, the bound form then carries the errors."""
    if "du" not in request.GET and "au" not in request.GET:
        today = _today(place)
        start = today.replace(month=1, day=1)
        return PeriodForm(initial={"du": start, "au": today}), start, today
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return form, None, None
    return form, form.cleaned_data["du"], form.cleaned_data["au"]


def _quick_periods(place: Place, url: str) -> list[tuple[str, str]]:
    today = _today(place)
    month = today.replace(day=1)
    last_month = month - relativedelta(months=1)
    year = today.replace(month=1, day=1)
    last_year = year.replace(year=year.year - 1)
    periods = [
        (_("This month"), month, today),
        (_("Last month"), last_month, month - dt.timedelta(days=1)),
        (_("This year"), year, today),
        (_("Last year"), last_year, year - dt.timedelta(days=1)),
    ]
    return [
        (label, f"{url}?{urlencode({'du': start.isoformat(), 'au': end.isoformat()})}")
        for label, start, end in periods
    ]


def _bars(rows: list[Any], attr: str) -> list[dict[str, Any]]:
    """Each row's value and its bar's width (percent of the largest value)."""
    values = [getattr(row, attr) for row in rows]
    top = max(values, default=0) or 1
    return [
        {"label": row.label, "value": value, "width": round(100 * value / top, 1)}
        for row, value in zip(rows, values, strict=True)
    ]


def _report_charts(report: reports.ActivityReport) -> list[dict[str, Any]]:
    first_and_returning = [
        reports.Row("first", _("First-time people"), people=report.first_time),
        reports.Row("returning", _("Returning people"), people=report.returning),
    ]
    return [
        {"id": "kind", "title": _("Sessions by kind"), "unit": _("Sessions"),
         "bars": _bars(report.by_kind, "sessions")},
        {"id": "kind-hours", "title": _("Hours by kind"), "unit": _("Hours"),
         "bars": _bars(report.by_kind, "hours")},
        {"id": "public-people", "title": _("People present by public"),
         "unit": _("People"), "bars": _bars(report.by_public, "people")},
        {"id": "public-sessions", "title": _("Sessions by public addressed"),
         "unit": _("Sessions"), "bars": _bars(report.by_public[:-1], "sessions")},
        {"id": "service-sessions", "title": _("Sessions by service"), "unit": _("Sessions"),
         "bars": _bars(report.by_service, "sessions")},
        {"id": "service-people", "title": _("People present by service"),
         "unit": _("People"), "bars": _bars(report.by_service, "people")},
        {"id": "returning", "title": _("First-time and returning people"),
         "unit": _("People"), "bars": _bars(first_and_returning, "people")},
    ]  # fmt: skip


TIMELINE_FORMATS = {  # the table's label, the axis' shorter one
    "day": ("DATE_FORMAT", "j"),
    "week": ("DATE_FORMAT", "j M"),
    "month": ("F Y", "M"),
    "year": ("Y", "Y"),
}
TIMELINE_TITLES = {
    "day": _lazy("Sessions per day, by kind"),
    "week": _lazy("Sessions per week, by kind"),
    "month": _lazy("Sessions per month, by kind"),
    "year": _lazy("Sessions per year, by kind"),
}
TIMELINE_HEADERS = {
    "day": _lazy("Day"),
    "week": _lazy("Week of"),
    "month": _lazy("Month"),
    "year": _lazy("Year"),
}


def _timeline_chart(report: reports.ActivityReport) -> charts.Chart:
    """Sessions over the period, stacked by kind (the kinds held in the period only)."""
    unit = report.timeline_unit
    long, short = TIMELINE_FORMATS[unit]
    labels = [date_format(bucket, long) for bucket, _counts in report.timeline]
    held = [kind for kind in EventKind if any(c.get(kind.value) for _b, c in report.timeline)]
    series = [
        charts.Series(
            str(kind.label),
            [
                (label, counts.get(kind.value, 0))
                for label, (_b, counts) in zip(labels, report.timeline, strict=True)
            ],
        )
        for kind in held
    ]
    return charts.stacked_bar_chart(
        str(TIMELINE_TITLES[unit]),
        series,
        label_header=str(TIMELINE_HEADERS[unit]),
        axis_labels=[date_format(bucket, short) for bucket, _counts in report.timeline],
        chart_id="chart-timeline",
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def report(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _reportable_place(request, slug)
    url = reverse("agenda:report", args=[place.slug])
    context: dict[str, Any] = {"place": place, "quick_periods": _quick_periods(place, url)}
    form, start, end = _period(request, place)
    context["form"] = form
    if start is None or end is None:
        return render(request, "agenda/desk/report.html", context, status=BAD_REQUEST)
    activity = reports.activity_report(place=place, start=start, end=end)
    query = urlencode({"du": start.isoformat(), "au": end.isoformat()})
    context |= {
        "report": activity,
        "summary": report_exports.summary_rows(activity),
        "charts": _report_charts(activity),
        "timeline": _timeline_chart(activity),
        "csv_url": f"{reverse('agenda:report-csv', args=[place.slug])}?{query}",
        "xlsx_url": f"{reverse('agenda:report-xlsx', args=[place.slug])}?{query}",
    }
    return render(request, "agenda/desk/report.html", context)


def _export(request: AuthedRequest, slug: str) -> tuple[reports.ActivityReport | None, str]:
    place = _reportable_place(request, slug)
    form, start, end = _period(request, place)
    if start is None or end is None:
        return None, " ".join(str(m) for field in form.errors.values() for m in field)
    return reports.activity_report(place=place, start=start, end=end), ""


def _filename(activity: reports.ActivityReport, ext: str) -> str:
    return f"activite-{activity.place.slug}-{activity.start:%Y%m%d}-{activity.end:%Y%m%d}.{ext}"


def _attachment(response: HttpResponse, activity: reports.ActivityReport, ext: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{_filename(activity, ext)}"'


@login_required
@require_GET
def report_csv(request: AuthedRequest, slug: str) -> HttpResponse:
    activity, errors = _export(request, slug)
    if activity is None:
        return HttpResponse(errors, status=BAD_REQUEST, content_type="text/plain; charset=utf-8")
    return csv_response(report_exports.report_csv(activity), _filename(activity, "csv"))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def report_xlsx(request: AuthedRequest, slug: str) -> HttpResponse:
    activity, errors = _export(request, slug)
    if activity is None:
        return HttpResponse(errors, status=BAD_REQUEST, content_type="text/plain; charset=utf-8")
    response = HttpResponse(report_exports.report_xlsx(activity), content_type=XLSX)
    _attachment(response, activity, "xlsx")
    return response
