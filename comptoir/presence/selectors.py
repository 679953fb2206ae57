"""Reads of presence: who is here, occupancy, the kiosk search, histories and usage."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from comptoir.access.models import DayPass, Subscription, TicketBook
from comptoir.community import permissions
from comptoir.community import selectors as community_selectors
from comptoir.community.models import Affiliation, Person, PlaceRole
from comptoir.core.prepared import prepared_cursor
from comptoir.core.types import Viewer
from comptoir.places.models import Place, Space
from comptoir.presence.models import Visit

KIOSK_RESULTS = 12


def today_at(place: Place) -> date:
    return timezone.now().astimezone(ZoneInfo(place.timezone)).date()


def present_now(*, place: Place, viewer: Viewer) -> QuerySet[Visit]:
    """Open visits of today; other members only see people who opted in."""
    visits = (
        Visit.objects.open()
        .filter(place=place, day=today_at(place))
        .select_related("person", "space")
        .order_by("person__first_name", "person__last_name", "pk")
    )
    if not permissions.sees_everyone_present(viewer, place.pk):
        visits = visits.filter(Q(person__show_presence=True) | Q(person_id=viewer.pk))
    return visits


@dataclass(frozen=True)
class Occupancy:
    space: Space
    present: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.present / self.space.capacity))

    @property
    def is_full(self) -> bool:
        return self.present >= self.space.capacity


def present_count(*, place: Place) -> int:
    """How many are here now (the desk's heading after a check-in). Plain SQL through the
    prepared cursor: asked after every desk check-in, where the ORM's building and the
    server's planning cost three times the counting."""
    with prepared_cursor() as cursor:
        day = connection.ops.adapt_datefield_value(today_at(place))
        cursor.execute(_PRESENT_COUNT_SQL, {"place": place.pk, "day": day})
        row = cursor.fetchone()
    return int(row[0])


_PRESENT_COUNT_SQL = f"""
    SELECT COUNT(*) FROM {Visit._meta.db_table}
    WHERE place_id = %(place)s AND day = %(day)s AND checked_out_at IS NULL
"""


def occupancy(*, place: Place) -> tuple[int, list[Occupancy]]:
    """(people here now, per active space: people here against its capacity)."""
    open_today = Q(visits__checked_out_at__isnull=True, visits__day=today_at(place))
    spaces = (
        Space.objects.filter(place=place, is_active=True)
        .annotate(present=Count("visits", filter=open_today))
        .order_by("name")
    )
    total = Visit.objects.open().filter(place=place, day=today_at(place)).count()
    return total, [Occupancy(space=s, present=s.present) for s in spaces]  # type: ignore[attr-defined]


def visits_of_person(*, person: Person) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(person_id=person.pk)
        .select_related("place", "space", "ticket_movement__book__plan", "day_pass__plan")
        .select_related("subscription__plan")
        .order_by("-checked_in_at", "-pk")
    )


def visits_of_place(*, place: Place, day: date | None = None) -> QuerySet[Visit]:
    visits = Visit.objects.filter(place=place).select_related("person", "space")
    if day is not None:
        visits = visits.filter(day=day)
    return visits.order_by("-checked_in_at", "-pk")


@dataclass
class AccessSummary:
    """What a person holds that lets them in here today, for the kiosk row."""

    person: Person
    open_visit: Visit | None = None
    subscriptions: list[Subscription] = field(default_factory=list)
    tickets_left: int = 0
    books: list[TicketBook] = field(default_factory=list)
    day_pass: DayPass | None = None
    roles: list[str] = field(default_factory=list)

    @property
    def has_access(self) -> bool:
        return bool(self.subscriptions or self.tickets_left or self.day_pass)


