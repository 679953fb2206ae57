"""Private calendar feeds: a secret URL per feed, stored only as its SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from comptoir.bookings.audit import Verb
from comptoir.bookings.models import CalendarFeed
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, person: Person, by: Actor) -> tuple[CalendarFeed, str]:
    """A new feed for the person; returns it with its secret, shown once and never stored."""
    if not permissions.can_edit_person(by, person):
        raise NotAllowed()
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(person=person, secret_hash=hash_secret(secret))
    audit_record(actor=by, verb=Verb.CALENDAR_FEED_CREATED, target=feed)
    return feed, secret


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, by: Actor) -> CalendarFeed:
    """Stop serving the feed (its URL answers 404 from now on); revoking twice is a no-op."""
    if not permissions.can_edit_person(by, feed.person):
        raise NotAllowed()
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=by, verb=Verb.CALENDAR_FEED_REVOKED, target=feed)
    return feed


def calendar_feed_find(secret: str) -> CalendarFeed | None:
    """The live feed with this secret, its person selected; None when unknown or revoked."""
    return (
        CalendarFeed.objects.select_related("person")
        .filter(
            secret_hash=hash_secret(secret),
            revoked_at__isnull=True,
            person__is_active=True,
        )
        .first()
    )
