"""Feeds of the public agenda: iCalendar (RFC 5545, with the `icalendar` library, as the
bookings' feeds) of the network, of a place and of a kind of event, and Atom of the
network and of a place. Cancelled events stay in the iCalendar feeds as STATUS:CANCELLED
so that calendar apps remove them. A bounded window and a few queries each, whatever the
number of events; anonymous requests are served from the cache (`public_cache`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from comptoir.agenda.models import Event, EventKind
from comptoir.agenda.public_cache import public_cache
from comptoir.agenda.selectors import public as selectors
from comptoir.agenda.views.public import _place_or_404, event_url
from comptoir.core.markdown import plain
from comptoir.core.site import site_domain
from comptoir.places.models import Place

PRODID = "-//Comptoir//Agenda//FR"
PAST_DAYS = 30
FUTURE_DAYS = 400
MAX_EVENTS = 2000
ATOM_ITEMS = 50
REFRESH_SECONDS = 15 * 60


def _window(events: QuerySet[Event], now: datetime) -> QuerySet[Event]:
    return events.filter(
        end__gte=now - timedelta(days=PAST_DAYS), start__lte=now + timedelta(days=FUTURE_DAYS)
    ).order_by("start", "pk")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _location(event: Event) -> str:
    place = event.place
    address = ", ".join(part for part in (place.address, place.postal_code, place.commune) if part)
    return f"{place.name} — {address}" if address else place.name


def _description(event: Event, url: str) -> str:
    text = plain(event.description, 1000) if event.description else event.summary
    return f"{text}\n\n{url}" if text else url


def event_uid(event: Event, domain: str) -> str:
    """Stable across renames and refreshes; the site's domain keeps installations apart."""
    return f"event-{event.pk}@{domain}"


def calendar_event(
    event: Event, *, url: str, stamp: datetime, domain: str | None = None
) -> CalendarEvent:
    """One VEVENT; its UID is stable so that calendar apps update it instead of adding it."""
    entry = CalendarEvent()
    entry.add("uid", event_uid(event, domain or site_domain()))
    entry.add("dtstamp", _utc(stamp))
    entry.add("dtstart", _utc(event.start))
    entry.add("dtend", _utc(event.end))
    entry.add("summary", event.title)
    entry.add("location", _location(event))
    entry.add("description", _description(event, url))
    entry.add("url", url)
    entry.add("categories", [str(event.get_kind_display())])
    entry.add("last-modified", _utc(event.updated_at))
    entry.add("class", "PUBLIC")
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return entry


def build_calendar(
    events: Iterable[Event], *, name: str, request: HttpRequest, now: datetime
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    domain = site_domain(request)
    for event in events:
        url = request.build_absolute_uri(event_url(event))
        calendar.add_component(calendar_event(event, url=url, stamp=now, domain=domain))
    return bytes(calendar.to_ical())


def _ics(request: HttpRequest, events: QuerySet[Event], name: str, filename: str) -> HttpResponse:
    now = timezone.now()
    body = build_calendar(_window(events, now)[:MAX_EVENTS], name=name, request=request, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={REFRESH_SECONDS}"
    return response


@require_GET
@public_cache
def network_ics(request: HttpRequest) -> HttpResponse:
    return _ics(request, selectors.events_public(), _("Agenda of the network"), "agenda.ics")


@require_GET
@public_cache
def place_ics(request: HttpRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    events = selectors.events_public().filter(place=place)
    name = _("Agenda — %(place)s") % {"place": place.name}
    return _ics(request, events, name, f"agenda-{place.slug}.ics")


@require_GET
@public_cache
def kind_ics(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in EventKind.values:
        raise Http404
    events = selectors.events_public().filter(kind=kind)
    name = _("Agenda — %(kind)s") % {"kind": EventKind(kind).label}
    return _ics(request, events, name, f"agenda-{kind}.ics")


# --- Atom ------------------------------------------------------------------------------------


def entry_id(event: Event, domain: str) -> str:
    """A tag URI (RFC 4151) from the site's domain, the event's creation day and its pk: it
    outlives a rename (the link carries the slug) and differs between installations."""
    return f"tag:{domain},{event.created_at:%Y-%m-%d}:event-{event.pk}"


def _atom(request: HttpRequest, *, place: Place | None, title: str, link: str) -> HttpResponse:
    now = timezone.now()
    events = selectors.events_public().filter(end__gt=now)
    if place is not None:
        events = events.filter(place=place)
    # RFC 4287 §4.1.1: a feed has an author unless every entry has one (an empty one has none).
    if place is not None:
        author, author_link = place.name, request.build_absolute_uri(place.get_absolute_url())
    else:
        author, author_link = site_domain(request), request.build_absolute_uri("/")
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description=title,
        language=get_language(),
        feed_url=request.build_absolute_uri(request.path),
        author_name=author,
        author_link=author_link,
    )
    domain = site_domain(request)
    for event in events.order_by("start", "pk")[:ATOM_ITEMS]:
        _add_item(feed, request, event, domain)
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    response["Cache-Control"] = f"public, max-age={REFRESH_SECONDS}"
    return response


def _add_item(feed: Atom1Feed, request: HttpRequest, event: Event, domain: str) -> None:
    start = event.start.astimezone(ZoneInfo(event.place.timezone))
    when = date_format(start, "l j F Y, H:i")
    title = f"{event.title} — {when}"
    if event.is_cancelled:
        title = _("Cancelled: %(title)s") % {"title": title}
    summary = event.summary or plain(event.description)
    url = request.build_absolute_uri(event_url(event))
    feed.add_item(
        title=title,
        link=url,
        description=f"{event.place.name}, {when}. {summary}".strip(),
        unique_id=entry_id(event, domain),
        author_name=event.place.name,
        author_link=request.build_absolute_uri(event.place.get_absolute_url()),
        pubdate=event.created_at,
        updateddate=event.updated_at,
        categories=[str(event.get_kind_display())],
    )


@require_GET
@public_cache
def network_atom(request: HttpRequest) -> HttpResponse:
    title = _("Upcoming events of the network")
    return _atom(request, place=None, title=title, link=reverse("agenda:network"))


@require_GET
@public_cache
def place_atom(request: HttpRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    title = _("Upcoming events at %(place)s") % {"place": place.name}
    return _atom(request, place=place, title=title, link=reverse("agenda:place", args=[place.slug]))
