"""The concierges' event pages: the place's events with how full they are, scheduling one
event or a series (with a preview of its dates and their conflicts), editing (one event,
or the coming events of its series) and cancelling. Views parse input, call the events
service and choose the response; refusals keep their 4xx status, say why under the field
concerned, and nothing is saved."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from comptoir.agenda import selectors_manage as selectors
from comptoir.agenda.forms_manage import EventEditForm, EventForm, SeriesForm
from comptoir.agenda.models import Event, EventSeries
from comptoir.agenda.services import events as services
from comptoir.community import permissions
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422


def _place_or_404(slug: str) -> Place:
    try:
        return place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _schedulable_place(request: AuthedRequest, slug: str) -> Place:
    place = _place_or_404(slug)
    if not permissions.can_schedule_events(request.user, place.pk):
        raise PermissionDenied
    return place


def _editable_event(request: AuthedRequest, pk: int) -> Event:
    event = (
        Event.objects.select_related("place", "place__network", "space", "series")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    return event


def _refused(request: AuthedRequest, message: str, status: int, place: Place) -> HttpResponse:
    context = {"message": message, "place": place}
    return render(request, "agenda/manage/refused.html", context, status=status)


def _when(event: Event) -> str:
    tz = ZoneInfo(event.place.timezone)
    return date_format(event.start.astimezone(tz), "l j F Y, H:i")


# --- The place's events ------------------------------------------------------------------


@login_required
@require_GET
def place_manage(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _schedulable_place(request, slug)
    past = request.GET.get("vue") == "passees"
    events = selectors.events_of_place(place=place, now=timezone.now(), past=past)
    page = Paginator(events, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"place": place, "past": past, "page": page, "rows": selectors.event_rows(page)}
    template = "agenda/manage/place_manage.html"
    if request.htmx:
        template += "#event-rows"
    return render(request, template, context)


# --- One event -----------------------------------------------------------------------------


def _form_page(
    request: AuthedRequest, template: str, status: int = 200, **context: Any
) -> HttpResponse:
    form = context["form"]
    context.setdefault("error", form.first_error() if form.is_bound and form.errors else "")
    return render(request, f"agenda/manage/{template}", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _schedulable_place(request, slug)
    if request.method == "GET":
        form = EventForm(place=place)
        return _form_page(request, "event_form.html", form=form, place=place)
    form = EventForm(request.POST, place=place)
    if not form.is_valid():
        return _form_page(request, "event_form.html", INVALID, form=form, place=place)
    try:
        event = services.event_create(place=place, by=request.user, data=form.event_input())
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return _form_page(
            request, "event_form.html", error.status, form=form, place=place, error=error.message
        )
    messages.success(
        request,
        _("Scheduled: %(title)s, %(when)s.") % {"title": event.title, "when": _when(event)},
    )
    return redirect("agenda:place-manage", slug=place.slug)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _editable_event(request, pk)
    place = event.place
    if event.is_cancelled:
        return _refused(request, _("This event has been cancelled."), 409, place)
    now = timezone.now()
    in_series = selectors.coming_in_series(event, now) > 0
    context: dict[str, Any] = {"place": place, "event": event, "in_series": in_series}
    if request.method == "GET":
        form = EventEditForm(
            initial=EventForm.initial_for(event),
            place=place,
            in_series=in_series,
            organizer_id=event.organizer_person_id,
        )
        return _form_page(request, "event_edit.html", form=form, **context)
    form = EventEditForm(
        request.POST, place=place, in_series=in_series, organizer_id=event.organizer_person_id
    )
    if not form.is_valid():
        return _form_page(request, "event_edit.html", INVALID, form=form, **context)
    data = form.event_input()
    try:
        with transaction.atomic():
            services.event_update(event=event, by=request.user, data=data, now=now)
            updated = 1
            if in_series and form.for_series and event.series is not None:
                changes = {name: getattr(data, name) for name in services.SERIES_FIELDS}
                updated = len(
                    services.series_update(
                        series=event.series, by=request.user, changes=changes, now=now
                    )
                )
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return _form_page(
            request, "event_edit.html", error.status, form=form, error=error.message, **context
        )
    if in_series and form.for_series:
        message = ngettext(
            "%(count)s event of the series updated.",
            "%(count)s events of the series updated.",
            updated,
        ) % {"count": updated}
    else:
        message = _("Updated: %(title)s.") % {"title": data.title}
    messages.success(request, message)
    return _after_edit(request, event)


def _after_edit(request: AuthedRequest, event: Event) -> HttpResponse:
    """Back to the concierges' list, or for an organizer who is not one, to the event."""
    if permissions.can_schedule_events(request.user, event.place_id):
        return redirect("agenda:place-manage", slug=event.place.slug)
    try:
        return redirect(reverse("agenda:event", args=[event.pk]))
    except NoReverseMatch:
        return redirect("core:home")


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    """A confirmation step saying how many people will be told, then the cancellation."""
    event = _editable_event(request, pk)
    place = event.place
    if event.is_cancelled:
        return _refused(request, _("This event has been cancelled."), 409, place)
    if request.method == "GET":
        context = {
            "place": place,
            "event": event,
            "told": selectors.people_to_tell(event),
            "to_call": selectors.people_to_call(event),
        }
        return render(request, "agenda/manage/event_cancel.html", context)
    told = selectors.people_to_tell(event)
    try:
        services.event_cancel(event=event, by=request.user)
    except DomainError as error:
        return _refused(request, error.message, error.status, place)
    message = ngettext(
        "Cancelled: %(title)s. %(count)s person will be told.",
        "Cancelled: %(title)s. %(count)s people will be told.",
        told,
    ) % {"title": event.title, "count": told}
    messages.success(request, message)
    return _after_edit(request, event)


# --- Series --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: AuthedRequest, slug: str) -> HttpResponse:
    """First each date with what is in its way, then the free dates only are scheduled."""
    place = _schedulable_place(request, slug)
    if request.method == "GET":
        form = SeriesForm(place=place)
        return _form_page(request, "series_form.html", form=form, place=place)
    form = SeriesForm(request.POST, place=place)
    if not form.is_valid():
        return _form_page(request, "series_form.html", INVALID, form=form, place=place)
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
            return _form_page(
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
        return _form_page(
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
    series = EventSeries.objects.select_related("place").filter(pk=pk).first()
    if series is None:
        raise Http404
    place = series.place
    if not permissions.can_schedule_events(request.user, place.pk):
        raise PermissionDenied
    now = timezone.now()
    coming = list(series.events.scheduled().filter(start__gt=now).order_by("start"))
    if not coming:
        return _refused(request, _("No event of this series is still to come."), 409, place)
    context: dict[str, Any] = {"place": place, "series": series, "coming": coming}
    if request.method == "GET":
        form = EventForm(initial=EventForm.initial_for(coming[0]), place=place)
        return _form_page(request, "series_edit.html", form=form, **context)
    form = EventForm(request.POST, place=place)
    # The dates stay each event's own: the first coming event's are the form's.
    for name in ("date", "start_time", "end_time", "end_date", "space"):
        form.fields[name].required = False
    if not form.is_valid():
        return _form_page(request, "series_edit.html", INVALID, form=form, **context)
    data = form.cleaned_data
    changes = {name: data[name] for name in services.SERIES_FIELDS if name in data}
    changes["price_cents"] = data["price"]
    changes["publics"] = list(data["publics"])
    changes["services"] = list(data["services"])
    try:
        updated = services.series_update(series=series, by=request.user, changes=changes, now=now)
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return _form_page(
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
