"""Writes of bookings. The slot is taken in one transaction, and the database has the last
word: on PostgreSQL an exclusion constraint refuses an overlap on a capacity-1 resource,
and resources of capacity N are counted under a row lock on the resource."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.bookings import charging, pricing, rules, waitlist
from comptoir.bookings.audit import Verb
from comptoir.bookings.exceptions import (
    AlreadyCancelled,
    AlreadyPaid,
    ResourceFull,
    SlotTaken,
    TooLate,
)
from comptoir.bookings.models import Booking, BookingSeries, Qualification, Resource, Training
from comptoir.community import permissions
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor, Viewer

OVERLAP_CONSTRAINT = "booking_no_overlap"


def overlap_refused(error: DatabaseError) -> bool:
    """The database refused an overlap a concurrent transaction just took: the exclusion
    constraint itself, or a deadlock between two inserts checking it against each other
    (PostgreSQL aborts one of them; that one lost the slot)."""
    text = str(error)
    if isinstance(error, IntegrityError):
        return OVERLAP_CONSTRAINT in text
    return (
        isinstance(error, OperationalError)
        and "deadlock detected" in text
        and ("exclusion constraint" in text)
    )


def _seats(booking: Any) -> int:
    """Places a booking (or a held waitlist offer, always one) takes."""
    return getattr(booking, "seats", 1)


def _busiest(bookings: list[Booking], start: datetime, end: datetime) -> int:
    """The most bookings running at the same instant within [start, end)."""
    events = sorted(
        [(max(b.start, start), _seats(b)) for b in bookings]
        + [(min(b.end, end), -_seats(b)) for b in bookings],
        key=lambda event: (event[0], event[1]),  # an end frees its place before a start
    )
    running = busiest = 0
    for _moment, step in events:
        running += step
        busiest = max(busiest, running)
    return busiest


def _check_capacity(
    resource: Resource,
    start: datetime,
    end: datetime,
    exclude: int | None,
    *,
    person_id: int | None = None,
    lock: bool = True,
    seats: int = 1,
) -> None:
    """Refuse when the slot is taken, counting the places held for someone else offered it
    from the waitlist. `lock` (inside a transaction) serialises capacity-N resources."""
    overlapping = Booking.objects.confirmed().filter(resource=resource).overlapping(start, end)
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    held = waitlist.held_for_others(resource, start, end, person_id=person_id)
    if resource.capacity == 1:
        # A clear message in the common case; the exclusion constraint settles the races.
        if held or overlapping.exists():
            raise SlotTaken(field="start")
        return
    if lock:
        # Capacity N: lock the resource so that concurrent bookings are counted in turn.
        Resource.objects.select_for_update().filter(pk=resource.pk).values_list("pk").first()
    taken = list(overlapping.only("start", "end", "seats")) + held
    if _busiest(taken, start, end) + seats > resource.capacity:
        raise ResourceFull(field="start")


def _authorise(person: Person, resource: Resource, by: Actor | None) -> None:
    """People book for themselves; concierges of the place may book for anyone."""
    if (
        by is not None
        and by.pk != person.pk
        and not permissions.is_concierge(by, resource.place_id)
    ):
        raise NotAllowed()


def booking_create(
    *,
    resource: Resource,
    person: Person,
    start: datetime,
    end: datetime,
    by: Actor | None,
    organization: Organization | None = None,
    title: str = "",
    now: datetime | None = None,
    series: BookingSeries | None = None,
) -> Booking:
    """Book a slot after every rule passed; raises a DomainError saying what to change."""
    try:
        return _create(
            resource=resource,
            person=person,
            start=start,
            end=end,
            by=by,
            organization=organization,
            title=title,
            now=now or timezone.now(),
            series=series,
        )
    except (IntegrityError, OperationalError) as error:
        if not overlap_refused(error):
            raise
        # The exclusion constraint refused an overlap that a concurrent booking just took.
        raise SlotTaken(field="start") from error


@transaction.atomic
def _create(
    *,
    resource: Resource,
    person: Person,
    start: datetime,
    end: datetime,
    by: Actor | None,
    organization: Organization | None,
    title: str,
    now: datetime,
    series: BookingSeries | None = None,
) -> Booking:
    _authorise(person, resource, by)
    roles, partner = rules.check_all(
        resource=resource, person=person, start=start, end=end, now=now, organization=organization
    )
    _check_capacity(resource, start, end, exclude=None, person_id=person.pk)
    booking = Booking.objects.create(
        resource=resource,
        person=person,
        organization=organization,
        title=title.strip()[:120],
        start=start,
        end=end,
        exclusive=resource.capacity == 1,
        series=series,
    )
    quote = pricing.quote(
        resource=resource, person=person, start=start, end=end, roles=roles, partner=partner
    )
    charging.charge(booking, quote, by=by, now=now)
    audit_record(
        actor=by,
        verb=Verb.BOOKING_CREATED,
        target=booking,
        place=resource.place,
        data={
            "resource": resource.pk,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "price_cents": booking.price_cents,
            "tickets": booking.tickets_used,
            "included_minutes": booking.included_minutes,
        },
    )
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by: Actor, now: datetime | None = None) -> Booking:
    """Cancel until the resource's deadline (concierges may cancel at any time)."""
    now = now or timezone.now()
    booking = (
        Booking.objects.select_for_update().select_related("resource__place").get(pk=booking.pk)
    )
    resource = booking.resource
    concierge = permissions.is_concierge(by, resource.place_id)
    if not concierge and getattr(by, "pk", None) != booking.person_id:
        raise NotAllowed()
    if booking.status == Booking.Status.CANCELLED:
        raise AlreadyCancelled()
    _check_deadline(booking, now, concierge)
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    charging.refund(booking)
    waitlist.promote(resource, booking.start, booking.end, now=now)
    audit_record(actor=by, verb=Verb.BOOKING_CANCELLED, target=booking, place=resource.place)
    return booking


