from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from comptoir.community import permissions, services
from comptoir.community.models import ApiToken, Role
from comptoir.community.tests.factories import PlaceRoleFactory

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


def test_it_brings_the_roles_of_today_so_permissions_need_no_query(
    person, django_assert_num_queries
):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    concierge = PlaceRoleFactory(person=person, role=Role.CONCIERGE_PERMANENT)
    nomad = PlaceRoleFactory(person=person, role=Role.NOMAD, valid_until=today)
    ended = PlaceRoleFactory(person=person, role=Role.RESIDENT, valid_until=today - day)
    future = PlaceRoleFactory(person=person, role=Role.RESIDENT, valid_from=today + day)
    _token, secret = services.api_token_create(person=person, name="x", by=person)
    services.api_token_authenticate(secret=secret)  # the first use is recorded

    with django_assert_num_queries(1):
        found = services.api_token_authenticate(secret=secret)
    with django_assert_num_queries(0):
        roles = permissions.roles_by_place(found)

    assert found == person
    assert roles == {concierge.place_id: {Role.CONCIERGE_PERMANENT}, nomad.place_id: {Role.NOMAD}}
    assert ended.place_id not in roles and future.place_id not in roles
    assert permissions.is_concierge(found, concierge.place_id)
    assert not permissions.is_concierge(found, nomad.place_id)


def test_a_person_without_roles_is_found_with_none(person):
    _token, secret = services.api_token_create(person=person, name="x", by=person)

    found = services.api_token_authenticate(secret=secret)

    assert found == person and permissions.roles_by_place(found) == {}
    assert found.email == person.email and found.is_active
