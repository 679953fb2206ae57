"""Booking pages: the week of a resource, the day of a place, the booking form with its
confirmation step, my bookings, and the trainings of a place. Views parse input, call one
service, and choose the response: the page, or for htmx its named partial; refusals keep
their 4xx status and say why, with nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.bookings import selectors, services
from comptoir.bookings.charging import describe
from comptoir.bookings.forms import BookingForm, GrantForm, LocalDateTimeField
from comptoir.bookings.models import Booking, Resource
from comptoir.bookings.pricing import hours_label
from comptoir.community import permissions
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.places.models import Place

BAD_REQUEST = 400
INVALID = 422


def _place_or_404(slug: str) -> Place:
    try:
        return selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _resource_or_404(place: Place, slug: str) -> Resource:
    try:
        return selectors.resource_get(place=place, slug=slug)
    except Resource.DoesNotExist as missing:
        raise Http404 from missing


def _refused(request: AuthedRequest, message: str, status: int, **context: Any) -> HttpResponse:
    """A refusal where the page asked for cannot be shown (a bad week or day, …)."""
    context["message"] = message
    return render(request, "bookings/refused.html", context, status=status)


def _week_url(resource: Resource, monday: dt.date) -> str:
    url = reverse("bookings:resource-week", args=[resource.place.slug, resource.slug])
    return f"{url}?{urlencode({'semaine': selectors.week_label(monday)})}"


# --- Week of a resource, day of a place -----------------------------------------------------


@login_required
@require_GET
def resource_week(request: AuthedRequest, slug: str, resource_slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    resource = _resource_or_404(place, resource_slug)
    now = timezone.now()
    today = now.astimezone(ZoneInfo(place.timezone)).date()
    try:
        monday = selectors.parse_week(request.GET.get("semaine"), today)
    except ValueError:
        message = _("“%(value)s” is not a week: write it like 2026-W10.") % {
            "value": request.GET.get("semaine", "")
        }
        return _refused(request, message, BAD_REQUEST, place=place)
    previous, following = monday - dt.timedelta(days=7), monday + dt.timedelta(days=7)
    context = {
        "place": place,
        "resource": resource,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "week": selectors.week_label(monday),
        "previous_url": _week_url(resource, previous),
        "next_url": _week_url(resource, following),
        "grid": selectors.week_grid(resource=resource, monday=monday, viewer=request.user, now=now),
        "sees_names": permissions.sees_who_booked(request.user, place.pk),
    }
    template = "bookings/resource_week.html"
    if request.htmx:
        template += "#week-grid"
    return render(request, template, context)


def _day_url(place: Place, day: dt.date) -> str:
    url = reverse("bookings:place-day", args=[place.slug])
    return f"{url}?{urlencode({'jour': day.isoformat()})}"


@login_required
@require_GET
def place_day(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    now = timezone.now()
    value = request.GET.get("jour")
    try:
        day = selectors.parse_day(value, now.astimezone(ZoneInfo(place.timezone)).date())
    except ValueError:
        message = _("“%(value)s” is not a day: write it like 2026-03-02.") % {"value": value}
        return _refused(request, message, BAD_REQUEST, place=place)
    grid = selectors.day_grid(place=place, day=day, viewer=request.user, now=now)
    context = {
        "place": place,
        "day": day,
        "previous_url": _day_url(place, day - dt.timedelta(days=1)),
        "next_url": _day_url(place, day + dt.timedelta(days=1)),
        "week": selectors.week_label(selectors.week_monday(day)),
        "grid": grid,
        "sees_names": permissions.sees_who_booked(request.user, place.pk),
    }
    template = "bookings/place_day.html"
    if request.htmx:
        template += "#day-grid"
    return render(request, template, context)


# --- Booking form and its confirmation step -------------------------------------------------


def _booking_form(request: AuthedRequest, resource: Resource, data: Any = None) -> BookingForm:
    tz = ZoneInfo(resource.place.timezone)
    organizations = selectors.partner_organizations(person=request.user, resource=resource)
    if data is not None:
        return BookingForm(data, tz=tz, organizations=organizations)
    initial = {}
    parse = LocalDateTimeField(tz=tz)
    for param, name in (("debut", "start"), ("fin", "end")):
        try:
            initial[name] = parse.clean(request.GET.get(param, ""))
        except ValidationError:
            continue  # A bad or missing prefill leaves the field empty.
    return BookingForm(initial=initial, tz=tz, organizations=organizations)


def _book_page(
    request: AuthedRequest,
    resource: Resource,
    form: BookingForm,
    *,
    quote: Any = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "place": resource.place,
        "resource": resource,
        "form": form,
        "quote": quote,
        "included": hours_label(quote.included_minutes) if quote is not None else "",
        "error": error,
    }
    return render(request, "bookings/book.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def book(request: AuthedRequest, slug: str, resource_slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    resource = _resource_or_404(place, resource_slug)
    if request.method == "GET":
        return _book_page(request, resource, _booking_form(request, resource))
    form = _booking_form(request, resource, request.POST)
    if not form.is_valid():
        return _book_page(request, resource, form, error=form.first_error(), status=INVALID)
    data = form.cleaned_data
    kwargs = {
        "resource": resource,
        "person": request.user,
        "start": data["start"],
        "end": data["end"],
        "by": request.user,
        "organization": data.get("organization"),
    }
    try:
        if not data["confirm"]:
            # First step: what it would cost, nothing written yet.
            quote = services.booking_quote(**kwargs)
            return _book_page(request, resource, form, quote=quote)
        booking = services.booking_create(**kwargs, title=data["title"])
    except DomainError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            form.add_error(None, error.message)
        return _book_page(request, resource, form, error=error.message, status=error.status)
    messages.success(request, _("Booked: %(booking)s.") % {"booking": describe(booking)})
    local = booking.start.astimezone(ZoneInfo(place.timezone)).date()
    return redirect(_week_url(resource, selectors.week_monday(local)))


# --- My bookings ----------------------------------------------------------------------------


@login_required
@require_GET
def my_bookings(request: AuthedRequest) -> HttpResponse:
    now = timezone.now()
    past = request.GET.get("vue") == "passees"
    bookings = selectors.bookings_of_person(person=request.user, now=now, past=past)
    page = Paginator(bookings, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": selectors.booking_rows(page, now=now), "past": past}
    template = "bookings/my_bookings.html"
    if request.htmx:
        template += "#booking-rows"
    return render(request, template, context)


@login_required
@require_POST
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        booking = selectors.booking_get_manageable(pk=pk, user=request.user)
    except Booking.DoesNotExist as missing:
        raise Http404 from missing
    try:
        services.booking_cancel(booking=booking, by=request.user)
    except DomainError as error:
        return _refused(request, error.message, error.status)
    messages.success(request, _("Cancelled: %(booking)s.") % {"booking": describe(booking)})
    return redirect("bookings:my-bookings")


# --- Trainings ------------------------------------------------------------------------------


def _trainings_page(
    request: AuthedRequest, place: Place, form: GrantForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "place": place,
        "trainings": selectors.trainings_of_place(place=place),
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "bookings/trainings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def trainings(request: AuthedRequest, slug: str) -> HttpResponse:
    """Concierges and trainers: who holds each training, and recording a new one."""
    place = _place_or_404(slug)
    today = timezone.localdate()
    grantable = selectors.trainings_grantable_by(place=place, user=request.user, today=today)
    concierge = permissions.is_concierge(request.user, place.pk)
    if not concierge and not grantable.exists():
        raise PermissionDenied
    if request.method == "GET":
        form = GrantForm(initial={"granted_on": today}, trainings=grantable, concierge=concierge)
        return _trainings_page(request, place, form)
    form = GrantForm(request.POST, trainings=grantable, concierge=concierge)
    if not form.is_valid():
        return _trainings_page(request, place, form, status=INVALID)
    data = form.cleaned_data
    try:
        qualification = services.qualification_grant(
            person=data["email"],
            training=data["training"],
            by=request.user,
            granted_on=data["granted_on"],
            can_train=data.get("can_train", False),
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _trainings_page(request, place, form, status=error.status)
    messages.success(
        request,
        _("%(person)s holds the training “%(training)s”.")
        % {"person": qualification.person.display_name, "training": qualification.training.name},
    )
    return redirect("bookings:trainings", slug=place.slug)
