"""The public agenda: the network's and a place's upcoming events (filters in a GET form,
the list refreshed by htmx), an event's page, registering (a member in one click, someone
without an account with a name and an email or a phone), the registration's own page and
its cancellation through the signed link. Anonymous GETs are served from the cache
(`public_cache`); refusals keep their 4xx status and say why, with nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.agenda import jsonld, throttles
from comptoir.agenda.forms.public import AgendaFilterForm, GuestRegistrationForm
from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.public_cache import csrf_context, public_cache
from comptoir.agenda.selectors import public as selectors
from comptoir.agenda.services import registrations
from comptoir.community import permissions
from comptoir.core import mediation
from comptoir.core.exceptions import DomainError
from comptoir.core.http import HtmxRequest
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

BAD_REQUEST = 400
# Words that follow an event's number in other agenda pages (see urls.py).
RESERVED_SLUGS = ("modifier", "annuler", "presences", "inscription")


def event_url(event: Event) -> str:
    """The event's page, with its slug when it has one."""
    if event.slug and event.slug not in RESERVED_SLUGS:
        return reverse("agenda:event-slug", args=[event.pk, event.slug])
    return reverse("agenda:event", args=[event.pk])


def _place_or_404(slug: str) -> Place:
    try:
        return place_selectors.places_public().get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _localise(events: list[Event]) -> list[Event]:
    """Each event's start and end in its place's time zone (for grouping by local day)."""
    zones: dict[str, ZoneInfo] = {}
    for event in events:
        tz = zones.setdefault(event.place.timezone, ZoneInfo(event.place.timezone))
        event.local_start = event.start.astimezone(tz)  # type: ignore[attr-defined]
        event.local_end = event.end.astimezone(tz)  # type: ignore[attr-defined]
        event.url = event_url(event)  # type: ignore[attr-defined]
    return events


def _by_day(events: list[Event]) -> list[dict[str, Any]]:
    """The events grouped by their local day, in order."""
    days: list[dict[str, Any]] = []
    for event in events:
        day = event.local_start.date()  # type: ignore[attr-defined]
        if not days or days[-1]["date"] != day:
            days.append({"date": day, "events": []})
        days[-1]["events"].append(event)
    return days


# --- Agenda lists ----------------------------------------------------------------------------


