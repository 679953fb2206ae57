"""Reads of the access app: offers, subscriptions, books and their ledger, settlement."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from comptoir.access.models import (
    PlaceAccessSettings,
    Plan,
    Subscription,
    SubscriptionPeriod,
    TicketBook,
    TicketMovement,
)
from comptoir.community import permissions
from comptoir.community.models import Person, PlaceRole
from comptoir.core.db import reading_from_replica
from comptoir.core.prepared import model_columns, prepared_instances
from comptoir.core.types import Actor, Viewer
from comptoir.places.models import Network, Place


@functools.cache
def _place_with_settings_sql(with_roles: bool) -> str:
    """One plain statement (PostgreSQL and SQLite), prepared: an active place by slug, with
    its access settings as extra columns: every check-in reads it, and the ORM's
    select_related spent three times as long in Python (0.75 against 0.25 ms a call on the
    benchmark machine). `with_roles`: also the roles a person holds today in any place, one
    row per role, so that a desk check-in checks the concierge's rights with no statement
    of its own."""
    extra = ", ".join(
        f's."{field.column}" AS "settings_{field.attname}"' for field in _settings_fields()
    )
    place, settings = Place._meta.db_table, PlaceAccessSettings._meta.db_table
    roles = ""
    if with_roles:
        extra += ", r.place_id AS role_place_id, r.role AS role_name"
        roles = f"""LEFT JOIN {PlaceRole._meta.db_table} r ON r.person_id = %(person)s
          AND r.valid_from <= %(day)s AND (r.valid_until IS NULL OR r.valid_until >= %(day)s)"""
    return f"""
        SELECT {model_columns(Place, "p")}, {extra}
        FROM {place} p LEFT JOIN {settings} s ON s.place_id = p.id {roles}
        WHERE p.slug = %(slug)s AND p.is_active
    """


def _settings_fields() -> list[Any]:
    return list(PlaceAccessSettings._meta.concrete_fields)


@functools.cache
def _place_extras(with_roles: bool) -> tuple[str, ...]:
    names = tuple(f"settings_{field.attname}" for field in _settings_fields())
    return (*names, "role_place_id", "role_name") if with_roles else names


def active_place_with_settings(*, slug: str, viewer: Viewer | None = None) -> Place | None:
    """The active place with this slug and its access settings loaded (`place.access_settings`
    needs no query, and raises DoesNotExist when the place has none), or None. Given a
    signed-in `viewer`, their roles of today come along (`permissions.remember_roles`)."""
    with_roles = viewer is not None and viewer.is_authenticated
    params: dict[str, Any] = {"slug": slug}
    if with_roles:
        assert viewer is not None
        params["person"] = viewer.pk
        params["day"] = connection.ops.adapt_datefield_value(timezone.localdate())
    rows: list[Any] = prepared_instances(
        Place, _place_with_settings_sql(with_roles), params, extras=_place_extras(with_roles)
    )
    if not rows:
        return None
    place = rows[0]
    if with_roles:
        roles = [(row.role_place_id, row.role_name) for row in rows if row.role_place_id]
        permissions.remember_roles(cast(Actor, viewer), roles)
    settings = None
    if place.settings_id is not None:
        # to_python: SQLite gives the extra columns as stored (text for the time).
        values = {
            field.attname: field.to_python(getattr(place, f"settings_{field.attname}"))
            for field in _settings_fields()
        }
        settings = PlaceAccessSettings(**values)
        settings._state.adding = False
        settings._state.db = place._state.db
        PlaceAccessSettings.place.field.set_cached_value(settings, place)
    Place.access_settings.related.set_cached_value(place, settings)
    result: Place = place
    return result


def plans_offered_at(*, place: Place, include_inactive: bool = False) -> QuerySet[Plan]:
    plans = Plan.objects.offered_at(place).select_related("place", "network")
    return plans if include_inactive else plans.active()


def plan_get(*, pk: int) -> Plan:
    return Plan.objects.select_related("place", "network").get(pk=pk)


def _with_current_period(subscriptions: QuerySet[Subscription], day: date) -> Any:
    current = SubscriptionPeriod.objects.filter(start__lte=day, end__gte=day)
    return subscriptions.prefetch_related(
        Prefetch("periods", queryset=current, to_attr="current_periods")
    )


def subscriptions_of_place(
    *, place: Place, status: str = "", day: date | None = None
) -> QuerySet[Subscription]:
    day = day or timezone.localdate()
    qs = Subscription.objects.filter(place=place).select_related("plan", "person", "organization")
    if status:
        qs = qs.filter(status=status)
    return _with_current_period(qs.order_by("status", "-started_on", "-pk"), day)


def subscriptions_of_person(*, person: Person, day: date | None = None) -> QuerySet[Subscription]:
    """The person's own subscriptions and their structures'."""
    day = day or timezone.localdate()
    qs = (
        Subscription.objects.filter(
            Q(person_id=person.pk) | Q(organization__affiliations__person_id=person.pk)
        )
        .select_related("plan", "place", "organization")
        .distinct()
        .order_by("status", "-started_on")
    )
    return _with_current_period(qs, day)


def subscription_get(*, pk: int) -> Subscription:
    return Subscription.objects.select_related("plan", "place", "person", "organization").get(pk=pk)


def ticket_books_of_person(*, person: Person, usable_only: bool = False) -> QuerySet[TicketBook]:
    books = (
        TicketBook.objects.filter(person_id=person.pk)
        .with_balance()
        .select_related("plan", "place", "network")
    )
    if usable_only:
        books = (
            TicketBook.objects.filter(person_id=person.pk, expires_on__gte=timezone.localdate())
            .with_tickets_left()
            .select_related("plan", "place", "network")
        )
    return books.order_by("expires_on", "pk")


def ticket_book_get(*, pk: int) -> TicketBook:
    return (
        TicketBook.objects.with_balance()
        .select_related("plan", "place", "network", "person")
        .get(pk=pk)
    )


def movements_of_book(*, book: TicketBook) -> QuerySet[TicketMovement]:
    return book.movements.select_related("place", "by").order_by("-at", "-pk")


def movements_of_person(*, person: Person) -> QuerySet[TicketMovement]:
    return (
        TicketMovement.objects.filter(book__person_id=person.pk)
        .select_related("place", "book__plan")
        .order_by("-at", "-pk")
    )


@dataclass(frozen=True)
class SettlementRow:
    seller: str
    seller_id: int
    used_in: str
    used_in_id: int
    tickets: int
    value_cents: int


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first + relativedelta(months=1)


@reading_from_replica()  # a report: the replica's work when there is one
def settlement_report(
    *, network: Network, month: date, place_ids: set[int] | None = None
) -> list[SettlementRow]:
    """For each pair of places: tickets sold by one and used in the other during `month`."""
    first, after = month_bounds(month)
    used = TicketMovement.objects.filter(
        kind=TicketMovement.Kind.CONSUMPTION,
        at__date__gte=first,
        at__date__lt=after,
        place__network=network,
        book__place__network=network,
    ).exclude(place_id=F("book__place_id"))
    if place_ids is not None:
        used = used.filter(Q(place_id__in=place_ids) | Q(book__place_id__in=place_ids))
    rows = (
        used.values("book__place_id", "book__place__name", "place_id", "place__name")
        .annotate(
            tickets=Sum(-F("quantity")),
            value=Sum(-F("quantity") * F("book__ticket_value_cents")),
        )
        .order_by("book__place__name", "place__name")
    )
    return [
        SettlementRow(
            seller=row["book__place__name"],
            seller_id=row["book__place_id"],
            used_in=row["place__name"],
            used_in_id=row["place_id"],
            tickets=row["tickets"] or 0,
            value_cents=row["value"] or 0,
        )
        for row in rows
    ]


def settlement_balances(rows: list[SettlementRow]) -> dict[int, int]:
    """What each place owes (negative) or is owed (positive): the place that welcomed the
    visitor is owed the value of the ticket by the place that sold it."""
    net: dict[int, int] = {}
    for row in rows:
        net[row.used_in_id] = net.get(row.used_in_id, 0) + row.value_cents
        net[row.seller_id] = net.get(row.seller_id, 0) - row.value_cents
    return net
