"""What pays for a half-day, in this order: a subscription (the person's, or their
structure's within its seats), a day pass for today, a ticket (the book that expires first),
the free discovery visit (voyageurs, once per place), a concierge's override. Anyone else is
refused with the reason and the offers they can buy."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.access import services as access
from comptoir.access.models import (
    DayPass,
    PlaceAccessSettings,
    Plan,
    Subscription,
    SubscriptionPeriod,
    TicketBook,
    TicketUnit,
)
from comptoir.access.services import Consumption
from comptoir.community.models import Affiliation, Person, PlaceRole, Role
from comptoir.core.money import format_cents
from comptoir.core.prepared import prepared_cursor
from comptoir.core.types import Actor
from comptoir.places.models import Place
from comptoir.presence.exceptions import CheckInRefused
from comptoir.presence.models import Access, CoveredPeriod, Half, Visit

BOTH = (Half.MORNING, Half.AFTERNOON)
SELLABLE = (Plan.Kind.TICKET_BOOK, Plan.Kind.DAY_PASS, Plan.Kind.SUBSCRIPTION)


@dataclass(frozen=True)
class Decision:
    access: str
    halves: tuple[str, ...]
    subscription: Subscription | None = None
    day_pass_id: int | None = None
    consumption: Consumption | None = None
    override_reason: str = ""
    notes: list[str] = field(default_factory=list)
    # What paid is valid across the place's network (a network book or subscription): the
    # half-days it covers are covered in every place of the network, else only here.
    network_wide: bool = False

    def scope(self, place: Place) -> tuple[int | None, int | None]:
        """The (place id, network id) of the half-days this decision covers."""
        return (None, place.network_id) if self.network_wide else (place.pk, None)


@dataclass(frozen=True)
class Snapshot:
    """What the rules read first, in one statement: the half-days already covered today
    here (by what paid for them here or across the place's network), whether a
    subscription may cover the day, today's day pass here, whether there are visits to look
    at (open ones, or one here that was already over at that time), and the book a ticket
    would come from (with its network, when valid across one)."""

    covered: set[str]
    subscribed: bool
    day_pass_id: int | None
    visits_to_check: bool
    book: access.UsableBook | None = None


@functools.cache
def _snapshot_sql() -> str:
    """The snapshot as one plain SQL statement (standard SQL, PostgreSQL and SQLite).

    It runs on every check-in: written once rather than compiled by the ORM each time,
    which costs more than the statement itself."""
    t = {
        "covered": CoveredPeriod._meta.db_table,
        "sub": Subscription._meta.db_table,
        "period": SubscriptionPeriod._meta.db_table,
        "plan": Plan._meta.db_table,
        "aff": Affiliation._meta.db_table,
        "pass": DayPass._meta.db_table,
        "visit": Visit._meta.db_table,
    }
    return f"""
        SELECT
          EXISTS (SELECT 1 FROM {t["covered"]} c
                  WHERE c.person_id = %(person)s AND c.day = %(day)s AND c.half = 'am'
                    AND (c.place_id = %(place)s OR c.network_id = %(network)s)),
          EXISTS (SELECT 1 FROM {t["covered"]} c
                  WHERE c.person_id = %(person)s AND c.day = %(day)s AND c.half = 'pm'
                    AND (c.place_id = %(place)s OR c.network_id = %(network)s)),
          EXISTS (SELECT 1 FROM {t["sub"]} s
                  JOIN {t["period"]} p ON p.subscription_id = s.id
                  JOIN {t["plan"]} pl ON pl.id = s.plan_id
                  WHERE p.start <= %(day)s AND p."end" >= %(day)s
                    AND (s.place_id = %(place)s OR pl.network_id = %(network)s)
                    AND (s.person_id = %(person)s OR s.organization_id IN (
                         SELECT a.organization_id FROM {t["aff"]} a
                         WHERE a.person_id = %(person)s))),
          (SELECT d.id FROM {t["pass"]} d
           WHERE d.person_id = %(person)s AND d.place_id = %(place)s AND d.valid_on = %(day)s
           ORDER BY d.id LIMIT 1),
          EXISTS (SELECT 1 FROM {t["visit"]} v
                  WHERE v.person_id = %(person)s AND (v.checked_out_at IS NULL OR (
                    v.place_id = %(place)s AND v.day = %(day)s
                    AND v.checked_in_at <= %(at)s AND v.checked_out_at > %(at)s))),
          book.id, book.unit, book."left", book.network_id
        FROM (SELECT 1 AS one) base
        LEFT JOIN ({access.usable_book_sql("b.id, b.unit, b.network_id")}) book ON 1 = 1
    """


def snapshot(*, person: Person, place: Place, day: date, at: datetime) -> Snapshot:
    """Read after the person's row lock (a separate, earlier statement), so it is exact."""
    ops = connection.ops
    params = {
        "person": person.pk,
        "place": place.pk,
        "network": place.network_id,
        "day": ops.adapt_datefield_value(day),
        "at": ops.adapt_datetimefield_value(at),
        "needed": 1,
    }
    with prepared_cursor() as cursor:
        cursor.execute(_snapshot_sql(), params)
        row = cursor.fetchone()
    am, pm, subscribed, pass_id, to_check, book_id, unit, left, book_network_id = row
    halves = {Half.MORNING: am, Half.AFTERNOON: pm}
    return Snapshot(
        covered={str(half) for half, taken in halves.items() if taken},
        subscribed=bool(subscribed),
        day_pass_id=pass_id,
        visits_to_check=bool(to_check),
        book=(
            access.UsableBook(book_id, unit, left, book_network_id) if book_id is not None else None
        ),
    )


def local_moment(place: Place, at: datetime) -> datetime:
    return at.astimezone(ZoneInfo(place.timezone))


def half_of(local: datetime, afternoon_starts_at: time) -> str:
    return Half.MORNING if local.time() < afternoon_starts_at else Half.AFTERNOON


def access_settings(place: Place) -> PlaceAccessSettings:
    """The place's settings; free when the caller loaded the place with
    select_related("access_settings")."""
    try:
        return place.access_settings  # type: ignore[no-any-return]
    except PlaceAccessSettings.DoesNotExist:
        return PlaceAccessSettings(place=place)


def _halves(wanted: tuple[str, ...], covered: set[str]) -> tuple[str, ...]:
    return tuple(h for h in wanted if h not in covered)


def _subscriptions(person: Person, place: Place, day: date) -> list[Subscription]:
    """Subscriptions covering `day` here: the person's own, then their structures'."""
    here = Q(place_id=place.pk) | Q(plan__network_id=place.network_id)
    holder = Q(person_id=person.pk) | Q(organization__affiliations__person_id=person.pk)
    found = (
        Subscription.objects.filter(here, holder)
        .covering(day)
        .select_related("organization", "plan")
        .order_by("pk")
    )
    # The person's own subscription first, then their structures' (which count seats).
    return sorted(found, key=lambda sub: sub.organization_id is not None)


def _seat_free(subscription: Subscription, person: Person, day: date) -> bool:
    """A structure's subscription covers up to `seats` different people a day."""
    # Lock the subscription: people of one structure checking in together are counted in turn.
    Subscription.objects.select_for_update().filter(pk=subscription.pk).first()
    others = (
        CoveredPeriod.objects.filter(subscription=subscription, day=day)
        .exclude(person_id=person.pk)
        .values("person_id")
        .distinct()
        .count()
    )
    return others < subscription.seats


def decide(
    *,
    person: Person,
    place: Place,
    at: datetime,
    day: date,
    half: str,
    covered: set[str],
    settings: PlaceAccessSettings,
    snapshot: Snapshot,
    by: Actor | None,
    override_reason: str,
) -> Decision:
    """Choose what pays for this half-day (inside the check-in transaction). A ticket's
    movement comes back unsaved: the check-in saves it with the visit."""
    full_structures: list[Subscription] = []
    subscriptions = _subscriptions(person, place, day) if snapshot.subscribed else []
    for subscription in subscriptions:
        if subscription.person_id == person.pk or _seat_free(subscription, person, day):
            return Decision(
                Access.SUBSCRIPTION,
                _halves(BOTH, covered),
                subscription=subscription,
                network_wide=subscription.plan.network_id == place.network_id,
            )
        full_structures.append(subscription)
    if full_structures and settings.over_seats == PlaceAccessSettings.OverSeats.REFUSE:
        if override_reason:
            return Decision(Access.OVERRIDE, (half,), override_reason=override_reason)
        sub = full_structures[0]
        raise CheckInRefused(
            _("All %(seats)s seats of %(structure)s's subscription are taken today.")
            % {"seats": sub.seats, "structure": sub.organization}
        )
    if snapshot.day_pass_id is not None:
        return Decision(Access.DAY_PASS, _halves(BOTH, covered), day_pass_id=snapshot.day_pass_id)
    if snapshot.book is not None:
        consumption = access.ticket_take_found(snapshot.book, place=place, at=at, by=by)
        wanted = BOTH if consumption.book.unit == TicketUnit.DAY else (half,)
        return Decision(
            Access.TICKET,
            _halves(wanted, covered),
            consumption=consumption,
            network_wide=snapshot.book.network_id == place.network_id,
        )
    if _discovery_available(person, place):
        return Decision(Access.DISCOVERY, _halves(BOTH, covered))
    if override_reason:
        return Decision(Access.OVERRIDE, (half,), override_reason=override_reason)
    raise CheckInRefused(_refusal_reason(person, place, day), offers=offers_for(place))


def _roles(person: Person, place: Place) -> set[str]:
    return set(
        PlaceRole.objects.current()
        .filter(person_id=person.pk, place_id=place.pk)
        .values_list("role", flat=True)
    )


def discovery_open(*, roles: set[str], offered: bool, used: bool) -> bool:
    """Voyageurs (and newcomers with no role yet) discover a place once, if it offers it.

    The rule alone, on facts read elsewhere: the check-in reads them for one person in its
    transaction, the desk's badge for a page of people at once (`presence.selectors`)."""
    return not (roles - {Role.TRAVELLER}) and offered and not used


def _discovery_available(person: Person, place: Place) -> bool:
    roles = _roles(person, place)
    if roles - {Role.TRAVELLER}:
        return False  # no need to read the rest
    offered = Plan.objects.active().offered_at(place).filter(kind=Plan.Kind.DISCOVERY).exists()
    used = Visit.objects.filter(
        person_id=person.pk, place_id=place.pk, access=Access.DISCOVERY
    ).exists()
    return discovery_open(roles=roles, offered=offered, used=used)


@dataclass(frozen=True)
class LatestBook:
    """The person's book here that expires last, with its balance: what a refusal names."""

    expires_on: date
    balance: int


def refusal_reason(*, latest: LatestBook | None, discovery_on: date | None, day: date) -> str:
    """Why nothing pays, from the latest book here and the day of a past discovery visit."""
    # Expired, with tickets left or not: the daily expiry may have written them off already.
    if latest is not None and latest.expires_on < day:
        return _("The ticket book expired on %(date)s. A new book or a day pass is needed.") % {
            "date": date_format(latest.expires_on, "j F Y")
        }
    if latest is not None and latest.balance <= 0:
        return _("The ticket book is used up. A new book or a day pass is needed.")
    if discovery_on is not None:
        return _("The discovery visit was already used on %(date)s. A day pass is needed.") % {
            "date": date_format(discovery_on, "j F Y")
        }
    return _("No subscription, ticket book or day pass is valid here today.")


def _refusal_reason(person: Person, place: Place, day: date) -> str:
    books = (
        TicketBook.objects.filter(person_id=person.pk)
        .filter(Q(place_id=place.pk) | Q(network_id=place.network_id))
        .with_balance()
        .order_by("-expires_on")
    )
    book = books.first()
    past = Visit.objects.filter(
        person_id=person.pk, place_id=place.pk, access=Access.DISCOVERY
    ).first()
    return refusal_reason(
        latest=LatestBook(book.expires_on, book.balance) if book is not None else None,  # type: ignore[attr-defined]
        discovery_on=past.day if past is not None else None,
        day=day,
    )


@dataclass(frozen=True)
class Foreseen:
    """What a check-in now would take, as the desk's badge says it before anyone clicks:
    `access` is an `Access` value, or "" when nothing pays (then `reason` says why)."""

    access: str
    subscription: Subscription | None = None
    book: TicketBook | None = None
    tickets_left: int = 0
    reason: str = ""


def foresee(
    *,
    covered: bool,
    subscriptions: list[Subscription],
    person_id: int,
    day_pass: bool,
    books: list[TicketBook],
    discovery: bool,
    refusal: str,
) -> Foreseen:
    """`decide`'s order on facts read beforehand: the half-day already paid for, a
    subscription (the person's own first), today's day pass, a ticket from the book that
    expires first (`books` in that order, each with tickets left), the discovery visit.
    A structure's seats are counted only at the check-in (under its lock)."""
    if covered:
        return Foreseen(Access.ALREADY_COVERED)
    if subscriptions:
        own = [s for s in subscriptions if s.person_id == person_id]
        return Foreseen(Access.SUBSCRIPTION, subscription=(own or subscriptions)[0])
    if day_pass:
        return Foreseen(Access.DAY_PASS)
    if books:
        left = sum(getattr(book, "balance", 0) for book in books)
        return Foreseen(Access.TICKET, book=books[0], tickets_left=left)
    if discovery:
        return Foreseen(Access.DISCOVERY)
    return Foreseen("", reason=refusal)


def offers_for(place: Place) -> list[dict]:
    """What can be bought here to come in, for the refusal message and the kiosk."""
    plans = Plan.objects.active().offered_at(place).filter(kind__in=SELLABLE)
    return [
        {
            "id": plan.pk,
            "kind": plan.kind,
            "name": plan.name,
            "price_cents": plan.price_cents,
            "price": format_cents(plan.price_cents),
        }
        for plan in plans
    ]
