"""The concierges' event pages: the place's events with how full they are, scheduling one
event, editing it (or with it the coming events of its series) and cancelling it; the
series pages are in `series`, on the helpers here. Views parse input, call the events
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
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from comptoir.agenda.forms.manage import EventEditForm, EventForm
from comptoir.agenda.models import Event, EventSeries
from comptoir.agenda.selectors import manage as selectors
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


def schedulable_place(request: AuthedRequest, slug: str) -> Place:
    place = _place_or_404(slug)
    if not permissions.can_schedule_events(request.user, place.pk):
        raise PermissionDenied
    return place


def schedulable_series(request: AuthedRequest, pk: int) -> EventSeries:
    series = selectors.series_get(pk=pk)
    if series is None:
        raise Http404
    if not permissions.can_schedule_events(request.user, series.place_id):
        raise PermissionDenied
    return series


def _editable_event(request: AuthedRequest, pk: int) -> Event:
    event = selectors.event_for_edit(pk=pk)
    if event is None:
        raise Http404
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    return event


def refused(request: AuthedRequest, message: str, status: int, place: Place) -> HttpResponse:
    context = {"message": message, "place": place}
    return render(request, "agenda/manage/refused.html", context, status=status)


def _when(event: Event) -> str:
    tz = ZoneInfo(event.place.timezone)
    return date_format(event.start.astimezone(tz), "l j F Y, H:i")


# --- The place's events ------------------------------------------------------------------


@login_required
@require_GET
def place_manage(request: AuthedRequest, slug: str) -> HttpResponse:
    place = schedulable_place(request, slug)
    past = request.GET.get("vue") == "passees"
    events = selectors.events_of_place(place=place, now=timezone.now(), past=past)
    page = Paginator(events, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"place": place, "past": past, "page": page, "rows": selectors.event_rows(page)}
    template = "agenda/manage/place_manage.html"
    if request.htmx:
        template += "#event-rows"
    return render(request, template, context)


# --- One event -----------------------------------------------------------------------------


def form_page(
    request: AuthedRequest, template: str, status: int = 200, **context: Any
) -> HttpResponse:
    form = context["form"]
    context.setdefault("error", form.first_error() if form.is_bound and form.errors else "")
    return render(request, f"agenda/manage/{template}", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = schedulable_place(request, slug)
    if request.method == "GET":
        form = EventForm(place=place)
        return form_page(request, "event_form.html", form=form, place=place)
    form = EventForm(request.POST, place=place)
    if not form.is_valid():
        return form_page(request, "event_form.html", INVALID, form=form, place=place)
    try:
        event = services.event_create(place=place, by=request.user, data=form.event_input())
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return form_page(
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
        return refused(request, _("This event has been cancelled."), 409, place)
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
        return form_page(request, "event_edit.html", form=form, **context)
    form = EventEditForm(
        request.POST, place=place, in_series=in_series, organizer_id=event.organizer_person_id
    )
    if not form.is_valid():
        return form_page(request, "event_edit.html", INVALID, form=form, **context)
    data = form.event_input()
    try:
        updated = services.event_update_with_series(
            event=event, by=request.user, data=data, series_too=form.for_series, now=now
        )
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return form_page(
            request, "event_edit.html", error.status, form=form, error=error.message, **context
        )
    if form.for_series:
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
        return redirect("home:home")


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    """A confirmation step saying how many people will be told, then the cancellation."""
    event = _editable_event(request, pk)
    place = event.place
    if event.is_cancelled:
        return refused(request, _("This event has been cancelled."), 409, place)
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
        return refused(request, error.message, error.status, place)
    message = ngettext(
        "Cancelled: %(title)s. %(count)s person will be told.",
        "Cancelled: %(title)s. %(count)s people will be told.",
        told,
    ) % {"title": event.title, "count": told}
    messages.success(request, message)
    return _after_edit(request, event)
