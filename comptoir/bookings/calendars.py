"""iCalendar (RFC 5545) documents of bookings, built with the `icalendar` library.

Two audiences: the public feed of a resource shows when it is busy and nothing about who
booked it; a person's private feed shows their own bookings, cancelled ones included (as
STATUS:CANCELLED, so calendar apps remove them). Times are written in UTC."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, Event

from comptoir.bookings.models import Booking
from comptoir.core.site import site_domain

PRODID = "-//Comptoir//Réservations//FR"


def booking_uid(booking: Booking, domain: str | None = None) -> str:
    """Stable across refreshes, so calendar apps update an event instead of duplicating it;
    the site's domain keeps two installations' bookings apart (RFC 5545 §3.8.4.7)."""
    return f"booking-{booking.pk}@{domain or site_domain()}"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _location(booking: Booking) -> str:
    place = booking.resource.place
    address = ", ".join(part for part in (place.address, place.commune) if part)
    return f"{place.name} — {address}" if address else place.name


def _summary(booking: Booking, *, public: bool) -> str:
    name = booking.resource.name
    if public or not booking.title:
        return name
    return f"{name} — {booking.title}"


def booking_event(
    booking: Booking, *, public: bool, stamp: datetime, domain: str | None = None
) -> Event:
    """One VEVENT. `public`: busy time only, nothing that names or describes the booker.

    `booking.resource.place` should be selected with the booking (one query for all)."""
    event = Event()
    event.add("uid", booking_uid(booking, domain))
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", _utc(booking.start))
    event.add("dtend", _utc(booking.end))
    event.add("summary", _summary(booking, public=public))
    event.add("location", _location(booking))
    event.add("transp", "OPAQUE")
    if public:
        event.add("class", "PUBLIC")
    else:
        event.add("class", "PRIVATE")
        event.add("last-modified", _utc(booking.updated_at))
    cancelled = booking.status == Booking.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def build_calendar(
    bookings: Iterable[Booking],
    *,
    name: str,
    public: bool,
    now: datetime | None = None,
    domain: str | None = None,
) -> Calendar:
    """A VCALENDAR of `bookings`, UIDs from `domain` (else the site's). The public variant
    leaves out cancelled bookings (they no longer hold the resource) and every personal
    field (title, person, structure)."""
    stamp = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    domain = domain or site_domain()
    for booking in bookings:
        if public and booking.status != Booking.Status.CONFIRMED:
            continue
        calendar.add_component(booking_event(booking, public=public, stamp=stamp, domain=domain))
    return calendar


def to_ics(calendar: Calendar) -> bytes:
    return calendar.to_ical()
