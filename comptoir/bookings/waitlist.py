"""The waitlist of a taken slot: people join it, and when the slot frees the first of them
is offered it, with a time limit to confirm; while the offer runs, the slot is held for
them. An offer that runs out goes to the next person."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from comptoir.bookings.audit import Verb
from comptoir.bookings.exceptions import (
    AlreadyWaiting,
    OfferOver,
    ResourceFull,
    SlotFree,
    SlotTaken,
)
from comptoir.bookings.models import Booking, Resource, WaitlistEntry
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor

OFFER_HOURS = 2


def held_for_others(
    resource: Resource, start: datetime, end: datetime, *, person_id: int | None
) -> list[Any]:
    """Running offers on this slot for other people, as (start, end) pairs."""
    offers = WaitlistEntry.objects.filter(
        resource=resource,
        status=WaitlistEntry.Status.OFFERED,
        offer_expires_at__gt=timezone.now(),
        start__lt=end,
        end__gt=start,
    )
    if person_id is not None:
        offers = offers.exclude(person_id=person_id)
    return [SimpleNamespace(start=o.start, end=o.end) for o in offers.only("start", "end")]


def waitlist_join(
    *,
    resource: Resource,
    person: Person,
    start: datetime,
    end: datetime,
    by: Actor,
    now: datetime | None = None,
) -> WaitlistEntry:
    """Wait for a taken slot; every other rule must hold, as for a booking."""
    from comptoir.bookings import services

    try:
        services.booking_quote(
            resource=resource, person=person, start=start, end=end, by=by, now=now
        )
    except (SlotTaken, ResourceFull):
        pass
    else:
        raise SlotFree()
    try:
        with transaction.atomic():
            entry = WaitlistEntry.objects.create(
                resource=resource, person=person, start=start, end=end
            )
    except IntegrityError as twice:
        raise AlreadyWaiting() from twice
    audit_record(actor=by, verb=Verb.WAITLIST_JOINED, target=entry, place=resource.place)
    return entry


@transaction.atomic
def waitlist_leave(*, entry: WaitlistEntry, by: Actor) -> WaitlistEntry:
    entry = WaitlistEntry.objects.select_for_update().select_related("resource").get(pk=entry.pk)
    if getattr(by, "pk", None) != entry.person_id and not permissions.is_concierge(
        by, entry.resource.place_id
    ):
        raise NotAllowed()
    was_offered = entry.status == WaitlistEntry.Status.OFFERED
    if entry.status in (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED):
        entry.status = WaitlistEntry.Status.LEFT
        entry.save(update_fields=["status", "updated_at"])
        audit_record(actor=by, verb=Verb.WAITLIST_LEFT, target=entry, place=entry.resource.place)
    if was_offered:
        promote(entry.resource, entry.start, entry.end, now=timezone.now())
    return entry


def _free_for(entry: WaitlistEntry) -> bool:
    from comptoir.bookings import services

    try:
        services._check_capacity(
            entry.resource, entry.start, entry.end, exclude=None, person_id=entry.person_id
        )
    except (SlotTaken, ResourceFull):
        return False
    return True


def promote(resource: Resource, start: datetime, end: datetime, *, now: datetime) -> None:
    """Offer the freed slot to the first person waiting for it (in the caller's transaction;
    the notification leaves after the commit)."""
    waiting = (
        WaitlistEntry.objects.select_for_update()
        .filter(
            resource=resource,
            status=WaitlistEntry.Status.WAITING,
            start__lt=end,
            end__gt=start,
            start__gt=now,
        )
        .select_related("resource__place")
        .order_by("created_at", "pk")
    )
    for entry in waiting:
        if not _free_for(entry):
            continue
        latest = entry.start - timedelta(minutes=resource.book_before_minutes)
        entry.status = WaitlistEntry.Status.OFFERED
        entry.offer_expires_at = min(now + timedelta(hours=OFFER_HOURS), latest)
        entry.save(update_fields=["status", "offer_expires_at", "updated_at"])
        audit_record(actor=None, verb=Verb.WAITLIST_OFFERED, target=entry, place=resource.place)
        from comptoir.bookings.tasks import notify_waitlist_offer

        transaction.on_commit(functools.partial(notify_waitlist_offer.enqueue, entry.pk))
        return


def waitlist_confirm(*, entry: WaitlistEntry, by: Actor, now: datetime | None = None) -> Booking:
    """Take the offered slot before the offer runs out."""
    from comptoir.bookings import services

    now = now or timezone.now()
    with transaction.atomic():
        entry = (
            WaitlistEntry.objects.select_for_update()
            .select_related("resource__place", "person")
            .get(pk=entry.pk)
        )
        if getattr(by, "pk", None) != entry.person_id:
            raise NotAllowed()
        if entry.status != WaitlistEntry.Status.OFFERED or (
            entry.offer_expires_at is not None and entry.offer_expires_at < now
        ):
            raise OfferOver()
        booking = services.booking_create(
            resource=entry.resource,
            person=entry.person,
            start=entry.start,
            end=entry.end,
            by=by,
            now=now,
        )
        entry.status = WaitlistEntry.Status.BOOKED
        entry.booking = booking
        entry.save(update_fields=["status", "booking", "updated_at"])
    return booking


def waitlist_expire(*, now: datetime | None = None) -> int:
    """Offers past their time limit expire and go to the next person (periodic task)."""
    now = now or timezone.now()
    count = 0
    over = WaitlistEntry.objects.filter(
        status=WaitlistEntry.Status.OFFERED, offer_expires_at__lt=now
    ).select_related("resource__place")
    for entry in over:
        with transaction.atomic():
            updated = WaitlistEntry.objects.filter(
                pk=entry.pk, status=WaitlistEntry.Status.OFFERED
            ).update(status=WaitlistEntry.Status.EXPIRED)
            if updated:
                count += 1
                promote(entry.resource, entry.start, entry.end, now=now)
    return count
