"""schema.org Event for an event's page, so that search engines and event aggregators can
list it (https://schema.org/Event, https://developers.google.com/search/docs/appearance/
structured-data/event)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from comptoir.agenda.models import Event
from comptoir.agenda.selectors.public import Seats
from comptoir.core.markdown import plain

SCHEMA = "https://schema.org/"


def _place(event: Event) -> dict[str, Any]:
    place = event.place
    name = f"{event.space.name}, {place.name}" if event.space else place.name
    data: dict[str, Any] = {
        "@type": "Place",
        "name": name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": place.address,
            "postalCode": place.postal_code,
            "addressLocality": place.commune,
            "addressCountry": "FR",
        },
    }
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return data


def _organizer(event: Event, place_url: str) -> dict[str, Any]:
    if event.organizer_organization is not None:
        return {"@type": "Organization", "name": event.organizer_organization.name}
    if event.organizer_person is not None:
        person = event.organizer_person
        name = f"{person.first_name} {person.last_name}".strip() or str(person)
        return {"@type": "Person", "name": name}
    return {"@type": "Organization", "name": event.place.name, "url": place_url}


def _availability(event: Event, seats: Seats) -> str:
    if event.is_cancelled:
        return SCHEMA + "SoldOut"
    if seats.is_full:
        return SCHEMA + "SoldOut"
    if seats.left is not None and seats.left <= max(1, (event.capacity or 0) // 10):
        return SCHEMA + "LimitedAvailability"
    return SCHEMA + "InStock"


def event_json_ld(event: Event, *, seats: Seats, url: str, place_url: str) -> dict[str, Any]:
    """The schema.org Event of `event` (with its place, space and organizers selected)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventStatus": SCHEMA + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": _place(event),
        "organizer": _organizer(event, place_url),
        "url": url,
        "isAccessibleForFree": event.is_free,
        "offers": {
            "@type": "Offer",
            "price": str(Decimal(event.price_cents) / 100),
            "priceCurrency": "EUR",
            "availability": _availability(event, seats),
            "url": url,
        },
    }
    description = plain(event.description) if event.description else event.summary
    if description:
        data["description"] = description
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = seats.left
    return data


def dumps(data: dict[str, Any]) -> str:
    """JSON to put in a <script> element: "<" escaped so a title can never close it."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
