"""Reads of presence: who is here, occupancy, the kiosk search, histories and usage."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from comptoir.access.models import DayPass, Plan, Subscription, TicketBook
from comptoir.community import permissions
from comptoir.community import selectors as community_selectors
from comptoir.community.models import ROLE_LABELS, Affiliation, Person, PlaceRole
from comptoir.core.prepared import prepared_cursor
from comptoir.core.search import StringList, words_of
from comptoir.core.types import Viewer
from comptoir.places.models import Place, Space
from comptoir.presence import rules
from comptoir.presence.models import Access, CoveredPeriod, Half, Visit

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
    """What a person holds that lets them in here today, for the kiosk row, and what a
    check-in now would take (`foreseen`, by the check-in's own rules)."""

    person: Person
    open_visit: Visit | None = None
    subscriptions: list[Subscription] = field(default_factory=list)
    tickets_left: int = 0
    books: list[TicketBook] = field(default_factory=list)
    day_pass: bool = False
    roles: list[str] = field(default_factory=list)
    foreseen: rules.Foreseen = rules.Foreseen("")

    @property
    def has_access(self) -> bool:
        return bool(self.foreseen.access)


def _here_today(place: Place, day: date) -> dict[str, Any]:
    """Annotations for a person queryset: what a desk row says about the person here today
    (open visit, day pass, roles, the half-days already paid for, their discovery visit
    here), read by the query that finds them, one index probe each."""
    visit = Visit.objects.open().filter(person_id=OuterRef("pk"), place_id=place.pk, day=day)
    roles = (
        PlaceRole.objects.current(day)
        .filter(person_id=OuterRef("pk"), place_id=place.pk)
        .order_by()
        .values("person_id")
        .annotate(codes=StringList("role"))
        .values("codes")
    )
    covered = CoveredPeriod.objects.filter(person_id=OuterRef("pk"), day=day).filter(
        Q(place_id=place.pk) | Q(network_id=place.network_id)
    )
    discovery = Visit.objects.filter(
        person_id=OuterRef("pk"), place_id=place.pk, access=Access.DISCOVERY
    ).order_by("pk")
    offered = Plan.objects.active().offered_at(place).filter(kind=Plan.Kind.DISCOVERY)
    return {
        "desk_visit_id": Subquery(visit.order_by("pk").values("pk")[:1]),
        "desk_visit_at": Subquery(visit.order_by("pk").values("checked_in_at")[:1]),
        "desk_day_pass": Exists(
            DayPass.objects.filter(person_id=OuterRef("pk"), place_id=place.pk, valid_on=day)
        ),
        "desk_roles": Subquery(roles),
        "desk_covered_am": Exists(covered.filter(half=Half.MORNING)),
        "desk_covered_pm": Exists(covered.filter(half=Half.AFTERNOON)),
        "desk_discovery_on": Subquery(discovery.values("day")[:1]),
        # The same for every row; PostgreSQL runs this uncorrelated probe once.
        "desk_discovery_offered": Exists(offered),
    }


def _summary(person: Any, place: Place) -> AccessSummary:
    summary = AccessSummary(person=person, day_pass=bool(person.desk_day_pass))
    if person.desk_visit_id is not None:
        visit = Visit(pk=person.desk_visit_id, person=person, place=place)
        visit.checked_in_at = person.desk_visit_at
        visit._state.adding = False
        summary.open_visit = visit
    codes = sorted((person.desk_roles or "").split(",") if person.desk_roles else [])
    summary.roles = [str(ROLE_LABELS.get(code, code)) for code in codes]
    return summary


def _half_now(place: Place) -> str:
    """The half-day a check-in now falls in (the place's afternoon start)."""
    local = rules.local_moment(place, timezone.now())
    return rules.half_of(local, rules.access_settings(place).afternoon_starts_at)


def _foresee_all(
    summaries: dict[int, AccessSummary],
    people: list[Any],
    latest: dict[int, rules.LatestBook],
    place: Place,
    day: date,
) -> None:
    """Each row's `foreseen`, by the check-in's rules (presence.rules) on what was read."""
    half = None
    for person in people:
        summary = summaries[person.pk]
        covered: dict[str, bool] = {
            Half.MORNING: person.desk_covered_am,
            Half.AFTERNOON: person.desk_covered_pm,
        }
        if any(covered.values()) and half is None:
            half = _half_now(place)  # read only when someone came back the same day
        codes = set((person.desk_roles or "").split(",")) - {""}
        summary.foreseen = rules.foresee(
            covered=bool(half and covered[half]),
            subscriptions=summary.subscriptions,
            person_id=person.pk,
            day_pass=summary.day_pass,
            books=summary.books,
            discovery=rules.discovery_open(
                roles=codes,
                offered=bool(person.desk_discovery_offered),
                used=person.desk_discovery_on is not None,
            ),
            refusal=rules.refusal_reason(
                latest=latest.get(person.pk), discovery_on=person.desk_discovery_on, day=day
            ),
        )


def access_summaries(*, people: list[Person], place: Place) -> list[AccessSummary]:
    """Summaries of people read with `_here_today`'s annotations, in two more queries
    whatever their number (their ticket books, their subscriptions)."""
    ids = [p.pk for p in people]
    day = today_at(place)
    summaries = {p.pk: _summary(p, place) for p in people}
    if not ids:
        return []
    latest = _attach_books(summaries, ids, place, day)
    _attach_subscriptions(summaries, ids, place, day)
    _foresee_all(summaries, people, latest, place, day)
    return [summaries[i] for i in ids]


def _attach_books(
    summaries: dict[int, AccessSummary], ids: list[int], place: Place, day: date
) -> dict[int, rules.LatestBook]:
    """Their books usable here today with tickets left (the one expiring first first), in
    one query that also reads each person's book expiring last (what a refusal names)."""
    here = Q(place_id=place.pk) | Q(network_id=place.network_id)
    last = (
        TicketBook.objects.filter(here, person_id=OuterRef("person_id"))
        .order_by("-expires_on", "-pk")
        .values("pk")[:1]
    )
    usable = Q(expires_on__gte=day, purchased_on__lte=day)
    books = (
        TicketBook.objects.filter(here, person_id__in=ids)
        .filter(usable | Q(pk=Subquery(last)))
        .with_balance()
        .annotate(is_last=ExpressionWrapper(Q(pk=Subquery(last)), output_field=BooleanField()))
        .select_related("plan")
        .order_by("expires_on", "pk")
    )
    latest: dict[int, rules.LatestBook] = {}
    for book in books:
        balance = book.balance  # type: ignore[attr-defined]
        if book.is_last:  # type: ignore[attr-defined]
            latest[book.person_id] = rules.LatestBook(book.expires_on, balance)
        if book.purchased_on <= day <= book.expires_on and balance > 0:
            summaries[book.person_id].books.append(book)
            summaries[book.person_id].tickets_left += balance
    return latest


def _attach_subscriptions(
    summaries: dict[int, AccessSummary], ids: list[int], place: Place, day: date
) -> None:
    """Their own subscriptions and their structures', in one query: a structure's
    subscription comes once per member among `ids` (`member_id`)."""
    here = Q(place_id=place.pk) | Q(plan__network_id=place.network_id)
    subscriptions = (
        Subscription.objects.filter(here)
        .filter(Q(person_id__in=ids) | Q(organization__affiliations__person_id__in=ids))
        .annotate(member_id=F("organization__affiliations__person_id"))
        .covering(day)
        .select_related("plan", "organization")
        .order_by("pk")
    )
    for subscription in subscriptions:
        holder = subscription.person_id or subscription.member_id  # type: ignore[attr-defined]
        if holder in summaries and subscription not in summaries[holder].subscriptions:
            summaries[holder].subscriptions.append(subscription)


# How far down the matches (best first) the desk looks for people tied to it: most people
# typed at a desk are tied to it, so they come among the first; beyond, type more. It bounds
# the work of a common name (an index probe per kind of tie and candidate), and keeps the
# query's estimated cost under PostgreSQL's default JIT threshold (JIT would add ~200 ms).
KIOSK_CANDIDATES = 400


def kiosk_search(*, place: Place, query: str, viewer: Viewer) -> list[AccessSummary]:
    """People matching a name or email typed at the desk, with what lets them in today.

    Names and parts of emails find only the people whose private data the concierge sees
    (tied to a place they serve, community.permissions); anyone else is found by their
    whole email, which they give at the desk themselves (or by the card they scan,
    `kiosk_scan`). Folded words (core.search): "eloise" finds "Éloïse". The best matches
    first (the whole email, then names that start with what was typed), then name order.

    One query whatever the number of people: the first `KIOSK_CANDIDATES` matches (read from
    the trigram index, or from the name index for short words), then among them those the
    concierge may see, each an index probe per kind of tie (filtering every person by their
    ties would let PostgreSQL hash every tie of the places), with what the row shows."""
    words = words_of(query, limit=4)
    if not words:
        return []
    email = query.strip().lower()
    whole_email = Q(email=email) if "@" in email else None
    matching = community_selectors.people_matching(words, with_email=True)
    if whole_email is not None:
        matching |= whole_email
    people = Person.objects.filter(matching, is_active=True)
    condition = permissions.private_data_condition(viewer, per_row=True)
    if condition is not None:
        candidates = community_selectors.order_matches(people, words, first=whole_email)
        allowed = condition | whole_email if whole_email is not None else condition
        people = Person.objects.filter(allowed, pk__in=candidates.values("pk")[:KIOSK_CANDIDATES])
    people = community_selectors.order_matches(people, words, first=whole_email)
    people = people.annotate(**_here_today(place, today_at(place)))
    return access_summaries(people=list(people[:KIOSK_RESULTS]), place=place)


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


def visits_per_month_of_person(
    *, person: Person, months: int = 12, today: date | None = None
) -> list[tuple[date, int]]:
    """A person's visits per month over the last `months` months (this one included), every
    month listed even without a visit: one aggregated query."""
    first = (today or timezone.localdate()).replace(day=1) - relativedelta(months=months - 1)
    counted = dict(
        Visit.objects.filter(person_id=person.pk, day__gte=first)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "n")
    )
    return [
        (month, counted.get(month, 0))
        for month in (first + relativedelta(months=i) for i in range(months))
    ]


def visits_per_day_of_places(
    *, place_ids: Collection[int], days: int = 14, today: date | None = None
) -> dict[int, list[tuple[date, int]]]:
    """Visits per local day (`Visit.day`) of each place over the last `days` days, today
    included, every day listed: one aggregated query for all the places."""
    last = today or timezone.localdate()
    first = last - relativedelta(days=days - 1)
    counted: dict[tuple[int, date], int] = {
        (place_id, day): n
        for place_id, day, n in Visit.objects.filter(
            place_id__in=sorted(place_ids), day__gte=first, day__lte=last
        )
        .values("place_id", "day")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("place_id", "day", "n")
    }
    span = [first + relativedelta(days=i) for i in range(days)]
    return {pid: [(day, counted.get((pid, day), 0)) for day in span] for pid in place_ids}
