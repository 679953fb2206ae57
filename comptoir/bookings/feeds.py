"""iCalendar feeds: the public busy slots of a resource, and a person's private feed
behind a secret URL. Two queries each, whatever the number of bookings (bounded window)."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from comptoir.bookings import calendars
from comptoir.bookings.feed_services import calendar_feed_find
from comptoir.bookings.models import Booking, Resource

# What a feed covers: a little past (so today's and last week's stay visible) and the future.
PAST_DAYS = 30
FUTURE_DAYS = 400
MAX_EVENTS = 2000
REFRESH_SECONDS = 15 * 60


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
    calendar = calendars.build_calendar(bookings, name=name, public=True, now=now)
    return _ics(calendars.to_ics(calendar), f"{place.slug}-{resource.slug}.ics", private=False)


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
    calendar = calendars.build_calendar(bookings, name=_("My bookings"), public=False, now=now)
    return _ics(calendars.to_ics(calendar), "reservations.ics", private=True)
