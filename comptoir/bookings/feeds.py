"""iCalendar feeds: the public busy slots of a resource, and a person's private feed
behind a secret URL. A few queries each, whatever the number of bookings (bounded window;
the public feed is kept in the cache until a booking of its resource changes)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from comptoir.bookings import calendars
from comptoir.bookings.feed_services import calendar_feed_find
from comptoir.bookings.models import Booking, Resource
from comptoir.core.site import site_domain

# What a feed covers: a little past (so today's and last week's stay visible) and the future.
PAST_DAYS = 30
FUTURE_DAYS = 400
MAX_EVENTS = 2000
REFRESH_SECONDS = 15 * 60
FEED_CACHE_SECONDS = 5 * 60


def _ics(body: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = f"private, max-age={REFRESH_SECONDS}"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = f"public, max-age={REFRESH_SECONDS}"
    return response


@require_GET
def resource_feed(request: HttpRequest, slug: str, resource_slug: str) -> HttpResponse:
    """When a resource is taken: confirmed bookings only, no names, no titles."""
    resource = get_object_or_404(
        Resource.objects.select_related("place"),
        place__slug=slug,
        place__is_active=True,
        slug=resource_slug,
        is_active=True,
    )
    now = timezone.now()
    # Calendar clients poll feeds: the built feed is kept until a booking of the resource
    # changes (count and latest change in the key) or a few minutes pass (the window moves).
    changes = Booking.objects.filter(resource=resource).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    last = changes["last"].timestamp() if changes["last"] else 0
    domain = site_domain(request)
    key = f"bookings:feed:{resource.pk}:{changes['n']}:{last}:{get_language()}:{domain}"
    body = cache.get(key)
    if body is None:
        body = _resource_ics(resource, now, domain)
        cache.set(key, body, FEED_CACHE_SECONDS)
    return _ics(body, f"{resource.place.slug}-{resource.slug}.ics", private=False)


def _resource_ics(resource: Resource, now: Any, domain: str) -> bytes:
    bookings = (
        Booking.objects.confirmed()
        .filter(
            resource=resource,
            end__gte=now - timedelta(days=PAST_DAYS),
            start__lte=now + timedelta(days=FUTURE_DAYS),
        )
        .only("pk", "start", "end", "status", "resource_id")
        .order_by("start", "pk")[:MAX_EVENTS]
    )
    place = resource.place
    for booking in bookings:
        booking.resource = resource  # no query per event for its name and place
    name = _("%(resource)s — %(place)s") % {"resource": resource.name, "place": place.name}
    calendar = calendars.build_calendar(bookings, name=name, public=True, now=now, domain=domain)
    return calendars.to_ics(calendar)


@require_GET
def person_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """A person's own bookings (cancelled ones marked so); 404 for unknown or revoked feeds."""
    feed = calendar_feed_find(secret)
    if feed is None:
        raise Http404
    now = timezone.now()
    bookings = (
        Booking.objects.filter(
            person_id=feed.person_id,
            end__gte=now - timedelta(days=PAST_DAYS),
            start__lte=now + timedelta(days=FUTURE_DAYS),
        )
        .select_related("resource__place")
        .order_by("start", "pk")[:MAX_EVENTS]
    )
    calendar = calendars.build_calendar(
        bookings, name=_("My bookings"), public=False, now=now, domain=site_domain(request)
    )
    return _ics(calendars.to_ics(calendar), "reservations.ics", private=True)
