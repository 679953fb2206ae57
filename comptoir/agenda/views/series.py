"""The concierges' series pages: scheduling a series (first each date with what is in its
way, then the free dates only), editing what its coming events share, and cancelling
what is left of it (a cycle of workshops stopped half-way)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from comptoir.agenda.forms.manage import EventForm, SeriesForm
from comptoir.agenda.selectors import manage as selectors
from comptoir.agenda.services import events as services
from comptoir.agenda.views.manage import (
    INVALID,
    form_page,
    refused,
    schedulable_place,
    schedulable_series,
)
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: AuthedRequest, slug: str) -> HttpResponse:
    """First each date with what is in its way, then the free dates only are scheduled."""
    place = schedulable_place(request, slug)
    if request.method == "GET":
        form = SeriesForm(place=place)
        return form_page(request, "series_form.html", form=form, place=place)
    form = SeriesForm(request.POST, place=place)
    if not form.is_valid():
        return form_page(request, "series_form.html", INVALID, form=form, place=place)
    kwargs = form.series_kwargs()
    try:
        if not form.cleaned_data["confirm"]:
            preview = services.series_preview(place=place, by=request.user, **kwargs)
            hidden = [
                (name, value)
                for name, values in request.POST.lists()
                if name not in ("csrfmiddlewaretoken", "confirm")
                for value in values
            ]
            free = sum(1 for occurrence in preview if not occurrence.conflict)
            return form_page(
                request,
                "series_form.html",
                form=form,
                place=place,
                preview=preview,
                free_count=free,
                hidden=hidden,
            )
        series, events, skipped = services.series_create(
            place=place, by=request.user, skip_conflicts=True, **kwargs
        )
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return form_page(
            request, "series_form.html", error.status, form=form, place=place, error=error.message
        )
    message = ngettext(
        "%(count)s event of “%(title)s” scheduled.",
        "%(count)s events of “%(title)s” scheduled.",
        len(events),
    ) % {"count": len(events), "title": series.title}
    if skipped:
        tz = ZoneInfo(place.timezone)
        message += " " + _("Not scheduled: %(dates)s.") % {
            "dates": "; ".join(
                f"{date_format(o.start.astimezone(tz), 'j F')} ({o.conflict.rstrip('.')})"
                for o in skipped
            )
        }
    messages.success(request, message)
    return redirect("agenda:place-manage", slug=place.slug)


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The fields the coming events of a series share (not their dates nor space)."""
    series = schedulable_series(request, pk)
    place = series.place
    now = timezone.now()
    coming = selectors.series_coming(series, now)
    if not coming:
        return refused(request, _("No event of this series is still to come."), 409, place)
    context: dict[str, Any] = {"place": place, "series": series, "coming": coming}
    if request.method == "GET":
        form = EventForm(initial=EventForm.initial_for(coming[0]), place=place)
        return form_page(request, "series_edit.html", form=form, **context)
    form = EventForm(request.POST, place=place)
    # The dates stay each event's own: the first coming event's are the form's.
    for name in ("date", "start_time", "end_time", "end_date", "space"):
        form.fields[name].required = False
    if not form.is_valid():
        return form_page(request, "series_edit.html", INVALID, form=form, **context)
    changes = form.series_changes()
    try:
        updated = services.series_update(series=series, by=request.user, changes=changes, now=now)
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return form_page(
            request, "series_edit.html", error.status, form=form, error=error.message, **context
        )
    messages.success(
        request,
        ngettext(
            "%(count)s event of the series updated.",
            "%(count)s events of the series updated.",
            len(updated),
        )
        % {"count": len(updated)},
    )
    return redirect("agenda:place-manage", slug=place.slug)


@login_required
@require_http_methods(["GET", "POST"])
def series_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    """A confirmation listing the coming dates and who will be told, then every coming
    event is cancelled in one transaction."""
    series = schedulable_series(request, pk)
    place = series.place
    now = timezone.now()
    coming = selectors.series_coming_with_people(series, now)
    context = {"place": place, "series": series, "coming": coming}
    context["to_call"] = selectors.people_to_call_among(coming)
    if not coming:
        context["message"] = _("No event of this series is still to come.")
        return render(request, "agenda/manage/refused.html", context, status=409)
    if request.method == "GET":
        return render(request, "agenda/manage/series_cancel.html", context)
    try:
        cancelled = services.series_cancel(series=series, by=request.user, now=now)
    except DomainError as error:
        context["message"] = error.message
        return render(request, "agenda/manage/refused.html", context, status=error.status)
    messages.success(
        request,
        ngettext(
            "%(count)s event of the series cancelled; the people registered are told.",
            "%(count)s events of the series cancelled; the people registered are told.",
            len(cancelled),
        )
        % {"count": len(cancelled)},
    )
    return redirect("agenda:place-manage", slug=place.slug)