def access_summaries(*, people: list[Person], place: Place) -> list[AccessSummary]:
    """Summaries for a page of people in a fixed number of queries, whatever their number."""
    ids = [p.pk for p in people]
    day = today_at(place)
    summaries = {p.pk: AccessSummary(person=p) for p in people}
    if not ids:
        return []
    for visit in Visit.objects.open().filter(person_id__in=ids, place=place, day=day):
        summaries[visit.person_id].open_visit = visit
    books = (
        TicketBook.objects.filter(person_id__in=ids)
        .usable_at(place, day)
        .with_tickets_left()
        .select_related("plan")
        .order_by("expires_on", "pk")
    )
    for book in books:
        summaries[book.person_id].books.append(book)
        summaries[book.person_id].tickets_left += book.balance
    _attach_subscriptions(summaries, ids, place, day)
    for day_pass in DayPass.objects.filter(person_id__in=ids, place=place, valid_on=day):
        summaries[day_pass.person_id].day_pass = day_pass
    roles = PlaceRole.objects.current().filter(person_id__in=ids, place=place)
    for role in roles.only("person_id", "role"):
        summaries[role.person_id].roles.append(role.get_role_display())
    return [summaries[i] for i in ids]


def _attach_subscriptions(
    summaries: dict[int, AccessSummary], ids: list[int], place: Place, day: date
) -> None:
    here = Q(place_id=place.pk) | Q(plan__network_id=place.network_id)
    links = Affiliation.objects.filter(person_id__in=ids).values_list(
        "organization_id", "person_id"
    )
    members: dict[int, list[int]] = {}
    for organization_id, person_id in links:
        members.setdefault(organization_id, []).append(person_id)
    subscriptions = (
        Subscription.objects.filter(here)
        .filter(Q(person_id__in=ids) | Q(organization_id__in=list(members)))
        .covering(day)
        .select_related("plan", "organization")
    )
    for subscription in subscriptions:
        holders = (
            [subscription.person_id]
            if subscription.person_id
            else members.get(subscription.organization_id or 0, [])
        )
        for person_id in holders:
            summaries[person_id].subscriptions.append(subscription)


# Name matches checked for a tie, by growing rounds. Most people typed at a desk are tied to
# it, so the first short round usually fills the results; beyond the last, type more.
KIOSK_ROUNDS = (40, 160, 800)


def kiosk_search(*, place: Place, query: str, viewer: Viewer) -> list[AccessSummary]:
    """People matching a name or email typed at the desk, with what lets them in today.

    Names and parts of emails find only the people whose private data the concierge sees
    (tied to a place they serve, community.permissions); anyone else is found by their
    whole email, which they give at the desk themselves (or by the card they scan,
    `kiosk_scan`)."""
    words = query.split()[:4]
    if not words:
        return []
    matches = Q(is_active=True)
    for word in words:
        matches &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    people = Person.objects.filter(matches).order_by("first_name", "last_name", "pk")
    if permissions.is_network_admin(viewer):
        found = list(people[:KIOSK_RESULTS])
    else:
        found = _by_email(query) + _tied_matches(people, viewer)
        found = list({person.pk: person for person in found}.values())[:KIOSK_RESULTS]
    return access_summaries(people=found, place=place)


def _by_email(query: str) -> list[Person]:
    email = query.strip()
    found = community_selectors.person_with_email(email=email) if "@" in email else None
    return [found] if found is not None else []


def _tied_matches(people: QuerySet[Person], viewer: Viewer) -> list[Person]:
    """The first name matches the concierge may see: a round of matches, then those tied
    among them, two queries a round (`permissions.private_data_among` says why not one)."""
    found: list[Person] = []
    start = 0
    for size in KIOSK_ROUNDS:
        candidates = list(people[start : start + size])
        seen = permissions.private_data_among(viewer, [person.pk for person in candidates])
        found += [person for person in candidates if person.pk in seen]
        start += size
        if len(found) >= KIOSK_RESULTS or len(candidates) < size:
            break
    return found[:KIOSK_RESULTS]


def organization_usage_by_month(
    *, organization: Any, months: int = 12, place_ids: Collection[int] | None = None
) -> list[dict[str, Any]]:
    """Visits, distinct people and subscription-covered visits of a structure, per month,
    in the given places (None: everywhere)."""
    since = timezone.localdate().replace(day=1) - relativedelta(months=months - 1)
    people = Affiliation.objects.filter(organization=organization).values("person_id")
    visits = Visit.objects.filter(person_id__in=people, day__gte=since)
    if place_ids is not None:
        visits = visits.filter(place_id__in=sorted(place_ids))
    rows = (
        visits.annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            visits=Count("pk"),
            people=Count("person", distinct=True),
            covered=Count("pk", filter=Q(subscription__organization=organization)),
        )
        .order_by("-month")
    )
    return [dict(row) for row in rows]
