from __future__ import annotations

import hashlib

import pytest

from comptoir.community import services
from comptoir.community.models import ApiToken
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_returns_the_secret_and_stores_only_its_hash(person):
    token, secret = services.api_token_create(person=person, name="Mon script", by=person)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("cpt_")
    assert len(secret) > 40
    assert stored.hashed == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.prefix == secret[:12]
    assert secret not in {stored.hashed, stored.prefix, stored.name}
    assert stored.is_active
    assert AuditEvent.objects.filter(verb="api_token.created", actor=person).exists()
    assert secret not in str(AuditEvent.objects.get(verb="api_token.created").data)


def test_each_token_has_its_own_secret(person):
    _first, one = services.api_token_create(person=person, name="a", by=person)
    _second, two = services.api_token_create(person=person, name="a", by=person)
    assert one != two


def test_a_blank_name_gets_a_default(person):
    token, _secret = services.api_token_create(person=person, name="   ", by=person)
    assert token.name == "API"


def test_nobody_else_creates_tokens_for_a_person(person):
    with pytest.raises(NotAllowed):
        services.api_token_create(person=person, name="x", by=PersonFactory())
    assert not ApiToken.objects.exists()
