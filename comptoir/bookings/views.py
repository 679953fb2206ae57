"""Booking pages: the week of a resource, the day of a place, the booking form with its
confirmation step (once, or every N weeks), my bookings with moving and the waitlist, and
the trainings of a place. Views parse input, call one
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
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.bookings import (
    feed_services,
    rules,
    selectors,
    series,
    services,
    training_requests,
    waitlist,
)
from comptoir.bookings import resources as resource_services
from comptoir.bookings.charging import describe
from comptoir.bookings.exceptions import ResourceFull, SlotTaken, TrainingRequired
from comptoir.bookings.forms import (
    BookingForm,
    GrantForm,
    LocalDateTimeField,
    ResourceForm,
    SlotForm,
    TrainingDeclineForm,
    TrainingRequestForm,
)
from comptoir.bookings.models import Booking, Resource, Training, TrainingRequest, WaitlistEntry
from comptoir.bookings.pricing import hours_label
from comptoir.community import permissions
from comptoir.community.forms import add_validation_error
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.http import AuthedRequest
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

BAD_REQUEST = 400
INVALID = 422


def _place_or_404(slug: str) -> Place:
    try:
        return place_selectors.place_get(slug=slug)
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


def _slot_label(resource: Resource, start: dt.datetime, end: dt.datetime) -> str:
    """“Salle Jaune, lundi 3 mars 10:00–11:30”, as `charging.describe` says a booking."""
    tz = ZoneInfo(resource.place.timezone)
    start, end = start.astimezone(tz), end.astimezone(tz)
    return _("%(resource)s, %(day)s %(start)s–%(end)s") % {
        "resource": resource.name,
        "day": date_format(start.date(), "l j F"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


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
    asked = request.GET.get("semaine")
    try:
        monday = selectors.parse_week(asked, today)
    except ValueError:
        message = _("“%(value)s” is not a week: write it like 2026-W10.") % {"value": asked}
        return _refused(request, message, BAD_REQUEST, place=place)
    if asked:
        grid = selectors.week_grid(resource=resource, monday=monday, viewer=request.user, now=now)
    else:
        monday, grid = selectors.week_to_show(
            resource=resource, today=today, viewer=request.user, now=now
        )
    previous, following = monday - dt.timedelta(days=7), monday + dt.timedelta(days=7)
    context = {
        "place": place,
        "resource": resource,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "week": selectors.week_label(monday),
        "previous_url": _week_url(resource, previous),
        "next_url": _week_url(resource, following),
        "grid": grid,
        "sees_names": permissions.sees_who_booked(request.user, place.pk),
        "mark": selectors.training_mark(resource=resource, viewer=request.user, day=today),
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
    if "start" not in initial:
        # No slot chosen: the next one the person may book (issue 14: not a past week).
        cell = selectors.next_bookable(resource=resource, viewer=request.user, now=timezone.now())
        if cell is not None:
            initial["start"], initial["end"] = cell.start, cell.book_end
    elif "end" not in initial:
        initial["end"] = initial["start"] + dt.timedelta(minutes=rules.usual_length(resource))
    return BookingForm(initial=initial, tz=tz, organizations=organizations)


def _book_page(
    request: AuthedRequest,
    resource: Resource,
    form: BookingForm,
    *,
    quote: Any = None,
    preview: list[series.Occurrence] | None = None,
    refusal: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "place": resource.place,
        "resource": resource,
        "form": form,
        "quote": quote,
        "preview": preview,
        "free_count": sum(1 for o in preview if o.is_free) if preview is not None else 0,
        "included": hours_label(quote.included_minutes) if quote is not None else "",
        **_refusal_context(form, refusal),
    }
    return render(request, "bookings/book.html", context, status=status)


def _check_the_fields() -> str:
    return _("Check the field marked below.")


def _said_once(form: Any, refusal: DomainError | None) -> str:
    """The alert above the fields, each problem said once (issue 14: a refusal was said in
    the alert and again under its field): a shape error or a refusal tied to a field is
    said under that field, the alert only points there; any other refusal is the alert."""
    if refusal is None:
        return _check_the_fields() if form.is_bound and form.errors else ""
    if refusal.field in form.fields:
        form.add_error(refusal.field, refusal.message)
        return _check_the_fields()
    return refusal.message


def _refusal_context(form: BookingForm, refusal: DomainError | None) -> dict[str, Any]:
    """What the booking page says about what went wrong, with what to do next: the
    waitlist for a taken slot, the request for a missing training (said in the alert,
    next to the action it calls for)."""
    if isinstance(refusal, SlotTaken | ResourceFull) and form.is_valid():
        slot = (form.cleaned_data["start"], form.cleaned_data["end"])
        return {"error": refusal.message, "waitlist_slot": slot}
    if isinstance(refusal, TrainingRequired):
        return {"error": refusal.message, "training": refusal.training}
    return {"error": _said_once(form, refusal)}


@login_required
@require_http_methods(["GET", "POST"])
def book(request: AuthedRequest, slug: str, resource_slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    resource = _resource_or_404(place, resource_slug)
    if request.method == "GET":
        return _book_page(request, resource, _booking_form(request, resource))
    form = _booking_form(request, resource, request.POST)
    if not form.is_valid():
        # Said where it is: under its field, or above the fields for the whole form.
        return _book_page(request, resource, form, status=INVALID)
    if form.repeats:
        return _book_series(request, resource, form)
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
        return _book_page(request, resource, form, refusal=error, status=error.status)
    messages.success(request, _("Booked: %(booking)s.") % {"booking": describe(booking)})
    local = booking.start.astimezone(ZoneInfo(place.timezone)).date()
    return redirect(_week_url(resource, selectors.week_monday(local)))


def _book_series(request: AuthedRequest, resource: Resource, form: BookingForm) -> HttpResponse:
    """The same slot every N weeks: first each date with what stops it and the price of one,
    then the free ones are booked and the page says which were not, and why."""
    data = form.cleaned_data
    kwargs = {
        "resource": resource,
        "person": request.user,
        "start": data["start"],
        "end": data["end"],
        "interval_weeks": data["repeat_weeks"],
        "until": data["repeat_until"],
        "by": request.user,
        "organization": data.get("organization"),
        "title": data["title"],
    }
    try:
        if not data["confirm"]:
            preview = series.series_preview(**kwargs)
            free = next((o for o in preview if o.is_free), None)
            quote = None
            if free is not None:
                quote = services.booking_quote(
                    resource=resource,
                    person=request.user,
                    start=free.start,
                    end=free.end,
                    by=request.user,
                )
            return _book_page(request, resource, form, quote=quote, preview=preview)
        _series, result = series.series_create(**kwargs)
    except DomainError as error:
        return _book_page(request, resource, form, refusal=error, status=error.status)
    booked = [o for o in result if o.booking is not None]
    refused = [o for o in result if o.booking is None]
    tz = ZoneInfo(resource.place.timezone)
    if refused:
        reasons = "; ".join(
            f"{date_format(o.start.astimezone(tz).date(), 'j F')}: {o.problem}" for o in refused
        )
        summary = _("%(booked)s booked, %(refused)s not (%(reasons)s).") % {
            "booked": len(booked),
            "refused": len(refused),
            "reasons": reasons,
        }
    else:
        summary = ngettext("%(count)s date booked.", "%(count)s dates booked.", len(booked)) % {
            "count": len(booked)
        }
    (messages.success if booked else messages.warning)(request, summary)
    local = data["start"].astimezone(tz).date()
    return redirect(_week_url(resource, selectors.week_monday(local)))


# --- My bookings ----------------------------------------------------------------------------


@login_required
@require_GET
def my_bookings(request: AuthedRequest) -> HttpResponse:
    now = timezone.now()
    past = request.GET.get("vue") == "passees"
    bookings = selectors.bookings_of_person(person=request.user, now=now, past=past)
    page = Paginator(bookings, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page": page,
        "rows": selectors.booking_rows(page, now=now),
        "past": past,
    }
    template = "bookings/my_bookings.html"
    if request.htmx:
        template += "#booking-rows"
    elif not past:
        context["waitlist"] = list(selectors.waitlist_of_person(person=request.user, now=now))
        context["feeds"] = list(selectors.calendar_feeds_of_person(person=request.user))
    return render(request, template, context)


@login_required
@require_POST
def calendar_feed_create(request: AuthedRequest) -> HttpResponse:
    """A private calendar address for my bookings, shown once (only its hash is kept)."""
    _feed, secret = feed_services.calendar_feed_create(person=request.user, by=request.user)
    address = request.build_absolute_uri(reverse("booking_feeds:person-feed", args=[secret]))
    messages.success(
        request,
        _("Your calendar address (copy it now, it will not be shown again): %(address)s")
        % {"address": address},
    )
    return redirect("bookings:my-bookings")


@login_required
@require_POST
def calendar_feed_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    feed = selectors.calendar_feeds_of_person(person=request.user).filter(pk=pk).first()
    if feed is None:
        raise Http404
    feed_services.calendar_feed_revoke(feed=feed, by=request.user)
    messages.success(request, _("This calendar address no longer works."))
    return redirect("bookings:my-bookings")


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


def _move_page(
    request: AuthedRequest,
    booking: Booking,
    form: SlotForm,
    *,
    quote: Any = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "booking": booking,
        "resource": booking.resource,
        "place": booking.resource.place,
        "current": describe(booking),
        "form": form,
        "quote": quote,
        "included": hours_label(quote.included_minutes) if quote is not None else "",
        "error": error,
    }
    return render(request, "bookings/move.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def move(request: AuthedRequest, pk: int) -> HttpResponse:
    """A new slot for a booking: its price first, then the move (until the deadline, which
    the service checks)."""
    try:
        booking = selectors.booking_get_manageable(pk=pk, user=request.user)
    except Booking.DoesNotExist as missing:
        raise Http404 from missing
    tz = ZoneInfo(booking.resource.place.timezone)
    if request.method == "GET":
        form = SlotForm(initial={"start": booking.start, "end": booking.end}, tz=tz)
        return _move_page(request, booking, form)
    form = SlotForm(request.POST, tz=tz)
    if not form.is_valid():
        return _move_page(request, booking, form, error=_said_once(form, None), status=INVALID)
    data = form.cleaned_data
    try:
        if not data["confirm"]:
            quote = services.booking_quote(
                resource=booking.resource,
                person=booking.person,
                start=data["start"],
                end=data["end"],
                by=request.user,
                organization=booking.organization,
                moving=booking,
            )
            return _move_page(request, booking, form, quote=quote)
        booking = services.booking_move(
            booking=booking, start=data["start"], end=data["end"], by=request.user
        )
    except DomainError as error:
        message = _said_once(form, error)
        return _move_page(request, booking, form, error=message, status=error.status)
    messages.success(request, _("Moved: %(booking)s.") % {"booking": describe(booking)})
    return redirect("bookings:my-bookings")


# --- Waitlist -------------------------------------------------------------------------------


@login_required
@require_POST
def waitlist_join(request: AuthedRequest, slug: str, resource_slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    resource = _resource_or_404(place, resource_slug)
    form = SlotForm(request.POST, tz=ZoneInfo(place.timezone))
    if not form.is_valid():
        return _refused(request, form.first_error(), INVALID, place=place)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    try:
        waitlist.waitlist_join(
            resource=resource, person=request.user, start=start, end=end, by=request.user
        )
    except DomainError as error:
        return _refused(request, error.message, error.status, place=place)
    messages.success(
        request,
        _("You are on the waitlist for %(slot)s: if it frees, it is offered to you.")
        % {"slot": _slot_label(resource, start, end)},
    )
    local = start.astimezone(ZoneInfo(place.timezone)).date()
    return redirect(_week_url(resource, selectors.week_monday(local)))


def _own_entry_or_404(request: AuthedRequest, pk: int) -> WaitlistEntry:
    try:
        return selectors.waitlist_entry_get_own(pk=pk, user=request.user)
    except WaitlistEntry.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@require_POST
def waitlist_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = _own_entry_or_404(request, pk)
    try:
        waitlist.waitlist_leave(entry=entry, by=request.user)
    except DomainError as error:
        return _refused(request, error.message, error.status)
    messages.success(
        request,
        _("You left the waitlist for %(slot)s.")
        % {"slot": _slot_label(entry.resource, entry.start, entry.end)},
    )
    return redirect("bookings:my-bookings")


@login_required
@require_POST
def waitlist_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = _own_entry_or_404(request, pk)
    try:
        booking = waitlist.waitlist_confirm(entry=entry, by=request.user)
    except DomainError as error:
        return _refused(request, error.message, error.status)
    messages.success(request, _("Booked: %(booking)s.") % {"booking": describe(booking)})
    return redirect("bookings:my-bookings")


# --- Trainings ------------------------------------------------------------------------------


def _trainings_page(
    request: AuthedRequest,
    place: Place,
    form: GrantForm | None,
    *,
    grantable: Any = None,
    decline_form: TrainingDeclineForm | None = None,
    declining: int | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    context: dict[str, Any] = {
        "place": place,
        "form": form,
        "today": today,
        # Everyone: the place's trainings, what I hold and what I asked for.
        "mine": selectors.trainings_of_person(place=place, person=request.user, today=today),
        "request_form": TrainingRequestForm(),
    }
    if form is not None:
        # Concierges and trainers: who holds each training, and the requests to answer.
        context["trainings"] = selectors.trainings_of_place(place=place)
        context["requests"] = selectors.training_requests_to_answer(
            place=place, grantable=grantable
        )
        context["decline_form"] = decline_form or TrainingDeclineForm()
        context["declining"] = declining
    return render(request, "bookings/trainings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def trainings(request: AuthedRequest, slug: str) -> HttpResponse:
    """Everyone: the place's trainings, what they hold and asking for one (issue 14: a bare
    403 before). Concierges and trainers: who holds each training, recording a new one, and
    the requests to answer."""
    place = _place_or_404(slug)
    today = timezone.localdate()
    desk = selectors.trainings_desk(place=place, user=request.user, today=today)
    if desk is None:
        if request.method == "POST":
            raise PermissionDenied
        return _trainings_page(request, place, None)
    grantable, concierge = desk.grantable, desk.concierge
    if request.method == "GET":
        form = GrantForm(initial={"granted_on": today}, trainings=grantable, concierge=concierge)
        return _trainings_page(request, place, form, grantable=grantable)
    form = GrantForm(request.POST, trainings=grantable, concierge=concierge)
    if not form.is_valid():
        return _trainings_page(request, place, form, grantable=grantable, status=INVALID)
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
        return _trainings_page(request, place, form, grantable=grantable, status=error.status)
    messages.success(
        request,
        _("%(person)s holds the training “%(training)s”.")
        % {"person": qualification.person.display_name, "training": qualification.training.name},
    )
    return redirect("bookings:trainings", slug=place.slug)


@login_required
@require_POST
def training_request(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """I ask for a training; back to the week I came from, or to the trainings page."""
    place = _place_or_404(slug)
    try:
        training = selectors.training_get(place=place, pk=pk)
    except Training.DoesNotExist as missing:
        raise Http404 from missing
    form = TrainingRequestForm(request.POST)
    if not form.is_valid():
        return _refused(request, form.first_error(), INVALID, place=place)
    try:
        training_requests.training_request_create(
            person=request.user,
            training=training,
            by=request.user,
            message=form.cleaned_data["message"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your request for the training “%(training)s” is sent: the concierges will answer.")
            % {"training": training.name},
        )
    back = form.cleaned_data["resource"]
    if back and selectors.resources_of_place(place=place).filter(slug=back).exists():
        return redirect("bookings:resource-week", slug=place.slug, resource_slug=back)
    return redirect("bookings:trainings", slug=place.slug)


def _request_to_answer(request: AuthedRequest, slug: str, pk: int) -> tuple[Place, Any]:
    place = _place_or_404(slug)
    try:
        return place, selectors.training_request_get(place=place, pk=pk)
    except TrainingRequest.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@require_POST
def training_request_grant(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place, asked = _request_to_answer(request, slug, pk)
    try:
        training_requests.training_request_grant(request=asked, by=request.user)
    except NotAllowed as error:
        raise PermissionDenied from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("bookings:trainings", slug=place.slug)
    messages.success(
        request,
        _("%(person)s holds the training “%(training)s”.")
        % {"person": asked.person.display_name, "training": asked.training.name},
    )
    return redirect("bookings:trainings", slug=place.slug)


@login_required
@require_POST
def training_request_decline(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place, asked = _request_to_answer(request, slug, pk)
    desk = selectors.trainings_desk(place=place, user=request.user, today=timezone.localdate())
    if desk is None:
        raise PermissionDenied
    form = TrainingDeclineForm(request.POST)
    if form.is_valid():
        try:
            training_requests.training_request_decline(
                request=asked, by=request.user, answer=form.cleaned_data["answer"]
            )
        except NotAllowed as error:
            raise PermissionDenied from error
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("The request of %(person)s is declined; they are told why.")
                % {"person": asked.person.display_name},
            )
            return redirect("bookings:trainings", slug=place.slug)
    grant = GrantForm(
        initial={"granted_on": timezone.localdate()},
        trainings=desk.grantable,
        concierge=desk.concierge,
    )
    return _trainings_page(
        request,
        place,
        grant,
        grantable=desk.grantable,
        decline_form=form,
        declining=asked.pk,
        status=INVALID,
    )


# --- Bookable resources and their rules (permanent concierges) ------------------------------


def _resources_page(
    request: AuthedRequest, place: Place, form: Any, resource: Resource | None, status: int = 200
) -> HttpResponse:
    context = {
        "place": place,
        "form": form,
        "resource": resource,
        "resources": selectors.resources_to_manage(place=place) if resource is None else None,
    }
    return render(request, "bookings/resource_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request: AuthedRequest, slug: str) -> HttpResponse:
    """The place's bookable resources, and a form to add one."""
    place = _place_or_404(slug)
    if not permissions.can_manage_resources(request.user, place.pk):
        raise PermissionDenied
    if request.method == "GET":
        return _resources_page(request, place, ResourceForm(place=place), None)
    form = ResourceForm(request.POST, place=place)
    if not form.is_valid():
        return _resources_page(request, place, form, None, status=INVALID)
    try:
        created = resource_services.resource_create(
            place=place, by=request.user, **form.service_fields()
        )
    except ValidationError as error:
        add_validation_error(form, error)
        return _resources_page(request, place, form, None, status=INVALID)
    messages.success(request, _("%(resource)s can now be booked.") % {"resource": created.name})
    return redirect("bookings:resources", slug=place.slug)


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: AuthedRequest, slug: str, resource_slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    resource = _resource_or_404(place, resource_slug)
    if not permissions.can_manage_resources(request.user, place.pk):
        raise PermissionDenied
    if request.method == "GET":
        form = ResourceForm(initial=ResourceForm.initial_for(resource), place=place)
        return _resources_page(request, place, form, resource)
    form = ResourceForm(request.POST, place=place)
    if not form.is_valid():
        return _resources_page(request, place, form, resource, status=INVALID)
    try:
        resource_services.resource_update(
            resource=resource, by=request.user, **form.service_fields()
        )
    except ValidationError as error:
        add_validation_error(form, error)
        return _resources_page(request, place, form, resource, status=INVALID)
    messages.success(
        request, _("The rules of %(resource)s are saved.") % {"resource": resource.name}
    )
    return redirect("bookings:resources", slug=place.slug)
