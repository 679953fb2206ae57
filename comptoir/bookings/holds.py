"""Holds: a resource taken whole for an event of the agenda. It goes through the same
capacity check and, on PostgreSQL, the same exclusion constraint as members' bookings, so
an event and a booking can never overlap. The agenda decides who may schedule events;
holds skip the members' rules (roles, horizons, prices), and an event may run outside
opening hours (evening talks)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.bookings import rules, services, waitlist
from comptoir.bookings.exceptions import AlreadyCancelled, SlotTaken
from comptoir.bookings.models import Booking, Resource
from comptoir.core.exceptions import InvalidInput
from comptoir.core.types import Actor

LONGEST_HOLD = timedelta(days=3)  # the calendars look this far back for running bookings


class HoldTooLong(InvalidInput):
    code = "event_too_long"
    default_message = _("An event lasts at most three days; split a longer one into a series.")


def _check(start: datetime, end: datetime, now: datetime) -> None:
    rules.check_times(start, end, now)
    if end - start > LONGEST_HOLD:
        raise HoldTooLong(field="end")


def _guarded(write: Any) -> Booking:
    try:
        booking: Booking = write()
        return booking
    except (IntegrityError, OperationalError) as error:
        if not services.overlap_refused(error):
            raise
        raise SlotTaken(field="start") from error


def hold_create(
    *, resource: Resource, start: datetime, end: datetime, by: Actor, title: str,
    now: datetime | None = None,
) -> Booking:  # fmt: skip
    """Take every place of `resource` over [start, end), or say what is in the way."""
    now = now or timezone.now()
    _check(start, end, now)

    @transaction.atomic
    def write() -> Booking:
        services._check_capacity(resource, start, end, None, seats=resource.capacity)
        return Booking.objects.create(
            resource=resource,
            person=by,
            title=title.strip()[:120],
            start=start,
            end=end,
            exclusive=resource.capacity == 1,
            seats=resource.capacity,
        )

    return _guarded(write)


def hold_move(
    *, booking: Booking, start: datetime, end: datetime, now: datetime | None = None
) -> Booking:
    """Move a hold; the slot it leaves is offered to the waitlist."""
    now = now or timezone.now()
    _check(start, end, now)

    @transaction.atomic
    def write() -> Booking:
        held = Booking.objects.select_for_update().select_related("resource").get(pk=booking.pk)
        if held.status == Booking.Status.CANCELLED:
            raise AlreadyCancelled()
        resource = held.resource
        services._check_capacity(resource, start, end, held.pk, seats=held.seats)
        old_start, old_end = held.start, held.end
        held.start, held.end = start, end
        held.save(update_fields=["start", "end", "updated_at"])
        waitlist.promote(resource, old_start, old_end, now=now)
        return held

    return _guarded(write)


def hold_release(*, booking: Booking, now: datetime | None = None) -> None:
    """Give the resource back (the event was cancelled); the waitlist is offered the slot."""
    now = now or timezone.now()
    with transaction.atomic():
        held = Booking.objects.select_for_update().select_related("resource").get(pk=booking.pk)
        if held.status == Booking.Status.CANCELLED:
            return
        held.status = Booking.Status.CANCELLED
        held.cancelled_at = now
        held.save(update_fields=["status", "cancelled_at", "updated_at"])
        waitlist.promote(held.resource, held.start, held.end, now=now)


def space_resource(space_id: int) -> Resource | None:
    """The resource that books a whole space (not one of its machines), if there is one."""
    return (
        Resource.objects.filter(space_id=space_id, equipment__isnull=True, is_active=True)
        .order_by("pk")
        .first()
    )
