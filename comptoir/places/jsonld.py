"""A place as schema.org JSON-LD, for search engines and open-data crawlers.

schema.org's `openingHours` belongs to CivicStructure and LocalBusiness, with a syntax of its
own; a `Place` states its hours with `openingHoursSpecification` (one
OpeningHoursSpecification per group of weekdays sharing the same spans) and the public
holidays that change them with `specialOpeningHoursSpecification` (validFrom/validThrough
one day; opens and closes 00:00 when closed all day, as schema.org says)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from comptoir.places.models import Place
from comptoir.places.opening_hours import Span, holiday_exceptions, usual_week

SCHEMA = "https://schema.org/"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOLIDAYS_AHEAD = 365


def _clock(moment: time, *, closing: bool = False) -> str:
    # A span that runs to midnight closes at 23:59 (schema.org's own examples).
    if closing and moment == time(0, 0):
        return "23:59"
    return moment.strftime("%H:%M")


def _specification(spans: list[Span], **fields: Any) -> list[dict[str, Any]]:
    return [
        {
            "@type": "OpeningHoursSpecification",
            **fields,
            "opens": _clock(opens),
            "closes": _clock(closes, closing=True),
        }
        for opens, closes in spans
    ]


def opening_hours_specification(expression: str, today: date) -> list[dict[str, Any]]:
    """The usual week: weekdays with the same spans share one item per span."""
    week = usual_week(expression, today)
    if week is None:
        return []
    groups: dict[tuple[Span, ...], list[str]] = {}
    for name, day_spans in zip(DAYS, week, strict=True):
        if day_spans:
            groups.setdefault(tuple(day_spans), []).append(SCHEMA + name)
    items: list[dict[str, Any]] = []
    for shared, days in groups.items():
        items += _specification(list(shared), dayOfWeek=days)
    return items


def special_opening_hours(place: Place, today: date) -> list[dict[str, Any]]:
    """The coming public holidays whose hours differ from the usual week."""
    items: list[dict[str, Any]] = []
    for day, spans in holiday_exceptions(place, today, HOLIDAYS_AHEAD):
        when = {"validFrom": day.isoformat(), "validThrough": day.isoformat()}
        items += _specification(spans or [(time(0, 0), time(0, 0))], **when)
        if not spans:
            items[-1]["closes"] = "00:00"  # closed all day: opens = closes = 00:00
    return items


def place_json_ld(place: Place, *, url: str, today: date) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": place.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": place.address,
            "postalCode": place.postal_code,
            "addressLocality": place.commune,
            "addressCountry": place.country,
        },
    }
    if place.summary:
        data["description"] = place.summary
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    week = opening_hours_specification(place.opening_hours, today)
    if week:
        data["openingHoursSpecification"] = week
    special = special_opening_hours(place, today)
    if special:
        data["specialOpeningHoursSpecification"] = special
    return data
