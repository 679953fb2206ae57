from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from comptoir.community import services
from comptoir.community.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_finds_the_owner_and_notes_the_use(person):
    token, secret = services.api_token_create(person=person, name="x", by=person)
    assert services.api_token_authenticate(secret=secret) == person
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_it_rejects_an_unknown_or_altered_secret(person):
    _token, secret = services.api_token_create(person=person, name="x", by=person)
    assert services.api_token_authenticate(secret=secret + "x") is None
    assert services.api_token_authenticate(secret="") is None


def test_it_rejects_the_stored_hash_used_as_a_secret(person):
    token, _secret = services.api_token_create(person=person, name="x", by=person)
    assert services.api_token_authenticate(secret=token.hashed) is None


def test_it_rejects_a_revoked_token(person):
    token, secret = services.api_token_create(person=person, name="x", by=person)
    services.api_token_revoke(token=token, by=person)
    assert services.api_token_authenticate(secret=secret) is None


def test_it_rejects_a_deactivated_person(person):
    _token, secret = services.api_token_create(person=person, name="x", by=person)
    person.is_active = False
    person.save()
    assert services.api_token_authenticate(secret=secret) is None


def test_it_touches_last_use_at_most_once_a_minute(person):
    token, secret = services.api_token_create(person=person, name="x", by=person)
    recent = timezone.now() - datetime.timedelta(seconds=10)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    services.api_token_authenticate(secret=secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == recent
