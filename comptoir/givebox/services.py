"""Writes of the Give Box: posting an object (with its photo, without an account),
reserving it for a short while, the concierge's moderation and what left, expiry.

A reservation is one conditional UPDATE (an object still available and not held): the
database applies it to one row at a time, so of twenty people reserving one object at
once, one changes the row and the others change nothing and are told so. The same holds
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comptoir.core import photos
from comptoir.core.models import AuditEvent
from comptoir.core.photos.images import Prepared
from comptoir.core.photos.services import photo_add, photos_forget
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.givebox.audit import Verb
from comptoir.givebox.exceptions import (
    ContactRequired,
    GiftInvalid,
    GiftStateInvalid,
    GiftUnavailable,
)
from comptoir.givebox.models import EXPIRY_DAYS, RESERVATION_HOURS, Gift
from comptoir.places.models import Place

PHOTO_KIND = "gift"


@transaction.atomic
def gift_post(
    *,
    place: Place,
    title: str,
    category: str,
    where: str,
    by: Actor | None,
    description: str = "",
    contact: str = "",
    giver_name: str = "",
    photo: Prepared | None = None,
    photo_alt: str = "",
) -> Gift:
    """Give an object away at `place`; with its photo, stored in the same transaction."""
    title, contact = " ".join(title.split()), contact.strip()
    if not title or category not in Gift.Category.values or where not in Gift.Where.values:
        raise GiftInvalid(field="title" if not title else "category")
    if where == Gift.Where.COLLECT and not contact:
        raise ContactRequired(field="contact")
    gift = Gift.objects.create(
        place=place,
        title=title[:120],
        description=description.strip()[:1000],
        category=category,
        where=where,
        contact=contact[:200],
        giver_name=giver_name.strip()[:80],
        expires_at=timezone.now() + dt.timedelta(days=EXPIRY_DAYS),
        posted_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if photo is not None:
        target = photos.target(PHOTO_KIND)
        assert target is not None  # registered in GiveboxConfig.ready()
        photo_add(target=target, obj=gift, prepared=photo, alt=photo_alt or title, by=by)
    audit_record(
        actor=by if getattr(by, "is_authenticated", False) else None,
        verb=Verb.POSTED,
        target=gift,
        place=place,
        data={"category": category, "where": where},
    )
    return gift


@transaction.atomic
def gift_reserve(
    *, gift: Gift, name: str, by: Actor | None, now: dt.datetime | None = None
) -> Gift:
    """Hold the object for `RESERVATION_HOURS` hours for `name`: one holder at a time."""
    now = now or timezone.now()
    name = " ".join(name.split())[:80]
    if not name:
        raise GiftInvalid(field="name")
    free = Q(reserved_until__isnull=True) | Q(reserved_until__lte=now)
    until = now + dt.timedelta(hours=RESERVATION_HOURS)
    changed = Gift.objects.filter(
        free, pk=gift.pk, status=Gift.Status.AVAILABLE, expires_at__gt=now
    ).update(reserved_until=until, reserved_by=name, updated_at=now)
    if not changed:
        raise GiftUnavailable()
    gift.refresh_from_db()
    audit_record(
        actor=by if getattr(by, "is_authenticated", False) else None,
        verb=Verb.RESERVED,
        target=gift,
        place=gift.place,
    )
    return gift


def _move(gift: Gift, status: str, verb: Verb, by: Actor, **fields: object) -> Gift:
    locked = Gift.objects.select_for_update().select_related("place").get(pk=gift.pk)
    if not locked.can_become(status):
        raise GiftStateInvalid()
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "updated_at", *fields])
    audit_record(actor=by, verb=verb, target=locked, place=locked.place)
    return locked


@transaction.atomic
def gift_mark_taken(*, gift: Gift, by: Actor) -> Gift:
    """The object left the box (or was collected)."""
    return _move(gift, Gift.Status.TAKEN, Verb.TAKEN, by, taken_at=timezone.now())


@transaction.atomic
def gift_hide(*, gift: Gift, by: Actor) -> Gift:
    return _move(gift, Gift.Status.HIDDEN, Verb.HIDDEN, by)


@transaction.atomic
def gift_show(*, gift: Gift, by: Actor) -> Gift:
    return _move(gift, Gift.Status.AVAILABLE, Verb.SHOWN, by)


@transaction.atomic
def gift_remove(*, gift: Gift, by: Actor) -> Gift:
    """Moderation: the object goes from the page for good (its photo too)."""
    removed = _move(gift, Gift.Status.REMOVED, Verb.REMOVED, by)
    photos_forget(kind=PHOTO_KIND, object_id=removed.pk)
    return removed


@transaction.atomic
def gifts_expire(*, now: dt.datetime | None = None) -> int:
    """What nobody took in time leaves the page (daily); returns how many expired."""
    now = now or timezone.now()
    stale = Gift.objects.filter(status=Gift.Status.AVAILABLE, expires_at__lte=now).exclude(
        reserved_until__gt=now
    )
    gifts = list(stale.select_related("place"))
    AuditEvent.objects.bulk_create(
        [
            audit_record(actor=None, verb=Verb.EXPIRED, target=gift, place=gift.place, save=False)
            for gift in gifts
        ]
    )
    return Gift.objects.filter(pk__in=[g.pk for g in gifts]).update(
        status=Gift.Status.EXPIRED, updated_at=now
    )
