"""calendar_feed_create / calendar_feed_revoke: hashed secrets, permissions, audit."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from comptoir.bookings.feed_services import (
    calendar_feed_create,
    calendar_feed_find,
    calendar_feed_revoke,
)
from comptoir.bookings.models import CalendarFeed
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_feed_stores_only_the_hash_of_its_secret_and_is_audited(person: Any) -> None:
    feed, secret = calendar_feed_create(person=person, by=person)

    assert len(secret) >= 40
    assert feed.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert not CalendarFeed.objects.filter(secret_hash=secret).exists()
    assert calendar_feed_find(secret) == feed
    assert AuditEvent.objects.filter(verb="calendar_feed.created", actor=person).count() == 1


def test_two_feeds_have_different_secrets(person: Any) -> None:
    _first, one = calendar_feed_create(person=person, by=person)
    _second, two = calendar_feed_create(person=person, by=person)

    assert one != two


def test_someone_else_may_neither_create_nor_revoke_a_feed(person: Any) -> None:
    stranger = PersonFactory()
    with pytest.raises(NotAllowed):
        calendar_feed_create(person=person, by=stranger)
    feed, _secret = calendar_feed_create(person=person, by=person)
    with pytest.raises(NotAllowed):
        calendar_feed_revoke(feed=feed, by=stranger)
    assert CalendarFeed.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="calendar_feed.revoked").exists()


def test_a_revoked_feed_is_no_longer_found_and_revoking_twice_is_harmless(person: Any) -> None:
    feed, secret = calendar_feed_create(person=person, by=person)

    calendar_feed_revoke(feed=feed, by=person)
    calendar_feed_revoke(feed=feed, by=person)

    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert calendar_feed_find(secret) is None
    assert AuditEvent.objects.filter(verb="calendar_feed.revoked").count() == 1


def test_an_inactive_person_s_feed_is_not_found(person: Any) -> None:
    _feed, secret = calendar_feed_create(person=person, by=person)
    person.is_active = False
    person.save(update_fields=["is_active"])

    assert calendar_feed_find(secret) is None