def _agenda(request: HtmxRequest, place: Place | None) -> HttpResponse:
    form = AgendaFilterForm(request.GET)
    tz = ZoneInfo(place.timezone if place else settings.TIME_ZONE)
    now = timezone.now()
    status = 200
    page, days = None, []
    if form.is_valid():
        start = now
        day = form.cleaned_data["du"]
        if day is not None:
            start = max(now, dt.datetime.combine(day, dt.time.min, tzinfo=tz))
        filters = selectors.AgendaFilters(
            start=start,
            kind=form.cleaned_data["type"],
            public=form.cleaned_data["public"],
            service=form.cleaned_data["service"],
        )
        events = selectors.events_upcoming(filters=filters, place=place)
        page = Paginator(events, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
        days = _by_day(_localise(selectors.with_seats(page.object_list)))
    else:
        status = BAD_REQUEST
    if place is not None:
        action = reverse("agenda:place", args=[place.slug])
        feeds = {
            "ics": reverse("agenda:place-ics", args=[place.slug]),
            "atom": reverse("agenda:place-atom", args=[place.slug]),
        }
    else:
        action = reverse("agenda:network")
        feeds = {"ics": reverse("agenda:network-ics"), "atom": reverse("agenda:network-atom")}
    context = {
        "place": place,
        "form": form,
        "page": page,
        "days": days,
        "action": action,
        "feeds": feeds,
        "filtered": form.is_valid() and any(form.cleaned_data.values()),
        "kinds": EventKind.choices,
        **csrf_context(request),
    }
    template = "agenda/public/agenda.html"
    if request.htmx:
        template += "#event-list"
    return render(request, template, context, status=status)


@require_GET
@public_cache
def network_agenda(request: HtmxRequest) -> HttpResponse:
    return _agenda(request, None)


@require_GET
@public_cache
def place_agenda(request: HtmxRequest, slug: str) -> HttpResponse:
    return _agenda(request, _place_or_404(slug))


# --- Event page and registering --------------------------------------------------------------


def _event_or_404(pk: int) -> Event:
    try:
        return selectors.event_get_public(pk=pk)
    except Event.DoesNotExist as missing:
        raise Http404 from missing


def _registration_open(event: Event, now: dt.datetime) -> bool:
    return (
        event.status == Event.Status.SCHEDULED and event.registration_required and event.start > now
    )


def _event_page(
    request: HtmxRequest,
    event: Event,
    *,
    form: GuestRegistrationForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    seats = selectors.seats_of([event])[event.pk]
    mine = selectors.registration_of(event=event, user=user)
    url = request.build_absolute_uri(event_url(event))
    place_url = request.build_absolute_uri(event.place.get_absolute_url())
    _localise([event])
    authenticated = user.is_authenticated
    context = {
        "event": event,
        "place": event.place,
        "seats": seats,
        "mine": mine,
        "mine_token": (
            registrations.cancel_token(mine)
            if mine and not registrations.link_expired(event)
            else ""
        ),
        "mine_position": selectors.waitlist_position(mine) if mine else None,
        "form": form if form is not None else (None if authenticated else GuestRegistrationForm()),
        "error": error,
        "registration_open": _registration_open(event, timezone.now()),
        "is_past": event.end <= timezone.now(),
        "publics": [p for p in event.publics if p in mediation.PUBLICS],
        "services": [s for s in event.services if s in mediation.SERVICES],
        "can_edit": authenticated and permissions.can_edit_event(user, event),
        "can_register_others": authenticated
        and permissions.can_register_others(user, event.place_id),
        "json_ld": jsonld.dumps(
            jsonld.event_json_ld(event, seats=seats, url=url, place_url=place_url)
        ),
        "canonical": url,
        **csrf_context(request),
    }
    return render(request, "agenda/public/event_detail.html", context, status=status)


@require_GET
@public_cache
def event_detail(request: HtmxRequest, pk: int | str, slug: str | None = None) -> HttpResponse:
    event = _event_or_404(int(pk))
    if event_url(event) != request.path:
        return redirect(event_url(event), permanent=True)
    return _event_page(request, event)


@require_POST
def register(request: HtmxRequest, pk: int) -> HttpResponse:
    """A member registers in one click; anyone else with the guest form."""
    event = _event_or_404(pk)
    form = None
    try:
        if request.user.is_authenticated:
            registration = registrations.register_member(event=event, person=request.user)
        else:
            form = GuestRegistrationForm(request.POST)
            if not form.is_valid():
                return _event_page(request, event, form=form, status=422)
            guest = registrations.Guest(**form.cleaned_data)
            throttles.guest_registration(request, guest)
            registration = registrations.register_guest(event=event, guest=guest)
    except DomainError as refusal:
        if form is not None:
            form.add_refusal(refusal)
        page = _event_page(request, event, form=form, error=refusal.message, status=refusal.status)
        if retry_after := getattr(refusal, "retry_after", None):  # throttled: when to retry
            page["Retry-After"] = str(retry_after)
        return page
    return redirect("agenda:registration", registrations.cancel_token(registration))


# --- A registration's own page and its cancellation (signed link, no login) -----------------


def _private(response: HttpResponse) -> HttpResponse:
    """Pages reached through the signed link: never cached, indexed, nor leaked as referer."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _bad_link(request: HtmxRequest, error: DomainError) -> HttpResponse:
    """A wrong link (404), or the link of an event that is over (410 Gone)."""
    expired = isinstance(error, registrations.LinkExpired)
    context = {"message": error.message, "code": error.code, "expired": expired}
    status = 410 if expired else 404
    return _private(render(request, "agenda/public/bad_link.html", context, status=status))


def _registration_context(request: HtmxRequest, token: str, registration: Registration) -> Any:
    event = registration.event
    _localise([event])
    cancel_url = reverse("agenda:registration-cancel", args=[token])
    return {
        "registration": registration,
        "event": event,
        "place": event.place,
        "token": token,
        "position": selectors.waitlist_position(registration),
        "cancel_url": cancel_url,
        "cancel_link": request.build_absolute_uri(cancel_url),
        "can_cancel": registration.is_active and event.start > timezone.now(),
    }


@require_GET
def registration_detail(request: HtmxRequest, token: str) -> HttpResponse:
    """What became of a registration (confirmed, waitlisted and where, cancelled), with its
    cancellation link to keep."""
    try:
        registration = registrations.registration_from_token(token)
    except DomainError as error:
        return _bad_link(request, error)
    context = _registration_context(request, token, registration)
    return _private(render(request, "agenda/public/registration_detail.html", context))


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HtmxRequest, token: str) -> HttpResponse:
    """GET asks to confirm (a link opened by a mail scanner cancels nothing); POST cancels."""
    try:
        registration = registrations.registration_from_token(token)
    except DomainError as error:
        return _bad_link(request, error)
    status, error_message = 200, ""
    if request.method == "POST":
        try:
            registrations.registration_cancel(registration=registration, by=None)
        except DomainError as refusal:
            status, error_message = refusal.status, refusal.message
        else:
            done = _("Your registration is cancelled. Thank you for telling us.")
            messages.success(request, done)
            return redirect("agenda:registration", token)
    context = _registration_context(request, token, registration)
    context["error"] = error_message
    template = "agenda/public/registration_cancel.html"
    return _private(render(request, template, context, status=status))
