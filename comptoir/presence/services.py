"""Check-in and checkout. One transaction per check-in, serialised per person by a row lock,
and guarded by unique constraints (one open visit per person and day, one charge per
half-day in each place or network where what paid is valid), so racing check-ins can
neither consume twice nor let someone in twice."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.access.models import PlaceAccessSettings
from comptoir.access.services import lock_holder, lock_holder_get
from comptoir.community import permissions, ties
from comptoir.community.models import Person
from comptoir.core.chained import save_chained
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place, Space
from comptoir.places.opening_hours import place_open_state
from comptoir.presence import rules
from comptoir.presence.audit import Verb
from comptoir.presence.exceptions import (
    AlreadyCheckedIn,
    MissingOverrideReason,
    NotCheckedIn,
    PlaceClosed,
)
from comptoir.presence.models import Access, CoveredPeriod, Half, Visit


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


def _authorise(person_id: int, place: Place, by: Actor | None, override: bool) -> None:
    if by is None:
        # The system checks people in as they come; letting someone in takes a concierge.
        if override:
            raise NotAllowed()
        return
    self_service = by.pk == person_id
    if (override or not self_service) and not permissions.can_use_kiosk(by, place.pk):
        raise NotAllowed()
    if self_service and not override and not permissions.can_self_check_in(by, place):
        raise NotAllowed(_("Check in at the desk: the concierges will welcome you."))


def visits_to_check(*, person: Person, place: Place, day: date, at: datetime) -> QuerySet[Visit]:
    """The person's open visits, and their visit of `day` here that was already over at
    `at` (the ORM twin of the snapshot's `visits_to_check`)."""
    spent_here = Q(place=place, day=day, checked_in_at__lte=at, checked_out_at__gt=at)
    return Visit.objects.filter(Q(checked_out_at__isnull=True) | spent_here, person=person)


def _close_stale_visits(person: Person, place: Place, day: date, at: datetime) -> None:
    """A visit left open on another day, or in another place today, is closed first.

    One query reads both the open visits and a visit of today here that was already over
    at `at` (a back-dated check-in inside it is that same visit, not a new one)."""
    for visit in visits_to_check(person=person, place=place, day=day, at=at):
        if visit.checked_out_at is not None:
            raise AlreadyCheckedIn()
        if visit.day == day and visit.place_id == place.pk:
            since = local_moment(place, visit.checked_in_at).strftime("%H:%M")
            raise AlreadyCheckedIn(
                _("%(name)s is already checked in here since %(time)s.")
                % {"name": person.get_full_name() or person.email, "time": since}
            )
        if visit.day == day:
            _close(visit, max(at, visit.checked_in_at), automatic=False)
        elif visit.day < day:
            _close(visit, closing_time(visit), automatic=True)


def visit_check_in(
    *,
    place: Place,
    by: Actor | None,
    person: Person | None = None,
    person_id: int | None = None,
    at: datetime | None = None,
    space: Space | None = None,
    override: bool = False,
    override_reason: str = "",
) -> Visit:
    """Check a person in, choosing what pays for this half-day (see presence.rules).

    Give the `person`, or only their `person_id` (the kiosk API): they are then read by the
    statement that takes their row lock, after the rights are checked, so an unknown or
    inactive id is a field error and ids cannot be probed; `visit.person` is that person.
    A concierge may let someone in without a valid access (`override`, implied by a
    reason); the reason is required and audited. The visit carries `tickets_left` (the
    balance of the book used, or None)."""
    if person is not None:
        person_id = person.pk
    if person_id is None:
        raise InvalidInput(_("Say who checks in."), field="person_id")
    try:
        return _check_in(
            person_id=person_id,
            person=person,
            place=place,
            by=by,
            at=at,
            space=space,
            override=override,
            override_reason=override_reason,
        )
    except IntegrityError as race:
        # A unique constraint refused a second open visit or a second charge for the same
        # half-day: only reachable if a writer bypassed the person lock; refuse cleanly.
        raise AlreadyCheckedIn() from race


def _locked(person_id: int, person: Person | None) -> Person:
    """Serialise every check-in (and every ledger write) of this person: the statements
    after this lock see everything committed before."""
    if person is not None:
        lock_holder(person.pk)
        return person
    locked = lock_holder_get(person_id)
    if locked is None:
        raise InvalidInput(_("Unknown person."), field="person_id")
    return locked


@transaction.atomic
def _check_in(
    *,
    person_id: int,
    person: Person | None,
    place: Place,
    by: Actor | None,
    at: datetime | None,
    space: Space | None,
    override: bool,
    override_reason: str,
) -> Visit:
    override_reason = override_reason.strip()
    override = override or bool(override_reason)
    _authorise(person_id, place, by, override)
    if override and not override_reason:
        raise MissingOverrideReason(field="override_reason")
    if space is not None and space.place_id != place.pk:
        raise NotAllowed()
    at = at or timezone.now()
    local = local_moment(place, at)
    day = local.date()
    settings = access_settings(place)
    half = half_of(local, settings.afternoon_starts_at)
    state = place_open_state(place, at)
    if state.is_known and not state.is_open and not override_reason:
        raise PlaceClosed(_("%(place)s is closed now.") % {"place": place.name})
    person = _locked(person_id, person)
    snapshot = rules.snapshot(person=person, place=place, day=day, at=at)
    if snapshot.visits_to_check:
        _close_stale_visits(person, place, day, at)
    covered = snapshot.covered
    if half in covered:
        decision = rules.Decision(access=Access.ALREADY_COVERED, halves=())
    else:
        decision = rules.decide(
            person=person,
            place=place,
            at=at,
            day=day,
            half=half,
            covered=covered,
            settings=settings,
            snapshot=snapshot,
            by=by,
            override_reason=override_reason,
        )
    visit = _create_visit(person, place, space, day, at, by, decision, override_reason)
    _after_check_in(visit, decision)
    return visit


def _create_visit(
    person: Person,
    place: Place,
    space: Space | None,
    day: date,
    at: datetime,
    by: Actor | None,
    decision: rules.Decision,
    override_reason: str,
) -> Visit:
    """The visit, the ticket it uses, the half-days it covers and its audit event, saved
    together (one statement on PostgreSQL: this is the busiest write of a place)."""
    consumption = decision.consumption
    visit = Visit(
        person=person,
        place=place,
        space=space,
        day=day,
        checked_in_at=at,
        access=decision.access,
        subscription=decision.subscription,
        ticket_movement=consumption.movement if consumption else None,
        day_pass_id=decision.day_pass_id,
        override_reason=override_reason[:200],
        checked_in_by=by if getattr(by, "is_authenticated", False) else None,
    )
    place_id, network_id = decision.scope(place)
    covered = [
        CoveredPeriod(
            person=person,
            day=day,
            half=half,
            visit=visit,
            access=decision.access,
            subscription=decision.subscription,
            place_id=place_id,
            network_id=network_id,
        )
        for half in decision.halves
    ]
    rows = [consumption.movement] if consumption else []
    save_chained(
        [*rows, visit, *covered, _audit(visit, decision, by)],
        ignoring=[ties.tie(person.pk, place.pk)],  # the visit ties them to the place
    )
    visit.tickets_left = consumption.balance_after if consumption else None
    return visit


def _audit(visit: Visit, decision: rules.Decision, by: Actor | None) -> AuditEvent:
    verb = Verb.VISIT_OVERRIDE if decision.access == Access.OVERRIDE else Verb.VISIT_CHECKED_IN
    data: dict[str, Any] = {"person": visit.person_id, "access": decision.access}
    if decision.override_reason:
        data["reason"] = decision.override_reason
    if decision.consumption is not None:
        data["book"] = decision.consumption.book.pk
        data["balance"] = decision.consumption.balance_after
    return audit_record(actor=by, verb=verb, target=visit, place=visit.place, data=data, save=False)


def _after_check_in(visit: Visit, decision: rules.Decision) -> None:
    consumption = decision.consumption
    if consumption is not None and consumption.balance_after <= 2:
        from comptoir.access.tasks import notify_book_almost_empty

        book_id = consumption.book.pk
        transaction.on_commit(lambda: notify_book_almost_empty.enqueue(book_id))


def closing_time(visit: Visit) -> datetime:
    """When the place closed after this check-in (its next closing), else the day's end."""
    place = visit.place
    tz = ZoneInfo(place.timezone)
    end_of_day = datetime.combine(visit.day, time(23, 59), tzinfo=tz)
    state = place_open_state(place, visit.checked_in_at)
    if state.is_open and state.next_change is not None:
        return max(min(state.next_change, end_of_day), visit.checked_in_at)
    return max(end_of_day, visit.checked_in_at)


def _close(visit: Visit, at: datetime, *, automatic: bool) -> Visit:
    visit.checked_out_at = at
    visit.auto_checked_out = automatic
    visit.save(update_fields=["checked_out_at", "auto_checked_out"])
    return visit


@transaction.atomic
def visit_check_out(*, visit: Visit, by: Actor, at: datetime | None = None) -> Visit:
    if not (
        getattr(by, "pk", None) == visit.person_id or permissions.can_use_kiosk(by, visit.place_id)
    ):
        raise NotAllowed()
    visit = Visit.objects.select_for_update().select_related("place").get(pk=visit.pk)
    if visit.checked_out_at is not None:
        raise NotCheckedIn()
    _close(visit, max(at or timezone.now(), visit.checked_in_at), automatic=False)
    audit_record(actor=by, verb=Verb.VISIT_CHECKED_OUT, target=visit, place=visit.place)
    return visit


def visits_auto_check_out(*, now: datetime | None = None) -> int:
    """Close the visits whose place has closed since (the periodic task)."""
    now = now or timezone.now()
    count = 0
    for visit in Visit.objects.open().filter(checked_in_at__lt=now).select_related("place"):
        end = closing_time(visit)
        if end <= now:
            with transaction.atomic():
                updated = (
                    Visit.objects.open()
                    .filter(pk=visit.pk)
                    .update(checked_out_at=end, auto_checked_out=True)
                )
            count += updated
    return count


@transaction.atomic
def card_replace(*, person: Person, by: Actor) -> int:
    """A new card for the person (each replaces their own, or a network administrator on
    their behalf): every older card is refused at the desk from now on. Returns the new
    version, also set on `person`."""
    if by.pk != person.pk and not getattr(by, "is_superuser", False):
        raise NotAllowed()
    Person.objects.filter(pk=person.pk).update(card_version=F("card_version") + 1)
    person.refresh_from_db(fields=["card_version"])
    audit_record(
        actor=by, verb=Verb.CARD_REPLACED, target=person, data={"version": person.card_version}
    )
    return person.card_version