def can_grant(by: Viewer, training: Training) -> bool:
    """Concierges of the training's place, and people qualified to train others on it."""
    if permissions.is_concierge(by, training.place_id):
        return True
    if not by.is_authenticated:
        return False
    return (
        Qualification.objects.filter(person_id=by.pk, training=training, can_train=True)
        .exclude(expires_on__lt=timezone.localdate())
        .exists()
    )


@transaction.atomic
def qualification_grant(
    *,
    person: Person,
    training: Training,
    by: Actor,
    granted_on: date | None = None,
    can_train: bool = False,
) -> Qualification:
    """Record that a person followed a training (again: the date and expiry are renewed)."""
    if not can_grant(by, training):
        raise NotAllowed()
    concierge = permissions.is_concierge(by, training.place_id)
    if can_train and not concierge:
        raise NotAllowed(_("Only a concierge may let someone train others."))
    granted_on = granted_on or timezone.localdate()
    if granted_on > timezone.localdate():
        raise InvalidInput(_("A training cannot be granted in the future."), field="granted_on")
    expires_on = None
    if training.validity_months:
        expires_on = granted_on + relativedelta(months=training.validity_months)
    defaults: dict[str, Any] = {
        "granted_on": granted_on,
        "expires_on": expires_on,
        "granted_by": by if getattr(by, "is_authenticated", False) else None,
    }
    if concierge:
        # Only a concierge gives or takes back the right to train; a trainer renewing a
        # colleague's training leaves it as it was (a new qualification starts without it).
        defaults["can_train"] = can_train
    qualification, _created = Qualification.objects.update_or_create(
        person=person, training=training, defaults=defaults
    )
    audit_record(
        actor=by,
        verb=Verb.QUALIFICATION_GRANTED,
        target=qualification,
        place=training.place,
        data={"person": person.pk, "training": training.pk},
    )
    return qualification


def booking_quote(
    *,
    resource: Resource,
    person: Person,
    start: datetime,
    end: datetime,
    by: Actor | None,
    organization: Organization | None = None,
    now: datetime | None = None,
    moving: Booking | None = None,
) -> pricing.Quote:
    """What booking this slot would cost and consume, after every rule (nothing written):
    the confirmation step shows it before `booking_create`. For a booking being `moving`,
    its own time and included hours do not count against the new slot."""
    now = now or timezone.now()
    _authorise(person, resource, by)
    roles, partner = rules.check_all(
        resource=resource, person=person, start=start, end=end, now=now, organization=organization
    )
    exclude = moving.pk if moving is not None else None
    _check_capacity(resource, start, end, exclude=exclude, person_id=person.pk, lock=False)
    return pricing.quote(
        resource=resource,
        person=person,
        start=start,
        end=end,
        roles=roles,
        partner=partner,
        exclude=exclude,
    )


def booking_move(
    *, booking: Booking, start: datetime, end: datetime, by: Actor, now: datetime | None = None
) -> Booking:
    """Move a booking until its cancellation deadline: the old charge is given back and the
    new slot charged, in one transaction."""
    try:
        return _move(booking=booking, start=start, end=end, by=by, now=now or timezone.now())
    except (IntegrityError, OperationalError) as error:
        if not overlap_refused(error):
            raise
        raise SlotTaken(field="start") from error


@transaction.atomic
def _move(*, booking: Booking, start: datetime, end: datetime, by: Actor, now: datetime) -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("resource__place", "person", "organization", "order_line__order")
        .get(pk=booking.pk)
    )
    resource = booking.resource
    concierge = permissions.is_concierge(by, resource.place_id)
    if not concierge and getattr(by, "pk", None) != booking.person_id:
        raise NotAllowed()
    if booking.status == Booking.Status.CANCELLED:
        raise AlreadyCancelled()
    _check_deadline(booking, now, concierge)
    if booking.order_line is not None and booking.order_line.order.status == "paid":
        raise AlreadyPaid()
    roles, partner = rules.check_all(
        resource=resource,
        person=booking.person,
        start=start,
        end=end,
        now=now,
        organization=booking.organization,
    )
    _check_capacity(resource, start, end, exclude=booking.pk, person_id=booking.person_id)
    old_start, old_end = booking.start, booking.end
    charging.refund(booking)
    booking.start, booking.end = start, end
    booking.subscription = booking.ticket_book = booking.order_line = None
    booking.included_minutes = booking.tickets_used = booking.price_cents = 0
    booking.save()
    quote = pricing.quote(
        resource=resource, person=booking.person, start=start, end=end, roles=roles, partner=partner
    )
    charging.charge(booking, quote, by=by, now=now)
    waitlist.promote(resource, old_start, old_end, now=now)
    audit_record(
        actor=by,
        verb=Verb.BOOKING_MOVED,
        target=booking,
        place=resource.place,
        data={"from": old_start.isoformat(), "start": start.isoformat(), "end": end.isoformat()},
    )
    return booking


def _check_deadline(booking: Booking, now: datetime, concierge: bool) -> None:
    minutes = booking.resource.cancel_before_minutes
    if not concierge and now > booking.start - timedelta(minutes=minutes):
        raise TooLate(
            _("Cancel or move at least %(minutes)s minutes before the start.")
            % {"minutes": minutes}
        )
