"""Reads of the Give Box: the public page, the moderation list and the monthly figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from comptoir.community import permissions
from comptoir.core.types import Viewer
from comptoir.givebox import weights
from comptoir.givebox.models import Gift
from comptoir.places.models import Place

FIGURE_MONTHS = 12


def can_moderate(user: Viewer, place_id: int) -> bool:
    return permissions.is_concierge(user, place_id)


def gifts_shown(*, place: Place, now: dt.datetime) -> QuerySet[Gift]:
    return (
        Gift.objects.shown().filter(place=place, expires_at__gt=now).order_by("-created_at", "-pk")
    )


def gifts_to_moderate(*, place: Place) -> QuerySet[Gift]:
    """Everything still on the page or hidden: what the concierge acts on."""
    return Gift.objects.filter(
        place=place, status__in=[Gift.Status.AVAILABLE, Gift.Status.HIDDEN]
    ).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Month:
    month: dt.date
    given: int
    taken: int
    kept_kg: float


def monthly_figures(*, place: Place, since: dt.date) -> list[Month]:
    """Objects given (posted) and taken per month, and the weight the taken ones kept out
    of the bin (category averages, `weights`); two queries."""
    given = (
        Gift.objects.filter(place=place, created_at__date__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    taken = (
        Gift.objects.filter(place=place, status=Gift.Status.TAKEN, taken_at__date__gte=since)
        .annotate(month=TruncMonth("taken_at"))
        .values("month", "category")
        .annotate(n=Count("pk"))
    )
    months: dict[dt.date, list[float]] = {}
    for row in given:
        months.setdefault(_day(row["month"]), [0, 0, 0.0])[0] += row["n"]
    for row in taken:
        entry = months.setdefault(_day(row["month"]), [0, 0, 0.0])
        entry[1] += row["n"]
        entry[2] += row["n"] * weights.GRAMS.get(row["category"], weights.GRAMS["other"]) / 1000
    return [
        Month(month, int(v[0]), int(v[1]), round(v[2], 1))
        for month, v in sorted(months.items(), reverse=True)
    ]


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
