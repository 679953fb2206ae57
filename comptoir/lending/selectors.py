"""Reads of the library of things: the catalogue, an item's calendar, loans by person, the
desk's lists (today's hand-overs, what is out, what is late) and the statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from comptoir.community import permissions
from comptoir.core.types import Viewer
from comptoir.lending.models import DamageNote, Item, Loan
from comptoir.places.models import Place

CALENDAR_DAYS = 42


def items_of_place(*, place: Place, include_inactive: bool = False) -> QuerySet[Item]:
    items = Item.objects.filter(place=place).select_related("owner")
    return items if include_inactive else items.filter(is_active=True)


def can_view_library(user: Viewer, place_id: int) -> bool:
    """The catalogue is for the place's members (who borrow) and its concierges."""
    return permissions.is_member(user, place_id) or permissions.is_concierge(user, place_id)


def can_manage_library(user: Viewer, place_id: int) -> bool:
    return permissions.is_concierge(user, place_id)


def item_loans_ahead(*, item: Item, today: dt.date) -> list[Loan]:
    """The item's live periods from today on (and a late loan), for its calendar."""
    return list(
        Loan.objects.filter(item=item)
        .live()
        .filter(Q(due_on__gte=today) | Q(status=Loan.Status.OUT))
        .select_related("borrower")
        .order_by("starts_on", "pk")
    )


@dataclass(frozen=True)
class Day:
    day: dt.date
    taken: bool


def item_calendar(*, loans: list[Loan], today: dt.date, days: int = CALENDAR_DAYS) -> list[Day]:
    """The next `days` days, each free or taken (from the loans already read)."""
    taken: set[dt.date] = set()
    for loan in loans:
        end = max(loan.due_on, today) if loan.status == Loan.Status.OUT else loan.due_on
        day = max(loan.starts_on, today)
        while day <= end and day < today + dt.timedelta(days=days):
            taken.add(day)
            day += dt.timedelta(days=1)
    return [
        Day(today + dt.timedelta(days=n), today + dt.timedelta(days=n) in taken)
        for n in range(days)
    ]


def damage_notes_of(*, item: Item) -> QuerySet[DamageNote]:
    return DamageNote.objects.filter(item=item).select_related("written_by")[:20]


def loans_of_person(*, person: Viewer) -> QuerySet[Loan]:
    return (
        Loan.objects.filter(borrower_id=person.pk)
        .select_related("item__place")
        .order_by("-starts_on", "-pk")
    )


def loans_at_desk(*, place: Place, today: dt.date) -> QuerySet[Loan]:
    """What the desk handles: reservations starting by today, and what is out."""
    return (
        Loan.objects.filter(item__place=place)
        .filter(Q(status=Loan.Status.RESERVED, starts_on__lte=today) | Q(status=Loan.Status.OUT))
        .select_related("item", "borrower", "deposit_order")
        .order_by("due_on", "pk")
    )


def loans_overdue(*, place: Place, today: dt.date) -> QuerySet[Loan]:
    return (
        Loan.objects.filter(item__place=place)
        .overdue(today)
        .select_related("item", "borrower")
        .order_by("due_on", "pk")
    )


def loan_stats(*, place: Place, limit: int = 10) -> QuerySet[Item]:
    """Items by loans handed over (most lent first), one query."""
    handed = Q(loans__status__in=[Loan.Status.OUT, Loan.Status.RETURNED])
    return (
        Item.objects.filter(place=place)
        .annotate(loan_count=Count("loans", filter=handed))
        .order_by("-loan_count", "name")[:limit]
    )
