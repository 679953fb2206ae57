"""Parcels at the desk: logged for a person (with an optional photo), the addressee told,
handed over (to whom, by whom, when), reminded after `PARCEL_REMINDER_DAYS` and returned to
the sender after `PARCEL_RETURN_DAYS` (the scheduler's daily `parcels_upkeep`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from comptoir.community.models import Person
from comptoir.conciergerie import notifications, selectors
from comptoir.conciergerie.audit import Verb
from comptoir.conciergerie.exceptions import AddresseeMissing, CarrierMissing, ParcelNotWaiting
from comptoir.conciergerie.models import Parcel
from comptoir.conciergerie.permissions import can_run_conciergerie
from comptoir.core import photos
from comptoir.core.exceptions import NotAllowed
from comptoir.core.photos import services as photo_services
from comptoir.core.photos.images import Prepared
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.places.models import Place

PARCEL_REMINDER_DAYS = 3
PARCEL_RETURN_DAYS = 14
PHOTO_KIND = "parcel"


@transaction.atomic
def parcel_log(
    *,
    place: Place,
    addressee: Person | None,
    carrier: str,
    shelf: str = "",
    reference: str = "",
    photo: Prepared | None = None,
    photo_alt: str = "",
    by: Actor | None,
) -> Parcel:
    """A parcel arrived at the desk for a person: logged, its photo kept, the person told."""
    if by is not None and not can_run_conciergerie(by, place.pk):
        raise NotAllowed()
    if addressee is None or not addressee.is_active:
        raise AddresseeMissing(field="addressee")
    carrier = carrier.strip()
    if not carrier:
        raise CarrierMissing(field="carrier")
    parcel = Parcel.objects.create(
        place=place,
        addressee=addressee,
        carrier=carrier[:60],
        shelf=shelf.strip()[:30],
        reference=reference.strip()[:60],
        arrived_at=timezone.now(),
        logged_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if photo is not None:
        target = photos.target(PHOTO_KIND)
        assert target is not None  # registered in ConciergerieConfig.ready()
        alt = photo_alt.strip()[:200] or f"{parcel.carrier} · {addressee.display_name}"
        photo_services.photo_add(target=target, obj=parcel, prepared=photo, alt=alt, by=by)
    audit_record(
        actor=by,
        verb=Verb.PARCEL_LOGGED,
        target=parcel,
        place=place,
        data={"addressee": addressee.pk, "carrier": parcel.carrier},
    )
    notifications.parcel(parcel, "arrived")
    selectors.forget_parcels_waiting(place_id=place.pk)
    return parcel


@transaction.atomic
def parcel_hand_over(*, parcel: Parcel, by: Actor | None, collected_by: str = "") -> Parcel:
    """The parcel leaves the desk: to its addressee, or to whom they sent (named)."""
    locked = (
        Parcel.objects.select_for_update(of=("self",))
        .select_related("addressee", "place")
        .get(pk=parcel.pk)
    )
    if by is not None and not can_run_conciergerie(by, locked.place_id):
        raise NotAllowed()
    if locked.status != Parcel.Status.WAITING:
        raise ParcelNotWaiting(field="parcel")
    locked.status = Parcel.Status.HANDED_OVER
    locked.handed_over_at = timezone.now()
    locked.handed_over_by = by if getattr(by, "is_authenticated", False) else None
    locked.collected_by = collected_by.strip()[:120] or str(locked.addressee.display_name)
    locked.save()
    audit_record(
        actor=by,
        verb=Verb.PARCEL_HANDED_OVER,
        target=locked,
        place=locked.place,
        data={"addressee": locked.addressee_id},
    )
    selectors.forget_parcels_waiting(place_id=locked.place_id)
    parcel.status, parcel.handed_over_at = locked.status, locked.handed_over_at
    parcel.collected_by = locked.collected_by
    return locked


@transaction.atomic
def parcels_upkeep(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Remind the addressees of parcels waiting for `PARCEL_REMINDER_DAYS` (once), return
    to sender those waiting for `PARCEL_RETURN_DAYS`; (reminded, returned). Idempotent."""
    now = now or timezone.now()
    waiting = Parcel.objects.waiting().select_for_update(of=("self",), skip_locked=True)
    returned = 0
    for parcel in waiting.filter(
        arrived_at__lte=now - dt.timedelta(days=PARCEL_RETURN_DAYS)
    ).select_related("addressee", "place"):
        parcel.status, parcel.returned_at = Parcel.Status.RETURNED, now
        parcel.save(update_fields=["status", "returned_at", "updated_at"])
        audit_record(actor=None, verb=Verb.PARCEL_RETURNED, target=parcel, place=parcel.place)
        notifications.parcel(parcel, "returned")
        selectors.forget_parcels_waiting(place_id=parcel.place_id)
        returned += 1
    due = waiting.filter(
        arrived_at__lte=now - dt.timedelta(days=PARCEL_REMINDER_DAYS), reminded_at__isnull=True
    ).select_related("addressee", "place")
    reminded = 0
    for parcel in due:
        parcel.reminded_at = now
        parcel.save(update_fields=["reminded_at", "updated_at"])
        notifications.parcel(parcel, "reminder")
        reminded += 1
    return reminded, returned
